package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// BenchmarkStartup is issue 10's start-up row: "berth lint" on a
// three-line Dockerfile, from process start to exit, beside a Go
// hello-world, both built as the project's image builds berth (static,
// trimmed, stripped) and run the same way in the same run; beside them
// too, parser-only, a program that links BuildKit's parser and does
// nothing (testdata/parseronly): what the parser's packages cost each
// start, whatever is built on them. Besides the
// mean (ns/op) each reports its median in ms (p50-ms), which a loaded
// machine disturbs less.
func BenchmarkStartup(b *testing.B) {
	dir := b.TempDir()
	build := func(out, pkg, in string) {
		cmd := exec.Command("go", "build", "-trimpath", "-ldflags", "-s -w", "-o", out, pkg)
		cmd.Dir = in
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		if o, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("go build %s: %v\n%s", pkg, err, o)
		}
	}
	berthBin := filepath.Join(dir, "berth")
	build(berthBin, ".", ".")
	hello := filepath.Join(dir, "hello")
	if err := os.MkdirAll(hello, 0o755); err != nil {
		b.Fatal(err)
	}
	write := func(p, s string) {
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	write(filepath.Join(hello, "go.mod"), "module hello\n\ngo 1.26\n")
	write(filepath.Join(hello, "main.go"), "package main\n\nimport \"os\"\n\nfunc main() { os.Stdout.WriteString(\"hello\\n\") }\n")
	helloBin := filepath.Join(dir, "hello-bin")
	build(helloBin, ".", hello)
	parserOnly := filepath.Join(dir, "parser-only")
	build(parserOnly, "./testdata/parseronly", ".")
	// The Dockerfile alone in its folder, its build context.
	ctx := filepath.Join(dir, "ctx")
	if err := os.MkdirAll(ctx, 0o755); err != nil {
		b.Fatal(err)
	}
	small := filepath.Join(ctx, "Dockerfile")
	write(small, "FROM alpine:3.19\nRUN apk add --no-cache curl\nCMD [\"sh\"]\n")

	run := func(b *testing.B, name string, args ...string) {
		times := make([]time.Duration, 0, b.N)
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			cmd := exec.Command(name, args...)
			cmd.Dir = ctx
			t := time.Now()
			err := cmd.Run()
			times = append(times, time.Since(t))
			if _, ok := err.(*exec.ExitError); err != nil && !ok {
				b.Fatal(err)
			}
		}
		b.StopTimer()
		slices.Sort(times)
		b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "p50-ms")
	}
	// Interleaved rounds would be fairer still; sub-benchmarks run in
	// turn, so each is run twice, berth first then last.
	b.Run("berth", func(b *testing.B) { run(b, berthBin, "lint", "--shellcheck", "off", small) })
	b.Run("hello", func(b *testing.B) { run(b, helloBin) })
	b.Run("parser-only", func(b *testing.B) { run(b, parserOnly) })
	b.Run("berth-again", func(b *testing.B) { run(b, berthBin, "lint", "--shellcheck", "off", small) })
}
