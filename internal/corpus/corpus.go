// Package corpus finds the shared corpus of real Dockerfiles that tests
// sweep: ../shared/corpus beside the project, or the folder BERTH_CORPUS
// names. It is for tests only; the corpus is never part of the project.
package corpus

import (
	"os"
	"path/filepath"
	"runtime"
	"sort"
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

// Files lists the corpus's Dockerfiles in a stable order, templates
// excluded (their placeholders are not Dockerfile syntax). It skips the
// test when the corpus is absent.
func Files(tb testing.TB) []string {
	tb.Helper()
	dir, ok := Dir()
	if !ok {
		tb.Skipf("corpus %s not found (set BERTH_CORPUS)", dir)
	}
	var files []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if d.Name() == "templates" {
				return filepath.SkipDir
			}
			return nil
		}
		files = append(files, p)
		return nil
	})
	if err != nil {
		tb.Fatalf("listing the corpus: %v", err)
	}
	sort.Strings(files)
	return files
}
