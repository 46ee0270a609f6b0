package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/berth-dev/berth/rules"
)

// TestLintAllHoldsFewFiles: when the report is slower than linting, the
// workers wait rather than run ahead holding every file's text and
// findings (they used to: 600 files of 45 KB took 395 MB with --format
// json and 49 MB with text). The count of outcomes held at once is
// bounded by aheadPerWorker times the number of workers, whatever the
// number of files; the outcomes wait in a ring of that size, and each
// reaches done with its own input's text and findings, in order, whether
// the report is slower than linting or not.
func TestLintAllHoldsFewFiles(t *testing.T) {
	var inputs []*input
	for i := range 120 {
		// Every third file has a finding (DL4000), the others none.
		src := fmt.Sprintf("# file %d\nFROM alpine:3.19\n", i)
		if i%3 == 0 {
			src += "MAINTAINER x\n"
		}
		inputs = append(inputs, &input{path: fmt.Sprintf("f%d", i), data: []byte(src), dir: "."})
	}
	if err := assignConfigs(inputs, "", "", nil, nil, 0); err != nil {
		t.Fatal(err)
	}
	for _, slow := range []bool{true, false} {
		l := &linter{rules: rules.All()}
		n := 0
		l.lintAll(inputs, func(i int, out *outcome) {
			if i != n || out.result.Path != inputs[i].path || string(out.result.Src) != string(inputs[i].data) {
				t.Fatalf("done's call %d: input %d, %s, %q; want input %d, %s, %q", n, i, out.result.Path, out.result.Src, n, inputs[n].path, inputs[n].data)
			}
			if got, want := len(out.result.Diagnostics) > 0, i%3 == 0; got != want {
				t.Errorf("%s: findings %v, want findings: %v", out.result.Path, out.result.Diagnostics, want)
			}
			n++
			if slow {
				time.Sleep(2 * time.Millisecond) // a slow report
			}
		})
		if n != len(inputs) {
			t.Fatalf("done called %d times, want %d", n, len(inputs))
		}
		if limit := aheadPerWorker * min(runtime.GOMAXPROCS(0), len(inputs)); l.maxAhead > limit {
			t.Errorf("slow report %v: lintAll held %d outcomes at once, want at most %d", slow, l.maxAhead, limit)
		}
	}
}

// writeLog is stdout and stderr in one: it keeps what each write wrote,
// in order, and which stream wrote it.
type writeLog struct {
	writes []string
	from   []string
}

type logStream struct {
	log  *writeLog
	name string
}

func (s logStream) Write(p []byte) (int, error) {
	s.log.writes = append(s.log.writes, string(p))
	s.log.from = append(s.log.from, s.name)
	return len(p), nil
}

// TestReportWrites: a report to a pipe or a file is written in few writes,
// not one per file; to a terminal, file by file. Either way, a file that
// cannot be read is reported on stderr after the findings of the files
// before it and before those of the files after it, as for readers of
// both streams in one log.
func TestReportWrites(t *testing.T) {
	dir := t.TempDir()
	var paths []string
	for i := range 6 {
		p := filepath.Join(dir, fmt.Sprintf("Dockerfile.%d", i))
		if err := os.WriteFile(p, []byte("FROM alpine:3.19\nMAINTAINER me\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
		if i == 2 {
			paths = append(paths, filepath.Join(dir, "missing"))
		}
	}
	for _, tty := range []bool{false, true} {
		log := &writeLog{}
		e := &Env{Stdin: strings.NewReader(""), Stdout: logStream{log, "stdout"}, Stderr: logStream{log, "stderr"},
			StdoutTTY: tty, Getenv: func(string) string { return "" }}
		Run(e, append([]string{"lint", "--no-fail", "--shellcheck=off", "--no-color"}, paths...))
		var stdoutWrites int
		all := strings.Join(log.writes, "")
		for _, from := range log.from {
			if from == "stdout" {
				stdoutWrites++
			}
		}
		switch {
		case !tty && stdoutWrites > 2:
			t.Errorf("to a pipe: %d writes to stdout, want the findings of 6 files in at most 2", stdoutWrites)
		case tty && stdoutWrites < 6:
			t.Errorf("to a terminal: %d writes to stdout, want one per file", stdoutWrites)
		}
		errAt := strings.Index(all, "missing")
		before, after := strings.Index(all, "Dockerfile.2:"), strings.Index(all, "Dockerfile.3:")
		if errAt < 0 || before < 0 || after < 0 || !(before < errAt && errAt < after) {
			t.Errorf("tty %v: the error on the missing file is not between the findings of the files around it:\n%s", tty, all)
		}
	}
}
