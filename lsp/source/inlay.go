package source

import (
	"slices"
	"strings"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/syntax"
)

// InlayKind says what an InlayHint shows.
type InlayKind int

const (
	// ValueHint is the value a variable reference resolves to.
	ValueHint InlayKind = iota + 1
	// BaseImageHint is the image a stage built FROM another stage starts
	// from in the end.
	BaseImageHint
)

// InlayHint is a piece of text an editor shows at Pos, which is not in the
// file.
type InlayHint struct {
	Pos   int
	Label string
	Kind  InlayKind
	// Stage is the stage a BaseImageHint is about.
	Stage *lint.Stage
}

// maxHintValue bounds the length of a value shown in a hint.
const maxHintValue = 40

// InlayHints returns the hints of the instructions that meet r, in source
// order: after each variable reference whose value the file sets (a meta
// ARG's default on FROM lines; the ARG or ENV in scope elsewhere, unless
// its value itself uses variables), "= value"; after the image of a stage
// built FROM an earlier stage, "→ image", the image at the root of the
// chain.
func InlayHints(doc *lint.Document, r syntax.Range) []InlayHint {
	var out []InlayHint
	ix := newIndex(doc)
	for _, o := range ix.occs {
		if o.kind != symVar || o.decl || o.full.End < r.Start || o.full.Start > r.End {
			continue
		}
		v := doc.Lookup(o.ins, o.name)
		if v == nil || !v.HasValue || v.Kind == lint.BuiltinVar {
			continue
		}
		val := v.Value
		if doc.StageOf(o.ins) != nil && doc.StageOf(o.ins).From == o.ins {
			val, _ = doc.ExpandMeta("${" + o.name + "}")
		} else if strings.Contains(val, "$") {
			continue
		}
		out = append(out, InlayHint{Pos: o.full.End, Label: "= " + clip(val), Kind: ValueHint})
	}
	for _, st := range doc.Stages {
		if st.BaseStage == nil || st.From.Range.End < r.Start || st.From.Range.Start > r.End {
			continue
		}
		root, seen := st, map[*lint.Stage]bool{}
		for root.BaseStage != nil && root.BaseStage.Index < root.Index && !seen[root] {
			seen[root] = true
			root = root.BaseStage
		}
		if root == st || root.Resolved == "" {
			continue
		}
		out = append(out, InlayHint{Pos: st.Image.Range.End, Label: "→ " + clip(root.Resolved), Kind: BaseImageHint, Stage: root})
	}
	sortHints(out)
	return out
}

func clip(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) <= maxHintValue {
		return s
	}
	i := maxHintValue - 1
	for i > 0 && s[i]&0xC0 == 0x80 {
		i--
	}
	return s[:i] + "…"
}

func sortHints(hs []InlayHint) {
	slices.SortStableFunc(hs, func(a, b InlayHint) int { return a.Pos - b.Pos })
}
