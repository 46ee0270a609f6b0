package lsp

import (
	"fmt"
	"os"
	"syscall"
	"testing"
	"time"

	"github.com/berth-dev/berth/rules"
)

// BenchmarkEditBigFile measures what an edit costs the server on a big
// Dockerfile (BERTH_BENCH_FILE, e.g. lspbench's 3,600-line file): a new
// snapshot, its lint, the protocol diagnostics and their encoding.
func BenchmarkEditBigFile(b *testing.B) {
	path := os.Getenv("BERTH_BENCH_FILE")
	if path == "" {
		b.Skip("set BERTH_BENCH_FILE to a Dockerfile")
	}
	text, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	srv := NewServer(Options{Rules: rules.All()})
	var prev *Snapshot
	var ru0, ru1 syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru0)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t := append(append([]byte(nil), text...), fmt.Sprintf("\n# edit %d\n", i)...)
		snap := srv.newSnapshot("file:///tmp/Dockerfile", int32(i), t)
		snap.prev = prev
		snap.convert()
		prev = snap
	}
	b.StopTimer()
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru1)
	cpu := time.Duration(ru1.Utime.Nano()+ru1.Stime.Nano()-ru0.Utime.Nano()-ru0.Stime.Nano()) / time.Duration(b.N)
	b.ReportMetric(float64(cpu.Microseconds())/1000, "cpu-ms/op")
}
