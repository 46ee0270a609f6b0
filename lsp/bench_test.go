package lsp

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"syscall"
	"testing"
	"time"

	"go.lsp.dev/uri"

	"github.com/berth-dev/berth/rules"
)

// BenchmarkEditBigFile measures what an edit costs the server on a big
// Dockerfile (BERTH_BENCH_FILE, e.g. lspbench's 3,600-line file): a new
// snapshot, its lint, the protocol diagnostics and the publishDiagnostics
// message (its frame, header included).
func BenchmarkEditBigFile(b *testing.B) {
	text := benchFile(b)
	// The collector runs as it does in the server (see Main).
	defer debug.SetGCPercent(debug.SetGCPercent(gcPercent))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(memoryLimit))
	srv := NewServer(Options{Rules: rules.All()})
	// The file lies alone in a folder of its own, its build context: the
	// figure is the editor's cost, not that of walking whatever folder
	// the benchmark file was generated in.
	uri := uri.File(filepath.Join(b.TempDir(), "Dockerfile"))
	// One version first, as the editor has when the user starts typing:
	// its lint (ShellCheck's scripts included) is the opening's cost, not
	// an edit's.
	prev := srv.newSnapshot(uri, -1, text)
	prev.convert()
	msgBytes := 0
	var pub publication
	var ru0, ru1 syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru0)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t := append(append([]byte(nil), text...), fmt.Sprintf("\n# edit %d\n", i)...)
		snap := srv.newSnapshot(uri, int32(i), t)
		snap.prev = prev
		snap.convert()
		frame, _ := pub.frame(snap, nil)
		msgBytes = len(frame)
		prev = snap
	}
	b.StopTimer()
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru1)
	cpu := time.Duration(ru1.Utime.Nano()+ru1.Stime.Nano()-ru0.Utime.Nano()-ru0.Stime.Nano()) / time.Duration(b.N)
	b.ReportMetric(float64(cpu.Microseconds())/1000, "cpu-ms/op")
	b.ReportMetric(float64(msgBytes), "msg-bytes")
}

// benchFile returns the text of the Dockerfile the benchmarks of a big
// file read (BERTH_BENCH_FILE), and skips when there is none.
func benchFile(b *testing.B) []byte {
	b.Helper()
	path := os.Getenv("BERTH_BENCH_FILE")
	if path == "" {
		b.Skip("set BERTH_BENCH_FILE to a Dockerfile")
	}
	text, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	return text
}
