package rules

// Stages: the images of a stage chain and which stages are shipped, as
// rules need them, and how a stage's base image is shown. lint.Stage
// answers Base and Ancestors; lint.Document RootStage, Inherited,
// StageByRef and UsedStages.

import (
	"strconv"
	"strings"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/syntax"
)

// imageRange returns the source range of span (offsets into
// st.Resolved) when the image was written without variables, and the
// whole image word otherwise.
func imageRange(st *lint.Stage, span syntax.Range) syntax.Range {
	if st.Image.Value == st.Resolved && span.End > span.Start {
		return st.From.SrcRange(st.Image.Pos+span.Start, st.Image.Pos+span.End)
	}
	return st.Image.Range
}

// imageShown describes the image of a stage for messages: the resolved
// reference, with the text as written when ARGs were expanded.
func imageShown(st *lint.Stage) string {
	if st.Image.Value == st.Resolved {
		return strconv.Quote(st.Resolved)
	}
	return strconv.Quote(st.Resolved) + " (from " + strconv.Quote(st.Image.Value) + ")"
}

// stagesShipped reports, per stage index, whether the stage's layers end up in
// an image: the last stage, a stage that nothing uses (a --target), and
// the stages a shipping stage is built FROM. A stage used only through
// COPY --from or RUN --mount=from= (or only as the base of such stages)
// does not ship. It is computed once per document (the rules that ask
// share it): never modify it.
func stagesShipped(doc *lint.Document) []bool {
	return doc.Memo(shippedKey{}, func() any { return computeStagesShipped(doc) }).([]bool)
}

// shippedKey is the key of the document's stagesShipped in Document.Memo.
type shippedKey struct{}

// computeStagesShipped is stagesShipped, computed.
func computeStagesShipped(doc *lint.Document) []bool {
	n := len(doc.Stages)
	ships := make([]bool, n)
	copied := make([]bool, n)
	based := make([]bool, n)
	mark := func(ref string) {
		ref = lint.Unquote(ref)
		if ref == "" || strings.Contains(ref, "$") {
			return
		}
		if i, err := strconv.Atoi(ref); err == nil {
			if i >= 0 && i < n {
				copied[i] = true
			}
			return
		}
		if st := doc.StageByName(ref, -1); st != nil {
			copied[st.Index] = true
		}
	}
	for _, st := range doc.Stages {
		if b := st.BaseStage; b != nil && b.Index < st.Index {
			based[b.Index] = true
		}
		for _, ins := range st.Instructions {
			switch ins.Cmd {
			case "copy", "add":
				for _, f := range ins.Flags {
					if f.Name == "from" {
						mark(f.Value)
					}
				}
			case "run":
				for _, m := range runMounts(ins) {
					mark(m.From)
				}
			}
		}
	}
	for i := n - 1; i >= 0; i-- {
		if i == n-1 || !copied[i] && !based[i] {
			ships[i] = true
			continue
		}
		for _, st := range doc.Stages[i+1:] {
			if st.BaseStage != nil && st.BaseStage.Index == i && ships[st.Index] {
				ships[i] = true
				break
			}
		}
	}
	return ships
}

// runShips reports whether the layers of a RUN end up in an image: an
// ONBUILD trigger always does (it runs in the child image).
func runShips(doc *lint.Document, ships []bool, r runScript) bool {
	if r.OnBuild {
		return true
	}
	st := doc.StageOf(r.Ins)
	return st == nil || st.Index >= len(ships) || ships[st.Index]
}

// chainImages returns the image references (path and tag, lower case)
// of the stage of ins and of the stages it is built from.
func chainImages(doc *lint.Document, ins *syntax.Instruction) []string {
	st := doc.StageOf(ins)
	if st == nil {
		return nil
	}
	var out []string
	for _, s := range st.Ancestors(64) {
		out = append(out, strings.ToLower(s.Ref.Path+":"+s.Ref.Tag))
	}
	return out
}
