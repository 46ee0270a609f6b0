package rules

import (
	"bytes"
	"errors"
	"fmt"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
	"github.com/moby/buildkit/frontend/dockerfile/shell"
	digest "github.com/opencontainers/go-digest"
	mode "github.com/tonistiigi/dchapes-mode"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/syntax"
	"github.com/berth-dev/berth/rules/internal/buildref"
)

// BR030 reports what BuildKit's Dockerfile frontend refuses while it
// converts the file, before any step runs: a file without a stage, a
// variable expansion it cannot do, an invalid image reference or platform,
// a stop signal it does not know, a bad --mount, --chmod or --from. Each
// check calls the frontend's own functions where they are exported (the
// instruction parser and its Expand methods, the shell lexer, platform
// parsing, the mode parser); image references are parsed by
// syntax.ParseNormalizedNamed, the reference library's grammar and errors
// without its regular expressions compiled at start-up.
var BR030 = &lint.Rule{
	Code:     "BR030",
	Name:     "build-fails",
	Title:    "Fix what stops the build before its first step",
	Severity: lint.Error,
	Fix:      lint.NoFix,
	Check:    checkBR030,
}

func checkBR030(p *lint.Pass) {
	doc := p.Doc
	f := doc.File
	if len(f.Instructions) == 0 {
		if len(f.Errors) > 0 {
			return
		}
		if len(f.Src) == 0 {
			p.Reportf(syntax.Range{}, "the Dockerfile is empty: start it with FROM <image>")
		} else {
			p.Reportf(syntax.Range{Start: 0, End: len(f.Src)}, "the Dockerfile has no instruction, only comments or blank lines: add FROM <image>")
		}
		return
	}
	for _, ins := range f.Instructions {
		if ins.Cmd == "from" {
			break
		}
		if !ins.Parsed() || ins.Err != nil || !syntax.IsInstruction(ins.Cmd) || bfHasError(f, ins) {
			break // BuildKit stops at the parse error first (DL1000)
		}
		if ins.Cmd != "arg" {
			p.Reportf(ins.Keyword.Range, "%s comes before the first FROM: only ARG may precede FROM, move it into a stage", strings.ToUpper(ins.Cmd))
			return
		}
	}
	if len(doc.Stages) == 0 {
		if len(f.Errors) == 0 {
			last := f.Instructions[len(f.Instructions)-1]
			p.Reportf(syntax.Range{Start: f.Instructions[0].Range.Start, End: last.Range.End}, "the Dockerfile has no FROM, so no stage to build: add FROM <image> after the ARG lines")
		}
		return
	}
	c := &bfCheck{p: p, doc: doc, scope: newVarScope(doc)}
	defer c.scope.release()
	c.checkDirective()
	c.metaArgs()
	c.sourceDateEpoch()
	for _, st := range doc.Stages {
		c.from(st)
		for _, ins := range st.Instructions {
			c.instruction(st, ins)
		}
	}
}

// bfHasError reports whether the parser found an error in ins.
func bfHasError(f *syntax.File, ins *syntax.Instruction) bool {
	for _, e := range f.Errors {
		if e.Range.Start < ins.Range.End && ins.Range.Start <= e.Range.Start {
			return true
		}
	}
	return false
}

// bfCheck holds what the checks of one document share.
type bfCheck struct {
	p     *lint.Pass
	doc   *lint.Document
	scope *varScope
	// trigger, when set, is the ONBUILD instruction whose trigger is
	// being checked: reports go to its range, with what runs it.
	trigger *syntax.Instruction
	child   *lint.Stage
	file    *syntax.File
	// latent: check only the ONBUILD triggers that no stage of the file
	// runs (BR031).
	latent bool
	// meta is the environment of the global ARGs, once metaArgs ran.
	meta *lint.Env
	// rec, when set, collects the reports of the instruction being
	// checked, for bfMemo; recBase is its start, recEnd its end, and
	// recBad says a report fell outside it.
	rec             *[]lint.Diagnostic
	recBase, recEnd int
	recBad          bool
	// key is memoKey's buffer.
	key []byte
}

// report reports at r, or at the ONBUILD trigger being checked.
func (c *bfCheck) report(r syntax.Range, format string, args ...any) {
	if format != "%s" {
		for i, a := range args {
			if str, ok := a.(string); ok {
				args[i] = bfShort(str)
			}
		}
	}
	if c.trigger != nil {
		r = c.trigger.Sub.Range
		if c.trigger.Sub.Range.Len() == 0 {
			r = c.trigger.Range
		}
		if c.child != nil {
			format = "ONBUILD trigger, run by stage " + bfStageName(c.child) + ": " + format
		} else {
			format = "ONBUILD trigger, run by every image built on this one, which fails: " + format
		}
	}
	d := lint.Diagnostic{Range: r, Message: fmt.Sprintf(format, args...), Format: format, Args: args}
	if c.rec != nil {
		if r.Start < c.recBase || r.End > c.recEnd || r.Start > r.End {
			c.recBad = true
		} else {
			rd := d
			rd.Range = syntax.Range{Start: r.Start - c.recBase, End: r.End - c.recBase}
			rd.Args = slices.Clone(args)
			*c.rec = append(*c.rec, rd)
		}
	}
	c.p.Report(d) // as Reportf
}

// bfShort cuts a value quoted in a message to 80 bytes (an expansion may
// be 64 KiB).
func bfShort(s string) string {
	if len(s) <= 80 {
		return s
	}
	cut := 80
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// src returns the text at r in the file being checked.
func (c *bfCheck) src(r syntax.Range) string {
	if c.file != nil {
		return string(c.file.Src[r.Start:r.End])
	}
	return c.p.Src(r)
}

func bfStageName(st *lint.Stage) string {
	if st.Name != "" {
		return strconv.Quote(st.Name)
	}
	return strconv.Itoa(st.Index)
}

// checkDirective parses the "# check=" directive with BuildKit's own
// parser: a value it refuses fails the build.
func (c *bfCheck) checkDirective() {
	for _, d := range c.doc.File.Directives {
		if d.Name != "check" {
			continue
		}
		if _, err := linter.ParseLintOptions(d.Value); err != nil {
			c.report(d.ValueRange, "the check directive does not parse (%s): write # check=skip=RULE1,RULE2;error=true;experimental=RULE", bfCause(err).Error())
		}
		return // BuildKit reads the first one
	}
}

// metaArgs expands the defaults of the ARGs before the first FROM in
// order, as BuildKit does before it resolves any stage.
func (c *bfCheck) metaArgs() {
	lex := c.scope.metaLexer()
	n := 6 // the platform arguments below
	for _, ins := range c.doc.MetaArgs {
		n += len(ins.Pairs)
	}
	env := lint.NewEnvCap(n)
	for _, kv := range [...][2]string{
		{"BUILDPLATFORM", "linux/amd64"}, {"BUILDOS", "linux"}, {"BUILDARCH", "amd64"},
		{"TARGETPLATFORM", "linux/amd64"}, {"TARGETOS", "linux"}, {"TARGETARCH", "amd64"},
	} {
		env.Set(kv[0], kv[1])
	}
	for _, ins := range c.doc.MetaArgs {
		cmd, err := ins.Command()
		ac, ok := cmd.(*instructions.ArgCommand)
		if err != nil || !ok {
			continue
		}
		cursor := ins.Rest.Pos
		for _, kp := range ac.Args {
			if kp.Value == nil {
				continue
			}
			res, err := c.doc.Expand(lex, *kp.Value, env)
			if res.Cut {
				return
			}
			r, next := bfWordRange(ins, *kp.Value, cursor)
			cursor = next
			if err != nil {
				c.expandError(ins, r, *kp.Value, err, lex, env)
				return
			}
			env.Set(kp.Key, res.Result)
		}
	}
	c.meta = env
}

// sourceDateEpoch checks a SOURCE_DATE_EPOCH that a global ARG sets to
// the name of a stage of the file: BuildKit reads the date from that
// stage, which must be FROM scratch with ARG lines and exactly one ADD of
// an https:// or git source.
func (c *bfCheck) sourceDateEpoch() {
	st, v := bfSourceDateEpochStage(c.doc, c.meta)
	if st == nil {
		return
	}
	r := st.From.Keyword.Range
	if st.NameToken != nil {
		r = st.NameToken.Range
	}
	problem := ""
	base, err := c.doc.Expand(c.scope.metaLexer(), st.Image.Value, c.meta)
	adds := 0
	switch {
	case err != nil || base.Result != "scratch":
		problem = "it must start FROM scratch"
	default:
		for _, ins := range st.Instructions {
			switch ins.Cmd {
			case "arg":
			case "add":
				adds++
				cmd, err := ins.Command()
				add, ok := cmd.(*instructions.AddCommand)
				if err != nil || !ok {
					return
				}
				if len(add.SourceContents) != 0 || len(add.SourcePaths) != 1 {
					problem = "its ADD must have exactly one source"
				} else if src := add.SourcePaths[0]; !hasDollar(src) && !bfHTTPSource(src) && !bfGitSource(src) {
					problem = fmt.Sprintf("its ADD source %q must be an https:// or git source", src)
				}
			default:
				problem = fmt.Sprintf("it may hold only ARG and one ADD, not %s", strings.ToUpper(ins.Cmd))
			}
			if problem != "" {
				break
			}
		}
		if problem == "" && adds != 1 {
			problem = "it must hold exactly one ADD of an https:// or git source"
		}
	}
	if problem != "" {
		c.report(r, "%s", fmt.Sprintf("SOURCE_DATE_EPOCH=%s takes the date from stage %q, but %s", bfShort(v), bfShort(st.Name), problem))
	}
}

// bfSourceDateEpochStage returns the stage a global SOURCE_DATE_EPOCH
// names, and the value; nil when it is a number, "context", or no stage.
func bfSourceDateEpochStage(doc *lint.Document, meta *lint.Env) (*lint.Stage, string) {
	if meta == nil {
		return nil, ""
	}
	v, ok := meta.Get("SOURCE_DATE_EPOCH")
	if !ok || !lint.SourceDateEpochNamesStage(v) {
		return nil, v
	}
	for _, st := range doc.Stages {
		if strings.EqualFold(st.Name, v) {
			return st, v
		}
	}
	return nil, v
}

// from checks a FROM line as BuildKit resolves it: the base name and the
// platform expanded with the global ARGs, then parsed.
func (c *bfCheck) from(st *lint.Stage) {
	ins := st.From
	if ins.Err != nil || !ins.Parsed() || len(ins.Words()) == 0 {
		return
	}
	if _, _, ok := c.doc.BuilderMetaEnv(); !ok {
		return // a global ARG default that does not expand: reported on the ARG
	}
	key, memo := c.memoKey(ins, 'f')
	var e bfMemoEntry
	ok := false
	if memo {
		e, ok = bfMemo.get(key)
		if ok {
			for _, d := range e.diags {
				d.Range = syntax.Range{Start: d.Range.Start + ins.Range.Start, End: d.Range.End + ins.Range.Start}
				d.Args = slices.Clone(d.Args)
				c.p.Report(d)
			}
		}
	}
	if !ok {
		var diags []lint.Diagnostic
		if memo {
			c.rec, c.recBase, c.recEnd, c.recBad = &diags, ins.Range.Start, ins.Range.End, false
		}
		e = c.fromExpand(st)
		bad := c.recBad
		c.rec, c.recBad = nil, false
		if memo && !bad {
			e.diags = diags
			bfMemo.put(key, e)
		}
	}
	if e.stop {
		return
	}
	word, name := e.word, e.name
	switch {
	case name == "":
		c.report(st.Image.Range, "base image %q expands to an empty name with the ARG defaults: give the ARG a default (ARG NAME=image) or write the image", word)
	case c.doc.StageByName(name, st.Index) != nil && name == strings.ToLower(name):
		// an earlier stage
	case c.doc.StageByName(name, st.Index) != nil:
		c.report(st.Image.Range, "FROM %s names a stage in capitals: the builder looks a base stage up in lowercase, takes %q for an image name, which must be lowercase; write FROM %s", word, name, strings.ToLower(name))
	default:
		if err := e.refErr; err != nil {
			shown := fmt.Sprintf("%q", bfShort(name))
			if name != word {
				shown = fmt.Sprintf("%q (from %q)", bfShort(name), bfShort(word))
			}
			c.report(st.Image.Range, "base image %s is not a valid image reference (%v): write [registry/]name[:tag][@digest] in lowercase, e.g. alpine:3.20", shown, err)
		}
	}
}

// fromExpand expands the FROM line's platform and base name with the
// global ARGs, reporting what does not expand or parse; the entry says
// whether to stop there, else the base name as written and expanded, and
// what parsing it as an image reference gave.
func (c *bfCheck) fromExpand(st *lint.Stage) bfMemoEntry {
	stop := bfMemoEntry{stop: true}
	ins := st.From
	var platform string
	word, ok := ins.FromBase()
	if !ok {
		cmd, err := ins.Command()
		stage, isStage := cmd.(*instructions.Stage)
		if err != nil || !isStage {
			return stop
		}
		word, platform = stage.BaseName, stage.Platform
	}
	lex := c.scope.metaLexer()
	env, _, ok := c.doc.BuilderMetaEnv()
	if !ok {
		return stop
	}
	// BuildKit expands the flag's value after its parser took the quotes
	// off, and skips an empty one.
	if f := st.Platform; f != nil && platform != "" {
		c.platform(ins, f, platform, lex, env)
	}
	res, err := c.doc.Expand(lex, word, env)
	if res.Cut {
		return stop
	}
	if err != nil {
		c.expandError(ins, st.Image.Range, word, err, lex, env)
		return stop
	}
	e := bfMemoEntry{word: word, name: res.Result}
	if e.name != "" {
		_, e.refErr = syntax.ParseNormalizedNamed(e.name)
	}
	return e
}

// platform checks FROM --platform as BuildKit does: expanded with the
// global ARGs, not empty, and parsed as containerd's platforms.Parse does.
func (c *bfCheck) platform(ins *syntax.Instruction, f *syntax.Flag, value string, lex *shell.Lex, env *lint.Env) {
	res, err := c.doc.Expand(lex, value, env)
	if res.Cut {
		return
	}
	if err != nil {
		c.expandError(ins, f.ValueRange, value, err, lex, env)
		return
	}
	if res.Result == "" {
		c.report(f.ValueRange, "--platform=%s expands to an empty platform: write os/arch[/variant] (linux/amd64) or use $BUILDPLATFORM or $TARGETPLATFORM", f.Value)
		return
	}
	if _, err := buildref.ParsePlatform(res.Result); err != nil {
		c.report(f.ValueRange, "--platform value %q is not a platform: write os/arch[/variant], such as linux/amd64 or linux/arm64/v8", res.Result)
	}
}

// instruction checks one instruction of a stage.
func (c *bfCheck) instruction(st *lint.Stage, ins *syntax.Instruction) {
	if ins.Err != nil || !ins.Parsed() || ins.PlainCommand() {
		return // a plain RUN, CMD or ENTRYPOINT: nothing to expand or check
	}
	if ins.Cmd == "onbuild" {
		c.onbuild(st, ins)
		return
	}
	if bfShortcuts && bfOnlyExpands(ins, c.doc.File.Escape) {
		return
	}
	if cp, ok := bfPlainCopyOf(ins, c.doc.File.Escape); bfShortcuts && ok {
		// What the converter would check of it: the stage it copies from,
		// the flags and the sources.
		if cp.from != "" && !c.copyFrom(st, ins, cp.from) {
			return
		}
		c.copyFlags(ins, ins.Cmd == "add", cp.chown, cp.chmod, cp.link, "", cp.srcs)
		return
	}
	key, memo := c.memoKey(ins, 'i')
	if memo {
		if e, ok := bfMemo.get(key); ok {
			if e.from != "" && !c.copyFrom(st, ins, e.from) {
				return
			}
			for _, d := range e.diags {
				d.Range = syntax.Range{Start: d.Range.Start + ins.Range.Start, End: d.Range.End + ins.Range.Start}
				d.Args = slices.Clone(d.Args)
				c.p.Report(d)
			}
			return
		}
	}
	cmd, err := ins.Command()
	if err != nil || cmd == nil {
		if memo {
			bfMemo.put(key, bfMemoEntry{})
		}
		return // DL1000
	}
	from := ""
	if cp, ok := cmd.(*instructions.CopyCommand); ok && cp.From != "" {
		from = cp.From
		if !c.copyFrom(st, ins, cp.From) {
			return
		}
	}
	if !memo {
		c.expandAndCheck(st, ins, cmd)
		return
	}
	var diags []lint.Diagnostic
	c.rec, c.recBase, c.recEnd, c.recBad = &diags, ins.Range.Start, ins.Range.End, false
	c.expandAndCheck(st, ins, cmd)
	bad := c.recBad
	c.rec, c.recBad = nil, false
	if !bad {
		bfMemo.put(key, bfMemoEntry{from: from, diags: diags})
	}
}

// expandAndCheck expands the instruction's words as BuildKit does and
// checks what the converter checks.
func (c *bfCheck) expandAndCheck(st *lint.Stage, ins *syntax.Instruction, cmd any) {
	at := ins
	if c.trigger != nil {
		at = c.trigger // the trigger runs with the environment the stage ends with
	}
	env := newStageEnv(c.scope, st, at)
	lex := c.scope.lexer(0)
	failed, unknown := false, false
	cursor := ins.Rest.Pos
	expander := func(word string) (string, error) {
		res, err := c.doc.Expand(lex, word, env)
		if res.Cut {
			return word, errBFCut
		}
		if bfUnknownVars(c.doc, env, at, word) {
			// A variable the base image may set: its value is unknown, so
			// only what fails whatever the value is reported.
			unknown = true
			if err != nil {
				if _, perr := c.doc.Expand(lex, word, bfPlaceholderEnv{env}); perr == nil {
					return word, errBFCut
				}
			}
		}
		if err != nil {
			r, next := bfWordRange(ins, word, cursor)
			cursor = next
			c.expandError(ins, r, word, err, lex, env)
			failed = true
			return word, err
		}
		_, cursor = bfWordRange(ins, word, cursor)
		return res.Result, nil
	}
	if ex, ok := cmd.(instructions.SupportsSingleWordExpansion); ok {
		if _, isRun := cmd.(*instructions.RunCommand); isRun {
			cursor = 0
		}
		if err := ex.Expand(expander); err != nil {
			if !failed && !errors.Is(err, errBFCut) {
				c.flagError(ins, err)
			}
			return
		}
	}
	if ex, ok := cmd.(instructions.SupportsSingleWordExpansionRaw); ok {
		raw := c.scope.rawLexer()
		err := ex.ExpandRaw(func(word string) (string, error) {
			res, err := c.doc.Expand(raw, word, env)
			if res.Cut {
				return word, errBFCut
			}
			if err != nil {
				r := ins.Range
				for _, h := range ins.Heredocs {
					if h.Content == word {
						r = h.Body
					}
				}
				c.report(r, "%s", "the heredoc body does not expand: "+bfExpandMessage(err)+"; quote the terminator (<<'EOF') to keep $ literal, or fix the variable")
				failed = true
			}
			return res.Result, err
		})
		if err != nil {
			return
		}
	}
	if unknown {
		return
	}
	switch cmd := cmd.(type) {
	case *instructions.ExposeCommand:
		for _, w := range ins.Words() {
			words, cut, err := c.doc.ExpandWords(lex, w.Value, env)
			if err != nil && !cut {
				c.expandError(ins, w.Range, w.Value, err, lex, env)
				return
			}
			if c.trigger == nil || cut || !hasDollar(w.Value) {
				continue // DL3011 checks the ports of the file's EXPOSE lines
			}
			for _, spec := range words {
				if msg := exposePortProblem(spec); msg != "" {
					c.report(w.Range, "%s", fmt.Sprintf("%s (%s expands to %q)", msg, bfShort(w.Value), bfShort(spec)))
					return
				}
			}
		}
	case *instructions.StopSignalCommand:
		c.stopSignal(ins, cmd.Signal, env)
	case *instructions.VolumeCommand:
		for i, v := range cmd.Volumes {
			if v == "" {
				r := ins.Rest.Range
				if ins.JSON && i < len(ins.Elems) {
					r = ins.Elems[i].Range
				} else if i < len(ins.Words()) {
					r = ins.Words()[i].Range
				}
				c.report(r, "VOLUME names an empty path: write the absolute path of the volume (VOLUME /data)")
				return
			}
		}
	case *instructions.RunCommand:
		c.mounts(st, ins, cmd)
	case *instructions.CopyCommand:
		c.copyFlags(ins, false, cmd.Chown, cmd.Chmod, cmd.Link, "", cmd.SourcePaths)
	case *instructions.AddCommand:
		c.copyFlags(ins, true, cmd.Chown, cmd.Chmod, cmd.Link, cmd.Checksum, cmd.SourcePaths)
	}
}

// flagError reports an error that BuildKit's parser raised while it
// expanded the instruction's flags (RUN --mount): on the flag that fails
// when parsed alone.
func (c *bfCheck) flagError(ins *syntax.Instruction, err error) {
	r := ins.Range
	for _, f := range ins.Flags {
		if f.Name != "mount" {
			continue
		}
		if bfMountError(c.src(f.Range)) != nil {
			r = f.ValueRange
			break
		}
	}
	msg := bfCause(err).Error()
	switch {
	case strings.Contains(msg, "one of source, target required"):
		msg = "a secret mount needs id= or target=: write --mount=type=secret,id=NAME"
	case strings.Contains(msg, "must be a key=value pair"):
		msg += ": write --mount=type=TYPE,target=/path"
	default:
		msg = dl1000Message(msg)
		for _, h := range bfMountHints {
			if strings.Contains(msg, h.has) {
				msg += ": " + h.hint
				break
			}
		}
	}
	c.report(r, "%s", msg)
}

// bfMountError parses one --mount flag as written, in a RUN of its own,
// with BuildKit's parser, and returns its error.
func bfMountError(flag string) (err error) {
	defer func() {
		if recover() != nil {
			err = nil
		}
	}()
	res, err := parser.Parse(strings.NewReader("RUN " + flag + " true\n"))
	if err != nil || len(res.AST.Children) != 1 {
		return nil
	}
	cmd, err := instructions.ParseInstructionWithLinter(res.AST.Children[0], linter.New(&linter.Config{}))
	if err != nil {
		return err
	}
	if run, ok := cmd.(*instructions.RunCommand); ok {
		return run.Expand(func(w string) (string, error) { return w, nil })
	}
	return nil
}

// bfCause returns the innermost error: the shell lexer's own message
// without the "failed to process" wrapping.
func bfCause(err error) error {
	for {
		u := errors.Unwrap(err)
		if u == nil {
			return err
		}
		err = u
	}
}

// bfUnknownVars reports whether word uses a variable that neither the
// file nor the builder defines, in a stage built on an image, whose
// environment may define it.
func bfUnknownVars(doc *lint.Document, env *stageEnv, at *syntax.Instruction, word string) bool {
	if !env.external || !hasDollar(word) {
		return false
	}
	for _, ref := range syntax.VarRefs(word, doc.File.Escape) {
		if ref.Name == "PATH" || doc.Lookup(at, ref.Name) != nil {
			continue
		}
		declared := false
		for _, b := range env.bases {
			for _, ins := range b.Instructions {
				if ins.Cmd != "arg" && ins.Cmd != "env" {
					continue
				}
				for _, kv := range ins.Pairs {
					declared = declared || kv.Key.Value == ref.Name
				}
			}
		}
		if !declared {
			return true
		}
	}
	return false
}

// bfPlaceholderEnv gives every variable env does not define a value, to
// tell an expansion that fails whatever the values from one that fails on
// an unset variable (${VAR:?message}).
type bfPlaceholderEnv struct{ env *stageEnv }

func (e bfPlaceholderEnv) Get(k string) (string, bool) {
	if v, ok := e.env.Get(k); ok && v != "" {
		return v, true
	}
	return "x", true
}

func (e bfPlaceholderEnv) Keys() []string { return e.env.Keys() }

// errBFCut stops an expansion that reached berth's bounds: nothing is
// reported then.
var errBFCut = errors.New("expansion cut")

// bfWordRange finds word in the instruction's logical text at or after
// from and returns its source range and the offset after it; the range of
// the arguments when it is not found (BuildKit has unquoted it).
func bfWordRange(ins *syntax.Instruction, word string, from int) (syntax.Range, int) {
	if word != "" && from <= len(ins.Logical) {
		if i := strings.Index(ins.Logical[from:], word); i >= 0 {
			s := from + i
			return ins.SrcRange(s, s+len(word)), s + len(word)
		}
		if i := strings.Index(ins.Logical, word); i >= 0 {
			return ins.SrcRange(i, i+len(word)), from
		}
	}
	if ins.Rest.Range.Len() > 0 {
		return ins.Rest.Range, from
	}
	return ins.Range, from
}

// expandError reports a word that the shell lexer refuses, narrowed to
// the variable reference at fault when there is one.
func (c *bfCheck) expandError(ins *syntax.Instruction, r syntax.Range, word string, err error, lex *shell.Lex, env shell.EnvGetter) {
	src := c.src(r)
	for _, ref := range syntax.VarRefs(src, c.doc.File.Escape) {
		part := src[ref.Start:ref.End]
		if _, perr := c.doc.Expand(lex, part, env); perr != nil {
			c.report(syntax.Range{Start: r.Start + ref.Start, End: r.Start + ref.End}, "%s", bfExpandMessageRef(part, ref.Name, perr))
			return
		}
	}
	c.report(r, "%s", fmt.Sprintf("%q does not expand: %s", bfShort(word), bfExpandMessage(err)))
}

// bfExpandMessage says what the shell lexer's error means and what to
// write instead.
func bfExpandMessage(err error) string {
	msg := bfCause(err).Error()
	switch {
	case strings.Contains(msg, "matching double-quote"):
		return `a double quote is not closed: close it with " or escape it as \"`
	case strings.Contains(msg, "matching single-quote"):
		return `a single quote is not closed: close it with ' or escape it`
	case strings.Contains(msg, "bad substitution"):
		return "${} names no variable: write ${NAME}"
	case strings.Contains(msg, "unsupported modifier"):
		return msg + ": the builder supports ${VAR}, ${VAR:-default}, ${VAR:+alt}, ${VAR:?message}, ${VAR#prefix}, ${VAR%suffix} and ${VAR/old/new} (and the forms without :), not ${#VAR}, ${!VAR} or substrings"
	}
	return msg
}

// bfMountHints say what to write for the mount option errors of
// BuildKit's parser.
var bfMountHints = []struct{ has, hint string }{
	{"unsupported mount type", "use type=bind, cache, tmpfs, secret or ssh"},
	{"unsupported sharing value", "use sharing=shared, private or locked"},
	{" for uid", "write a numeric uid"},
	{" for gid", "write a numeric gid"},
	{" for mode", "write an octal mode such as 0755"},
	{"for size", "write a size such as 64m or 1g"},
	{"invalid value for", "write true or false"},
	{"unexpected key", "the keys are type, source (src), target (dst, destination), from, readonly (ro), rw, id, sharing, mode, uid, gid, size, required, env"},
}

// bfExpandMessageRef explains the failure of one variable reference.
func bfExpandMessageRef(part, name string, err error) string {
	msg := bfCause(err).Error()
	part = bfShort(part)
	switch {
	case strings.Contains(msg, "unsupported modifier (\uFFFD)") || strings.Contains(msg, "missing '}'"):
		return fmt.Sprintf("%q is not closed: end it with }", part)
	case strings.Contains(msg, "unsupported modifier"):
		m := msg[strings.Index(msg, "(")+1:]
		if i := strings.Index(m, ")"); i >= 0 {
			m = m[:i]
		}
		return fmt.Sprintf("the builder does not support the modifier %q in %q: write ${%s:-default}, ${%s:+alt}, ${%s:?message}, ${%s#prefix}, ${%s%%suffix} or ${%s/old/new}", m, part, name, name, name, name, name, name)
	case strings.Contains(msg, "bad substitution"):
		return fmt.Sprintf("%q names no variable: write ${NAME}", part)
	case name != "" && strings.HasPrefix(msg, name+":"):
		return fmt.Sprintf("%q stops the build: %s is not set (%s); declare it with a value (ARG %s=value) or pass --build-arg %s=value", part, name, strings.TrimSpace(strings.TrimPrefix(msg, name+":")), name, name)
	}
	return fmt.Sprintf("%q does not expand: %s", part, bfExpandMessage(err))
}

// bfSignals are the signal names the Linux builder knows (moby/sys/signal's
// map for Linux), without the SIG prefix.
var bfSignals = func() map[string]int {
	m := map[string]int{
		"ABRT": 6, "ALRM": 14, "BUS": 7, "CHLD": 17, "CLD": 17, "CONT": 18, "FPE": 8, "HUP": 1,
		"ILL": 4, "INT": 2, "IO": 29, "IOT": 6, "KILL": 9, "PIPE": 13, "POLL": 29, "PROF": 27,
		"PWR": 30, "QUIT": 3, "SEGV": 11, "STKFLT": 16, "STOP": 19, "SYS": 31, "TERM": 15,
		"TRAP": 5, "TSTP": 20, "TTIN": 21, "TTOU": 22, "URG": 23, "USR1": 10, "USR2": 12,
		"VTALRM": 26, "WINCH": 28, "XCPU": 24, "XFSZ": 25, "RTMIN": 34, "RTMAX": 64,
	}
	for i := 1; i <= 15; i++ {
		m["RTMIN+"+strconv.Itoa(i)] = 34 + i
	}
	for i := 1; i <= 14; i++ {
		m["RTMAX-"+strconv.Itoa(i)] = 64 - i
	}
	return m
}()

// bfParseSignal is moby/sys/signal's ParseSignal with the Linux map.
func bfParseSignal(s string) (int, bool) {
	if n, err := strconv.Atoi(s); err == nil {
		return n, n != 0
	}
	n, ok := bfSignals[strings.TrimPrefix(strings.ToUpper(s), "SIG")]
	return n, ok
}

// stopSignal checks the expanded STOPSIGNAL value.
func (c *bfCheck) stopSignal(ins *syntax.Instruction, sig string, env shell.EnvGetter) {
	if _, ok := bfParseSignal(sig); ok {
		return
	}
	r := ins.Rest.Range
	switch {
	case len(ins.Words()) > 1 || strings.ContainsAny(strings.TrimSpace(sig), " \t"):
		c.report(r, "STOPSIGNAL takes one signal, not %q: write one name or number, such as SIGTERM or 15", sig)
	case sig == "":
		c.report(r, "STOPSIGNAL %s expands to an empty signal: give the variable a value or write the signal, such as SIGTERM", ins.Rest.Value)
	default:
		msg := fmt.Sprintf("%q is not a signal the builder knows: write a name such as SIGTERM, SIGINT, SIGQUIT or SIGUSR1, or a number", sig)
		if s := syntax.Closest(strings.TrimPrefix(strings.ToUpper(sig), "SIG"), bfSignalNames()); s != "" {
			msg = fmt.Sprintf("%q is not a signal the builder knows: did you mean SIG%s?", sig, s)
		}
		c.report(r, "%s", msg)
	}
}

func bfSignalNames() []string {
	return []string{"TERM", "INT", "QUIT", "KILL", "HUP", "USR1", "USR2", "WINCH", "STOP", "CONT", "ABRT", "ALRM", "PWR"}
}

// onbuild checks an ONBUILD trigger as BuildKit runs it in the stages
// built on this one (and only there): it parses the trigger's text alone,
// so a heredoc loses its body, then dispatches it like any instruction.
func (c *bfCheck) onbuild(st *lint.Stage, ins *syntax.Instruction) {
	if ins.Sub == nil || c.trigger != nil {
		return
	}
	child := c.child0(st)
	if (child == nil) != c.latent {
		return // BR030 checks triggers a stage of the file runs, BR031 the others
	}
	cmd, err := ins.Command()
	ob, ok := cmd.(*instructions.OnbuildCommand)
	if err != nil || !ok {
		return
	}
	tf := syntax.Parse([]byte(ob.Expression))
	if len(tf.Instructions) != 1 {
		return
	}
	sub := tf.Instructions[0]
	c.trigger, c.child, c.file = ins, child, tf
	defer func() { c.trigger, c.child, c.file = nil, nil, nil }()
	if sub.Err != nil || len(tf.Errors) > 0 {
		msg := ""
		if sub.Err != nil {
			msg = sub.Err.Error()
		} else {
			msg = tf.Errors[0].Msg
		}
		if len(ins.Heredocs) > 0 {
			msg += "; the trigger keeps only its first line, not the heredoc body: write the content to a file and COPY it"
		}
		c.report(ins.Range, "%s", dl1000Message(msg))
		return
	}
	if sub.Cmd == "onbuild" {
		return
	}
	c.instruction(st, sub)
}

// child0 returns the first later stage built on st, or nil.
func (c *bfCheck) child0(st *lint.Stage) *lint.Stage {
	for _, o := range c.doc.Stages[st.Index+1:] {
		if c.scope.base(o) == st {
			return o
		}
	}
	return nil
}

// copyFrom checks COPY --from as BuildKit resolves it; it returns false
// when the instruction fails there.
func (c *bfCheck) copyFrom(st *lint.Stage, ins *syntax.Instruction, from string) bool {
	f := ins.Flag("from")
	r := ins.Range
	if f != nil {
		r = f.ValueRange
	}
	if !bfPlainWord(from, c.doc.File.Escape) {
		lex := shell.NewLex(rune(c.doc.File.Escape))
		res, err := lex.ProcessWordWithMatches(from, shell.EnvsFromSlice(nil))
		if err != nil {
			c.expandError(ins, r, from, err, lex, shell.EnvsFromSlice(nil))
			return false
		}
		if res.Result != from {
			c.report(r, "COPY --from=%s uses a variable, which the builder does not expand here: declare a stage FROM ${VAR} AS src after a global ARG and copy --from=src", from)
			return false
		}
	}
	if n, err := strconv.Atoi(from); err == nil {
		switch {
		case n < 0 || n >= len(c.doc.Stages):
			c.report(r, "COPY --from=%d names no stage: stages are numbered from 0 to %d", n, len(c.doc.Stages)-1)
			return false
		case n > st.Index:
			c.report(r, "COPY --from=%d copies from a stage defined later: move that stage before this one", n)
			return false
		case n == st.Index:
			return false // DL3023
		}
		return true
	}
	if later := c.doc.StageByName(from, -1); later != nil && later.Index > st.Index {
		if c.doc.StageByName(from, st.Index) == nil {
			c.report(r, "COPY --from=%s copies from a stage defined later: move stage %q before this one", from, later.Name)
			return false
		}
	}
	return true
}

// bfPlainWord reports whether the shell lexer gives word back as it is,
// without error: printable ASCII without a quote, $, < or the escape
// character.
func bfPlainWord(word string, escape byte) bool {
	for i := 0; i < len(word); i++ {
		switch b := word[i]; {
		case b <= ' ' || b >= 0x7f, b == '$', b == '<', b == '\'', b == '"', b == escape:
			return false
		}
	}
	return true
}

// mounts checks the RUN --mount options once BuildKit has parsed them.
func (c *bfCheck) mounts(st *lint.Stage, ins *syntax.Instruction, cmd *instructions.RunCommand) {
	var flags []*syntax.Flag
	for _, f := range ins.Flags {
		if f.Name == "mount" {
			flags = append(flags, f)
		}
	}
	for i, m := range instructions.GetMounts(cmd) {
		r := ins.Range
		if i < len(flags) {
			r = flags[i].ValueRange
		}
		if m.From != "" {
			if o := c.doc.StageByName(m.From, -1); o != nil && o.Index >= st.Index && c.doc.StageByName(m.From, st.Index) == nil {
				c.report(r, "--mount from=%s mounts a stage that is not built yet: move stage %q before this one", m.From, o.Name)
				return
			}
		}
		switch m.Type {
		case instructions.MountTypeSecret:
			if m.CacheID == "" && m.Target == "" {
				c.report(r, "a secret mount needs id= or target=: write --mount=type=secret,id=NAME")
				return
			}
			continue
		case instructions.MountTypeSSH:
			if m.Source != "" {
				c.report(r, "an ssh mount takes no source=: name the agent socket with id= and pass --ssh at build time")
				return
			}
			continue
		}
		target := m.Target
		if !strings.HasPrefix(target, "/") {
			dir := bfWorkdir(c.scope, st, ins)
			target = path.Join("/", dir, target)
		}
		if path.Clean(target) == "/" {
			c.report(r, "--mount needs a target other than / : add target=/path (type=%s)", m.Type)
			return
		}
	}
}

// bfWorkdir is the working directory before ins, as far as the file says
// (WORKDIR lines of the stage and its base stages, variables expanded).
func bfWorkdir(scope *varScope, st *lint.Stage, ins *syntax.Instruction) string {
	dir := "/"
	stages := append([]*lint.Stage{st}, scope.chain(st)...)
	var dirs []string
	for _, s := range stages {
		for i := len(s.Instructions) - 1; i >= 0; i-- {
			w := s.Instructions[i]
			if s == st && w.Range.Start >= ins.Range.Start || w.Cmd != "workdir" {
				continue
			}
			dirs = append(dirs, lint.Unquote(w.Rest.Value))
			if strings.HasPrefix(dirs[len(dirs)-1], "/") {
				goto done
			}
		}
	}
done:
	for i := len(dirs) - 1; i >= 0; i-- {
		dir = path.Join(dir, dirs[i])
	}
	return dir
}

// copyFlags checks COPY and ADD options as the converter does.
func (c *bfCheck) copyFlags(ins *syntax.Instruction, add bool, chown, chmod string, link bool, checksum string, srcs []string) {
	if chown != "" && link && bfChownByName(chown) {
		c.report(bfFlagRange(ins, "chown"), "--chown=%s names a user or group, which the builder cannot resolve with --link: use numeric uid[:gid]", chown)
		return
	}
	if chmod != "" {
		bad := false
		if n, err := strconv.ParseUint(chmod, 8, 32); err == nil {
			bad = n > 0o7777
		} else if _, err := mode.Parse(chmod); err != nil {
			bad = true
		}
		if bad {
			c.report(bfFlagRange(ins, "chmod"), "--chmod=%s is not a mode: write an octal mode up to 7777 (0755) or a symbolic one (u+x)", chmod)
			return
		}
	}
	if checksum != "" {
		switch {
		case len(srcs) != 1:
			c.report(bfFlagRange(ins, "checksum"), "ADD --checksum needs exactly one source: split the ADD")
			return
		case !bfHTTPSource(srcs[0]) && !bfGitSource(srcs[0]):
			c.report(bfFlagRange(ins, "checksum"), "ADD --checksum applies only to an https:// or git source, not %q: remove it", srcs[0])
			return
		case bfHTTPSource(srcs[0]):
			if _, err := digest.Parse(checksum); err != nil {
				c.report(bfFlagRange(ins, "checksum"), "--checksum=%s is not a digest (%v): write sha256: and the 64 hex digits of the file", checksum, err)
				return
			}
		}
	}
	for i, s := range srcs {
		r := ins.Rest.Range
		if i < len(ins.Words()) {
			r = ins.Words()[i].Range
		}
		if bfShortcuts && !bfMayBeGit(s) {
			continue
		}
		ref, isGit, err := buildref.ParseGitRef(s)
		if err != nil && isGit {
			c.report(r, "%q is not a git reference the builder can fetch (%v): write https://host/org/repo.git#ref or git@host:org/repo.git#ref", s, err)
			return
		}
		if err == nil && !ref.IndistinguishableFromLocal && !add {
			c.report(r, "COPY cannot fetch a git repository: use ADD %s", s)
			return
		}
	}
	if !add {
		for i, s := range srcs {
			if bfHTTPSource(s) {
				r := ins.Rest.Range
				if i < len(ins.Words()) {
					r = ins.Words()[i].Range
				}
				c.report(r, "COPY cannot fetch a URL: use ADD %s (with --checksum) or RUN curl", s)
				return
			}
		}
	}
}

// bfMayBeGit reports whether buildref.ParseGitRef could take s for a git
// reference: it starts with github.com/, or holds "://" (a URL) or "@"
// (user@host:path). The other sources, the local paths that most are,
// need not be parsed.
func bfMayBeGit(s string) bool {
	return strings.HasPrefix(s, "github.com/") || strings.Contains(s, "://") || strings.Contains(s, "@")
}

func bfFlagRange(ins *syntax.Instruction, name string) syntax.Range {
	if f := ins.Flag(name); f != nil {
		return f.Range
	}
	return ins.Keyword.Range
}

// bfChownByName mirrors the converter (llb.WithUser): a user or group
// that is neither a number nor "root".
func bfChownByName(chown string) bool {
	isID := func(v string) bool {
		if v == "root" {
			return true
		}
		_, err := strconv.ParseInt(v, 10, 32)
		return err == nil
	}
	u, g, _ := strings.Cut(chown, ":")
	return u != "" && !isID(u) || g != "" && !isID(g)
}

// bfGitSource and bfHTTPSource sort sources as the converter does.
func bfGitSource(s string) bool {
	ref, isGit, _ := buildref.ParseGitRef(s)
	return ref != nil && isGit
}

func bfHTTPSource(s string) bool {
	return (strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://")) && !bfGitSource(s)
}

// bfMemo keeps the results of instruction checks that depend on the
// instruction's text alone, by that text: an edit re-lints a file whose
// instructions are mostly unchanged, and files of a corpus share many.
var bfMemo = &bfMemoCache{m: map[string]bfMemoEntry{}, limit: 8 << 20}

// bfMemoEntry is what checking an instruction gave: the COPY --from value
// to resolve against the stages (checked each time), and the reports, their
// ranges relative to the instruction's start.
type bfMemoEntry struct {
	from  string
	diags []lint.Diagnostic
	// For a FROM line: stop says nothing more is checked, else word and
	// name are the base name as written and expanded, refErr what parsing
	// name as an image reference gave.
	stop       bool
	word, name string
	refErr     error
}

// bfMemoEntryCost is what an entry of bfMemo costs besides its texts.
const bfMemoEntryCost = 160

// bfMemoCache is a concurrency-safe map bounded by the bytes of its keys
// and messages: when full it starts afresh (as lint/internal/bytecache).
type bfMemoCache struct {
	mu    sync.RWMutex
	m     map[string]bfMemoEntry
	bytes int
	limit int
}

// ResetMemos empties what the rules remember between documents (BR030's
// checks by instruction text), so that a run over many files costs what
// it costs a new process, run after run (the CLI's benchmarks run it
// several times in one process).
func ResetMemos() {
	bfMemo.mu.Lock()
	clear(bfMemo.m)
	bfMemo.bytes = 0
	bfMemo.mu.Unlock()
}

func (c *bfMemoCache) get(k []byte) (bfMemoEntry, bool) {
	c.mu.RLock()
	e, ok := c.m[string(k)]
	c.mu.RUnlock()
	return e, ok
}

func (c *bfMemoCache) put(k []byte, e bfMemoEntry) {
	// The texts, and what the entry itself costs in the map (its key's
	// header, the entry, the map's slot): about 160 bytes.
	size := bfMemoEntryCost + len(k) + len(e.from) + len(e.word) + len(e.name)
	for _, d := range e.diags {
		size += len(d.Message) + len(d.Format) + 64
	}
	if size > c.limit {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.bytes+size > c.limit {
		clear(c.m)
		c.bytes = 0
	}
	c.m[string(k)] = e
	c.bytes += size
}

// memoKey returns the key under which the check of ins is memoized, and
// whether it may be: an instruction of the file itself (not an ONBUILD
// trigger), with no variable reference (so no environment enters the
// result) and no --mount (whose checks look at other stages and WORKDIR
// lines). The kind of check ('i' instruction, 'f' FROM), the escape
// character and the text, heredocs included, decide the rest; a COPY
// --from is resolved against the stages each time. The key is a buffer
// of c, valid until the next call.
func (c *bfCheck) memoKey(ins *syntax.Instruction, kind byte) ([]byte, bool) {
	if c.trigger != nil || c.latent || c.file != nil {
		return nil, false
	}
	r := ins.Range
	src := c.doc.File.Src
	if r.Start < 0 || r.End > len(src) || r.Start > r.End {
		return nil, false
	}
	text := src[r.Start:r.End]
	if bytes.IndexByte(text, '$') >= 0 {
		return nil, false
	}
	if ins.Cmd == "run" && bfHasFold(text, "mount") {
		return nil, false
	}
	c.key = append(append(append(c.key[:0], kind), c.doc.File.Escape), text...)
	return c.key, true
}

// bfShortcuts turns on the checks' ways around BuildKit's functions
// (bfOnlyExpands, bfPlainCopyOf, bfMayBeGit); TestBR030Shortcuts
// compares BR030's findings with and without them.
var bfShortcuts = true

// bfOnlyExpands reports whether converting ins checks nothing but the
// expansion of its words, and the words, written without escape
// characters and with no "$" but plain references ($NAME, ${NAME}),
// expand without fail: ENV, LABEL, ARG, WORKDIR, USER, MAINTAINER, EXPOSE
// and VOLUME with no flag, their quotes closed, and no reference in EXPOSE
// or VOLUME. BR030 has nothing to report on such an instruction (an
// ONBUILD trigger is checked apart), and BuildKit's instruction parser
// need not run for it.
func bfOnlyExpands(ins *syntax.Instruction, esc byte) bool {
	switch ins.Cmd {
	case "env", "label", "arg", "workdir", "user", "maintainer", "expose", "volume":
	default:
		return false
	}
	if len(ins.Flags) > 0 || ins.Sub != nil {
		return false
	}
	// Quotes: the lexer takes them out and fails only on one left open;
	// an "=" inside them could be where BuildKit splits a name from its
	// value, leaving each half open. VOLUME and EXPOSE check what the
	// words expand to ("" is an empty path): no quotes or references
	// there.
	quotes := ins.Cmd != "volume" && ins.Cmd != "expose"
	var q byte
	l := ins.Logical
	for i := 0; i < len(l); i++ {
		switch c := l[i]; {
		case c == '$':
			_, end, ok := lint.PlainRef(l, i)
			if !ok || !quotes {
				return false
			}
			i = end - 1
		case c == '\\' || c == '`' || c == esc:
			return false
		case q != 0:
			if c == q {
				q = 0
			} else if c == '=' {
				return false
			}
		case c == '"' || c == '\'':
			if !quotes {
				return false
			}
			q = c
		}
	}
	return q == 0
}

// bfPlainCopy is what BuildKit's instruction parser gives of a plain COPY
// or ADD (see bfPlainCopyOf): its sources and the flags the converter
// checks.
type bfPlainCopy struct {
	srcs               []string
	from, chown, chmod string
	link               bool
}

// bfPlainCopyOf returns the sources and flags of a COPY or ADD with no
// heredoc and no JSON array, written without "$", quotes or escape
// characters, whose flags are among --from (COPY only), --chown and
// --chmod with a value and --link without one, each at most once; and ok:
// BuildKit's instruction parser would give its words as they are, the
// last the destination, and expansion would keep them. ok is false for any
// other instruction, and for one with fewer than two words, which the
// instruction parser refuses (DL1000 reports it).
func bfPlainCopyOf(ins *syntax.Instruction, esc byte) (cp bfPlainCopy, ok bool) {
	words := ins.Words()
	if ins.Cmd != "copy" && ins.Cmd != "add" || len(ins.Heredocs) > 0 || ins.JSON || ins.Sub != nil || len(words) < 2 {
		return cp, false
	}
	l := ins.Logical
	for i := 0; i < len(l); i++ {
		switch l[i] {
		case '$', '"', '\'', '\\', '`', '[', '<', esc:
			return cp, false
		}
	}
	for _, f := range ins.Flags {
		// A flag given twice, or with a value missing or not wanted, is
		// the parser's to refuse.
		switch f.Name {
		case "from":
			ok = ins.Cmd == "copy" && bfFlagOnce(&cp.from, f)
		case "chown":
			ok = bfFlagOnce(&cp.chown, f)
		case "chmod":
			ok = bfFlagOnce(&cp.chmod, f)
		case "link":
			ok = !cp.link && !f.HasValue
			cp.link = true
		default:
			ok = false
		}
		if !ok {
			return cp, false
		}
	}
	cp.srcs = make([]string, len(words)-1)
	for i, w := range words[:len(words)-1] {
		cp.srcs[i] = w.Value
	}
	return cp, true
}

// bfFlagOnce sets *v to the value of flag f and reports whether f has a
// value and *v had none before (the flag was not given already).
func bfFlagOnce(v *string, f *syntax.Flag) bool {
	if *v != "" || !f.HasValue || f.Value == "" {
		return false
	}
	*v = f.Value
	return true
}

// bfHasFold reports whether text holds the lower-case ASCII word w in any
// case.
func bfHasFold(text []byte, w string) bool {
	for i := 0; i+len(w) <= len(text); i++ {
		j := 0
		for j < len(w) && text[i+j]|0x20 == w[j] {
			j++
		}
		if j == len(w) {
			return true
		}
	}
	return false
}
