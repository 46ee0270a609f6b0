package lsp

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"sync"

	"go.lsp.dev/jsonrpc2"
)

// DefaultMaxMessageSize is the largest message the server reads unless
// Options.MaxMessageSize says otherwise: far above any real document, far
// below what would hurt the machine.
const DefaultMaxMessageSize = 64 << 20

const (
	// maxHeaderSize bounds a message's header block.
	maxHeaderSize = 8 << 10
	// readChunk is the least the reader asks of the connection at once.
	readChunk = 32 << 10
	// keepBuffer is the largest read buffer kept between messages: a big
	// message's buffer is released once the message has been handled.
	keepBuffer = 1 << 20
)

// errTooLarge marks a message over the size limit.
var errTooLarge = errors.New("message too large")

// contentLength is the header field the reader looks for, lower case.
const contentLength = "content-length"

// framingStream reads and writes LSP base-protocol messages (a header
// with Content-Length, a blank line, a JSON body). Unlike the jsonrpc2
// header stream it never loses its footing for good:
//
//   - a malformed header (no colon, a field name that is not a token, a
//     missing, non-numeric, zero or oversized Content-Length, a header
//     longer than maxHeaderSize) is reported as jsonrpc2.ErrInvalidHeader
//     and the next read resynchronises on the next "Content-Length:"
//     field in the input;
//   - a body that runs into the next header, because its Content-Length
//     was too long, is cut where that header starts (no valid JSON
//     contains a raw "Content-Length: N" line), so the next message is
//     not swallowed and the reader does not wait for bytes that will not
//     come; a body cut short leaves bytes that are not a header, which
//     the resynchronisation skips;
//   - a body is read as its bytes arrive, into a buffer that grows with
//     them, up to max bytes: a declared size reserves nothing.
//
// It writes each message as the jsonrpc2 header stream does (a
// Content-Length header, a blank line, the body, in one write), encoding
// the body with jsonrpc2.AppendMessage after room left for the header
// rather than moving it behind the header once encoded, and it writes
// frames built by the server itself (writeFrame: a big publication of
// diagnostics, kept for the next one).
type framingStream struct {
	rwc io.ReadWriteCloser
	max int
	log *slog.Logger

	wmu  sync.Mutex // one frame at a time on the connection
	wbuf []byte     // write buffer, kept between messages up to keepBuffer

	buf    []byte // read buffer: buf[r:w] is unread input
	r, w   int
	err    error // the connection's read error, once it came
	resync bool  // skip to the next Content-Length field before reading
}

// newFramingStream returns a stream of LSP messages over rwc that accepts
// messages of at most max bytes (DefaultMaxMessageSize when max <= 0).
func newFramingStream(rwc io.ReadWriteCloser, max int, log *slog.Logger) *framingStream {
	if max <= 0 {
		max = DefaultMaxMessageSize
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &framingStream{rwc: rwc, max: max, log: log}
}

// Read implements jsonrpc2.Stream.
func (f *framingStream) Read(ctx context.Context) (jsonrpc2.Message, int64, error) {
	body, n, err := f.ReadFrame(ctx)
	if err != nil {
		return nil, 0, err
	}
	msg, err := jsonrpc2.DecodeMessage(body)
	if err != nil {
		return nil, 0, fmt.Errorf("decoding a message: %w", err)
	}
	return msg, n, nil
}

// Write implements jsonrpc2.Stream.
func (f *framingStream) Write(ctx context.Context, msg jsonrpc2.Message) (int64, error) {
	return f.write(ctx, func(buf []byte) []byte { return jsonrpc2.AppendMessage(buf, msg) })
}

// WriteFrame writes an encoded message (the raw-frame side of the stream,
// which the jsonrpc2 connection uses for batches).
func (f *framingStream) WriteFrame(ctx context.Context, data []byte) (int64, error) {
	return f.write(ctx, func(buf []byte) []byte { return append(buf, data...) })
}

// maxFrameHeader is the size of the longest header a frame gets:
// "Content-Length: ", twenty digits and a blank line.
const maxFrameHeader = len(frameHeaderPrefix) + 20 + len(frameHeaderEnd)

const (
	frameHeaderPrefix = "Content-Length: "
	frameHeaderEnd    = "\r\n\r\n"
)

// write frames the body appendBody appends and writes header and body in
// one write.
func (f *framingStream) write(ctx context.Context, appendBody func([]byte) []byte) (int64, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	f.wmu.Lock()
	defer f.wmu.Unlock()
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	buf := f.wbuf
	if cap(buf) < maxFrameHeader {
		buf = make([]byte, maxFrameHeader, readChunk)
	}
	buf = appendBody(buf[:maxFrameHeader])
	start := putFrameHeader(buf[:maxFrameHeader], len(buf)-maxFrameHeader)
	n, err := f.rwc.Write(buf[start:])
	if cap(buf) <= keepBuffer {
		f.wbuf = buf[:0]
	} else {
		f.wbuf = nil
	}
	return int64(n), err
}

// putFrameHeader writes the header of a body of n bytes at the end of
// room, which must hold it (maxFrameHeader bytes do), and returns where
// it starts.
func putFrameHeader(room []byte, n int) int {
	var h [maxFrameHeader]byte
	b := append(h[:0], frameHeaderPrefix...)
	b = strconv.AppendInt(b, int64(n), 10)
	b = append(b, frameHeaderEnd...)
	return len(room) - copy(room[len(room)-len(b):], b)
}

// writeFrame writes a whole frame, header included, as it is.
func (f *framingStream) writeFrame(ctx context.Context, frame []byte) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	f.wmu.Lock()
	defer f.wmu.Unlock()
	_, err := f.rwc.Write(frame)
	return err
}

// Close implements jsonrpc2.Stream.
func (f *framingStream) Close() error { return f.rwc.Close() }

// ReadFrame returns the body of the next message. The slice is valid until
// the next read. A malformed header gives an error wrapping
// jsonrpc2.ErrInvalidHeader, after which reading may go on; io.EOF means
// the connection ended between messages, io.ErrUnexpectedEOF inside one.
func (f *framingStream) ReadFrame(ctx context.Context) ([]byte, int64, error) {
	if err := ctx.Err(); err != nil {
		return nil, 0, err
	}
	f.compact()
	if f.resync {
		if err := f.skipToHeader(); err != nil {
			return nil, 0, err
		}
		f.resync = false
	}
	if err := f.skipBlank(); err != nil {
		return nil, 0, err
	}
	length, hlen, err := f.header()
	if err != nil {
		if errors.Is(err, jsonrpc2.ErrInvalidHeader) {
			// Resynchronise from the next byte: a Content-Length field may
			// start anywhere after the start of the bad header, even inside
			// it.
			f.r++
			f.resync = true
		}
		if errors.Is(err, errTooLarge) {
			// A client waiting for an answer to it gets one (its id is not
			// known: the body is not read).
			resp := jsonrpc2.NewResponse(jsonrpc2.ID{}, nil, jsonrpc2.Errorf(jsonrpc2.InvalidRequest, "berth: message too large: %v", err))
			if _, werr := f.Write(ctx, resp); werr != nil {
				return nil, 0, fmt.Errorf("answering a message that is too large: %w", werr)
			}
		}
		return nil, 0, err
	}
	f.r += hlen
	start, end, err := f.body(length)
	if err != nil {
		return nil, 0, err
	}
	f.r = end
	return f.buf[start:end], int64(hlen + end - start), nil
}

// compact moves the unread input to the front of the buffer, and drops a
// big buffer that is no longer needed.
func (f *framingStream) compact() {
	n := f.w - f.r
	if cap(f.buf) > keepBuffer && n < keepBuffer/2 {
		buf := make([]byte, max(readChunk, 2*n))
		copy(buf, f.buf[f.r:f.w])
		f.buf, f.r, f.w = buf, 0, n
		return
	}
	if f.r > 0 {
		copy(f.buf, f.buf[f.r:f.w])
		f.r, f.w = 0, n
	}
}

// fill reads more input into the buffer, growing it when full: to at most
// twice what is buffered, so memory follows the bytes received.
func (f *framingStream) fill() error {
	if f.err != nil {
		return f.err
	}
	if f.w == len(f.buf) {
		if f.r > 0 {
			copy(f.buf, f.buf[f.r:f.w])
			f.w -= f.r
			f.r = 0
		}
		if f.w == len(f.buf) {
			buf := make([]byte, max(readChunk, 2*len(f.buf)))
			copy(buf, f.buf[:f.w])
			f.buf = buf
		}
	}
	n, err := f.rwc.Read(f.buf[f.w:])
	f.w += n
	if err != nil {
		f.err = err
		if n > 0 {
			return nil
		}
		return err
	}
	return nil
}

// unexpected turns the end of the input inside a message into
// io.ErrUnexpectedEOF.
func unexpected(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}

// skipBlank skips line ends before a header (some clients end a body with
// one). It returns io.EOF when the input ends between messages.
func (f *framingStream) skipBlank() error {
	for {
		for f.r < f.w && (f.buf[f.r] == '\r' || f.buf[f.r] == '\n') {
			f.r++
		}
		if f.r < f.w {
			return nil
		}
		f.r, f.w = 0, 0
		if err := f.fill(); err != nil {
			return err
		}
	}
}

// skipToHeader discards input up to the next "Content-Length:" field
// (in any case), keeping only what could be the start of one.
func (f *framingStream) skipToHeader() error {
	for {
		if i := indexHeaderField(f.buf[f.r:f.w]); i >= 0 {
			f.r += i
			return nil
		}
		// Keep a tail that may be the start of the field name.
		keep := min(len(contentLength), f.w-f.r)
		f.r = f.w - keep
		if err := f.fill(); err != nil {
			return unexpected(err)
		}
	}
}

// indexHeaderField returns the index of the first "content-length:"
// (ASCII case-insensitive) in b, or -1.
func indexHeaderField(b []byte) int {
	const field = contentLength + ":"
	for i := 0; i+len(field) <= len(b); i++ {
		if b[i]|0x20 == 'c' && equalFold(b[i:i+len(field)], field) {
			return i
		}
	}
	return -1
}

// header parses the header block at f.r without consuming it and returns
// the body length and the header's size.
func (f *framingStream) header() (length, size int, err error) {
	p := f.r
	length = -1
	for {
		nl := -1
		for q := p; ; {
			for ; q < f.w; q++ {
				if f.buf[q] == '\n' {
					nl = q
					break
				}
			}
			if nl >= 0 {
				break
			}
			if f.w-f.r > maxHeaderSize {
				return 0, 0, fmt.Errorf("%w: header longer than %d bytes", jsonrpc2.ErrInvalidHeader, maxHeaderSize)
			}
			r := f.r
			if err := f.fill(); err != nil {
				return 0, 0, unexpected(err)
			}
			// The buffer may have moved.
			p -= r - f.r
			q -= r - f.r
		}
		if nl-f.r > maxHeaderSize {
			return 0, 0, fmt.Errorf("%w: header longer than %d bytes", jsonrpc2.ErrInvalidHeader, maxHeaderSize)
		}
		line := f.buf[p:nl]
		p = nl + 1
		if n := len(line); n > 0 && line[n-1] == '\r' {
			line = line[:n-1]
		}
		if len(line) == 0 {
			break
		}
		name, value, ok := splitField(line)
		if !ok {
			return 0, 0, fmt.Errorf("%w: malformed field %q", jsonrpc2.ErrInvalidHeader, clip(line))
		}
		if i := indexHeaderField(line); i > 0 {
			// The start of the next message, after a line cut short: read
			// from there.
			return 0, 0, fmt.Errorf("%w: a field runs into another Content-Length", jsonrpc2.ErrInvalidHeader)
		}
		if !equalFold(name, contentLength) {
			continue // Content-Type and the like
		}
		n, ok := parseLength(value)
		switch {
		case !ok:
			return 0, 0, fmt.Errorf("%w: invalid Content-Length %q", jsonrpc2.ErrInvalidHeader, clip(value))
		case n > f.max:
			return 0, 0, fmt.Errorf("%w: %w: Content-Length %s is more than the limit of %d bytes", jsonrpc2.ErrInvalidHeader, errTooLarge, clip(value), f.max)
		case n == 0:
			return 0, 0, fmt.Errorf("%w: Content-Length 0", jsonrpc2.ErrInvalidHeader)
		case length >= 0 && n != length:
			return 0, 0, fmt.Errorf("%w: conflicting Content-Length fields", jsonrpc2.ErrInvalidHeader)
		}
		length = n
	}
	if length < 0 {
		return 0, 0, fmt.Errorf("%w: no Content-Length", jsonrpc2.ErrInvalidHeader)
	}
	return length, p - f.r, nil
}

// body reads the body of length bytes starting at f.r and returns where
// it starts and ends in f.buf, which reading may have moved. It ends
// early at a header that the body runs into.
func (f *framingStream) body(length int) (start, end int, err error) {
	start = f.r
	scanned := start // bytes before scanned hold no line end
	for {
		have := min(f.w-start, length)
		for i := scanned; i < start+have; i++ {
			if f.buf[i] == '\n' {
				if h := headerLineStart(f.buf[start:i]); h >= 0 {
					f.log.Warn("message cut short by the next header", "declared", length, "read", h)
					return start, start + h, nil
				}
			}
		}
		scanned = start + have
		if have == length {
			end = start + length
			if h := headerTail(f.buf[start:end]); h >= 0 {
				f.log.Warn("message ends in the next header", "declared", length, "read", h)
				return start, start + h, nil
			}
			return start, end, nil
		}
		r := f.r
		if err := f.fill(); err != nil {
			return 0, 0, unexpected(err)
		}
		start -= r - f.r
		scanned -= r - f.r
	}
}

// headerLineStart reports whether b ends with a Content-Length field (the
// line end that follows b being the one of the field) and returns where the
// field starts, or -1. No JSON text has one: raw line ends cannot be in
// its strings, nor the field name outside them.
func headerLineStart(b []byte) int {
	i := len(b)
	if i > 0 && b[i-1] == '\r' {
		i--
	}
	for i > 0 && (b[i-1] == ' ' || b[i-1] == '\t') {
		i--
	}
	digits := i
	for i > 0 && b[i-1] >= '0' && b[i-1] <= '9' {
		i--
	}
	if i == digits {
		return -1
	}
	for i > 0 && (b[i-1] == ' ' || b[i-1] == '\t') {
		i--
	}
	if i == 0 || b[i-1] != ':' {
		return -1
	}
	i--
	if i < len(contentLength) || !equalFold(b[i-len(contentLength):i], contentLength) {
		return -1
	}
	return i - len(contentLength)
}

// headerTail returns where a body of declared length ends in the start of
// the next header, or -1: its last bytes are the beginning of a
// "Content-Length: N" line. No JSON text ends so: it ends with its closing
// bracket and blanks.
func headerTail(b []byte) int {
	const field = contentLength + ":"
	for i := max(0, len(b)-len(field)-24); i < len(b); i++ {
		if b[i]|0x20 != 'c' {
			continue
		}
		tail := b[i:]
		n := min(len(tail), len(field))
		if !equalFold(tail[:n], field[:n]) {
			continue
		}
		ok := true
		for _, c := range tail[n:] {
			if c != ' ' && c != '\t' && c != '\r' && (c < '0' || c > '9') {
				ok = false
				break
			}
		}
		if ok {
			return i
		}
	}
	return -1
}

// splitField splits a header line into its name, which must be a token
// (RFC 9110), and its value without surrounding blanks.
func splitField(line []byte) (name, value []byte, ok bool) {
	colon := -1
	for i, c := range line {
		if c == ':' {
			colon = i
			break
		}
		if !isTokenChar(c) {
			return nil, nil, false
		}
	}
	if colon <= 0 {
		return nil, nil, false
	}
	value = line[colon+1:]
	for len(value) > 0 && (value[0] == ' ' || value[0] == '\t') {
		value = value[1:]
	}
	for len(value) > 0 && (value[len(value)-1] == ' ' || value[len(value)-1] == '\t') {
		value = value[:len(value)-1]
	}
	return line[:colon], value, true
}

func isTokenChar(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	switch c {
	case '!', '#', '$', '%', '&', '\'', '*', '+', '-', '.', '^', '_', '`', '|', '~':
		return true
	}
	return false
}

// parseLength parses a decimal length; ok is false for anything else. A
// length too big for an int is reported as the largest int, which no
// limit admits.
func parseLength(v []byte) (int, bool) {
	if len(v) == 0 {
		return 0, false
	}
	const maxInt = int(^uint(0) >> 1)
	n := 0
	for _, c := range v {
		if c < '0' || c > '9' {
			return 0, false
		}
		if n > (maxInt-int(c-'0'))/10 {
			n = maxInt
			continue
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// equalFold reports whether b equals s, which is lower case, in ASCII
// case folding.
func equalFold(b []byte, s string) bool {
	if len(b) != len(s) {
		return false
	}
	for i := range b {
		c := b[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != s[i] {
			return false
		}
	}
	return true
}

// clip shortens a header fragment for a message.
func clip(b []byte) string {
	if len(b) > 40 {
		return string(b[:40]) + "..."
	}
	return string(b)
}
