package rules

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/syntax"
)

// Hostile inputs (issue 14): generated files that once took time or
// memory out of proportion to their size.
var hostile = map[string]func(n int) string{
	"arg-doubling": func(n int) string {
		return "ARG A=xx\n" + strings.Repeat("ARG A=${A}${A}\n", n) + "FROM alpine:$A\n"
	},
	"nested-onbuild": func(n int) string {
		return "FROM alpine\n" + strings.Repeat("ONBUILD ", n) + "RUN true\n"
	},
	"arg-chain": func(n int) string {
		var b strings.Builder
		b.WriteString("ARG A0=x\n")
		for i := range n {
			fmt.Fprintf(&b, "ARG A%d=${A%d}\n", i+1, i)
		}
		fmt.Fprintf(&b, "FROM alpine:$A%d\n", n)
		return b.String()
	},
	"long-run": func(n int) string {
		var b strings.Builder
		b.WriteString("FROM debian\nRUN ")
		for i := range n {
			if i > 0 {
				b.WriteString(" && ")
			}
			fmt.Fprintf(&b, "apt-get install -y x%d", i)
		}
		b.WriteString("\n")
		return b.String()
	},
	"nested-default": func(n int) string {
		return "FROM alpine\nENV B=" + strings.Repeat("${a:-y", n) + strings.Repeat("}", n) + "\n"
	},
	"syntax-directives": func(n int) string {
		return strings.Repeat("# syntax=docker/dockerfile:1\n", n) + "FROM alpine\n"
	},
	"stage-chain": func(n int) string {
		var b strings.Builder
		b.WriteString("FROM alpine AS s0\n")
		for i := range n {
			fmt.Fprintf(&b, "FROM s%d AS s%d\n", i, i+1)
		}
		return b.String()
	},
	"many-runs": func(n int) string {
		var b strings.Builder
		b.WriteString("FROM alpine\n")
		for i := range n {
			fmt.Fprintf(&b, "RUN echo %d\n", i)
		}
		return b.String()
	},
}

// lintCost lints src with every rule (ShellCheck off) and returns the
// bytes allocated, the live heap the document and its findings hold, and
// the diagnostics.
func lintCost(src []byte) (alloc, live uint64, ds []lint.Diagnostic) {
	var m0, m1, m2 runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m0)
	doc := lint.NewDocument("Dockerfile", src)
	ds = lint.Run(doc, All(), &lint.Config{ShellCheck: new(bool)})
	runtime.ReadMemStats(&m1)
	runtime.GC()
	runtime.ReadMemStats(&m2)
	if f := os.Getenv("HOSTILE_HEAP"); f != "" {
		w, _ := os.Create(f)
		pprof.WriteHeapProfile(w)
		w.Close()
	}
	runtime.KeepAlive(doc)
	if m2.HeapAlloc > m0.HeapAlloc {
		live = m2.HeapAlloc - m0.HeapAlloc
	}
	return m1.TotalAlloc - m0.TotalAlloc, live, ds
}

// hostileSizes are the sizes (n, then 2n) each input is tried at: small
// under -short, the sizes of issue 14 otherwise.
var hostileSizes = map[string][2]int{
	"arg-doubling":      {24, 64},
	"nested-onbuild":    {2500, 10000},
	"arg-chain":         {5000, 20000},
	"long-run":          {2500, 20000},
	"nested-default":    {5000, 40000},
	"syntax-directives": {12500, 100000},
	"stage-chain":       {2500, 20000},
	"many-runs":         {25000, 200000},
}

// TestHostileInputsLinear lints every hostile input at n and 2n and
// requires the cost (bytes allocated) to grow at most linearly: 2n may
// cost 2.6 times n, where the quadratic paths of issue 14 cost 4 times
// and the exponential one 2^n times. Not timed: allocation counts do not
// depend on the machine.
func TestHostileInputsLinear(t *testing.T) {
	// No memo between the runs: each must pay for its own parse and shell
	// model, or the warm-up would make n look cheaper than it is.
	syntax.SetCacheBytes(0)
	defer syntax.SetCacheBytes(4 << 20)
	lint.SetScriptCacheBytes(0)
	defer lint.SetScriptCacheBytes(2 << 20)
	for kind, gen := range hostile {
		t.Run(kind, func(t *testing.T) {
			n := hostileSizes[kind][1] / 2
			if testing.Short() {
				n = hostileSizes[kind][0] / 2
			}
			if kind == "arg-doubling" {
				// Each line doubles the value: linear cost means the
				// bound holds, whatever n.
				n = hostileSizes[kind][0]
			}
			small, big := []byte(gen(n)), []byte(gen(2*n))
			lintCost(small) // warm up the rules' one-time tables
			a1, _, _ := lintCost(small)
			a2, _, _ := lintCost(big)
			ratio := float64(a2) / float64(a1)
			t.Logf("%s: %d bytes → %d allocated; %d bytes → %d allocated (x%.2f)", kind, len(small), a1, len(big), a2, ratio)
			if ratio > 2.6 {
				t.Errorf("%s: doubling the input (%d → %d bytes) multiplied the bytes allocated by %.2f: not linear", kind, len(small), len(big), ratio)
			}
		})
	}
}

// TestHostileExpansionBound: ARG A=${A}${A} repeated doubles A on every
// line; no expansion exceeds lint.MaxExpansion, whatever the number of
// lines, and BR009 says that the FROM line's expansion was cut.
func TestHostileExpansionBound(t *testing.T) {
	for _, n := range []int{10, 24, 64, 200} {
		src := []byte(hostile["arg-doubling"](n))
		alloc, _, ds := lintCost(src)
		doc := lint.NewDocument("Dockerfile", src)
		st := doc.Stages[0]
		if len(st.Resolved) > len(st.Image.Value)+lint.MaxExpansion {
			t.Errorf("n=%d: FROM resolved to %d bytes, over the bound", n, len(st.Resolved))
		}
		cut := false
		for _, d := range ds {
			if len(d.Message) > 1000 {
				t.Errorf("n=%d: %s message of %d bytes", n, d.Code, len(d.Message))
			}
			cut = cut || d.Code == "BR009" && strings.Contains(d.Message, fmt.Sprint(lint.MaxExpansion))
		}
		// 2^(n+1) bytes would be 2 KiB at n=10, 32 MiB at n=24.
		if want := n > 14; cut != want {
			t.Errorf("n=%d: BR009 reports the cut: %v, want %v (%+v)", n, cut, want, ds)
		}
		if limit := uint64(64 << 20); alloc > limit {
			t.Errorf("n=%d: %d bytes allocated for a %d-byte file", n, alloc, len(src))
		}
	}
}

// TestHostileExpandBounds tries the forms that multiply an expansion:
// many references to a long value, nested defaults, replacements of a
// value by itself; each stays within its bounds.
func TestHostileExpandBounds(t *testing.T) {
	long := strings.Repeat("x", 60000)
	for name, src := range map[string]string{
		"many refs":   "ARG A=" + long + "\nFROM alpine:" + strings.Repeat("$A", 5000) + "\n",
		"replace":     "ARG A=" + long[:30000] + "\nARG B=${A//?/$A}\nFROM alpine:$B\n",
		"nested":      "ARG A=" + strings.Repeat("${a:-", 20000) + strings.Repeat("}", 20000) + "\nFROM alpine:$A\n",
		"many froms":  "ARG A=" + long + "\n" + strings.Repeat("FROM alpine:$A\n", 3000),
		"stage envs":  "FROM alpine\nENV A=" + long + "\n" + strings.Repeat("ENV A=${A}${A}\n", 40) + "COPY $A /x\n",
		"expose refs": "FROM alpine\nARG P=" + long + "\nEXPOSE " + strings.Repeat("$P", 3000) + "\n",
	} {
		alloc, _, _ := lintCost([]byte(src))
		if limit := 40*uint64(len(src)) + 64<<20; alloc > limit {
			t.Errorf("%s: %d bytes allocated for a %d-byte file", name, alloc, len(src))
		}
	}
}

// TestHostileMemory lints 400,000 RUN lines (the 6.3 MB file of issue 14,
// 1.9 GB before) and bounds the live memory the document and its findings
// hold, per byte of input.
func TestHostileMemory(t *testing.T) {
	n := 400000
	if testing.Short() {
		n = 20000
	}
	syntax.SetCacheBytes(0)
	defer syntax.SetCacheBytes(4 << 20)
	src := []byte(hostile["many-runs"](n))
	alloc, live, _ := lintCost(src)
	t.Logf("%d bytes: %d allocated (%.0fx), %d live (%.0fx)", len(src), alloc, float64(alloc)/float64(len(src)), live, float64(live)/float64(len(src)))
	limit := hostileLiveFactor
	if testing.Short() {
		// Its 20,000 lines are shorter (14 bytes, not 16): the same cost
		// per instruction is more per byte.
		limit = hostileLiveFactorShort
	}
	if x := float64(live) / float64(len(src)); x > float64(limit) {
		t.Errorf("live memory is %.1f times the input, over %d", x, limit)
	}
}

// hostileLiveFactor bounds the live heap per byte of a file of short RUN
// lines (16 bytes each: every instruction costs its parse tree and a
// finding; a plain RUN keeps no BuildKit node): issue 14's 30 times the
// input (29.2 measured; 88 before).
const hostileLiveFactor = 30

// hostileLiveFactorShort is hostileLiveFactor for the -short size (34
// measured).
const hostileLiveFactorShort = 36

func TestHostileExplore(t *testing.T) {
	kind := os.Getenv("HOSTILE")
	if kind == "" {
		t.Skip("set HOSTILE=kind HOSTILE_N=n")
	}
	n, _ := strconv.Atoi(os.Getenv("HOSTILE_N"))
	for _, k := range []int{n, 2 * n} {
		src := []byte(hostile[kind](k))
		t0 := time.Now()
		a, live, ds := lintCost(src)
		t.Logf("%s n=%d size=%d time=%v alloc=%d (%.1fx) live=%d (%.1fx) diags=%d", kind, k, len(src), time.Since(t0), a, float64(a)/float64(len(src)), live, float64(live)/float64(len(src)), len(ds))
	}
}

// TestShellCheckHostile: a RUN of deeply nested $((((...)))) is not given
// to ShellCheck (800 levels took it 6 s and 500 MB, 1,600 levels past
// 3.8 GB), and says so; other scripts run under a memory cap.
func TestShellCheckHostile(t *testing.T) {
	dir := t.TempDir()
	limitFile := filepath.Join(dir, "limit")
	fake := filepath.Join(dir, "shellcheck")
	script := "#!/bin/sh\nulimit -v > " + limitFile + "\necho '{\"comments\":[]}'\n"
	if err := os.WriteFile(fake, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	saved := scFind
	scFind = func() (string, error) { return fake, nil }
	defer func() { scFind = saved }()
	on := true
	src := "FROM alpine\nRUN echo $" + strings.Repeat("((", 1600) + "1" + strings.Repeat("))", 1600) + "\nRUN echo ok\n"
	ds := lint.Run(lint.NewDocument("Dockerfile", []byte(src)), []*lint.Rule{BR017}, &lint.Config{ShellCheck: &on})
	if len(ds) != 1 || !strings.Contains(ds[0].Message, "ShellCheck skipped this script") {
		t.Fatalf("want one note that the nested script was skipped, got %+v", ds)
	}
	got, err := os.ReadFile(limitFile)
	if err != nil {
		t.Fatalf("shellcheck did not run on the other script: %v", err)
	}
	if want := strconv.Itoa(scMemLimit >> 10); strings.TrimSpace(string(got)) != want {
		t.Errorf("shellcheck ran with ulimit -v %q, want %s", strings.TrimSpace(string(got)), want)
	}
	if cap(scSlots) > runtime.NumCPU() {
		t.Errorf("%d shellcheck processes may run at once on %d CPUs", cap(scSlots), runtime.NumCPU())
	}
	long := "FROM alpine\nRUN echo " + strings.Repeat("x", scMaxScript) + "\n"
	ds = lint.Run(lint.NewDocument("Dockerfile", []byte(long)), []*lint.Rule{BR017}, &lint.Config{ShellCheck: &on})
	if len(ds) != 1 || !strings.Contains(ds[0].Message, "over the") {
		t.Errorf("want a note that the long script was skipped, got %+v", ds)
	}
}
