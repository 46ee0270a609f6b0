package lsp

import (
	"bytes"
	"sort"
	"sync"
	"unicode/utf8"

	"go.lsp.dev/protocol"

	"github.com/berth-dev/berth/lint/syntax"
)

// Encoding is the unit in which a client counts the character offset of a
// Position: UTF-16 code units (the LSP default) or UTF-8 bytes.
type Encoding int

// The position encodings berth speaks.
const (
	UTF16 Encoding = iota
	UTF8
)

func (e Encoding) String() string {
	if e == UTF8 {
		return "utf-8"
	}
	return "utf-16"
}

// A Mapper converts between byte offsets into one version of a document and
// LSP positions. It is the only place in berth that does so. Lines end at
// "\n", "\r\n" or a lone "\r", as the protocol says; a position past the
// end of its line is clamped to the line's end, and a line past the end of
// the document to the document's end.
type Mapper struct {
	text []byte
	enc  Encoding
	// lines holds the byte offset at which each line starts.
	lines []int

	marksOnce sync.Once
	marks     []unitMark
}

// NewMapper returns a mapper over text.
func NewMapper(text []byte, enc Encoding) *Mapper {
	if bytes.IndexByte(text, '\r') < 0 {
		// No carriage return (most files): the lines end at each "\n".
		return &Mapper{text: text, enc: enc, lines: syntax.LineStarts(text)}
	}
	lines := make([]int, 1, 1+len(text)/32)
	for i := 0; i < len(text); i++ {
		switch text[i] {
		case '\n':
			lines = append(lines, i+1)
		case '\r':
			if i+1 < len(text) && text[i+1] == '\n' {
				i++
			}
			lines = append(lines, i+1)
		}
	}
	return &Mapper{text: text, enc: enc, lines: lines}
}

// lineAt returns the line holding byte offset off (0 to the text's
// length), and whether off starts it.
func (m *Mapper) lineAt(off int) (line int, start bool) {
	line = sort.Search(len(m.lines), func(i int) bool { return m.lines[i] > off }) - 1
	return line, m.lines[line] == off
}

// Encoding returns the encoding the mapper counts characters in.
func (m *Mapper) Encoding() Encoding { return m.enc }

// lineEnd returns the offset of the end of line i's content (before its
// line break).
func (m *Mapper) lineEnd(i int) int {
	if i+1 >= len(m.lines) {
		return len(m.text)
	}
	end := m.lines[i+1] - 1
	if end > m.lines[i] && m.text[end] == '\n' && m.text[end-1] == '\r' {
		end--
	}
	return end
}

// Position returns the position of byte offset off. An offset inside a
// line break maps to the end of the line; one inside a multi-byte
// character maps to the character's start.
func (m *Mapper) Position(off int) protocol.Position {
	off = max(0, min(off, len(m.text)))
	line := sort.Search(len(m.lines), func(i int) bool { return m.lines[i] > off }) - 1
	start := m.lines[line]
	off = min(off, m.lineEnd(line))
	return protocol.Position{Line: uint32(line), Character: uint32(m.units(start, off))}
}

// units counts the characters of text[start:end] in the mapper's encoding;
// start is the start of a line.
func (m *Mapper) units(start, end int) int {
	if m.enc == UTF8 {
		// Do not split a character.
		for end > start && end < len(m.text) && !utf8.RuneStart(m.text[end]) {
			end--
		}
		return end - start
	}
	if end-start <= markStride {
		return m.count16(start, end)
	}
	// Counting from the line's start for every position costs the square
	// of a long line (one RUN of 20,000 commands joined by &&): count from
	// the last mark instead.
	return m.unitsBefore(end) - m.unitsBefore(start)
}

// markStride is the distance between the mapper's marks.
const markStride = 1024

// unitsBefore counts the UTF-16 units of text[:off]. Marks, made once,
// hold the count before every markStride-th byte (moved back to the start
// of a character); counts add up across character starts.
func (m *Mapper) unitsBefore(off int) int {
	m.marksOnce.Do(func() {
		at, n := 0, 0
		for at < len(m.text) {
			next := min(at+markStride, len(m.text))
			for next < len(m.text) && next > at+1 && !utf8.RuneStart(m.text[next]) {
				next--
			}
			m.marks = append(m.marks, unitMark{at, n})
			n += m.count16(at, next)
			at = next
		}
		m.marks = append(m.marks, unitMark{len(m.text), n})
	})
	j := sort.Search(len(m.marks), func(j int) bool { return m.marks[j].off > off }) - 1
	k := m.marks[max(j, 0)]
	return k.units + m.count16(k.off, off)
}

// unitMark is a mark of the mapper: the UTF-16 units before off.
type unitMark struct{ off, units int }

// count16 counts the UTF-16 units of text[start:end]; a character that
// end cuts does not count.
func (m *Mapper) count16(start, end int) int {
	n := 0
	for i := start; i < end; {
		c := m.text[i]
		if c < utf8.RuneSelf {
			i++
			n++
			continue
		}
		r, size := utf8.DecodeRune(m.text[i:])
		if i+size > end {
			break // end falls inside this character
		}
		i += size
		if r >= 0x10000 && size == 4 {
			n += 2 // a surrogate pair
		} else {
			n++
		}
	}
	return n
}

// Offset returns the byte offset of pos, clamped to the document. A
// character offset inside a multi-byte character (or between the halves of
// a surrogate pair) maps to the character's start.
func (m *Mapper) Offset(pos protocol.Position) int {
	line := int(pos.Line)
	if line >= len(m.lines) {
		return len(m.text)
	}
	start, end := m.lines[line], m.lineEnd(line)
	want := int(pos.Character)
	if m.enc == UTF8 {
		off := min(start+want, end)
		for off > start && off < len(m.text) && !utf8.RuneStart(m.text[off]) {
			off--
		}
		return off
	}
	n := 0
	for i := start; i < end; {
		if n >= want {
			return i
		}
		c := m.text[i]
		if c < utf8.RuneSelf {
			i++
			n++
			continue
		}
		r, size := utf8.DecodeRune(m.text[i:])
		w := 1
		if r >= 0x10000 && size == 4 {
			w = 2
		}
		if n+w > want {
			return i
		}
		i += size
		n += w
	}
	return end
}

// Range converts a byte range to an LSP range.
func (m *Mapper) Range(r syntax.Range) protocol.Range {
	return protocol.Range{Start: m.Position(r.Start), End: m.Position(r.End)}
}

// Offsets converts an LSP range to a byte range. A range whose end comes
// before its start is turned around.
func (m *Mapper) Offsets(r protocol.Range) syntax.Range {
	s, e := m.Offset(r.Start), m.Offset(r.End)
	if e < s {
		s, e = e, s
	}
	return syntax.Range{Start: s, End: e}
}
