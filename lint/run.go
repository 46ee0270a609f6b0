package lint

import (
	"cmp"
	"fmt"
	"maps"
	"runtime/debug"
	"slices"
	"strings"
	"sync/atomic"
)

// InternalErrorCode is the code of the diagnostic that stands for a rule
// that panicked.
const InternalErrorCode = "BR900"

// Run checks doc with the rules that cfg enables and returns the
// diagnostics sorted by position. A rule that panics becomes one
// internal-error diagnostic; the other rules still run.
func Run(doc *Document, rules []*Rule, cfg *Config) []Diagnostic {
	rn := newRunner(doc, cfg)
	sev := rn.severities(rules)
	runRules(doc, cfg, rules, sev, func(i int, d Diagnostic, internal bool) { rn.accept(rules[i], sev[i], d, internal) })
	out := sortDiagnostics(rn.out)
	if cap(out)-len(out) > len(out)/16 {
		// The room append left (up to half the list) would live as long
		// as the findings.
		out = slices.Clone(out)
	}
	return out
}

// runner applies a document's pragmas and the configuration to what its
// rules report, and collects the result.
type runner struct {
	doc *Document
	cfg *Config
	sup *suppressions
	out []Diagnostic
	// here holds the opt-in checks that run only for the instructions
	// whose "# check=experimental=" comment turns them on: their other
	// findings are dropped.
	here map[*Rule]bool
}

func newRunner(doc *Document, cfg *Config) *runner {
	return &runner{doc: doc, cfg: cfg, sup: findSuppressions(doc.File, cfg == nil || !cfg.DisableIgnorePragma)}
}

// severity returns the severity rule r runs at in the document, Off when
// it does not run, given what the configuration alone says of r: its
// severity sev (Config.SeverityOf) and whether it turns r off explicitly
// (Config.disables). It is called for a rule before accept is given its
// findings.
//
// An opt-in BuildKit check (an experimental one in BuildKit) that the
// configuration leaves off runs when "# check=experimental=" names it:
// over the file as a directive, or above an instruction, for that
// instruction only (BuildKit merges that comment into the checks of its
// instruction). The configuration's ignore or "off" wins over both.
func (rn *runner) severity(r *Rule, sev Severity, disabled bool) Severity {
	sup := rn.sup
	on := rn.turnedOn(r, -1)
	if sev == Off && on && !disabled {
		sev = r.Severity
		if !matchAny(r, sup.experimental) {
			if rn.here == nil {
				rn.here = map[*Rule]bool{}
			}
			rn.here[r] = true
		}
	}
	// A check that "experimental=" turned on is never skipped (accept
	// drops the findings a skip covers elsewhere).
	if r.check() == nil || matchAny(r, sup.global) || !on && (sup.checksOff && len(r.Aliases) > 0 || matchAny(r, sup.skipped)) {
		return Off
	}
	return sev
}

// turnedOn reports whether a "# check=experimental=" turns opt-in
// BuildKit check r on for a finding at offset at: over the file, or
// above the finding's instruction; at -1 asks whether it does anywhere.
func (rn *runner) turnedOn(r *Rule, at int) bool {
	if !r.OptIn || len(r.Aliases) == 0 {
		return false
	}
	return matchAny(r, rn.sup.experimental) || rn.sup.experimentalAt(r, rn.doc.File, at)
}

// severities returns the severity each rule runs at in the document (see
// severity).
func (rn *runner) severities(rules []*Rule) []Severity {
	cs := configSeverities(rn.cfg, rules)
	sev := make([]Severity, len(rules))
	for i, r := range rules {
		sev[i] = rn.severity(r, cs.sev[i], cs.disabled[i])
	}
	return sev
}

// configSeverity is what a configuration alone says of a list of rules
// (Config.SeverityOf and Config.disables of each), with a copy of the
// configuration's fields it read.
type configSeverity struct {
	cfg      *Config
	rules    []*Rule
	ignore   []string
	enable   []string
	severity map[string]Severity
	sev      []Severity
	disabled []bool
}

// lastConfigSeverity is the configSeverity of the last run: a CLI run
// lints every file of a folder with one configuration, and matching each
// rule against its names (an ignore list of ten names is 1,300
// comparisons a file) is the same work each time.
var lastConfigSeverity atomic.Pointer[configSeverity]

// configSeverities returns what cfg says of rules, from the last run's
// when cfg and the rules are the same and cfg's names have not changed
// since (all are compared, not trusted).
func configSeverities(cfg *Config, rules []*Rule) *configSeverity {
	if cs := lastConfigSeverity.Load(); cs != nil && cs.cfg == cfg && slices.Equal(cs.rules, rules) && cs.same(cfg) {
		return cs
	}
	cs := &configSeverity{cfg: cfg, rules: slices.Clone(rules), sev: make([]Severity, len(rules)), disabled: make([]bool, len(rules))}
	if cfg != nil {
		cs.ignore, cs.enable, cs.severity = slices.Clone(cfg.Ignore), slices.Clone(cfg.Enable), maps.Clone(cfg.Severity)
	}
	for i, r := range rules {
		cs.sev[i], cs.disabled[i] = cfg.SeverityOf(r), cfg.disables(r)
	}
	lastConfigSeverity.Store(cs)
	return cs
}

// same reports whether cfg's names are those cs was computed with.
func (cs *configSeverity) same(cfg *Config) bool {
	if cfg == nil {
		return true
	}
	return slices.Equal(cs.ignore, cfg.Ignore) && slices.Equal(cs.enable, cfg.Enable) && maps.Equal(cs.severity, cfg.Severity)
}

// accept keeps finding d of rule r, which runs at severity sev, unless a
// pragma or the configuration silences it. An internal error (a rule
// that panicked) is kept as it is.
func (rn *runner) accept(r *Rule, sev Severity, d Diagnostic, internal bool) {
	if internal {
		rn.out = append(rn.out, d)
		return
	}
	cfg, sup := rn.cfg, rn.sup
	on := rn.turnedOn(r, d.Range.Start)
	if rn.here[r] && !on || sup.ignored(r, &d, rn.doc.File, on) {
		return
	}
	if d.Code != r.Code {
		// A code of the rule's own findings (ShellCheck's SC2086):
		// the configuration may name it too.
		if s, ok := cfg.codeSeverity(d.Code); ok {
			if s == Off {
				return
			}
			d.Severity = s
		}
	}
	if d.Severity == Off || d.Code == r.Code {
		d.Severity = sev
	}
	if sup.checkError && len(r.Aliases) > 0 {
		d.Severity = Error
	}
	rn.out = append(rn.out, d)
}

// runRules runs, in order, each rule of rules whose severity in sev is
// not Off over doc, and gives each finding to emit with the rule's index,
// as the rule reported it; a panic of a rule becomes one internal-error
// finding (internal set). The rules share one Pass (a rule must not keep
// it once its Check returns): a Pass and a report function made for each
// rule of each document were 9% of the bytes a corpus run allocated.
func runRules(doc *Document, cfg *Config, rules []*Rule, sev []Severity, emit func(i int, d Diagnostic, internal bool)) {
	pass := &Pass{Doc: doc, Config: cfg}
	src := len(doc.File.Src)
	i := 0
	pass.report = func(d Diagnostic) {
		if d.Range.Start < 0 || d.Range.End > src || d.Range.End < d.Range.Start {
			panic(fmt.Sprintf("rule %s reported range %d-%d outside the file", pass.Rule.Code, d.Range.Start, d.Range.End))
		}
		emit(i, d, false)
	}
	for i = range rules {
		if sev[i] == Off {
			continue
		}
		pass.Rule = rules[i]
		if d, ok := check(rules[i], pass); !ok {
			emit(i, d, true)
		}
	}
}

// sortDiagnostics sorts by compareDiag. It sorts indexes, not the
// large structs, and leaves the common already-sorted case alone.
func sortDiagnostics(ds []Diagnostic) []Diagnostic {
	sorted := true
	for i := 1; i < len(ds) && sorted; i++ {
		sorted = compareDiag(&ds[i-1], &ds[i]) <= 0
	}
	if sorted {
		return ds
	}
	idx := make([]int32, len(ds))
	for i := range idx {
		idx[i] = int32(i)
	}
	slices.SortFunc(idx, func(a, b int32) int { return compareDiag(&ds[a], &ds[b]) })
	out := make([]Diagnostic, len(ds))
	for i, j := range idx {
		out[i] = ds[j]
	}
	return out
}

// compareDiag orders diagnostics by position, then code, then
// message, so that output is the same from run to run.
func compareDiag(a, b *Diagnostic) int {
	if c := cmp.Compare(a.Range.Start, b.Range.Start); c != 0 {
		return c
	}
	if c := strings.Compare(a.Code, b.Code); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Range.End, b.Range.End); c != 0 {
		return c
	}
	return strings.Compare(a.Message, b.Message)
}

// check runs one rule, turning a panic into a diagnostic.
func check(r *Rule, pass *Pass) (d Diagnostic, ok bool) {
	defer func() {
		if p := recover(); p != nil {
			stack := string(debug.Stack())
			if i := strings.Index(stack, "panic("); i >= 0 {
				stack = stack[i:]
			}
			if len(stack) > 2000 {
				stack = stack[:2000]
			}
			d = Diagnostic{
				Code:     InternalErrorCode,
				Severity: Error,
				Message:  fmt.Sprintf("internal error in rule %s: %v (please report this bug)\n%s", r.Code, p, stack),
			}
			ok = false
		}
	}()
	r.check()(pass)
	return Diagnostic{}, true
}

// Failed reports whether any diagnostic reaches the threshold.
func Failed(diags []Diagnostic, threshold Severity) bool {
	if threshold == Off {
		return false
	}
	for _, d := range diags {
		if d.Severity >= threshold {
			return true
		}
	}
	return false
}
