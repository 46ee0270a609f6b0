package cli

import (
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/berth-dev/berth/rules"
)

// TestLintAllHoldsFewFiles: when the report is slower than linting, the
// workers wait rather than run ahead holding every file's text and
// findings (they used to: 600 files of 45 KB took 395 MB with --format
// json and 49 MB with text). The count of outcomes held at once is
// bounded by aheadPerWorker times the number of workers, whatever the
// number of files.
func TestLintAllHoldsFewFiles(t *testing.T) {
	var inputs []*input
	for i := range 120 {
		inputs = append(inputs, &input{path: fmt.Sprintf("f%d", i), data: []byte("FROM alpine:3.19\nMAINTAINER x\n"), dir: "."})
	}
	if err := assignConfigs(inputs, "", "", nil, nil, 0); err != nil {
		t.Fatal(err)
	}
	l := &linter{rules: rules.All()}
	n := 0
	l.lintAll(inputs, func(i int, out *outcome) {
		n++
		time.Sleep(2 * time.Millisecond) // a slow report
	})
	if n != len(inputs) {
		t.Fatalf("done called %d times, want %d", n, len(inputs))
	}
	if limit := aheadPerWorker * min(runtime.GOMAXPROCS(0), len(inputs)); l.maxAhead > limit {
		t.Errorf("lintAll held %d outcomes at once, want at most %d", l.maxAhead, limit)
	}
}
