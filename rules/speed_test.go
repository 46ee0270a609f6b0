package rules

import (
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/berth-dev/berth/lint"
)

// corpusSources reads the corpus's Dockerfiles, the files berth lint's
// corpus benchmark lints (corpus.Files), for the benchmarks below.
func corpusSources(b *testing.B) [][]byte {
	var srcs [][]byte
	size := 0
	for _, path := range corpusFiles(b) {
		src, err := os.ReadFile(path)
		if err != nil {
			b.Fatal(err)
		}
		srcs = append(srcs, src)
		size += len(src)
	}
	b.SetBytes(int64(size))
	return srcs
}

// parallel runs f over srcs on GOMAXPROCS goroutines, as the CLI does.
func parallel(srcs [][]byte, f func([]byte)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= len(srcs) {
					return
				}
				f(srcs[i])
			}
		})
	}
	wg.Wait()
}

// BenchmarkCorpusBerth lints the corpus with every default rule (ShellCheck
// off), in parallel; compare with BenchmarkCorpusBuildKit, the checks of
// docker build --check run in-process the same way.
func BenchmarkCorpusBerth(b *testing.B) {
	srcs := corpusSources(b)
	all := All()
	cfg := &lint.Config{ShellCheck: new(bool)}
	b.ResetTimer()
	for range b.N {
		parallel(srcs, func(src []byte) {
			lint.Run(lint.NewDocument("Dockerfile", src), all, cfg)
		})
	}
}

// BenchmarkCorpusBuildKit runs BuildKit's own build checks
// (dockerfile2llb.DockerfileLint, offline) over the same files. It loops
// on b.N as BenchmarkLintCorpus (internal/cli) does, so that the two are
// timed alike (scripts/bench.sh: one pass in a fresh process, and the
// steady state).
func BenchmarkCorpusBuildKit(b *testing.B) {
	srcs := corpusSources(b)
	b.ResetTimer()
	for range b.N {
		parallel(srcs, func(src []byte) {
			buildkitLintSafe("Dockerfile", src)
		})
	}
}
