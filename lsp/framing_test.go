package lsp

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"go.lsp.dev/jsonrpc2"
)

// wire is a connection that reads from r, in chunks of at most chunk
// bytes (all that is asked when 0), and records what is written.
type wire struct {
	r     io.Reader
	chunk int
	out   bytes.Buffer
}

func (w *wire) Read(p []byte) (int, error) {
	if w.chunk > 0 && len(p) > w.chunk {
		p = p[:w.chunk]
	}
	return w.r.Read(p)
}

func (w *wire) Write(p []byte) (int, error) { return w.out.Write(p) }
func (w *wire) Close() error                { return nil }

// readAll reads frames until the input ends and returns them; calls
// fail the test when the reader makes no progress.
func readAll(t testing.TB, f *framingStream, limit int) (frames []string, invalid int, err error) {
	for calls := 0; ; calls++ {
		if calls > limit {
			t.Fatalf("%d reads without reaching the end of %d bytes of input", calls, limit)
		}
		body, _, err := f.ReadFrame(context.Background())
		if errors.Is(err, jsonrpc2.ErrInvalidHeader) {
			invalid++
			continue
		}
		if err != nil {
			return frames, invalid, err
		}
		frames = append(frames, string(body))
	}
}

// TestFramingValid reads well-formed messages as clients write them.
func TestFramingValid(t *testing.T) {
	bodies := []string{
		`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}`,
		// Pretty-printed, with a header-like string inside.
		"{\n  \"jsonrpc\": \"2.0\",\r\n  \"method\": \"x\",\n  \"params\": {\"text\": \"Content-Length: 5\\r\\n\\r\\nRUN x\"}\n}",
		`[{"jsonrpc":"2.0","method":"a"},{"jsonrpc":"2.0","method":"b"}]`,
		`{"jsonrpc":"2.0","method":"é🐳"}`,
	}
	var in strings.Builder
	fmt.Fprintf(&in, "Content-Length: %d\r\n\r\n%s", len(bodies[0]), bodies[0])
	fmt.Fprintf(&in, "Content-Type: application/vscode-jsonrpc; charset=utf-8\r\ncontent-length:%d\r\n\r\n%s", len(bodies[1]), bodies[1])
	fmt.Fprintf(&in, "CONTENT-LENGTH: %d\n\n%s\r\n", len(bodies[2]), bodies[2]) // bare LFs, a trailing line end
	fmt.Fprintf(&in, "Content-Length: %d \r\nContent-Length: %d\r\n\r\n%s", len(bodies[3]), len(bodies[3]), bodies[3])
	for _, chunk := range []int{0, 1, 7} {
		f := newFramingStream(&wire{r: strings.NewReader(in.String()), chunk: chunk}, 0, nil)
		frames, invalid, err := readAll(t, f, in.Len()+2)
		if err != io.EOF {
			t.Errorf("chunk %d: ended with %v, want EOF", chunk, err)
		}
		if invalid > 0 || strings.Join(frames, "\x00") != strings.Join(bodies, "\x00") {
			t.Errorf("chunk %d: %d invalid, frames:\n%q\nwant:\n%q", chunk, invalid, frames, bodies)
		}
	}
}

// TestFramingEOF: the end of the input between messages is io.EOF, inside
// one io.ErrUnexpectedEOF.
func TestFramingEOF(t *testing.T) {
	for in, want := range map[string]error{
		"":                            io.EOF,
		"\r\n":                        io.EOF,
		"Content-Length: 5\r\n":       io.ErrUnexpectedEOF,
		"Content-Length: 5\r\n\r\n":   io.ErrUnexpectedEOF,
		"Content-Length: 5\r\n\r\n{}": io.ErrUnexpectedEOF,
		"junk":                        io.ErrUnexpectedEOF,
	} {
		f := newFramingStream(&wire{r: strings.NewReader(in)}, 0, nil)
		if _, _, err := readAll(t, f, len(in)+2); err != want {
			t.Errorf("%q: %v, want %v", in, err, want)
		}
	}
}

// TestFramingReadsAsBytesArrive declares a large message and sends a few
// bytes: the buffer follows what came, not what was declared.
func TestFramingReadsAsBytesArrive(t *testing.T) {
	in := fmt.Sprintf("Content-Length: %d\r\n\r\n{\"jsonrpc\":\"2.0\"", 60<<20)
	f := newFramingStream(&wire{r: strings.NewReader(in)}, 0, nil)
	if _, _, err := f.ReadFrame(context.Background()); err != io.ErrUnexpectedEOF {
		t.Errorf("got %v, want io.ErrUnexpectedEOF", err)
	}
	if c := cap(f.buf); c > 64<<10 {
		t.Errorf("a declared 60 MiB message with %d bytes sent took a %d-byte buffer", len(in), c)
	}

	// A big message that does come is read whole, and its buffer is
	// released after it.
	body := `{"jsonrpc":"2.0","method":"x","params":"` + strings.Repeat("a", 3<<20) + `"}`
	small := `{"jsonrpc":"2.0","method":"y"}`
	in = frame(body) + frame(small)
	f = newFramingStream(&wire{r: strings.NewReader(in), chunk: 100 << 10}, 0, nil)
	frames, _, _ := readAll(t, f, 10)
	if len(frames) != 2 || frames[0] != body || frames[1] != small {
		t.Fatalf("got %d frames: %q", len(frames), truncate([]byte(strings.Join(frames, "|")), 300))
	}
	if c := cap(f.buf); c > keepBuffer {
		t.Errorf("the buffer of a 3 MiB message (%d bytes) is kept", c)
	}
}

// TestFramingSizeLimit: a message over the limit is answered with an
// error and skipped; the next is read.
func TestFramingSizeLimit(t *testing.T) {
	big := `{"jsonrpc":"2.0","id":7,"method":"x","params":"` + strings.Repeat("a", 200) + `"}`
	small := `{"jsonrpc":"2.0","id":8,"method":"y"}`
	w := &wire{r: strings.NewReader(frame(big) + frame(small))}
	f := newFramingStream(w, 100, nil)
	_, _, err := f.ReadFrame(context.Background())
	if !errors.Is(err, jsonrpc2.ErrInvalidHeader) || !errors.Is(err, errTooLarge) {
		t.Fatalf("got %v, want a too-large error", err)
	}
	if !strings.Contains(w.out.String(), "too large") {
		t.Errorf("no error answered: %q", w.out.String())
	}
	body, _, err := f.ReadFrame(context.Background())
	if err != nil || string(body) != small {
		t.Errorf("after the big message: %q, %v", body, err)
	}
}

// sentinel is the valid message that follows the fuzzed input.
const sentinel = `{"jsonrpc":"2.0","id":424242,"method":"sentinel"}`

// checkFraming reads data followed by a valid message: whatever data is,
// the reader reaches the end in a bounded number of reads, its buffer
// stays within what it was sent, and the valid message is the last one
// read.
func checkFraming(t testing.TB, data []byte, chunk int) {
	in := append(bytes.Clone(data), frame(sentinel)...)
	var r io.Reader = bytes.NewReader(in)
	if chunk == 1 {
		r = iotest.OneByteReader(r)
	}
	f := newFramingStream(&wire{r: r, chunk: chunk}, 1<<20, nil)
	frames, _, err := readAll(t, f, len(in)+2)
	if err != io.EOF {
		t.Errorf("ended with %v, want io.EOF", err)
	}
	if c := cap(f.buf); c > 2*len(in)+readChunk {
		t.Errorf("a %d-byte buffer for %d bytes of input", c, len(in))
	}
	if len(frames) == 0 || frames[len(frames)-1] != sentinel {
		last := "nothing"
		if len(frames) > 0 {
			last = frames[len(frames)-1]
		}
		t.Errorf("the valid message after %q was lost; last frame: %q", truncate(data, 200), truncate([]byte(last), 200))
	}
}

// TestFramingResync reads each malformed frame followed by a valid
// message, whole and byte by byte.
func TestFramingResync(t *testing.T) {
	for _, bad := range malformedFrames() {
		for _, chunk := range []int{0, 1, 5} {
			checkFraming(t, []byte(bad), chunk)
		}
	}
}

// FuzzFraming feeds the framing reader arbitrary input followed by a
// valid message; see checkFraming.
func FuzzFraming(f *testing.F) {
	for _, bad := range malformedFrames() {
		f.Add([]byte(bad), uint8(0))
	}
	f.Add([]byte(frame(`{"jsonrpc":"2.0","method":"x"}`)), uint8(3))
	f.Add([]byte("Content-Length: 5\r\nContent-Type: x"), uint8(1))
	f.Add([]byte("Content-Length: 9\r\n\r\n}}}}"), uint8(2))
	f.Fuzz(func(t *testing.T, data []byte, chunk uint8) {
		if len(data) > 1<<16 {
			return
		}
		checkFraming(t, data, int(chunk%8))
	})
}
