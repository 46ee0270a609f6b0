package rules

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/moby/buildkit/frontend/dockerfile/shell"

	"github.com/berth-dev/berth/lint"
)

// TestBR030Memo: BR030 reports the same, ranges and i18n arguments
// included, whether its per-instruction results come from the memo or
// not, wherever the instruction moves and whatever the stages around a
// COPY --from are.
func TestBR030Memo(t *testing.T) {
	body := "COPY --chmod=999 a /b\nADD --checksum=sha256:xyz https://example.com/a /a\nCOPY https://example.com/a /a\n" +
		"STOPSIGNAL SIGFOO\nVOLUME [\"\"]\nCOPY --from=later /a /b\nCOPY --from=7 /a /b\nRUN --mount=type=secret true\n" +
		"EXPOSE 80\nRUN echo hi\n"
	files := []string{
		"FROM alpine AS first\n" + body + "FROM Alpine:3 AS later\n" + body,
		"# a comment\nFROM alpine:3.20\n\n" + body + "FROM first AS later\nFROM scratch\n" + body,
		"FROM alpine AS later\n" + body + "FROM later\n" + body,
	}
	run := func(src string) []lint.Diagnostic {
		doc := lint.NewDocument("Dockerfile", []byte(src))
		return lint.Run(doc, []*lint.Rule{BR030}, &lint.Config{})
	}
	for round := 0; round < 2; round++ {
		for i, src := range files {
			bfMemo.mu.Lock()
			clear(bfMemo.m)
			bfMemo.bytes = 0
			bfMemo.mu.Unlock()
			cold := run(src)
			// Fill the memo from the other files first, then from this one.
			for _, o := range files {
				run(o)
			}
			warm := run(src)
			bfMemo.mu.RLock()
			n := len(bfMemo.m)
			bfMemo.mu.RUnlock()
			if n == 0 {
				t.Fatal("nothing memoized")
			}
			if len(cold) == 0 {
				t.Fatalf("file %d: no reports", i)
			}
			if !reflect.DeepEqual(bfRender(cold), bfRender(warm)) {
				t.Errorf("file %d: memoized reports differ:\ncold %s\nwarm %s", i, bfRender(cold), bfRender(warm))
			}
		}
	}
}

func bfRender(ds []lint.Diagnostic) string {
	var b strings.Builder
	for _, d := range ds {
		fmt.Fprintf(&b, "%d-%d %s %q %q", d.Range.Start, d.Range.End, d.Code, d.Message, d.Format)
		for _, a := range d.Args {
			fmt.Fprintf(&b, " %T:%v", a, a)
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// TestBR030MemoKey: only instructions whose result depends on their text
// alone are memoized.
func TestBR030MemoKey(t *testing.T) {
	src := "FROM alpine\nRUN echo $HOME\nRUN --mount=type=cache,target=x true\nRUN echo --MOUNT\nCOPY a /b\n"
	doc := lint.NewDocument("Dockerfile", []byte(src))
	c := &bfCheck{doc: doc, scope: newVarScope(doc)}
	want := []bool{false, false, false, true}
	for i, ins := range doc.Stages[0].Instructions {
		if _, ok := c.memoKey(ins, 'i'); ok != want[i] {
			t.Errorf("%s: memoized %v", ins.Logical, ok)
		}
	}
	if _, ok := c.memoKey(doc.Stages[0].From, 'f'); !ok {
		t.Error("FROM alpine is not memoized")
	}
	c.latent = true
	if _, ok := c.memoKey(doc.Stages[0].Instructions[3], 'i'); ok {
		t.Error("BR031's checks are memoized")
	}
}

// TestBFPlainWord: a word bfPlainWord passes is one the lexer gives back
// unchanged.
func TestBFPlainWord(t *testing.T) {
	for _, w := range []string{"build", "0", "a-b_c.d", "a b", "$X", "'q'", `"q`, `a\b`, "a`b", "<<EOF", "é", "x\t", "${A:-b}"} {
		for _, esc := range []byte{'\\', '`'} {
			if !bfPlainWord(w, esc) {
				continue
			}
			res, err := shell.NewLex(rune(esc)).ProcessWordWithMatches(w, shell.EnvsFromSlice(nil))
			if err != nil || res.Result != w {
				t.Errorf("%q (escape %c) is plain, but the lexer gives %q, %v", w, esc, res.Result, err)
			}
		}
	}
	if !bfPlainWord("builder", '\\') || bfPlainWord("a$b", '\\') {
		t.Error("bfPlainWord")
	}
}
