package lsp

import (
	"math/rand"
	"strings"
	"testing"
	"unicode/utf8"
)

// slowUnits is the column count Mapper.units made before its marks: from
// the line's start, character by character.
func slowUnits(m *Mapper, start, end int) int { return m.count16(start, end) }

// TestMapperUnitsMarks checks the marks against counting from the line's
// start, on long lines of mixed characters (ASCII, two-, three- and
// four-byte characters, invalid bytes, CR and LF).
func TestMapperUnitsMarks(t *testing.T) {
	pieces := []string{"a", "bc", " && ", "é", "€", "😀", "\xff", "\xe2\x82", "\n", "\r\n", "\r"}
	r := rand.New(rand.NewSource(1))
	for round := range 20 {
		var b strings.Builder
		for b.Len() < 5000+round*700 {
			p := pieces[r.Intn(len(pieces))]
			if strings.ContainsAny(p, "\r\n") && r.Intn(20) != 0 {
				continue // mostly long lines
			}
			b.WriteString(p)
		}
		text := []byte(b.String())
		m := NewMapper(text, UTF16)
		for off := 0; off <= len(text); off += 1 + r.Intn(7) {
			pos := m.Position(off)
			start := m.lines[pos.Line]
			end := min(off, m.lineEnd(int(pos.Line)))
			if want := slowUnits(m, start, end); int(pos.Character) != want {
				t.Fatalf("round %d, offset %d: character %d, want %d", round, off, pos.Character, want)
			}
		}
	}
}

// TestMapperLongLineLinear: positions on one long line cost a bounded
// amount each (the 570 KB RUN line of issue 14 took 20 s): mapping every
// 8th offset of a line of n bytes scans about n bytes in all, not n*n.
func TestMapperLongLineLinear(t *testing.T) {
	for _, n := range []int{1 << 16, 1 << 17} {
		line := []byte(strings.Repeat("apt-get install -y é && ", n/25))
		m := NewMapper(line, UTF16)
		for off := 0; off < len(line); off += 8 {
			m.Position(off)
		}
		// The marks are in place and each is at most a stride apart, so a
		// position counts at most markStride bytes past its mark.
		if len(m.marks) < len(line)/markStride {
			t.Fatalf("n=%d: %d marks for %d bytes", n, len(m.marks), len(line))
		}
		for i := 1; i < len(m.marks); i++ {
			if d := m.marks[i].off - m.marks[i-1].off; d > markStride || d <= 0 || !utf8.RuneStart(line[m.marks[i-1].off]) {
				t.Fatalf("n=%d: mark %d is %d bytes after the previous one", n, i, d)
			}
		}
	}
}
