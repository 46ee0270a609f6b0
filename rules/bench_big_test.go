package rules

import (
	"testing"

	"github.com/berth-dev/berth/internal/corpus"
	"github.com/berth-dev/berth/lint"
)

// BenchmarkLintBig lints the language-server benchmark's 3,600-line file
// (BERTH_BENCH_FILE, see corpus.BenchFile).
func BenchmarkLintBig(b *testing.B) {
	src := corpus.BenchFile(b)
	all := All()
	cfg := &lint.Config{ShellCheck: new(bool)}
	prev := lint.NewDocument("Dockerfile", src)
	b.ResetTimer()
	for i := range b.N {
		// A new comment each time, as an editor's edit; the previous
		// version's parse is reused as the language server does.
		edited := append([]byte(nil), src...)
		edited = append(edited, []byte("# edit "+string(rune('a'+i%26))+"\n")...)
		doc := lint.NewDocumentIncremental("Dockerfile", edited, prev)
		lint.Run(doc, all, cfg)
		prev = doc
	}
}
