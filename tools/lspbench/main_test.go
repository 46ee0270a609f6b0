package main

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"
	"unicode/utf16"
)

func TestPct(t *testing.T) {
	ms := func(n ...int) []time.Duration {
		var d []time.Duration
		for _, x := range n {
			d = append(d, time.Duration(x)*time.Millisecond)
		}
		return d
	}
	for _, c := range []struct {
		d    []time.Duration
		p    float64
		want float64
	}{
		{nil, 0.5, -1},
		{ms(7), 0.9, 7},
		{ms(5, 1, 4, 2, 3), 0.5, 3},
		{ms(5, 1, 4, 2, 3), 1, 5},
		{ms(10, 20, 30, 40, 50, 60, 70, 80, 90, 100), 0.9, 90},
		{ms(10, 20, 30, 40, 50, 60, 70, 80, 90, 100), 0.5, 50},
	} {
		if got := pct(c.d, c.p); got != c.want {
			t.Errorf("pct(%v, %v) = %v, want %v", c.d, c.p, got, c.want)
		}
	}
}

// apply applies keystrokes to text as a server does (positions in UTF-16).
func apply(t *testing.T, text string, ks []keystroke) string {
	t.Helper()
	lines := strings.SplitAfter(text, "\n")
	for _, k := range ks {
		joined := strings.Join(lines, "")
		off := 0
		for i := 0; i < k.Line; i++ {
			off += len(lines[i])
		}
		u := utf16.Encode([]rune(strings.TrimSuffix(lines[k.Line], "\n")))
		if k.Char > len(u) {
			t.Fatalf("keystroke %+v past the end of line %q", k, lines[k.Line])
		}
		off += len(string(utf16.Decode(u[:k.Char])))
		lines = strings.SplitAfter(joined[:off]+k.Text+joined[off:], "\n")
	}
	return strings.Join(lines, "")
}

func TestKeystrokes(t *testing.T) {
	text := "FROM a\nRUN x\nFROM b\nCMD y\n"
	for _, typed := range []string{"RUN echo hi", "LABEL x=\"ñ😀z\""} {
		ks := keystrokes(typed, 2)
		if len(ks) != len([]rune(typed))+1 {
			t.Errorf("%q: %d keystrokes, want one per character and Enter", typed, len(ks))
		}
		want := "FROM a\nRUN x\n" + typed + "\nFROM b\nCMD y\n"
		if got := apply(t, text, ks); got != want {
			t.Errorf("typing %q gives\n%q\nwant\n%q", typed, got, want)
		}
	}
}

func TestTypingLine(t *testing.T) {
	text := "FROM a\nRUN x \\\n  && y\nCMD z\nFROM b\nRUN w\n"
	if got := typingLine(text); got != 4 {
		t.Errorf("typingLine = %d, want 4 (the FROM after the middle)", got)
	}
	if got := typingLine("RUN a\nRUN b\nRUN c\n"); got != 2 {
		t.Errorf("typingLine without FROM = %d, want the middle line, 2", got)
	}
}

func TestCoverLatencies(t *testing.T) {
	t0 := time.Unix(0, 0)
	at := func(ms int) time.Time { return t0.Add(time.Duration(ms) * time.Millisecond) }
	sent := []time.Time{at(0), at(50), at(100), at(150)} // versions 2..5
	// The server skips version 3 (stale) and never answers version 5.
	pubs := []diagEvent{{at(10), 2, 1}, {at(120), 4, 1}}
	lat, missed := coverLatencies(sent, 2, pubs)
	want := []time.Duration{10 * time.Millisecond, 70 * time.Millisecond, 20 * time.Millisecond}
	if missed != 1 || len(lat) != len(want) {
		t.Fatalf("got %v, %d missed; want %v, 1 missed", lat, missed, want)
	}
	for i := range want {
		if lat[i] != want[i] {
			t.Errorf("latency %d = %v, want %v", i, lat[i], want[i])
		}
	}
	// A server without versions: the first publication after each.
	lat, missed = coverLatencies(sent, 2, []diagEvent{{at(30), -1, 0}, {at(160), -1, 0}})
	if missed != 0 || len(lat) != 4 || lat[0] != 30*time.Millisecond || lat[1] != 110*time.Millisecond || lat[3] != 10*time.Millisecond {
		t.Errorf("unversioned: got %v, %d missed", lat, missed)
	}
}

// TestReadFramesReuse checks that a large frame's body is read into the
// buffer of one already decoded when it is large enough, and into a new
// one when it is not, whole either way.
func TestReadFramesReuse(t *testing.T) {
	pr, pw := io.Pipe()
	defer pw.Close()
	out := make(chan frame, 1)
	free := make(chan []byte, freeFrames)
	go readFrames(bufio.NewReader(pr), out, free)
	send := func(body string) []byte {
		t.Helper()
		go fmt.Fprintf(pw, "Content-Length: %d\r\n\r\n%s", len(body), body)
		f := <-out
		if string(f.buf) != body {
			t.Fatalf("frame of %d bytes read as %d bytes, not its body", len(body), len(f.buf))
		}
		return f.buf
	}
	first := send(strings.Repeat("a", reuseFrame+100))
	free <- first
	second := send(strings.Repeat("b", reuseFrame+50))
	if &second[0] != &first[0] {
		t.Error("a frame no larger than a decoded frame's buffer was read into a new buffer")
	}
	free <- second
	third := send(strings.Repeat("c", reuseFrame+200))
	if &third[0] == &first[0] {
		t.Error("a frame larger than the free buffer was read into it")
	}
	if small := send("{}"); cap(small) >= reuseFrame {
		t.Errorf("a small frame was read into a large buffer (cap %d)", cap(small))
	}
}
