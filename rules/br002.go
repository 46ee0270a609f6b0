package rules

import (
	"fmt"
	"strings"

	"github.com/berth-dev/berth/lint"
)

// BR002 reports a stage name that is not lowercase.
var BR002 = &lint.Rule{
	Code:     "BR002",
	Name:     "stage-name-casing",
	Aliases:  []string{"StageNameCasing"},
	Title:    "Use lowercase stage names",
	Severity: lint.Warning,
	Fix:      lint.AlwaysFix,
	Check:    checkBR002,
}

func checkBR002(p *lint.Pass) {
	for _, st := range p.Doc.Stages {
		// BuildKit looks at "FROM image AS name" with exactly three words.
		// A name holding a variable is not a valid stage name at all.
		if st.NameToken == nil || len(st.From.Words) != 3 || st.Name == strings.ToLower(st.Name) || strings.Contains(st.Name, "$") {
			continue
		}
		lower := strings.ToLower(st.Name)
		edits := append([]lint.Edit{{Range: st.NameToken.Range, NewText: lower}}, r4StageRefEdits(p.Doc, st, lower)...)
		title := fmt.Sprintf("Rename the stage to %q", lower)
		if n := len(edits) - 1; n == 1 {
			title += " and its reference"
		} else if n > 1 {
			title += fmt.Sprintf(" and its %d references", n)
		}
		p.Report(lint.Diagnostic{
			Range:   st.NameToken.Range,
			Message: fmt.Sprintf("stage name %q is not lowercase", st.Name),
			Fixes:   []lint.Fix{{Title: title, Safe: true, Edits: edits}},
		})
	}
}

// r4StageRefEdits rewrites to name every reference to stage st spelt in
// another case: FROM st, COPY --from=st and RUN --mount=from=st.
func r4StageRefEdits(doc *lint.Document, st *lint.Stage, name string) []lint.Edit {
	var edits []lint.Edit
	refers := func(v string, at int) bool {
		return v != name && strings.EqualFold(v, st.Name) && doc.StageByName(v, at) == st
	}
	for _, s := range doc.Stages {
		if s.Index <= st.Index {
			continue
		}
		if s.BaseStage == st && refers(s.Image.Value, s.Index) {
			edits = append(edits, lint.Edit{Range: s.Image.Range, NewText: name})
		}
		for _, ins := range s.Instructions {
			for _, f := range ins.Flags {
				switch {
				case f.Name == "from" && ins.Cmd == "copy" && f.HasValue:
					v, off := r4Unquoted(f.Value)
					if refers(v, s.Index) {
						pos := f.Pos + 3 + len(f.Name) + off
						edits = append(edits, lint.Edit{Range: ins.SrcRange(pos, pos+len(v)), NewText: name})
					}
				case f.Name == "mount" && ins.Cmd == "run" && f.HasValue:
					for _, fld := range r4CSVFields(f.Value) {
						k, v, ok := strings.Cut(fld.text, "=")
						if !ok || !strings.EqualFold(strings.TrimSpace(k), "from") {
							continue
						}
						uv, off := r4Unquoted(v)
						if refers(uv, s.Index) {
							pos := f.Pos + 3 + len(f.Name) + fld.start + len(k) + 1 + off
							edits = append(edits, lint.Edit{Range: ins.SrcRange(pos, pos+len(uv)), NewText: name})
						}
					}
				}
			}
		}
	}
	return edits
}

// r4Unquoted strips one pair of surrounding quotes and returns the offset
// of the content.
func r4Unquoted(s string) (string, int) {
	if u := lint.Unquote(s); len(u) != len(s) {
		return u, 1
	}
	return s, 0
}

type r4Field struct {
	text  string
	start int
}

// r4CSVFields splits a --mount value on commas outside double quotes.
func r4CSVFields(s string) []r4Field {
	var out []r4Field
	start, q := 0, false
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == ',' && !q {
			out = append(out, r4Field{text: s[start:i], start: start})
			start = i + 1
			continue
		}
		if s[i] == '"' {
			q = !q
		}
	}
	return out
}
