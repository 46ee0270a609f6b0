package syntax

import (
	"bytes"
)

// ParseIncremental parses src like Parse, reusing the instructions of
// prev, a parse of an earlier version of the same file, whose text has not
// changed: an edit then costs the instructions it touched, not the file.
// prev may be nil. The result is the same as Parse(src).
func ParseIncremental(src []byte, prev *File) *File {
	if prev == nil || len(prev.Instructions) == 0 {
		return Parse(src)
	}
	f := &File{Src: src, Escape: '\\'}
	f.lines = LineStarts(src)
	s := splitter{f: f, src: src, n: len(f.lines), prev: prev}
	if len(src) > 0 && src[len(src)-1] == '\n' {
		s.n--
	}
	s.run()
	return f
}

// reuse takes over the instruction of the previous parse whose text starts
// at start, when there is one with the same text, and reports whether it
// did.
func (s *splitter) reuse(start int) bool {
	if s.prev == nil || s.prev.Escape != s.f.Escape {
		return false
	}
	// Most instructions follow the one reused before them, as they did
	// in the previous parse: try that one, then the one after it (the
	// instruction between was edited or removed), before indexing them
	// all. An edited or inserted instruction matches neither: while such
	// misses come one at a time, as typing makes them, it is parsed
	// afresh without the index (for a 3,600-line file, building it was
	// a tenth of each keystroke's work); more in a row (a pasted block,
	// moved lines) build it.
	for _, i := range [2]int{s.next, s.next + 1} {
		if i < len(s.prev.Instructions) && s.take(start, i) {
			s.misses = 0
			return true
		}
	}
	if s.byLine == nil && s.misses < indexAfterMisses {
		s.misses++
		return false
	}
	if s.byLine == nil {
		s.byLine = map[string][]int{}
		for i, ins := range s.prev.Instructions {
			if ins.cut {
				continue
			}
			k := string(s.prev.Src[ins.Range.Start:s.prev.lineEndAt(ins.StartLine-1)])
			s.byLine[k] = append(s.byLine[k], i)
		}
	}
	first := s.src[start:s.lineEndAt(s.line)]
	for _, i := range s.byLine[string(first)] {
		if s.take(start, i) {
			s.misses = 0
			return true
		}
	}
	return false
}

// indexAfterMisses is how many instructions in a row may find no
// instruction to reuse by position before the previous parse's
// instructions are indexed by their text.
const indexAfterMisses = 2

// take reuses instruction i of the previous parse at offset start when
// its text, to the end of its last line, is there; it reports whether it
// did.
func (s *splitter) take(start, i int) bool {
	old := s.prev.Instructions[i]
	if old.cut {
		return false
	}
	full := s.prev.Src[old.Range.Start:s.prev.lineEndAt(old.EndLine-1)]
	if !bytes.HasPrefix(s.src[start:], full) || !bytes.HasSuffix(full, []byte{'\n'}) {
		return false
	}
	ins := old.moved(start-old.Range.Start, s.line+1-old.StartLine, s.pending)
	s.pending = nil
	s.line += old.EndLine - old.StartLine + 1
	s.f.Comments = append(s.f.Comments, ins.inner...)
	s.f.Errors = append(s.f.Errors, ins.errs...)
	s.f.Instructions = append(s.f.Instructions, ins)
	s.next = i + 1
	return true
}

// lineEndAt returns the offset just past 0-based line i, line break
// included.
func (f *File) lineEndAt(i int) int {
	if i+1 < len(f.lines) {
		return f.lines[i+1]
	}
	return len(f.Src)
}

func (s *splitter) lineEndAt(i int) int { return s.f.lineEndAt(i) }

// moved returns the instruction shifted by delta bytes and dl lines, with
// the comments above it replaced. It returns ins itself when nothing
// changes.
func (ins *Instruction) moved(delta, dl int, above []*Comment) *Instruction {
	if delta == 0 && dl == 0 && sameComments(ins.Comments, above) {
		return ins
	}
	c := ins.shift(delta, dl)
	if above != nil || c.Comments != nil {
		c.own().Comments = above
	}
	return c
}

func sameComments(a, b []*Comment) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Range != b[i].Range || a[i].Text != b[i].Text {
			return false
		}
	}
	return true
}

func (r Range) shift(d int) Range { return Range{r.Start + d, r.End + d} }

func (t Token) shift(d int) Token { t.Range = t.Range.shift(d); return t }

func shiftTokens(ts []Token, d int) []Token {
	if ts == nil {
		return nil
	}
	out := make([]Token, len(ts))
	for i, t := range ts {
		out[i] = t.shift(d)
	}
	return out
}

// shift returns a copy of ins moved by d bytes and dl lines. The BuildKit
// node and the logical text are shared.
func (ins *Instruction) shift(d, dl int) *Instruction {
	c := *ins
	c.Range = ins.Range.shift(d)
	c.Keyword = ins.Keyword.shift(d)
	c.Rest = ins.Rest.shift(d)
	c.StartLine += dl
	c.EndLine += dl
	c.words = shiftTokens(ins.words, d)
	if ins.runWords != nil {
		c.runWords = &lazyWords{} // split again, at the new offsets, if asked
	}
	if ins.Parts != noParts && ins.Parts != nil {
		c.Parts = ins.Parts.shift(d, dl)
	}
	return &c
}

// shift returns a copy of ps moved by d bytes and dl lines.
func (ps *Parts) shift(d, dl int) *Parts {
	c := *ps
	c.Elems = shiftTokens(ps.Elems, d)
	if ps.Flags != nil {
		c.Flags = make([]*Flag, len(ps.Flags))
		for i, f := range ps.Flags {
			g := *f
			g.Range, g.NameRange, g.ValueRange = f.Range.shift(d), f.NameRange.shift(d), f.ValueRange.shift(d)
			c.Flags[i] = &g
		}
	}
	if ps.Pairs != nil {
		c.Pairs = make([]*KeyValue, len(ps.Pairs))
		for i, kv := range ps.Pairs {
			k := *kv
			k.Key, k.Value, k.Range = kv.Key.shift(d), kv.Value.shift(d), kv.Range.shift(d)
			c.Pairs[i] = &k
		}
	}
	if ps.Heredocs != nil {
		c.Heredocs = make([]*Heredoc, len(ps.Heredocs))
		for i, h := range ps.Heredocs {
			g := *h
			g.Marker, g.Body, g.Terminator = h.Marker.shift(d), h.Body.shift(d), h.Terminator.shift(d)
			c.Heredocs[i] = &g
		}
	}
	if ps.EmptyContinuations != nil {
		c.EmptyContinuations = make([]Range, len(ps.EmptyContinuations))
		for i, r := range ps.EmptyContinuations {
			c.EmptyContinuations[i] = r.shift(d)
		}
	}
	if ps.segs != nil {
		c.segs = make([]segment, len(ps.segs))
		for i, sg := range ps.segs {
			sg.src += d
			c.segs[i] = sg
		}
	}
	if ps.Sub != nil {
		c.Sub = ps.Sub.shift(d, dl)
		if c.segs != nil {
			c.Sub.segs = c.segs
		}
	}
	if ps.errs != nil {
		c.errs = make([]*Error, len(ps.errs))
		for i, e := range ps.errs {
			c.errs[i] = &Error{Range: e.Range.shift(d), Msg: e.Msg}
		}
	}
	if ps.inner != nil {
		c.inner = make([]*Comment, len(ps.inner))
		for i, cm := range ps.inner {
			g := *cm
			g.Range, g.TextRange = cm.Range.shift(d), cm.TextRange.shift(d)
			c.inner[i] = &g
		}
	}
	return &c
}
