package rules

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/syntax"
)

// BR005 reports blank lines inside a line continuation.
var BR005 = &lint.Rule{
	Code:     "BR005",
	Name:     "no-empty-continuation",
	Aliases:  []string{"NoEmptyContinuation"},
	Title:    "Do not leave empty lines in a continuation",
	Severity: lint.Warning,
	Fix:      lint.AlwaysFix,
	Check:    checkBR005,
}

func checkBR005(p *lint.Pass) {
	f := p.Doc.File
	for _, ins := range f.Instructions {
		for _, r := range ins.EmptyContinuations {
			line := f.Line(r.Start)
			whole := syntax.Range{Start: f.LineStart(line), End: f.LineStart(line + 1)}
			d := lint.Diagnostic{Range: syntax.Range{Start: r.Start, End: max(r.End, r.Start)}}
			if kw := nextContent(f, line+1); kw != "" {
				// The blank line probably ended the instruction in the
				// author's mind: the next instruction is glued to this one.
				d.Message = fmt.Sprintf("empty line inside a continuation: the %s instruction after it is joined to this %s", kw, strings.ToUpper(ins.Cmd))
				if esc, ok := lastEscape(f, line-1); ok {
					d.Fixes = []lint.Fix{{
						Title: "End the instruction before the empty line",
						Edits: []lint.Edit{{Range: esc, NewText: ""}},
					}}
				}
			} else {
				d.Message = "empty line inside a continuation"
				d.Fixes = []lint.Fix{{Title: "Delete the empty line", Safe: true, Edits: []lint.Edit{{Range: whole, NewText: ""}}}}
			}
			d.Tags = []lint.Tag{lint.Unnecessary}
			p.Report(d)
		}
	}
}

// nextContent finds the first line from line on that is neither blank
// nor a comment and, when it starts with an instruction keyword in
// uppercase, returns that keyword.
func nextContent(f *syntax.File, line int) string {
	for ; line < f.LineCount(); line++ {
		s, e := f.LineStart(line), f.LineStart(line+1)
		text := bytes.TrimSpace(f.Src[s:e])
		if len(text) == 0 || text[0] == '#' {
			continue
		}
		word, _, _ := bytes.Cut(text, []byte(" "))
		word, _, _ = bytes.Cut(word, []byte("\t"))
		w := string(word)
		if w == strings.ToUpper(w) && syntax.IsInstruction(strings.ToLower(w)) && len(word) < len(text) {
			return w
		}
		return ""
	}
	return ""
}

// lastEscape finds, from line upwards, the last line that is neither
// blank nor a comment, and returns the range of its continuation escape.
func lastEscape(f *syntax.File, line int) (syntax.Range, bool) {
	for ; line >= 0; line-- {
		s, e := f.LineStart(line), f.LineStart(line+1)
		text := f.Src[s:e]
		t := bytes.TrimSpace(text)
		if len(t) == 0 || t[0] == '#' {
			continue
		}
		i := len(text)
		for i > 0 && (text[i-1] == ' ' || text[i-1] == '\t' || text[i-1] == '\r' || text[i-1] == '\n') {
			i--
		}
		if i > 0 && text[i-1] == f.Escape {
			return syntax.Range{Start: s + i - 1, End: s + i}, true
		}
		return syntax.Range{}, false
	}
	return syntax.Range{}, false
}
