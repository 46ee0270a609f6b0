package rules

import (
	"os"
	"testing"

	"github.com/berth-dev/berth/lint"
)

// BenchmarkLintBig lints the language-server benchmark's 3,600-line file
// (BERTH_BIG_FILE, made by ../shared/tools/lspbench/gen-big.py).
func BenchmarkLintBig(b *testing.B) {
	path := os.Getenv("BERTH_BIG_FILE")
	if path == "" {
		b.Skip("set BERTH_BIG_FILE to a large Dockerfile")
	}
	src, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
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
