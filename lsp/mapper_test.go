package lsp

import (
	"fmt"
	"slices"
	"testing"

	"go.lsp.dev/protocol"
)

func pos(line, char uint32) protocol.Position { return protocol.Position{Line: line, Character: char} }

func TestMapperPosition(t *testing.T) {
	const bom = "\uFEFF"
	tests := []struct {
		name string
		text string
		// off is a byte offset; want16 and want8 its positions.
		off           int
		want16, want8 protocol.Position
		back16, back8 int // the offsets the positions map back to
	}{
		{"empty file", "", 0, pos(0, 0), pos(0, 0), 0, 0},
		{"past end of empty file", "", 5, pos(0, 0), pos(0, 0), 0, 0},
		{"ascii", "FROM a\nRUN b\n", 8, pos(1, 1), pos(1, 1), 8, 8},
		{"final newline", "FROM a\n", 7, pos(1, 0), pos(1, 0), 7, 7},
		{"after e-acute", "LABEL é=1", 8, pos(0, 7), pos(0, 8), 8, 8},
		{"after emoji", "RUN 🐳x", 8, pos(0, 6), pos(0, 8), 8, 8},
		{"inside emoji", "RUN 🐳x", 6, pos(0, 4), pos(0, 4), 4, 4},
		{"after CJK", "LABEL 名前=x", 12, pos(0, 8), pos(0, 12), 12, 12},
		{"CRLF second line", "FROM a\r\nRUN b\r\n", 9, pos(1, 1), pos(1, 1), 9, 9},
		{"inside CRLF", "FROM a\r\nRUN b", 7, pos(0, 6), pos(0, 6), 6, 6},
		{"at CR", "FROM a\r\nRUN b", 6, pos(0, 6), pos(0, 6), 6, 6},
		{"lone CR", "FROM a\rRUN b", 8, pos(1, 1), pos(1, 1), 8, 8},
		{"BOM", bom + "FROM a", 4, pos(0, 2), pos(0, 4), 4, 4},
		{"BOM next line", bom + "FROM a\nRUN b", 11, pos(1, 1), pos(1, 1), 11, 11},
		{"invalid byte", "RUN \xff!", 5, pos(0, 5), pos(0, 5), 5, 5},
		{"past end", "FROM a", 99, pos(0, 6), pos(0, 6), 6, 6},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, enc := range []Encoding{UTF16, UTF8} {
				m := NewMapper([]byte(tt.text), enc)
				want, back := tt.want16, tt.back16
				if enc == UTF8 {
					want, back = tt.want8, tt.back8
				}
				got := m.Position(tt.off)
				if got != want {
					t.Errorf("%v: Position(%d) = %v, want %v", enc, tt.off, got, want)
				}
				if off := m.Offset(got); off != back {
					t.Errorf("%v: Offset(%v) = %d, want %d", enc, got, off, back)
				}
			}
		})
	}
}

func TestMapperOffsetClamps(t *testing.T) {
	text := "FROM é\r\nRUN 🐳\n"
	tests := []struct {
		enc  Encoding
		pos  protocol.Position
		want int
	}{
		{UTF16, pos(0, 99), 7}, // past line end, before CRLF
		{UTF16, pos(1, 5), 13}, // between the halves of the surrogate pair
		{UTF16, pos(1, 6), 17}, // after the emoji
		{UTF16, pos(2, 0), 18}, // the empty last line
		{UTF16, pos(7, 3), 18}, // past the last line
		{UTF8, pos(0, 6), 5},   // inside é
		{UTF8, pos(0, 7), 7},   // after é
		{UTF8, pos(1, 6), 13},  // inside the emoji
		{UTF8, pos(1, 99), 17}, // past line end
		{UTF16, pos(0, 6), 7},  // after é in UTF-16
	}
	for _, tt := range tests {
		m := NewMapper([]byte(text), tt.enc)
		if got := m.Offset(tt.pos); got != tt.want {
			t.Errorf("%v: Offset(%v) = %d, want %d", tt.enc, tt.pos, got, tt.want)
		}
	}
}

// TestMapperRoundTrip checks that every character boundary survives a
// round trip, in both encodings.
func TestMapperRoundTrip(t *testing.T) {
	texts := []string{
		"",
		"FROM alpine\n",
		"\uFEFFFROM a\r\nLABEL é=\"名前\" \\\r\n  x=🐳\r\n",
		"a\rb\r\n\nc",
		"RUN \xff\xfe ok",
	}
	for _, text := range texts {
		for _, enc := range []Encoding{UTF16, UTF8} {
			m := NewMapper([]byte(text), enc)
			for off := 0; off <= len(text); off++ {
				if off < len(text) && text[off]&0xC0 == 0x80 {
					continue // not a character boundary
				}
				if off > 0 && off < len(text) && text[off] == '\n' && text[off-1] == '\r' {
					continue // inside a CRLF
				}
				p := m.Position(off)
				if back := m.Offset(p); back != off {
					t.Errorf("%q %v: offset %d -> %v -> %d", text, enc, off, p, back)
				}
			}
		}
	}
}

func BenchmarkMapper(b *testing.B) {
	var text []byte
	for i := 0; i < 3600; i++ {
		text = fmt.Appendf(text, "RUN echo %d é 🐳 && apt-get install -y curl\n", i)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m := NewMapper(text, UTF16)
		for off := 0; off < len(text); off += 97 {
			m.Position(off)
		}
	}
}

// TestMapperLineStarts checks the line index, "\n" only (the fast path)
// and with carriage returns, against a byte-by-byte reading.
func TestMapperLineStarts(t *testing.T) {
	ref := func(text []byte) []int {
		lines := []int{0}
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
		return lines
	}
	for _, s := range []string{"", "\n", "a", "a\n", "\n\nb", "FROM a\nRUN b\n\n", "a\r\nb\rc\n", "\r", "x\r\n"} {
		if got, want := NewMapper([]byte(s), UTF16).lines, ref([]byte(s)); !slices.Equal(got, want) {
			t.Errorf("NewMapper(%q).lines = %v, want %v", s, got, want)
		}
	}
}
