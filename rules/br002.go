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
	Check:    checkBR002,
}

func checkBR002(p *lint.Pass) {
	var refs map[string][]stageRefUse
	for _, st := range p.Doc.Stages {
		// BuildKit looks at "FROM image AS name" with exactly three words.
		// A name holding a variable is not a valid stage name at all.
		if st.NameToken == nil || len(st.From.Words()) != 3 || st.Name == strings.ToLower(st.Name) || strings.Contains(st.Name, "$") {
			continue
		}
		if refs == nil {
			refs = stageRefUses(p.Doc)
		}
		lower := strings.ToLower(st.Name)
		edits := []lint.Edit{{Range: st.NameToken.Range, NewText: lower}}
		for _, ref := range refs[lower] {
			if ref.value != lower && p.Doc.StageByName(ref.value, ref.stage) == st {
				edits = append(edits, lint.Edit{Range: ref.rng, NewText: lower})
			}
		}
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

// stageRefUse is a place that names a stage: FROM st, COPY --from=st or
// RUN --mount=from=st.
type stageRefUse struct {
	value string       // the name as written, quotes removed
	stage int          // index of the stage the reference is in
	rng   syntax.Range // where the name is written
}

// stageRefUses collects the stage references of the file, keyed by the
// lower-cased name, in one pass.
func stageRefUses(doc *lint.Document) map[string][]stageRefUse {
	refs := map[string][]stageRefUse{}
	add := func(v string, stage int, r syntax.Range) {
		k := strings.ToLower(v)
		refs[k] = append(refs[k], stageRefUse{value: v, stage: stage, rng: r})
	}
	for _, s := range doc.Stages {
		if s.BaseStage != nil {
			add(s.Image.Value, s.Index, s.Image.Range)
		}
		for _, ins := range s.Instructions {
			for _, f := range ins.Flags {
				switch {
				case f.Name == "from" && ins.Cmd == "copy" && f.HasValue:
					v, off := unquotedName(f.Value)
					pos := f.Pos + 3 + len(f.Name) + off
					add(v, s.Index, ins.SrcRange(pos, pos+len(v)))
				case f.Name == "mount" && ins.Cmd == "run" && f.HasValue:
					for _, fld := range csvFields(f.Value) {
						k, v, ok := strings.Cut(fld.text, "=")
						if !ok || !strings.EqualFold(strings.TrimSpace(k), "from") {
							continue
						}
						uv, off := unquotedName(v)
						pos := f.Pos + 3 + len(f.Name) + fld.start + len(k) + 1 + off
						add(uv, s.Index, ins.SrcRange(pos, pos+len(uv)))
					}
				}
			}
		}
	}
	return refs
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
