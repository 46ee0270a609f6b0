// Package corpus finds the shared corpus of real Dockerfiles that tests
// sweep: ../shared/corpus beside the project, or the folder BERTH_CORPUS
// names. It is for tests only; the corpus is never part of the project.
package corpus

import (
	"iter"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"
)

// Dir returns the corpus folder, and false when it is absent.
func Dir() (string, bool) {
	dir := os.Getenv("BERTH_CORPUS")
	if dir == "" {
		_, file, _, ok := runtime.Caller(0)
		if !ok {
			return "", false
		}
		// internal/corpus/corpus.go → the project's folder → ../shared.
		dir = filepath.Join(filepath.Dir(file), "..", "..", "..", "shared", "corpus")
	}
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return dir, false
	}
	return dir, true
}

// Files lists the corpus's Dockerfiles (see List), and skips the test
// when there are none.
func Files(tb testing.TB) []string {
	tb.Helper()
	files, err := List()
	if err != nil {
		tb.Fatalf("listing the corpus: %v", err)
	}
	if len(files) == 0 {
		dir, _ := Dir()
		tb.Skipf("no corpus at %s (set BERTH_CORPUS)", dir)
	}
	return files
}

// Sources yields the path and text of the corpus's Dockerfiles (see
// List): every one, or every tenth under go test -short; none when the
// corpus is absent, so that a test can sweep it beside cases of its own. A
// file that cannot be read fails the test.
func Sources(tb testing.TB) iter.Seq2[string, []byte] {
	tb.Helper()
	files, err := List()
	if err != nil {
		tb.Fatalf("listing the corpus: %v", err)
	}
	step := 1
	if testing.Short() {
		step = 10
	}
	return func(yield func(string, []byte) bool) {
		for i := 0; i < len(files); i += step {
			src, err := os.ReadFile(files[i])
			if err != nil {
				tb.Fatal(err)
			}
			if !yield(files[i], src) {
				return
			}
		}
	}
}

// List lists the corpus's Dockerfiles in a stable order, none when the
// corpus is absent. Left out: its templates and fragments (not Dockerfile
// syntax on purpose), its notes (*.md) and BuildKit's AST dumps
// (*__result).
func List() ([]string, error) {
	dir, ok := Dir()
	if !ok {
		return nil, nil
	}
	var files []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if p != dir && (name == "templates" || name == "fragments") {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() || strings.HasSuffix(name, ".md") || strings.HasSuffix(name, "__result") {
			return nil
		}
		files = append(files, p)
		return nil
	})
	sort.Strings(files)
	return files, err
}

// BenchFile returns the text of the big Dockerfile the benchmarks of one
// large file read (BERTH_BENCH_FILE, made by tools/lspbench/gen-big.py),
// and skips the benchmark when none is named.
func BenchFile(tb testing.TB) []byte {
	tb.Helper()
	path := os.Getenv("BERTH_BENCH_FILE")
	if path == "" {
		tb.Skip("set BERTH_BENCH_FILE to a Dockerfile (python3 tools/lspbench/gen-big.py > big.Dockerfile)")
	}
	text, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return text
}
