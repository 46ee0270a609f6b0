package lint

import (
	"strings"

	"github.com/berth-dev/berth/lint/syntax"
)

// suppressions are the ignore pragmas and check directives of a document.
type suppressions struct {
	// global names rules off for the whole file.
	global []string
	// local maps an instruction to the rules ignored for it.
	local map[*syntax.Instruction][]string
	// checkError raises findings of BuildKit checks to errors
	// ("# check=error=true").
	checkError bool
	// experimental names opt-in checks the file turns on
	// ("# check=experimental=InvalidDefinitionDescription").
	experimental []string
	// checksOff is "# check=skip=all": every rule that is one of
	// BuildKit's checks is off. Errors the build itself would raise
	// (DL1000, BR030) are not checks, and BuildKit never skips them.
	checksOff bool
}

// ParsePragma parses "berth ignore=A,B reason", "hadolint global ignore=A" and
// the like from a comment's text. It returns the codes and whether the
// pragma is file-wide.
func ParsePragma(text string) (codes []string, global, ok bool) {
	tool, rest, found := strings.Cut(text, " ")
	if !found || (tool != "berth" && tool != "hadolint") {
		return nil, false, false
	}
	rest = strings.TrimSpace(rest)
	if r, ok := strings.CutPrefix(rest, "global"); ok {
		global, rest = true, strings.TrimSpace(r)
	}
	r, ok := strings.CutPrefix(rest, "ignore")
	if !ok {
		return nil, false, false
	}
	r = strings.TrimSpace(r)
	r, ok = strings.CutPrefix(r, "=")
	if !ok {
		return nil, false, false
	}
	r = strings.TrimSpace(r)
	list, _, _ := strings.Cut(r, " ")
	for _, c := range strings.Split(list, ",") {
		if c = strings.TrimSpace(c); c != "" {
			codes = append(codes, c)
		}
	}
	return codes, global, len(codes) > 0
}

// checkDirective parses BuildKit's "# check=skip=A,B;error=true;experimental=C".
func checkDirective(value string) (skip, experimental []string, asError bool) {
	for _, part := range strings.Split(value, ";") {
		k, v, _ := strings.Cut(strings.TrimSpace(part), "=")
		switch strings.TrimSpace(strings.ToLower(k)) {
		case "skip":
			for _, n := range strings.Split(v, ",") {
				if n = strings.TrimSpace(n); n != "" {
					skip = append(skip, n)
				}
			}
		case "error":
			asError = strings.EqualFold(strings.TrimSpace(v), "true")
		case "experimental":
			for _, n := range strings.Split(v, ",") {
				if n = strings.TrimSpace(n); n != "" {
					experimental = append(experimental, n)
				}
			}
		}
	}
	return skip, experimental, asError
}

// findSuppressions reads f's check directives and, when pragmas is true,
// its ignore pragmas.
func findSuppressions(f *syntax.File, pragmas bool) *suppressions {
	s := &suppressions{local: map[*syntax.Instruction][]string{}}
	for _, d := range f.Directives {
		if d.Name == "check" {
			skip, exp, asErr := checkDirective(d.Value)
			for _, n := range skip {
				if strings.EqualFold(n, "all") {
					s.checksOff = true
				} else {
					s.global = append(s.global, n)
				}
			}
			s.experimental = append(s.experimental, exp...)
			s.checkError = s.checkError || asErr
		}
	}
	if !pragmas {
		return s
	}
	for _, c := range f.Comments {
		if codes, global, ok := ParsePragma(c.Text); ok && global {
			s.global = append(s.global, codes...)
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
			if codes, global, ok := ParsePragma(c.Text); ok && !global {
				s.local[ins] = append(s.local[ins], codes...)
			}
		}
	}
	return s
}

// ignored reports whether rule r's diagnostic d is suppressed.
func (s *suppressions) ignored(r *Rule, d *Diagnostic, f *syntax.File) bool {
	if s.checksOff && len(r.Aliases) > 0 || matchAny(r, s.global) || d.Code != r.Code && matchCode(d.Code, s.global) {
		return true
	}
	if len(s.local) == 0 {
		return false
	}
	ins := f.InstructionAt(d.Range.Start)
	if ins == nil {
		return false
	}
	names := s.local[ins]
	return matchAny(r, names) || d.Code != r.Code && matchCode(d.Code, names)
}

func matchCode(code string, names []string) bool {
	for _, n := range names {
		if strings.EqualFold(n, code) {
			return true
		}
	}
	return false
}
