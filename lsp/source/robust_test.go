package source

import (
	"regexp"
	"strings"
	"testing"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/syntax"
)

// halfTyped are files as an editor sees them while someone types.
var halfTyped = []string{
	"",
	"F",
	"FROM",
	"FROM ",
	"FROM golang:1.23 AS",
	"FROM golang:1.23 AS build\nRUN go build \\\n",
	"FROM golang:1.23 AS build\nRUN go build \\\n\n",
	"FROM a\nCOPY --from=",
	"FROM a\nCOPY --from=\"",
	"FROM a\nRUN --mount=type=cache,",
	"FROM a\nRUN --mount=type=bind,from=x,source=/a,target=/b,",
	"FROM a\nRUN <<EOF",
	"FROM a\nRUN <<EOF\necho $",
	"FROM a\nRUN <<EOF\necho ${A\nEOF\nRUN ${",
	"ARG A\nFROM ${A",
	"ARG A=${B:-${C}}\nFROM ${A:+x}${",
	"# syntax=",
	"# escape=`\nFROM a\nRUN a `\n  b",
	"\ufeff# syntax=docker/dockerfile:1\r\nFROM a\r\nRUN x \\\r\n  y\r\n",
	"FROM a\nONBUILD ",
	"FROM a\nONBUILD COPY --",
	"FROM a\nHEALTHCHECK --interval=",
	"FROM a AS b\nFROM b AS c\nFROM c\nCOPY --from=b --from=c --from=0 --from=9 . .",
	"FROM a\nENV A=1 B=$A\nENV C $",
	"FROM a\nRUN echo \\\n# $X\n  $",
	"FROM a\nLABEL x=\"é${A}ü\"\nRUN echo ü$",
	"FROM a\nCOPY <<A <<B /d\n$X\nA\n${Y\nB",
}

// checkAll calls every feature at off and checks the ranges it returns.
func checkAll(t *testing.T, src []byte, off int) {
	doc := lint.NewDocument("D", src)
	inside := func(what string, r syntax.Range) {
		if r.Start < 0 || r.End > len(src) || r.End < r.Start {
			t.Fatalf("%s: range %v outside %d bytes of %q (offset %d)", what, r, len(src), src, off)
		}
	}
	if h := HoverAt(doc, nil, nil, off, "es"); h != nil {
		inside("hover", h.Range)
	}
	for _, it := range Complete(doc, off, "") {
		inside("completion "+it.Label, it.Replace)
		if !it.Replace.Contains(off) || strings.Contains(string(src[it.Replace.Start:it.Replace.End]), "\n") {
			t.Fatalf("completion %q replaces %v, not around the cursor %d in %q", it.Label, it.Replace, off, src)
		}
	}
	for _, r := range Definition(doc, off) {
		inside("definition", r)
	}
	for _, r := range References(doc, off, true) {
		inside("references", r)
	}
	for _, h := range Highlights(doc, off) {
		inside("highlight", h.Range)
	}
	if h := SignatureAt(doc, off, "es"); h != nil {
		if h.Active < 0 || h.Active >= len(h.Signatures) || h.Param >= len(h.Signatures[h.Active].Params) {
			t.Fatalf("signature help %+v", h)
		}
	}
	for _, r := range SelectionRanges(doc, off) {
		inside("selection range", r)
		if !r.Contains(off) {
			t.Fatalf("selection range %v does not hold %d", r, off)
		}
	}
	for _, ch := range []string{"\n", "\\", "`"} {
		if e, err := lint.Apply(src, OnTypeFormat(doc, off, ch)); err != nil {
			t.Fatalf("on-type edits %v: %v", e, err)
		}
	}
	if r, name, ok := PrepareRename(doc, off); ok {
		inside("prepare rename", r)
		if continuationRE.ReplaceAllString(string(src[r.Start:r.End]), "") != name {
			t.Fatalf("PrepareRename = %v %q, the range holds %q", r, name, src[r.Start:r.End])
		}
		edits, err := Rename(doc, off, "renamed_x")
		if err != nil {
			t.Fatalf("PrepareRename ok, Rename fails: %v", err)
		}
		if err == nil {
			if _, err := lint.Apply(src, edits); err != nil {
				t.Fatalf("rename edits %v: %v", edits, err)
			}
		}
	}
}

// continuationRE matches a line continuation, which may split a name.
var continuationRE = regexp.MustCompile("[\\\\`][ \t\r]*\n")

func checkDoc(t *testing.T, src []byte) {
	doc := lint.NewDocument("D", src)
	var walk func([]Symbol)
	walk = func(ss []Symbol) {
		for _, s := range ss {
			if s.Range.End > len(src) || s.SelectionRange.End > len(src) || s.Range.Start > s.Range.End {
				t.Fatalf("symbol %+v outside the file", s)
			}
			walk(s.Children)
		}
	}
	walk(Symbols(doc))
	for _, f := range Folds(doc) {
		if f.Range.End > len(src) || f.Range.Start > f.Range.End {
			t.Fatalf("fold %+v outside the file", f)
		}
	}
	prev := 0
	for _, tk := range SemanticTokens(doc, syntax.Range{}) {
		if tk.Range.Start < prev || tk.Range.End > len(src) || tk.Range.Start >= tk.Range.End || strings.ContainsAny(string(src[tk.Range.Start:tk.Range.End]), "\r\n") {
			t.Fatalf("semantic token %+v in %q", tk, src)
		}
		prev = tk.Range.End
	}
	for _, h := range InlayHints(doc, syntax.Range{Start: 0, End: len(src)}) {
		if h.Pos < 0 || h.Pos > len(src) {
			t.Fatalf("inlay hint %+v", h)
		}
	}
	StageLenses(doc)
	WorkspaceSymbols(doc, "a")
	for _, l := range Links(doc) {
		if l.Range.End > len(src) || l.Range.Start > l.Range.End || !strings.HasPrefix(l.Target, "https://") {
			t.Fatalf("link %+v", l)
		}
	}
}

func TestEveryOffset(t *testing.T) {
	for _, s := range halfTyped {
		src := []byte(s)
		checkDoc(t, src)
		for off := 0; off <= len(src); off++ {
			checkAll(t, src, off)
		}
	}
}

func FuzzSource(f *testing.F) {
	for _, s := range halfTyped {
		f.Add([]byte(s), uint(len(s)))
	}
	f.Fuzz(func(t *testing.T, src []byte, off uint) {
		o := int(off % uint(len(src)+1))
		checkDoc(t, src)
		checkAll(t, src, o)
	})
}
