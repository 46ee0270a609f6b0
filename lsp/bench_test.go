package lsp

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"syscall"
	"testing"
	"time"

	"go.lsp.dev/uri"

	"github.com/berth-dev/berth/internal/corpus"
	"github.com/berth-dev/berth/rules"
)

// BenchmarkEditBigFile measures what an edit costs the server on a big
// Dockerfile (BERTH_BENCH_FILE, e.g. lspbench's 3,600-line file): a new
// snapshot, its lint, the protocol diagnostics and the publishDiagnostics
// message (its frame, header included). The edit adds a comment line at
// the end of the file.
func BenchmarkEditBigFile(b *testing.B) {
	text := corpus.BenchFile(b)
	benchEdits(b, text, func(i int) []byte {
		return append(append([]byte(nil), text...), fmt.Sprintf("\n# edit %d\n", i)...)
	})
}

// BenchmarkEditMiddleOfBigFile is BenchmarkEditBigFile for edits in the
// stage in the middle of the file: "type" types at the end of the line
// after its FROM (what follows moves by a few bytes, no line moves),
// "newline" adds a comment line there (every line below moves).
func BenchmarkEditMiddleOfBigFile(b *testing.B) {
	text := corpus.BenchFile(b)
	starts := stageStarts(text)
	if len(starts) < 3 {
		b.Skip("BERTH_BENCH_FILE has fewer than three stages")
	}
	// The end of the line after the middle stage's FROM.
	at := starts[len(starts)/2]
	at += bytes.IndexByte(text[at:], '\n') + 1
	if n := bytes.IndexByte(text[at:], '\n'); n >= 0 {
		at += n
	}
	edit := func(insert string) []byte {
		t := make([]byte, 0, len(text)+len(insert))
		return append(append(append(t, text[:at]...), insert...), text[at:]...)
	}
	b.Run("type", func(b *testing.B) {
		benchEdits(b, text, func(i int) []byte { return edit(strconv.Itoa(i)) })
	})
	b.Run("newline", func(b *testing.B) {
		benchEdits(b, text, func(i int) []byte {
			if i%2 == 0 {
				return edit("\n# edit")
			}
			return text
		})
	})
}

// stageStarts returns the offsets of the lines of text that start with
// FROM (in any case).
func stageStarts(text []byte) []int {
	var out []int
	for at := 0; at < len(text); {
		if len(text)-at > 5 && bytes.EqualFold(text[at:at+5], []byte("from ")) {
			out = append(out, at)
		}
		n := bytes.IndexByte(text[at:], '\n')
		if n < 0 {
			break
		}
		at += n + 1
	}
	return out
}

// benchEdits runs b.N edits of one document, the i-th making version
// edit(i) of text, and reports the CPU an edit takes (all threads: the
// collector's included) and the size of the last message.
func benchEdits(b *testing.B, text []byte, edit func(i int) []byte) {
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
	// an edit's. ShellCheck answers in the background: the server then
	// lints the version again with its findings (Server.followUp), and
	// that is the snapshot the first edit starts from. Without the wait,
	// the edits made while ShellCheck runs each lint the whole file.
	prev := srv.newSnapshot(uri, -1, text)
	prev.convert()
	if prev.deferred.Pending() {
		if err := prev.deferred.Wait(context.Background()); err != nil {
			b.Fatal(err)
		}
		next := srv.newSnapshot(uri, -1, text)
		next.deferred = prev.deferred
		next.convert()
		prev = next
	}
	msgBytes := 0
	var pub publication
	var ru0, ru1 syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru0)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		snap := srv.newSnapshot(uri, int32(i), edit(i))
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
