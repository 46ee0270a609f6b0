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
	b.ResetTimer()
	for i := range b.N {
		// A new comment each time, as an editor's edit.
		edited := append([]byte(nil), src...)
		edited = append(edited, []byte("# edit "+string(rune('a'+i%26))+"\n")...)
		lint.Run(lint.NewDocument("Dockerfile", edited), all, nil)
	}
}
