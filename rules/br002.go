package rules

import (
	"fmt"
	"strings"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/syntax"
)

// BR002 reports a stage name that is not lowercase.
var BR002 = &lint.Rule{
	Code:     "BR002",
	Name:     "stage-name-casing",
	Aliases:  []string{"StageNameCasing"},
	Title:    "Use lowercase stage names",
	Severity: lint.Warning,
	Fix:      lint.AlwaysFix,
	Split:    stageNameSplit,
}

// stageNameSplit is BR002 in two: a stage's name, which its FROM tells,
// and the references to it that the fix renames too, which may be in any
// later stage.
var stageNameSplit = &lint.Split{Stage: checkBR002, Finish: renameReferences}

// checkBR002 reports the stage names that are not lowercase, each with a
// fix that renames the stage alone (renameReferences adds its references).
func checkBR002(p *lint.Pass) {
	for _, st := range p.Doc.Stages {
		// BuildKit looks at "FROM image AS name" with exactly three words.
		// A name holding a variable is not a valid stage name at all.
		if st.NameToken == nil || len(st.From.Words()) != 3 || strings.Contains(st.Name, "$") {
			continue
		}
		lower := strings.ToLower(st.Name)
		if lower == st.Name {
			continue
		}
		p.Report(lint.Diagnostic{
			Range:   st.NameToken.Range,
			Message: fmt.Sprintf("stage name %q is not lowercase", st.Name),
			Fixes: []lint.Fix{{
				Title: fmt.Sprintf("Rename the stage to %q", lower),
				Safe:  true,
				Edits: []lint.Edit{{Range: st.NameToken.Range, NewText: lower}},
			}},
		})
	}
}

// stageRefsKey is the key of the document's stageRefsTo in Document.Memo.
type stageRefsKey struct{}

// stageRefsTo returns, by stage index, where the file names each stage
// with a name written otherwise than in lowercase (the references that
// renaming the stage to its lowercase name renames too), in file order.
func stageRefsTo(doc *lint.Document) [][]syntax.Range {
	var out [][]syntax.Range
	eachStageRef(doc, func(v string, stage int, r syntax.Range) {
		lower := strings.ToLower(v)
		if lower == v {
			return
		}
		if st := doc.StageByName(lower, stage); st != nil {
			if out == nil {
				out = make([][]syntax.Range, len(doc.Stages))
			}
			out[st.Index] = append(out[st.Index], r)
		}
	})
	return out
}

// renameReferences completes a finding of checkBR002 with the renaming of
// the references to its stage: the fix's edits and its title.
func renameReferences(doc *lint.Document, d *lint.Diagnostic) bool {
	st := doc.StageAt(d.Range.Start)
	if st == nil || len(d.Fixes) != 1 || len(d.Fixes[0].Edits) != 1 {
		return true
	}
	refs := doc.Memo(stageRefsKey{}, func() any { return stageRefsTo(doc) }).([][]syntax.Range)
	if st.Index >= len(refs) || len(refs[st.Index]) == 0 {
		return true
	}
	// The finding's fix and edits are shared: new ones, in one
	// allocation when there is one reference (most stages).
	var edits []lint.Edit
	var fixes []lint.Fix
	if n := len(refs[st.Index]); n == 1 {
		one := new(struct {
			fix   [1]lint.Fix
			edits [2]lint.Edit
		})
		fixes, edits = one.fix[:], one.edits[:1]
	} else {
		fixes, edits = make([]lint.Fix, 1), make([]lint.Edit, 1, 1+n)
	}
	fix := d.Fixes[0]
	lower := fix.Edits[0].NewText
	edits[0] = fix.Edits[0]
	for _, r := range refs[st.Index] {
		edits = append(edits, lint.Edit{Range: r, NewText: lower})
	}
	if n := len(edits) - 1; n == 1 {
		fix.Title += " and its reference"
	} else {
		fix.Title += fmt.Sprintf(" and its %d references", n)
	}
	fix.Edits = edits
	fixes[0] = fix
	d.Fixes = fixes
	return true
}

// eachStageRef calls f for each place of the file that names a stage,
// in file order: FROM st, COPY --from=st or RUN --mount=from=st, with the
// name as written (quotes removed), the index of the stage the reference
// is in, and where the name is written.
func eachStageRef(doc *lint.Document, f func(v string, stage int, r syntax.Range)) {
	for _, s := range doc.Stages {
		if s.BaseStage != nil {
			f(s.Image.Value, s.Index, s.Image.Range)
		}
		for _, ins := range s.Instructions {
			for _, fl := range ins.Flags {
				switch {
				case fl.Name == "from" && ins.Cmd == "copy" && fl.HasValue:
					v, off := unquotedName(fl.Value)
					pos := fl.Pos + 3 + len(fl.Name) + off
					f(v, s.Index, ins.SrcRange(pos, pos+len(v)))
				case fl.Name == "mount" && ins.Cmd == "run" && fl.HasValue:
					for _, fld := range csvFields(fl.Value) {
						k, v, ok := strings.Cut(fld.text, "=")
						if !ok || !strings.EqualFold(strings.TrimSpace(k), "from") {
							continue
						}
						uv, off := unquotedName(v)
						pos := fl.Pos + 3 + len(fl.Name) + fld.start + len(k) + 1 + off
						f(uv, s.Index, ins.SrcRange(pos, pos+len(uv)))
					}
				}
			}
		}
	}
}

// unquotedName strips one pair of surrounding quotes and returns the offset
// of the content.
func unquotedName(s string) (string, int) {
	if u := lint.Unquote(s); len(u) != len(s) {
		return u, 1
	}
	return s, 0
}

type field struct {
	text  string
	start int
}

// csvFields splits a --mount value on commas outside double quotes.
func csvFields(s string) []field {
	var out []field
	start, q := 0, false
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == ',' && !q {
			out = append(out, field{text: s[start:i], start: start})
			start = i + 1
			continue
		}
		if s[i] == '"' {
			q = !q
		}
	}
	return out
}
