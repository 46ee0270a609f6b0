package lint

import (
	"encoding/binary"
	"hash/maphash"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/berth-dev/berth/lint/syntax"
)

// Incremental is what RunIncremental keeps of a run for the next one over
// a later version of the same file: the findings of the stage-local rules
// (Rule.StageLocal), stage by stage, under the text they came from. It is
// immutable once returned and safe to share between goroutines.
//
// A stage's findings are computed again only when the text they depend on
// changed: the text before the first FROM, the stage's own, and that of
// the stages it builds on (its base stage, COPY --from and RUN
// --mount=from sources, and so on). An edit in one stage of a file of
// four hundred re-runs the stage-local rules over that one stage.
type Incremental struct {
	env   incEnv
	units map[unitKey]*unitFindings
	// globals is how many findings the rules that are not stage-local
	// gave: the next run makes room for as many.
	globals int
}

// Split is a rule that is not stage-local cut in two (Rule.Split): what
// it finds in a stage from that stage's text alone, and what only the
// whole file tells of each finding (whether its stage ships, say, or
// which other stages name it). RunIncremental keeps the findings of Stage
// stage by stage, as those of a stage-local rule, and runs Finish over
// them on every run.
type Split struct {
	// Stage reports the findings a stage's text tells, reading only what
	// a stage-local rule may (Rule.StageLocal).
	Stage func(*Pass)
	// Finish reports, given the whole document, whether a finding of
	// Stage stands, and may complete its fixes: d is the caller's copy,
	// not to be kept once Finish returns, whose slices are shared and
	// must be replaced, never modified. It does not change the range,
	// code or message (by which findings are sorted).
	Finish func(doc *Document, d *Diagnostic) bool
}

// Check runs the split rule over a whole document: Stage, each finding
// completed or dropped by Finish. It is the rule's Check.
func (s *Split) Check(p *Pass) {
	report := p.report
	defer func() { p.report = report }()
	p.report = func(d Diagnostic) {
		if s.Finish(p.Doc, &d) {
			report(d)
		}
	}
	s.Stage(p)
}

// finish applies rule r's Finish to d, a finding of its stage-local part
// in the whole document's offsets, when r is split: it returns the
// finding completed, and whether it stands. Finish works on *scratch, one
// copy for the whole run rather than one on the heap for each finding.
func finish(r *Rule, doc *Document, d Diagnostic, internal bool, scratch *Diagnostic) (Diagnostic, bool) {
	if r.Split == nil || internal {
		return d, true
	}
	*scratch = d
	ok := r.Split.Finish(doc, scratch)
	d, *scratch = *scratch, Diagnostic{}
	return d, ok
}

// stagePart returns the rule RunIncremental runs unit by unit for r: r
// itself, or for a split rule a copy whose Check is its stage-local part.
func stagePart(r *Rule) *Rule {
	if r.Split == nil {
		return r
	}
	c := *r
	c.Check = r.Split.Stage
	return &c
}

// incEnv is what, besides the text, the findings of a unit depend on.
// The build context (Document.Context) is not: a stage-local rule reads
// no file outside the Dockerfile (TestStageLocalIgnoresContext), and the
// language server's context changes once its walk is ready, which would
// otherwise make the next edit lint the whole file again.
type incEnv struct {
	path  string
	cfg   *Config
	local LocalImages
	rules []*Rule
}

// same reports whether two environments give the same findings.
func (e *incEnv) same(o *incEnv) (eq bool) {
	defer func() {
		// LocalImages of an uncomparable dynamic type.
		if recover() != nil {
			eq = false
		}
	}()
	return e.path == o.path && (e.cfg == o.cfg || reflect.DeepEqual(e.cfg, o.cfg)) &&
		slices.Equal(e.rules, o.rules) && e.local == o.local
}

// unitFindings are the raw findings (before pragmas and severities) of
// the stage-local rules in one unit, in the unit's own offsets.
type unitFindings struct {
	diags []rawDiag
	// file are diags in the file's offsets when the unit's segments
	// start at origs: the next run reuses them when the unit has not
	// moved.
	file  []Diagnostic
	origs []int
	// partial reports that a rule left work for later while the unit was
	// linted (see Deferred): its findings are not kept for the next run.
	partial bool
}

// inFile returns the unit's findings in the file's offsets, and the
// findings to keep for the next run: f itself when the unit has not moved
// since f was mapped.
func (f *unitFindings) inFile(u *unit) ([]Diagnostic, *unitFindings) {
	if f.file != nil && len(f.origs) == len(u.segs) {
		same := true
		for i, s := range u.segs {
			same = same && f.origs[i] == s.orig
		}
		if same {
			return f.file, f
		}
	}
	g := &unitFindings{diags: f.diags, file: make([]Diagnostic, len(f.diags)), origs: make([]int, len(u.segs)), partial: f.partial}
	for i, rd := range f.diags {
		g.file[i] = u.toFile(rd.d)
	}
	for i, s := range u.segs {
		g.origs[i] = s.orig
	}
	return g.file, g
}

// sort sorts the findings by position, as the run's result is: the
// findings of units in file order then need no sorting.
func (f *unitFindings) sort() {
	slices.SortStableFunc(f.diags, func(a, b rawDiag) int { return compareDiag(&a.d, &b.d) })
}

// rawDiag is a finding as its rule reported it.
type rawDiag struct {
	rule     int // index in the stage-local rules
	internal bool
	d        Diagnostic
}

// unit is the part of a file whose text the findings of one stage (or of
// the header, the text before the first FROM) depend on: the header, the
// stages the stage depends on, and the stage itself, in file order.
type unit struct {
	segs []segment
	// ownSeg is the index in segs of the part whose findings the unit
	// gives: the stage's, the last; or the header, the first, in the
	// header's unit (the header with the first stage: a header alone is
	// no Dockerfile).
	ownSeg int
	// final reports that the unit's own part ends the file: a finding at
	// the end of the file is its.
	final bool
	key   unitKey
}

// segment is a span of the file copied into a unit's text.
type segment struct{ sub, orig, n int }

// own returns the unit's own segment.
func (u *unit) own() segment { return u.segs[u.ownSeg] }

// incrementalMaxMisses is the share of units (in percent) that, when they
// must be computed again, makes a whole run cheaper than running the
// rules unit by unit.
var incrementalMaxMisses = 50

// unitByUnit makes RunIncremental compute every unit on its own, as if
// each had changed (for tests).
var unitByUnit bool

// RunIncremental is Run for a language server: it returns what Run would,
// computing again only the findings of the stages whose text changed
// since prev (the Incremental of an earlier version of the same file, or
// nil), and what to give the next call.
func RunIncremental(doc *Document, rules []*Rule, cfg *Config, prev *Incremental) ([]Diagnostic, *Incremental) {
	env := incEnv{path: doc.Path, cfg: cfg, local: doc.LocalImages}
	var global []*Rule
	for _, r := range rules {
		if r.StageLocal || r.Split != nil {
			env.rules = append(env.rules, r)
		} else {
			global = append(global, r)
		}
	}
	units := splitUnits(doc)
	if units == nil || len(env.rules) == 0 {
		return Run(doc, rules, cfg), nil
	}
	if prev != nil && !prev.env.same(&env) || unitByUnit {
		prev = nil
	}
	misses := 0
	for _, u := range units {
		if prev == nil || prev.units[u.key] == nil {
			misses++
		}
	}
	rn := newRunner(doc, cfg)
	next := &Incremental{env: env, units: make(map[unitKey]*unitFindings, len(units))}
	// local are the rules as the configuration and the pragmas know them,
	// run what RunIncremental runs of them (split rules' stage parts).
	local := env.rules
	run := make([]*Rule, len(local))
	for i, r := range local {
		run[i] = stagePart(r)
	}
	sev := rn.severities(local)
	scratch := new(Diagnostic)
	df := doc.Deferred()
	if misses*100 > len(units)*incrementalMaxMisses && !unitByUnit {
		before := df.added()
		// Most stages changed (or this is the first run): run the rules
		// over the whole file and file their findings by unit.
		byUnit := make([][]rawDiag, len(units))
		runRules(doc, cfg, run, sev, func(i int, d Diagnostic, internal bool) {
			if k := unitAt(units, d.Range.Start, len(doc.File.Src)); k >= 0 {
				if rd, ok := units[k].toUnit(d); ok {
					byUnit[k] = append(byUnit[k], rawDiag{rule: i, internal: internal, d: rd})
				}
			}
			if d, ok := finish(local[i], doc, d, internal, scratch); ok {
				rn.accept(local[i], sev[i], d, internal)
			}
		})
		for k, u := range units {
			if df.added() != before {
				// A rule left work for later (ShellCheck's scripts):
				// which stages miss findings is unknown, so none is
				// kept for the next version.
				break
			}
			f := &unitFindings{diags: byUnit[k]}
			f.sort()
			next.units[u.key] = f
		}
		rn.out = sortDiagnostics(rn.out)
	} else {
		fs := make([]*unitFindings, len(units))
		total := 0
		for k, u := range units {
			var f *unitFindings
			if prev != nil {
				f = prev.units[u.key]
			}
			if f == nil {
				before := df.added()
				f = u.run(doc, run, sev, cfg)
				f.partial = df.added() != before
			}
			fs[k] = f
			total += len(f.diags)
		}
		// Room for the stages' findings and for as many of the other
		// rules' as the last run gave.
		extra := total/4 + 16
		if prev != nil {
			extra = prev.globals + 16
		}
		rn.out = make([]Diagnostic, 0, total+extra)
		for k, u := range units {
			ds, f := fs[k].inFile(u)
			if !f.partial {
				next.units[u.key] = f
			}
			for j, rd := range f.diags {
				if sev[rd.rule] == Off {
					continue
				}
				r := local[rd.rule]
				if d, ok := finish(r, doc, ds[j], rd.internal, scratch); ok {
					rn.accept(r, sev[rd.rule], d, rd.internal)
				}
			}
		}
	}
	// The units' findings are in file order, each unit's sorted: only the
	// whole-file rules' need sorting, then merging in.
	n := len(rn.out)
	gsev := rn.severities(global)
	runRules(doc, cfg, global, gsev, func(i int, d Diagnostic, internal bool) { rn.accept(global[i], gsev[i], d, internal) })
	next.globals = len(rn.out) - n
	return mergeSorted(rn.out[:n], sortDiagnostics(rn.out[n:])), next
}

// mergeSorted merges two lists sorted by compareDiag into a new one.
func mergeSorted(a, b []Diagnostic) []Diagnostic {
	if len(b) == 0 {
		return a
	}
	out := make([]Diagnostic, 0, len(a)+len(b))
	for len(a) > 0 && len(b) > 0 {
		if compareDiag(&b[0], &a[0]) < 0 {
			out, b = append(out, b[0]), b[1:]
		} else {
			out, a = append(out, a[0]), a[1:]
		}
	}
	return append(append(out, a...), b...)
}

// unitAt returns the index of the unit whose own segment holds offset at,
// or -1. The units' own segments follow each other in file order, the
// header's first.
func unitAt(units []*unit, at, size int) int {
	k := sort.Search(len(units), func(k int) bool { o := units[k].own(); return o.orig+o.n > at })
	switch {
	case k < len(units) && at >= units[k].own().orig:
		return k
	case at == size && len(units) > 0 && units[len(units)-1].final:
		return len(units) - 1
	}
	return -1
}

// run runs the stage-local rules over the unit's own text and returns
// the findings in its own segment.
func (u *unit) run(doc *Document, rules []*Rule, sev []Severity, cfg *Config) *unitFindings {
	last := u.segs[len(u.segs)-1]
	src := make([]byte, 0, last.sub+last.n)
	for _, s := range u.segs {
		src = append(src, doc.File.Src[s.orig:s.orig+s.n]...)
	}
	sub := FromFile(doc.Path, syntax.Parse(src))
	sub.Context, sub.LocalImages = doc.Context, doc.LocalImages
	sub.Defer(doc.Deferred()) // a rule that would wait leaves the work for later
	o := u.own()
	f := &unitFindings{}
	runRules(sub, cfg, rules, sev, func(i int, d Diagnostic, internal bool) {
		if d.Range.Start >= o.sub && d.Range.Start < o.sub+o.n || u.final && d.Range.Start == len(src) || internal {
			f.diags = append(f.diags, rawDiag{rule: i, internal: internal, d: d})
		}
	})
	f.sort()
	return f
}

// toFile maps a finding in the unit's offsets to the file's.
func (u *unit) toFile(d Diagnostic) Diagnostic {
	d.Range = syntax.Range{Start: u.fileOffset(d.Range.Start, true), End: u.fileOffset(d.Range.End, d.Range.End == d.Range.Start)}
	d.Fixes = mapFixes(d.Fixes, u.fileOffset)
	return d
}

// toUnit maps a finding in the file's offsets to the unit's, and reports
// false when some of it lies outside the unit.
func (u *unit) toUnit(d Diagnostic) (Diagnostic, bool) {
	ok := true
	conv := func(at int, starts bool) int {
		v, in := u.unitOffset(at, starts)
		ok = ok && in
		return v
	}
	d.Range = syntax.Range{Start: conv(d.Range.Start, true), End: conv(d.Range.End, d.Range.End == d.Range.Start)}
	d.Fixes = mapFixes(d.Fixes, conv)
	return d, ok
}

// mapFixes returns fixes with the Dockerfile's edits mapped by conv (edits
// of other files keep their ranges).
func mapFixes(fixes []Fix, conv func(at int, starts bool) int) []Fix {
	if len(fixes) == 0 {
		return fixes
	}
	out := make([]Fix, len(fixes))
	for i, f := range fixes {
		edits := make([]Edit, len(f.Edits))
		for j, e := range f.Edits {
			if e.Path == "" {
				e.Range = syntax.Range{Start: conv(e.Range.Start, true), End: conv(e.Range.End, e.Range.End == e.Range.Start)}
			}
			edits[j] = e
		}
		f.Edits = edits
		out[i] = f
	}
	return out
}

// fileOffset maps an offset of the unit's text to the file. An offset
// where one segment ends and the next starts is the next one's start
// when starts is set (a range's start, an insertion point), else the
// first one's end.
func (u *unit) fileOffset(at int, starts bool) int {
	for i, s := range u.segs {
		last := i == len(u.segs)-1
		if at < s.sub+s.n || at == s.sub+s.n && (!starts || last) {
			return s.orig + at - s.sub
		}
	}
	o := u.own()
	return o.orig + o.n
}

// unitOffset maps an offset of the file to the unit's text, and reports
// false when no segment holds it.
func (u *unit) unitOffset(at int, starts bool) (int, bool) {
	for i, s := range u.segs {
		last := i == len(u.segs)-1
		if at >= s.orig && (at < s.orig+s.n || at == s.orig+s.n && (!starts || last)) {
			return s.sub + at - s.orig, true
		}
	}
	return 0, false
}

// incrementalMaxFile is the size above which a file is linted whole: what
// RunIncremental keeps between versions is then not worth its memory.
const incrementalMaxFile = 4 << 20

// incrementalMaxText bounds the text of all units together, as a multiple
// of the file's size: a file whose every stage builds on all the earlier
// ones would otherwise cost quadratic time.
const incrementalMaxText = 3

// splitUnits returns the units of doc: the header, then one per stage. It
// returns nil when the file cannot be split: no stage, a stage named by a
// variable, a shell pragma, a file or units too large.
func splitUnits(doc *Document) []*unit {
	if len(doc.Stages) == 0 || len(doc.File.Src) > incrementalMaxFile {
		return nil
	}
	for _, c := range doc.File.Comments {
		if _, ok := parseShellPragma(c.Text); ok {
			// The rules read it, wherever it is (above a FROM, it
			// speaks of the stage below, in the region of the one
			// above): the file is linted whole.
			return nil
		}
	}
	if sourceDateEpochStage(doc) {
		return nil
	}
	src := doc.File.Src
	starts := make([]int, len(doc.Stages)+1)
	for i, st := range doc.Stages {
		// From the start of the FROM's line, indentation included.
		at := st.From.Range.Start
		for at > 0 && (src[at-1] == ' ' || src[at-1] == '\t') {
			at--
		}
		starts[i] = at
	}
	starts[len(doc.Stages)] = len(src)
	deps := make([][]int, len(doc.Stages))
	for i, st := range doc.Stages {
		d, ok := stageDeps(doc, st)
		if !ok {
			return nil
		}
		deps[i] = d
	}
	// A stage's ONBUILD triggers run in the stages built on it, whose
	// names BR030 gives: those stages are its too.
	for _, st := range doc.Stages {
		if b := st.BaseStage; b != nil && hasOnbuild(b) {
			deps[b.Index] = append(deps[b.Index], st.Index)
		}
	}
	cl := &closer{doc: doc, deps: deps, mark: make([]int32, len(doc.Stages))}
	header := segment{sub: 0, orig: 0, n: starts[0]}
	units := []*unit{nil}
	total := 0
	for i := range doc.Stages {
		closure := cl.closure(i)
		u := &unit{segs: []segment{header}, final: i == len(doc.Stages)-1}
		at := header.n
		for _, j := range closure {
			n := starts[j+1] - starts[j]
			u.segs = append(u.segs, segment{sub: at, orig: starts[j], n: n})
			at += n
		}
		total += at
		if total > incrementalMaxText*len(src)+64<<10 {
			return nil
		}
		u.ownSeg = 1 + slices.Index(closure, i)
		units = append(units, u)
	}
	units[0] = &unit{segs: units[1].segs}
	// Each segment is the header or a stage: its text is hashed once,
	// whatever the number of units it is in.
	segKeys := make(map[segment]unitKey, len(doc.Stages)+1)
	for _, u := range units {
		u.key = u.textKey(src, segKeys)
	}
	return units
}

// sourceDateEpochStage reports whether a global SOURCE_DATE_EPOCH may
// name a stage: its value is neither a number nor "context". The file is
// then linted whole. Which stage it names is the first of that name in
// the file, and whether it names one at all only the whole file tells:
// BR031 reports the value in the header when no stage has it, and BR030
// checks the stage it names, which a unit holding another stage of the
// same name would find instead.
func sourceDateEpochStage(doc *Document) bool {
	for _, v := range doc.metaIndex()["SOURCE_DATE_EPOCH"] {
		if v.Pair == nil || !v.Pair.HasValue {
			continue
		}
		if SourceDateEpochNamesStage(Unquote(v.Pair.Value.Value)) {
			return true
		}
	}
	return false
}

// SourceDateEpochNamesStage reports whether BuildKit reads v, the value
// of a global SOURCE_DATE_EPOCH, as the name of the stage to take the
// date from: it is not empty, "context" or a number of seconds.
func SourceDateEpochNamesStage(v string) bool {
	if v == "" || v == "context" {
		return false
	}
	_, err := strconv.ParseInt(v, 10, 64)
	return err != nil
}

// unitKey identifies a unit's text: two hashes of it, with its layout,
// under seeds of their own. Two units with the same key have the same
// findings.
type unitKey [2]uint64

var unitSeeds = [2]maphash.Seed{maphash.MakeSeed(), maphash.MakeSeed()}

// textKey returns the key of the unit's text and layout: the hashes of
// its layout and of its segments' keys, which segKeys keeps by their
// place in the file (sub set to 0; the segments of a file's units are its
// header and stages).
func (u *unit) textKey(src []byte, segKeys map[segment]unitKey) unitKey {
	var buf [8 * 64]byte
	b := buf[:0]
	put := func(v uint64) { b = binary.LittleEndian.AppendUint64(b, v) }
	put(uint64(u.ownSeg))
	if u.final {
		put(1)
	} else {
		put(0)
	}
	for _, s := range u.segs {
		at := segment{orig: s.orig, n: s.n}
		sk, ok := segKeys[at]
		if !ok {
			text := src[s.orig : s.orig+s.n]
			sk = unitKey{maphash.Bytes(unitSeeds[0], text), maphash.Bytes(unitSeeds[1], text)}
			segKeys[at] = sk
		}
		put(uint64(s.n))
		put(sk[0])
		put(sk[1])
	}
	return unitKey{maphash.Bytes(unitSeeds[0], b), maphash.Bytes(unitSeeds[1], b)}
}

// closer computes dependency closures, marking the stages seen with a
// generation number so that no closure allocates a set of its own.
type closer struct {
	doc  *Document
	deps [][]int
	mark []int32
	gen  int32
	todo []int
}

// closure returns stage i, the stages it names (deps[i]), and the base
// stages of those, and theirs, in file order. The stages a named stage
// copies from are not followed: a stage sees what another inherits, not
// what that one copies.
func (c *closer) closure(i int) []int {
	c.gen++
	var out []int
	push := func(k int) {
		if c.mark[k] != c.gen {
			c.mark[k] = c.gen
			out = append(out, k)
			c.todo = append(c.todo, k)
		}
	}
	push(i)
	for _, k := range c.deps[i] {
		if k >= 0 {
			push(k)
			continue
		}
		for j := range -k - 1 {
			push(j)
		}
	}
	for len(c.todo) > 0 {
		j := c.todo[len(c.todo)-1]
		c.todo = c.todo[:len(c.todo)-1]
		if b := c.doc.Stages[j].BaseStage; b != nil {
			push(b.Index)
		}
	}
	slices.Sort(out)
	return out
}

// hasOnbuild reports whether a stage holds an ONBUILD instruction.
func hasOnbuild(st *Stage) bool {
	for _, ins := range st.Instructions {
		if ins.Cmd == "onbuild" {
			return true
		}
	}
	return false
}

// stageDeps returns the indexes of the stages st names: its base stage,
// and the sources of its COPY --from and RUN --mount=from, ONBUILD ones
// too (read as UsedStages reads them). A stage named by number brings
// every stage up to it, so that the number names the same stage in the
// unit: -n-1 stands for the n stages from the first. A source that names
// no stage and is no image reference (a misspelt stage name) brings every
// earlier stage, of which a rule may suggest one (DL3022). It reports
// false when a name holds a variable, or a flag a quote or an escape.
func stageDeps(doc *Document, st *Stage) ([]int, bool) {
	var out []int
	name := func(ref string) bool {
		if maybeNumber(ref) {
			if n, err := strconv.Atoi(ref); err == nil {
				out = append(out, -min(n+1, len(doc.Stages))-1)
				return true
			}
		}
		var buf [64]byte
		var named []*Stage
		if lower, ok := appendLowerASCII(buf[:0], ref); ok {
			named = doc.byName[string(lower)] // no copy of lower
		} else {
			named = doc.byName[strings.ToLower(ref)]
		}
		for _, s := range named {
			out = append(out, s.Index)
		}
		return len(named) > 0
	}
	if st.BaseStage != nil {
		out = append(out, st.BaseStage.Index)
	}
	if strings.Contains(st.Image.Value, "$") {
		if st.ResolveCut {
			return nil, false
		}
		if !strings.ContainsAny(st.Resolved, "/:@") {
			// A name made of variables the rules may expand otherwise
			// (with the platform's, say): any earlier stage.
			out = append(out, -st.Index-1)
		}
	} else {
		name(st.Resolved)
	}
	esc := doc.File.Escape
	for _, ins := range st.Instructions {
		if ins.Cmd == "onbuild" && ins.Sub != nil {
			// Its trigger's sources are read as a COPY's or RUN's
			// (BR031 checks them against the file's stages).
			ins = ins.Sub
		}
		for _, f := range ins.Flags {
			if strings.ContainsAny(f.Name, "\\`\"'") {
				// A flag whose name BuildKit reads unquoted or
				// unescaped (--from\=0 is --from=0 to it): which
				// stage it names, Flag cannot tell.
				return nil, false
			}
		}
		var refs []string
		switch ins.Cmd {
		case "copy":
			if f := ins.Flag("from"); f != nil {
				v, ok := syntax.Literal(f.Value, esc)
				if !ok {
					return nil, false
				}
				refs = append(refs, v)
			}
		case "run":
			for _, f := range ins.Flags {
				if f.Name == "mount" && strings.Contains(f.Value, "$") {
					return nil, false // mountFroms cannot read it
				}
			}
			refs = mountFroms(ins, esc)
		}
		for _, r := range refs {
			if !name(r) && !strings.ContainsAny(r, ":/@") {
				out = append(out, -st.Index-1)
			}
		}
	}
	return out, true
}

// maybeNumber reports whether s holds only what strconv.Atoi accepts
// (digits and signs): the stage names it fails on are most, and each
// failure allocates its error.
func maybeNumber(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < '0' || c > '9') && c != '+' && c != '-' {
			return false
		}
	}
	return s != ""
}

// appendLowerASCII appends strings.ToLower(s) to buf when s is ASCII and
// fits in buf's capacity, and reports whether it did.
func appendLowerASCII(buf []byte, s string) ([]byte, bool) {
	if len(s) > cap(buf)-len(buf) {
		return buf, false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 {
			return buf, false
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf = append(buf, c)
	}
	return buf, true
}
