package syntax

import (
	"fmt"
	"math/rand"
	"os"
	"strings"
	"testing"

	"github.com/berth-dev/berth/internal/corpus"
)

// dumpFile renders everything a parse produces, for comparing parses.
func dumpFile(f *File) string {
	var b strings.Builder
	fmt.Fprintf(&b, "bom=%v esc=%q\n", f.BOM, f.Escape)
	for _, d := range f.Directives {
		fmt.Fprintf(&b, "dir %+v\n", *d)
	}
	for _, c := range f.Comments {
		fmt.Fprintf(&b, "comment %+v\n", *c)
	}
	for _, e := range f.Errors {
		fmt.Fprintf(&b, "error %+v\n", *e)
	}
	var ins func(in *Instruction, depth int)
	ins = func(in *Instruction, depth int) {
		fmt.Fprintf(&b, "%*sins %v %+v %+v %q lines %d-%d json=%v cut=%v err=%v node=%v\n", depth, "", in.Range, in.Keyword, in.Rest, in.Logical, in.StartLine, in.EndLine, in.JSON, in.cut, in.Err, in.Parsed())
		for _, c := range in.Comments {
			fmt.Fprintf(&b, "%*s above %+v\n", depth, "", *c)
		}
		for _, fl := range in.Flags {
			fmt.Fprintf(&b, "%*s flag %+v\n", depth, "", *fl)
		}
		for _, t := range append(append([]Token{}, in.Words()...), in.Elems...) {
			fmt.Fprintf(&b, "%*s tok %+v\n", depth, "", t)
		}
		for _, kv := range in.Pairs {
			fmt.Fprintf(&b, "%*s kv %+v\n", depth, "", *kv)
		}
		for _, h := range in.Heredocs {
			fmt.Fprintf(&b, "%*s heredoc %+v\n", depth, "", *h)
		}
		fmt.Fprintf(&b, "%*s empty %v segs %v\n", depth, "", in.EmptyContinuations, in.segs)
		if in.Sub != nil {
			ins(in.Sub, depth+2)
		}
	}
	for _, in := range f.Instructions {
		ins(in, 0)
	}
	return b.String()
}

// edit makes a random change to src: insert, delete or replace a line or
// a few bytes.
func edit(r *rand.Rand, src []byte) []byte {
	if len(src) == 0 {
		return []byte("FROM a\n")
	}
	i := r.Intn(len(src))
	j := min(len(src), i+r.Intn(20))
	pieces := []string{"", "\n", "RUN echo hi\n", " \\\n", "# c\n", "x", "<<EOF\n", "EOF\n", "FROM b AS c\n", "\"", "`"}
	out := append([]byte{}, src[:i]...)
	out = append(out, pieces[r.Intn(len(pieces))]...)
	return append(out, src[j:]...)
}

// TestParseIncrementalMatchesParse checks that reusing a previous parse
// gives exactly what a fresh parse gives, over random edits of real files.
func TestParseIncrementalMatchesParse(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	srcs := [][]byte{
		[]byte("FROM a AS b\n# note\nRUN x \\\n  # inner\n\n  && y\nCOPY <<EOF /x\nbody\nEOF\nONBUILD RUN z\nENV A 1\n"),
		[]byte("# escape=`\nFROM a\nRUN b `\n  c\n"),
	}
	files, _ := corpus.List() // the seeds above when the corpus is absent
	for i := 0; i < len(files) && i < 300; i += 7 {
		if b, err := os.ReadFile(files[i]); err == nil {
			srcs = append(srcs, b)
		}
	}
	reused := 0
	defer func() {
		if reused == 0 {
			t.Error("no instruction was reused")
		}
	}()
	for _, src := range srcs {
		prev := Parse(src)
		cur := src
		for range 5 {
			cur = edit(r, cur)
			got := ParseIncremental(cur, prev)
			want := Parse(cur)
			if g, w := dumpFile(got), dumpFile(want); g != w {
				t.Fatalf("incremental parse differs for %q:\n%s", cur, firstDiff(g, w))
			}
			checkFile(t, cur, got)
			for _, a := range got.Instructions {
				for _, b := range prev.Instructions {
					if a == b {
						reused++
					}
				}
			}
			prev = got
		}
	}
}

func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(al), len(bl)) {
		if al[i] != bl[i] {
			return fmt.Sprintf("incremental: %s\nfresh:       %s", al[i], bl[i])
		}
	}
	return "lengths differ"
}

// TestParseIncrementalTypingCost: a keystroke in one instruction of a big
// file, or a new instruction typed between two, reuses the others by
// position, without indexing all of them by text (which cost an
// allocation an instruction); a pasted block still finds what follows
// it through the index.
func TestParseIncrementalTypingCost(t *testing.T) {
	var b strings.Builder
	for i := range 2000 {
		fmt.Fprintf(&b, "RUN echo %d\n", i)
	}
	src := []byte(b.String())
	prev := Parse(src)
	mid := len(src) / 2
	mid += strings.IndexByte(string(src[mid:]), '\n') // the end of a line
	for name, cur := range map[string][]byte{
		"keystroke":       append(append(append([]byte{}, src[:mid]...), 'x'), src[mid:]...),
		"new instruction": append(append(append([]byte{}, src[:mid+1]...), "RUN new\n"...), src[mid+1:]...),
		"pasted block":    append(append(append([]byte{}, src[:mid+1]...), "RUN a\nRUN b\nRUN c\nRUN d\n"...), src[mid+1:]...),
	} {
		if g, w := dumpFile(ParseIncremental(cur, prev)), dumpFile(Parse(cur)); g != w {
			t.Fatalf("%s: incremental parse differs:\n%s", name, firstDiff(g, w))
		}
		// Each instruction below the edit is a shifted copy, about one
		// allocation; indexing them all by text took two more each.
		allocs := testing.AllocsPerRun(5, func() { ParseIncremental(cur, prev) })
		if max := 1.5 * 2000; name != "pasted block" && allocs > max {
			t.Errorf("%s: %.0f allocations, want at most %.0f: the instructions were indexed", name, allocs, max)
		}
	}
}
