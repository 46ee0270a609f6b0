package source

import (
	"os"
	"testing"
	"time"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/syntax"
)

// TestNewFeaturesFast checks that each new feature answers within 5 ms on
// the 3,600-line benchmark file (BERTH_BIG names it; skipped otherwise).
func TestNewFeaturesFast(t *testing.T) {
	path := os.Getenv("BERTH_BIG")
	if path == "" {
		t.Skip("BERTH_BIG not set")
	}
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var doc *lint.Document
	mid := len(src) / 2
	for name, f := range map[string]func(){
		"semantic tokens": func() { SemanticTokens(doc, syntax.Range{}) },
		"semantic range":  func() { SemanticTokens(doc, syntax.Range{Start: mid, End: mid + 4000}) },
		"signature":       func() { SignatureAt(doc, mid, "") },
		"selection":       func() { SelectionRanges(doc, mid) },
		"inlay hints":     func() { InlayHints(doc, syntax.Range{Start: mid, End: mid + 4000}) },
		"on type":         func() { OnTypeFormat(doc, mid, "\n") },
		"lenses":          func() { StageLenses(doc) },
		"workspace syms":  func() { WorkspaceSymbols(doc, "a") },
		"definition":      func() { Definition(doc, mid) },
	} {
		// Cold: on a new document, as after an edit (the document itself,
		// built by the snapshot, not counted).
		const n = 5
		var d time.Duration
		for range n {
			doc = lint.NewDocument(path, src)
			start := time.Now()
			f()
			d += time.Since(start)
		}
		d /= n
		t.Logf("%s: %v", name, d)
		if d > 5*time.Millisecond && !testing.Short() {
			t.Errorf("%s takes %v on %d lines, more than 5 ms", name, d, doc.File.LineCount())
		}
	}
}
