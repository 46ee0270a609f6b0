package rules

import (
	"fmt"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/syntax"
)

// DL3067 reports COPY --from=stage / /.
var DL3067 = &lint.Rule{
	Code:     "DL3067",
	Name:     "copy-whole-filesystem",
	Title:    "Do not copy a whole filesystem from another stage",
	Severity: lint.Warning,
	Fix:      lint.NoFix,
	Check:    checkCopyWholeFS,
}

func checkCopyWholeFS(p *lint.Pass) {
	esc := p.Doc.File.Escape
	for _, st := range p.Doc.Stages {
		if st.IsScratch() {
			// Copying a root into an empty image flattens it: the usual
			// way to squash layers.
			continue
		}
		for _, ins := range st.Instructions {
			if ins.Cmd != "copy" {
				continue
			}
			f := ins.Flag("from")
			if f == nil {
				continue
			}
			args := copyArgs(ins)
			if len(args) < 2 {
				continue
			}
			if d, ok := copyArgLiteral(ins, args[len(args)-1], esc); !ok || !isRoot(d) {
				continue
			}
			from, _ := syntax.Literal(f.Value, esc)
			if overlayCopy(p.Doc, st, from) {
				continue
			}
			for _, a := range args[:len(args)-1] {
				if s, ok := copyArgLiteral(ins, a, esc); ok && isRoot(s) {
					p.Report(lint.Diagnostic{
						Range:   syntax.Range{Start: a.Range.Start, End: args[len(args)-1].Range.End},
						Message: fmt.Sprintf("this copies the whole filesystem of %q over this stage's: copy only the paths you need", from),
					})
					break
				}
			}
		}
	}
}

func isRoot(s string) bool { return s == "/" || s == "/." || s == "/./" }

// knownOverlays are images built from scratch to be copied over another
// image with COPY --from=… / /.
var knownOverlays = map[string]bool{
	"tonistiigi/xx":       true, // cross-compilation helpers
	"gloursdocker/docker": true, // Docker CLI for dev environments
}

// overlayCopy reports whether copying the root of from over stage st is
// the known idiom it usually is: from was built on scratch (an overlay), is
// a known overlay image, or has the same base image as st (squashing the
// layers of a stage built on the same image).
func overlayCopy(doc *lint.Document, st *lint.Stage, from string) bool {
	src := doc.StageByRef(from)
	if src == nil {
		return knownOverlays[syntax.ParseImageRef(from).Familiar()]
	}
	root := doc.RootStage(src)
	if root.IsScratch() || knownOverlays[root.Ref.Familiar()] {
		return true
	}
	return root.Resolved != "" && root.Resolved == doc.RootStage(st).Resolved
}
