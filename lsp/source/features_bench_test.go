package source

import (
	"testing"

	"github.com/berth-dev/berth/internal/corpus"
	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/syntax"
)

// BenchmarkFeaturesBigFile times each editor feature of this package on
// the 3,600-line benchmark file (BERTH_BENCH_FILE, see corpus.BenchFile),
// on a new document each time, as after an edit (building the document
// is not counted):
//
//	python3 tools/lspbench/gen-big.py > /tmp/big.Dockerfile
//	BERTH_BENCH_FILE=/tmp/big.Dockerfile go test -run '^$' -bench FeaturesBigFile ./lsp/source
func BenchmarkFeaturesBigFile(b *testing.B) {
	const path = "Dockerfile"
	src := corpus.BenchFile(b)
	var doc *lint.Document
	mid := len(src) / 2
	for _, c := range []struct {
		name string
		f    func()
	}{
		{"semantic-tokens", func() { SemanticTokens(doc, syntax.Range{}) }},
		{"semantic-range", func() { SemanticTokens(doc, syntax.Range{Start: mid, End: mid + 4000}) }},
		{"signature", func() { SignatureAt(doc, mid, "") }},
		{"selection", func() { SelectionRanges(doc, mid) }},
		{"inlay-hints", func() { InlayHints(doc, syntax.Range{Start: mid, End: mid + 4000}) }},
		{"on-type", func() { OnTypeFormat(doc, mid, "\n") }},
		{"lenses", func() { StageLenses(doc) }},
		{"workspace-symbols", func() { WorkspaceSymbols(doc, "a") }},
		{"definition", func() { Definition(doc, mid) }},
	} {
		b.Run(c.name, func(b *testing.B) {
			for range b.N {
				b.StopTimer()
				doc = lint.NewDocument(path, src)
				b.StartTimer()
				c.f()
			}
		})
	}
}
