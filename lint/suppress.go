package lint

import (
	"slices"
	"sort"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"github.com/moby/buildkit/frontend/dockerfile/parser"

	"github.com/berth-dev/berth/lint/syntax"
)

// suppressions are the ignore pragmas and check directives of a document.
type suppressions struct {
	// global names rules off for the whole file (ignore pragmas).
	global []string
	// skipped names the BuildKit checks "# check=skip=" turns off for
	// the whole file.
	skipped []string
	// local maps an instruction to the rules ignored for it.
	local map[*syntax.Instruction][]string
	// stages are the spans of the file the stage pragmas cover.
	stages []stageSpan
	// checks maps an instruction to the "# check=" comment above it,
	// BuildKit's per-instruction form.
	checks map[*syntax.Instruction]checkComment
	// checkError raises findings of BuildKit checks to errors
	// ("# check=error=true").
	checkError bool
	// experimental names opt-in checks the file turns on
	// ("# check=experimental=InvalidDefinitionDescription").
	experimental []string
	// checksOff is "# check=skip=all": every rule that is one of
	// BuildKit's checks is off. Errors the build itself would raise
	// (DL1000, BR030) are not checks, and BuildKit never skips them.
	//
	// BuildKit never skips an experimental check that
	// "experimental=" turned on, whatever skip= says (linter.Run);
	// suppressions.ignored is told when that is so.
	checksOff bool
}

// stageSpan is what one stage pragma covers: the bytes [start, end) of
// the file, and the rules it names.
type stageSpan struct {
	start, end int
	names      []string
}

// checkComment is a "# check=" comment above one instruction: the
// BuildKit checks it skips there (all, or the named ones) and the opt-in
// (experimental) ones it turns on there (all, or the named ones).
type checkComment struct {
	all   bool
	names []string
	// experimentalAll and experimental are "experimental=all" and
	// "experimental=A,B".
	experimentalAll bool
	experimental    []string
}

// turnsOn reports whether the comment turns on opt-in check r.
func (c checkComment) turnsOn(r *Rule) bool {
	return c.experimentalAll || matchAny(r, c.experimental)
}

// The scopes of an ignore pragma.
const (
	scopeLine   = ""
	scopeGlobal = "global"
	scopeStage  = "stage"
)

// ParsePragma parses "berth ignore=A,B reason", "hadolint global ignore=A",
// "hadolint stage ignore=A" and the like from a comment's text. It returns
// the codes and whether the pragma is file-wide (a stage pragma is not).
func ParsePragma(text string) (codes []string, global, ok bool) {
	codes, scope, ok := parsePragma(text)
	return codes, scope == scopeGlobal, ok
}

// parsePragma parses an ignore pragma and returns its codes and scope.
// As in hadolint, spaces may surround "=" and the commas, and what
// follows the list (a "# reason", or words) is not read.
func parsePragma(text string) (codes []string, scope string, ok bool) {
	rest, ok := pragmaTool(text)
	if !ok {
		return nil, "", false
	}
	for _, s := range []string{scopeGlobal, scopeStage} {
		if r, ok := cutWord(rest, s); ok {
			scope, rest = s, r
			break
		}
	}
	r, ok := pragmaKey(rest, "ignore")
	if !ok {
		return nil, "", false
	}
	for {
		n := strings.IndexAny(r, " \t,#")
		if n < 0 {
			n = len(r)
		}
		if n == 0 {
			break
		}
		codes = append(codes, r[:n])
		r = strings.TrimLeft(r[n:], " \t")
		c, more := strings.CutPrefix(r, ",")
		if !more {
			break
		}
		r = strings.TrimLeft(c, " \t")
	}
	return codes, scope, len(codes) > 0
}

// IsPragma reports whether a comment's text is a pragma of berth's or
// hadolint's that the engine reads: an ignore pragma (ParsePragma) or a
// shell pragma ("hadolint shell=pwsh", "berth shell=cmd").
func IsPragma(text string) bool {
	if _, _, ok := parsePragma(text); ok {
		return true
	}
	_, ok := parseShellPragma(text)
	return ok
}

// parseShellPragma parses "hadolint shell=NAME" (or "berth shell=NAME"),
// hadolint's pragma that names the shell of the RUN instructions, and
// returns NAME.
func parseShellPragma(text string) (string, bool) {
	rest, ok := pragmaTool(text)
	if !ok {
		return "", false
	}
	r, ok := pragmaKey(rest, "shell")
	if !ok {
		return "", false
	}
	name, _, _ := strings.Cut(r, " ")
	name, _, _ = strings.Cut(name, "\t")
	return name, name != "" && name[0] != '#'
}

// pragmaTool cuts the "berth " or "hadolint " that starts a pragma.
func pragmaTool(text string) (string, bool) {
	for _, tool := range []string{"berth", "hadolint"} {
		if r, ok := cutWord(strings.TrimLeft(text, " \t"), tool); ok {
			return r, true
		}
	}
	return "", false
}

// pragmaKey cuts "key =" from s and the blanks after it.
func pragmaKey(s, key string) (string, bool) {
	r, ok := strings.CutPrefix(s, key)
	if !ok {
		return "", false
	}
	r, ok = strings.CutPrefix(strings.TrimLeft(r, " \t"), "=")
	return strings.TrimLeft(r, " \t"), ok
}

// cutWord cuts word from the start of s when blanks follow it, and the
// blanks.
func cutWord(s, word string) (string, bool) {
	r, ok := strings.CutPrefix(s, word)
	if !ok || r == "" || r[0] != ' ' && r[0] != '\t' {
		return s, false
	}
	return strings.TrimLeft(r, " \t"), true
}

// checkDirective parses BuildKit's "# check=skip=A,B;error=true;experimental=C".
// As in BuildKit (linter.ParseLintOptions), "skip=all" and
// "experimental=all" stand for every check, while "all" in a list is the
// name of no check.
func checkDirective(value string) (skip, experimental []string, skipAll, experimentalAll, asError bool) {
	list := func(v string) (names []string, all bool) {
		if strings.TrimSpace(v) == "all" {
			return nil, true
		}
		for _, n := range strings.Split(v, ",") {
			if n = strings.TrimSpace(n); n != "" && n != "all" {
				names = append(names, n)
			}
		}
		return names, false
	}
	for _, part := range strings.Split(value, ";") {
		k, v, _ := strings.Cut(strings.TrimSpace(part), "=")
		switch strings.TrimSpace(strings.ToLower(k)) {
		case "skip":
			names, all := list(v)
			skip, skipAll = append(skip, names...), skipAll || all
		case "error":
			asError = strings.EqualFold(strings.TrimSpace(v), "true")
		case "experimental":
			names, all := list(v)
			experimental, experimentalAll = append(experimental, names...), experimentalAll || all
		}
	}
	return skip, experimental, skipAll, experimentalAll, asError
}

// findSuppressions reads f's check directives and the "# check=" comments
// above its instructions and, when pragmas is true, its ignore pragmas.
func findSuppressions(f *syntax.File, pragmas bool) *suppressions {
	s := &suppressions{local: map[*syntax.Instruction][]string{}, checks: map[*syntax.Instruction]checkComment{}}
	for _, d := range f.Directives {
		if d.Name == "check" {
			skip, exp, skipAll, expAll, asErr := checkDirective(d.Value)
			s.skipped = append(s.skipped, skip...)
			s.checksOff = s.checksOff || skipAll
			s.experimental = append(s.experimental, exp...)
			if expAll {
				s.experimental = append(s.experimental, "all")
			}
			s.checkError = s.checkError || asErr
		}
	}
	for _, ins := range f.Instructions {
		if c, ok := instructionCheck(ins); ok {
			s.checks[ins] = c
		}
	}
	if !pragmas {
		return s
	}
	for _, c := range f.Comments {
		switch codes, scope, ok := parsePragma(c.Text); {
		case !ok:
		case scope == scopeGlobal:
			s.global = append(s.global, codes...)
		case scope == scopeStage && !c.InContinuation:
			s.stages = append(s.stages, stageSpanOf(f, c.Range.Start, codes))
		}
	}
	for _, ins := range f.Instructions {
		// Only the comment block directly above the instruction counts.
		line := ins.StartLine - 1
		for i := len(ins.Comments) - 1; i >= 0; i-- {
			c := ins.Comments[i]
			cl, _ := f.LineCol(c.Range.Start)
			if cl != line {
				break
			}
			line--
			if codes, scope, ok := parsePragma(c.Text); ok && scope == scopeLine {
				s.local[ins] = append(s.local[ins], codes...)
			}
		}
	}
	return s
}

// stageSpanOf returns what a stage pragma at offset at covers: from the
// pragma to the end of the stage of the instruction after it, so that a
// pragma above a FROM covers that whole stage, FROM included.
func stageSpanOf(f *syntax.File, at int, names []string) stageSpan {
	sp := stageSpan{start: at, end: len(f.Src), names: names}
	ins := f.Instructions
	i := sort.Search(len(ins), func(i int) bool { return ins[i].Range.Start > at })
	for j := i + 1; j < len(ins); j++ {
		if ins[j].Cmd == "from" {
			sp.end = ins[j].Range.Start
			break
		}
	}
	return sp
}

// instructionCheck reads BuildKit's "# check=" comment above ins the way
// the frontend merges it into the checks of that instruction
// (linter.WithMergedConfigFromComments): the first comment of the block
// that is a check directive, the first word of its value, parsed
// strictly (an option BuildKit rejects voids the comment). skip= and
// experimental= are read; BuildKit does not merge error=.
func instructionCheck(ins *syntax.Instruction) (checkComment, bool) {
	for _, c := range ins.Comments {
		if len(c.Text) < len("check") || !strings.EqualFold(c.Text[:len("check")], "check") {
			continue
		}
		p := parser.DirectiveParser{}
		p.SetComment("")
		d, _ := p.ParseLine([]byte(c.Text))
		if d == nil || d.Name != "check" {
			continue
		}
		v, _, _ := strings.Cut(d.Value, " ")
		cfg, err := linter.ParseLintOptions(v)
		if err != nil || !cfg.SkipAll && len(cfg.SkipRules) == 0 && !cfg.ExperimentalAll && len(cfg.ExperimentalRules) == 0 {
			return checkComment{}, false
		}
		// BuildKit skips (or turns on) every check only for "skip=all"
		// ("experimental=all"); "all" in a list is the name of no check.
		noAll := func(n string) bool { return n == "" || n == "all" }
		return checkComment{
			all: cfg.SkipAll, names: slices.DeleteFunc(cfg.SkipRules, noAll),
			experimentalAll: cfg.ExperimentalAll, experimental: slices.DeleteFunc(cfg.ExperimentalRules, noAll),
		}, true
	}
	return checkComment{}, false
}

// experimentalAt reports whether a "# check=" comment above an
// instruction turns on opt-in check r there: at, the instruction at an
// offset; when at is -1, above any instruction.
func (s *suppressions) experimentalAt(r *Rule, f *syntax.File, at int) bool {
	if len(s.checks) == 0 {
		return false
	}
	if at < 0 {
		for _, c := range s.checks {
			if c.turnsOn(r) {
				return true
			}
		}
		return false
	}
	c, ok := s.checks[instructionFor(f, at)]
	return ok && c.turnsOn(r)
}

// instructionFor returns the instruction a finding at offset off is
// about: the one whose range holds off, else the one whose comment block
// above holds it (BR014 reports a comment); nil for neither.
func instructionFor(f *syntax.File, off int) *syntax.Instruction {
	if ins := f.InstructionAt(off); ins != nil {
		return ins
	}
	i := sort.Search(len(f.Instructions), func(i int) bool { return f.Instructions[i].Range.Start > off })
	if i == len(f.Instructions) {
		return nil
	}
	ins := f.Instructions[i]
	if len(ins.Comments) > 0 && ins.Comments[0].Range.Start <= off {
		return ins
	}
	return nil
}

// ignored reports whether rule r's diagnostic d is suppressed. on
// reports that a "# check=experimental=" turned r on where d is: then, as
// in BuildKit, no "# check=skip=" skips it.
func (s *suppressions) ignored(r *Rule, d *Diagnostic, f *syntax.File, on bool) bool {
	if matchAny(r, s.global) || d.Code != r.Code && matchCode(d.Code, s.global) {
		return true
	}
	if !on && (s.checksOff && len(r.Aliases) > 0 || matchAny(r, s.skipped) || d.Code != r.Code && matchCode(d.Code, s.skipped)) {
		return true
	}
	for _, sp := range s.stages {
		if d.Range.Start >= sp.start && d.Range.Start < sp.end && names(r, d, sp.names) {
			return true
		}
	}
	if len(s.local) == 0 && len(s.checks) == 0 {
		return false
	}
	ins := f.InstructionAt(d.Range.Start)
	if ins == nil {
		return false
	}
	if c, ok := s.checks[ins]; ok && !on && (c.all && len(r.Aliases) > 0 || names(r, d, c.names)) {
		return true
	}
	return names(r, d, s.local[ins])
}

// names reports whether list names rule r or the code of its finding d.
func names(r *Rule, d *Diagnostic, list []string) bool {
	return matchAny(r, list) || d.Code != r.Code && matchCode(d.Code, list)
}

func matchCode(code string, names []string) bool {
	for _, n := range names {
		if strings.EqualFold(n, code) {
			return true
		}
	}
	return false
}
