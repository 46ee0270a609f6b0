package rules

import (
	"fmt"
	"strings"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/syntax"
)

// DL3021 reports a COPY of several sources to a destination that does not
// end with a slash.
var DL3021 = &lint.Rule{
	Code:     "DL3021",
	Name:     "copy-dest-trailing-slash",
	Title:    "End the COPY destination with / for several sources",
	Severity: lint.Error,
	Fix:      lint.SometimesFix,
	Check:    checkCopyDestSlash,
}

func checkCopyDestSlash(p *lint.Pass) {
	for _, outer := range p.Doc.File.Instructions {
		ins := outer
		if ins.Cmd == "onbuild" && ins.Sub != nil {
			ins = ins.Sub
		}
		if ins.Cmd != "copy" {
			continue
		}
		args := copyArgs(ins)
		if len(args) < 3 {
			continue
		}
		dest := args[len(args)-1]
		if dirDest(p, outer, ins, dest) {
			continue
		}
		d := lint.Diagnostic{
			Range:   dest.Range,
			Message: fmt.Sprintf("COPY has %d sources, so its destination %q must end with /", len(args)-1, dest.Value),
		}
		if at, ok := slashInsertion(p.Doc.File, ins, dest); ok {
			d.Fixes = []lint.Fix{{
				Title: "Add a trailing / to the destination",
				Safe:  true,
				Edits: []lint.Edit{{Range: syntax.Range{Start: at, End: at}, NewText: "/"}},
			}}
		}
		p.Report(d)
	}
}

// dirDest reports whether a COPY destination is written as a directory:
// it ends with a slash, is ".", or ends with a variable whose value ends
// with one or is unknown. outer is ins, or the ONBUILD holding it.
func dirDest(p *lint.Pass, outer, ins *syntax.Instruction, dest syntax.Token) bool {
	if lit, ok := copyArgLiteral(ins, dest, p.Doc.File.Escape); ok {
		// A trailing backslash is a directory on Windows.
		return strings.HasSuffix(lit, "/") || strings.HasSuffix(lit, `\`) || lit == "."
	}
	v := dest.Value
	if !ins.JSON {
		v = stripQuotes(v)
	}
	if strings.HasSuffix(v, "/") {
		return true
	}
	// A destination ending in a variable: look at the variable's value.
	name := trailingVar(v)
	if name == "" {
		return false
	}
	vr := p.Doc.Lookup(outer, name)
	if vr == nil || !vr.HasValue {
		// Unknown value (set by the base image or at build time).
		return true
	}
	val := stripQuotes(vr.Value)
	return strings.HasSuffix(val, "/") || trailingVar(val) != ""
}

// stripQuotes removes the quote characters of a word.
func stripQuotes(s string) string {
	if strings.IndexAny(s, `"'`) < 0 {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r == '"' || r == '\'' {
			return -1
		}
		return r
	}, s)
}

// trailingVar returns the name of the variable a word ends with ($NAME or
// ${NAME}), or "".
func trailingVar(s string) string {
	if strings.HasSuffix(s, "}") {
		i := strings.LastIndex(s, "${")
		if i < 0 {
			return ""
		}
		name := s[i+2 : len(s)-1]
		if k := strings.IndexAny(name, ":-+?#%/"); k >= 0 {
			name = name[:k]
		}
		return name
	}
	i := len(s)
	for i > 0 && isNameChar(s[i-1]) {
		i--
	}
	if i == len(s) || i == 0 || s[i-1] != '$' {
		return ""
	}
	return s[i:]
}

// slashInsertion finds where to insert "/" to end the destination: after
// the last character of the value, inside a closing quote.
func slashInsertion(f *syntax.File, ins *syntax.Instruction, dest syntax.Token) (int, bool) {
	src := f.Src[dest.Range.Start:dest.Range.End]
	if len(src) == 0 {
		return 0, false
	}
	end := dest.Range.End
	last := src[len(src)-1]
	if ins.JSON || last == '"' || last == '\'' {
		if len(src) < 2 {
			return 0, false
		}
		if prev := src[len(src)-2]; prev == f.Escape && !ins.JSON {
			return 0, false
		}
		return end - 1, true
	}
	if last == f.Escape {
		return 0, false
	}
	return end, true
}
