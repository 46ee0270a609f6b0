package cli

import (
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/berth-dev/berth/internal/corpus"
)

// corpusFiles lists the corpus's Dockerfiles (corpus.Files).
func corpusFiles(tb testing.TB) []string { return corpus.Files(tb) }

// BenchmarkLintCorpus lints the corpus in-process through the CLI's code
// path: flags, configuration lookup, parallel linting, text report.
// ShellCheck is off: its process start-ups would dominate the figure.
//
// It loops on b.N, as BenchmarkCorpusBuildKit (rules) does, so that the
// two are timed alike: with -benchtime 1x each times one pass in a fresh
// process, as a CLI run is; with more, the testing package runs one pass
// first and times the passes after it, for both.
func BenchmarkLintCorpus(b *testing.B) {
	files := corpusFiles(b)
	e := &Env{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: io.Discard, Getenv: func(string) string { return "" }}
	args := append([]string{"lint", "--no-fail", "--shellcheck=off"}, files...)
	// The collector as berth's Main sets it, restored after.
	percent := debug.SetGCPercent(-1)
	debug.SetGCPercent(percent)
	defer debug.SetGCPercent(percent)
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1)) // -1 reads the limit
	tuneCollector(os.Getenv)
	b.ReportMetric(float64(len(files)), "files/op")
	b.ResetTimer()
	for range b.N {
		if code := Run(e, args); code != exitOK {
			b.Fatalf("berth lint exited with status %d", code)
		}
	}
}

// TestLintCorpus lints the corpus once, checking that no file makes berth
// fail (exit 2) or report an internal error.
func TestLintCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	files := corpusFiles(t)
	if raceEnabled {
		// Every 20th file still exercises the parallel path.
		var sample []string
		for i := 0; i < len(files); i += 20 {
			sample = append(sample, files[i])
		}
		files = sample
	}
	var stdout, stderr strings.Builder
	e := &Env{Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: &stderr, Getenv: func(string) string { return "" }}
	if code := Run(e, append([]string{"lint", "--no-fail", "--shellcheck=off"}, files...)); code != exitOK {
		t.Errorf("berth lint exited with status %d:\n%s", code, lastLines(stderr.String(), 20))
	}
	for line := range strings.Lines(stdout.String()) {
		if strings.Contains(line, " BR900 ") {
			t.Errorf("internal error: %s", line)
		}
	}
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

// BenchmarkLintSmallFile lints one small Dockerfile in-process: what
// "berth lint Dockerfile" costs after the process has started.
func BenchmarkLintSmallFile(b *testing.B) {
	path := filepath.Join(b.TempDir(), "Dockerfile")
	src := "FROM alpine:3.19\nMAINTAINER jane\nRUN apk add --no-cache curl && rm -rf /tmp/*\nCOPY . /app\nCMD [\"/app/run\"]\n"
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		b.Fatal(err)
	}
	e := &Env{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: io.Discard, Getenv: func(string) string { return "" }}
	for b.Loop() {
		Run(e, []string{"lint", "--no-fail", "--shellcheck=off", path})
	}
}
