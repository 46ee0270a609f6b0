package report

import (
	"math/rand"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestPositionsMarks checks the column marks against counting characters
// from the line's start, on long lines of mixed characters and invalid
// bytes, with and without a byte order mark; and that the marks are at
// most markStride apart, so that a column costs a bounded count (one
// 570 KB RUN line with 40,000 findings took 20 s).
func TestPositionsMarks(t *testing.T) {
	pieces := []string{"a", "bc", " && ", "é", "€", "😀", "\xff", "\xe2\x82", "\n"}
	r := rand.New(rand.NewSource(1))
	for round := range 20 {
		var b strings.Builder
		if round%2 == 1 {
			b.WriteString("\uFEFF")
		}
		for b.Len() < 5000+round*700 {
			p := pieces[r.Intn(len(pieces))]
			if p == "\n" && r.Intn(20) != 0 {
				continue
			}
			b.WriteString(p)
		}
		src := []byte(b.String())
		p := newPositions(src)
		for off := 0; off <= len(src); off += 1 + r.Intn(7) {
			line, col := p.at(off)
			start := p.lines[line-1]
			if start == 0 && round%2 == 1 {
				start = min(3, off)
			}
			if want := utf8.RuneCount(src[start:off]) + 1; col != want {
				t.Fatalf("round %d, offset %d: column %d, want %d", round, off, col, want)
			}
		}
		for i := 1; i < len(p.marks); i++ {
			if d := p.marks[i].off - p.marks[i-1].off; d > markStride || d <= 0 {
				t.Fatalf("mark %d is %d bytes after the previous one", i, d)
			}
		}
	}
}
