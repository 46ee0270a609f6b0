package shell

import (
	"fmt"
	"slices"
	"testing"
)

// checkScript verifies the invariants of any Script: ranges within Src and
// ordered, Raw equal to the source text of its range.
func checkScript(t testing.TB, s *Script) {
	t.Helper()
	word := func(w Word) {
		t.Helper()
		if w.Range.Start < 0 || w.Range.Start > w.Range.End || w.Range.End > len(s.Src) {
			t.Fatalf("word %q: range %v outside src of %d bytes", w.Raw, w.Range, len(s.Src))
		}
		if s.Src[w.Range.Start:w.Range.End] != w.Raw {
			t.Fatalf("word %q: src has %q at %v", w.Raw, s.Src[w.Range.Start:w.Range.End], w.Range)
		}
	}
	prev := 0
	for _, c := range s.Commands {
		r := c.Range
		if r.Start < prev || r.Start > r.End || r.End > len(s.Src) {
			t.Fatalf("command %q: range %v out of order or outside src of %d bytes (previous start %d)", c.Name.Raw, r, len(s.Src), prev)
		}
		prev = r.Start
		for l := c; l != nil; l = l.inner {
			for _, w := range append(append([]Word{l.Name}, l.Args...), l.Assigns...) {
				word(w)
				if w.Range.Start < l.Range.Start && !inWords(w, l.Assigns) || w.Range.End > l.Range.End {
					t.Fatalf("command %q %v: word %q %v outside it", l.Name.Raw, l.Range, w.Raw, w.Range)
				}
			}
		}
	}
	prev = 0
	for _, p := range s.Pipes {
		if p.Start < prev || p.Start >= p.End || p.End > len(s.Src) {
			t.Fatalf("pipe %v out of order or outside src", p)
		}
		prev = p.End
	}
}

func inWords(w Word, ws []Word) bool {
	for _, x := range ws {
		if x.Range == w.Range {
			return true
		}
	}
	return false
}

// diffScripts describes the first difference between two models of the
// same text, or returns "".
func diffScripts(a, b *Script) string {
	switch {
	case a.Fallback != b.Fallback:
		return fmt.Sprintf("Fallback %v vs %v", a.Fallback, b.Fallback)
	case (a.Err == nil) != (b.Err == nil):
		return fmt.Sprintf("Err %v vs %v", a.Err, b.Err)
	case a.Dialect != b.Dialect:
		return fmt.Sprintf("Dialect %v vs %v", a.Dialect, b.Dialect)
	case !slices.Equal(a.Pipes, b.Pipes):
		return fmt.Sprintf("Pipes %v vs %v", a.Pipes, b.Pipes)
	case len(a.Commands) != len(b.Commands):
		return fmt.Sprintf("%d commands vs %d:\n%s\n%s", len(a.Commands), len(b.Commands), dump(a), dump(b))
	}
	for i := range a.Commands {
		x, y := a.Commands[i], b.Commands[i]
		for x != nil && y != nil {
			if x.Name != y.Name || x.Range != y.Range || x.InPipeline != y.InPipeline ||
				!slices.Equal(x.Args, y.Args) || !slices.Equal(x.Assigns, y.Assigns) || (x.Outer == nil) != (y.Outer == nil) {
				return fmt.Sprintf("command %d:\n%s\n%s", i, dump(a), dump(b))
			}
			x, y = x.inner, y.inner
		}
		if x != y {
			return fmt.Sprintf("command %d: wrappers differ", i)
		}
	}
	return ""
}

// dump renders a script for failure messages.
func dump(s *Script) string {
	out := fmt.Sprintf("fb=%v err=%v d=%v pipes=%v\n", s.Fallback, s.Err, s.Dialect, s.Pipes)
	for _, c := range s.Commands {
		out += fmt.Sprintf("  %q %d-%d pipe=%v outer=%v:", c.Name.Value, c.Range.Start, c.Range.End, c.InPipeline, c.Outer != nil)
		for _, a := range c.Assigns {
			out += fmt.Sprintf(" A[%s]", a.Value)
		}
		for _, a := range c.Args {
			out += fmt.Sprintf(" [%s|%v]", a.Value, a.Literal)
		}
		if u := c.Unwrapped(); u != c {
			out += fmt.Sprintf(" => %q %v", u.Name.Value, len(u.Args))
		}
		out += "\n"
	}
	return out
}
