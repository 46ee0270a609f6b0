package lsp

import (
	"bytes"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
)

// decodeDidChange decodes the parameters of textDocument/didChange, the
// message an editor sends on every keystroke and, with whole-text
// synchronisation, with the whole file in it. go.lsp.dev/protocol decodes
// a long string with escapes byte by byte (0.7 ms and 1.1 MB of garbage
// for a 90 KB file); this reads the usual shape of the message directly.
// It reports false, and the generic decoder then decides, on anything
// else: an unexpected type, a duplicate or missing key, a number that is
// not a plain integer, invalid UTF-8 or a lone surrogate in a string.
func decodeDidChange(b []byte) (*protocol.DidChangeTextDocumentParams, bool) {
	d := jsonReader{b: b}
	p := &protocol.DidChangeTextDocumentParams{}
	var sawDoc, sawChanges bool
	ok := d.object(func(key string) bool {
		switch key {
		case "textDocument":
			if sawDoc {
				return false
			}
			sawDoc = true
			return d.textDocument(p)
		case "contentChanges":
			if sawChanges {
				return false
			}
			sawChanges = true
			return d.contentChanges(p)
		}
		return d.skip()
	})
	if !ok || !sawDoc || !sawChanges {
		return nil, false
	}
	d.space()
	return p, d.i == len(d.b)
}

// jsonReader reads JSON values from b at i.
type jsonReader struct {
	b []byte
	i int
}

func (d *jsonReader) textDocument(p *protocol.DidChangeTextDocumentParams) bool {
	var sawURI, sawVersion bool
	return d.object(func(key string) bool {
		switch key {
		case "uri":
			s, ok := d.string()
			if !ok || sawURI {
				return false
			}
			// As the generic decoder does: the canonical form.
			u, err := uri.Parse(s)
			if err != nil {
				return false
			}
			sawURI = true
			p.TextDocument.URI = u
			return true
		case "version":
			n, ok := d.integer(-1<<31, 1<<31-1)
			if !ok || sawVersion {
				return false
			}
			sawVersion = true
			p.TextDocument.Version = int32(n)
			return true
		}
		return d.skip()
	}) && sawURI && sawVersion
}

func (d *jsonReader) contentChanges(p *protocol.DidChangeTextDocumentParams) bool {
	d.space()
	if !d.consume('[') {
		return false
	}
	p.ContentChanges = []protocol.TextDocumentContentChangeEvent{}
	d.space()
	if d.consume(']') {
		return true
	}
	for {
		var (
			r                 protocol.Range
			text              string
			sawRange, sawText bool
			sawLength         bool
			rangeLength       uint32
		)
		ok := d.object(func(key string) bool {
			switch key {
			case "range":
				if sawRange {
					return false
				}
				sawRange = true
				return d.rng(&r)
			case "rangeLength":
				n, ok := d.integer(0, 1<<32-1)
				if !ok || sawLength {
					return false
				}
				sawLength, rangeLength = true, uint32(n)
				return true
			case "text":
				s, ok := d.string()
				if !ok || sawText {
					return false
				}
				sawText, text = true, s
				return true
			}
			return d.skip()
		})
		if !ok || !sawText {
			return false
		}
		if sawRange {
			ch := &protocol.TextDocumentContentChangePartial{Range: r, Text: text}
			if sawLength {
				ch.RangeLength = protocol.NewOptional(rangeLength)
			}
			p.ContentChanges = append(p.ContentChanges, ch)
		} else {
			if sawLength {
				return false
			}
			p.ContentChanges = append(p.ContentChanges, &protocol.TextDocumentContentChangeWholeDocument{Text: text})
		}
		d.space()
		if d.consume(']') {
			return true
		}
		if !d.consume(',') {
			return false
		}
	}
}

func (d *jsonReader) rng(r *protocol.Range) bool {
	var sawStart, sawEnd bool
	return d.object(func(key string) bool {
		switch key {
		case "start":
			if sawStart {
				return false
			}
			sawStart = true
			return d.position(&r.Start)
		case "end":
			if sawEnd {
				return false
			}
			sawEnd = true
			return d.position(&r.End)
		}
		return d.skip()
	}) && sawStart && sawEnd
}

func (d *jsonReader) position(p *protocol.Position) bool {
	var sawLine, sawChar bool
	return d.object(func(key string) bool {
		switch key {
		case "line":
			n, ok := d.integer(0, 1<<32-1)
			if !ok || sawLine {
				return false
			}
			sawLine, p.Line = true, uint32(n)
			return true
		case "character":
			n, ok := d.integer(0, 1<<32-1)
			if !ok || sawChar {
				return false
			}
			sawChar, p.Character = true, uint32(n)
			return true
		}
		return d.skip()
	}) && sawLine && sawChar
}

// object reads an object, calling member for each key with the reader at
// its value, which member must read.
func (d *jsonReader) object(member func(key string) bool) bool {
	d.space()
	if !d.consume('{') {
		return false
	}
	d.space()
	if d.consume('}') {
		return true
	}
	for {
		d.space()
		key, ok := d.string()
		if !ok {
			return false
		}
		d.space()
		if !d.consume(':') {
			return false
		}
		d.space()
		if !member(key) {
			return false
		}
		d.space()
		if d.consume('}') {
			return true
		}
		if !d.consume(',') {
			return false
		}
	}
}

func (d *jsonReader) space() {
	for d.i < len(d.b) {
		switch d.b[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return
		}
	}
}

func (d *jsonReader) consume(c byte) bool {
	if d.i < len(d.b) && d.b[d.i] == c {
		d.i++
		return true
	}
	return false
}

// integer reads a plain integer (no fraction, no exponent) within
// [lo, hi].
func (d *jsonReader) integer(lo, hi int64) (int64, bool) {
	d.space()
	start := d.i
	if d.i < len(d.b) && d.b[d.i] == '-' {
		d.i++
	}
	digits := d.i
	for d.i < len(d.b) && d.b[d.i] >= '0' && d.b[d.i] <= '9' {
		d.i++
	}
	if d.i == digits || d.i-digits > 1 && d.b[digits] == '0' || d.i-digits > 12 {
		return 0, false
	}
	if d.i < len(d.b) && (d.b[d.i] == '.' || d.b[d.i] == 'e' || d.b[d.i] == 'E') {
		return 0, false
	}
	n, err := strconv.ParseInt(string(d.b[start:d.i]), 10, 64)
	if err != nil || n < lo || n > hi {
		return 0, false
	}
	return n, true
}

// string reads a string. Invalid UTF-8 and lone surrogates are refused.
func (d *jsonReader) string() (string, bool) {
	if !d.consume('"') {
		return "", false
	}
	start := d.i
	// The common case: no escape.
	for d.i < len(d.b) {
		c := d.b[d.i]
		if c == '"' {
			s := d.b[start:d.i]
			d.i++
			if !utf8.Valid(s) {
				return "", false
			}
			return string(s), true
		}
		if c == '\\' || c < 0x20 {
			break
		}
		d.i++
	}
	// Escapes only shrink the text: the rest of the message bounds it.
	out := append(make([]byte, 0, len(d.b)-start), d.b[start:d.i]...)
	for {
		run := d.i
		for d.i < len(d.b) {
			if c := d.b[d.i]; c == '"' || c == '\\' || c < 0x20 {
				break
			}
			d.i++
		}
		out = append(out, d.b[run:d.i]...)
		if d.i >= len(d.b) || d.b[d.i] < 0x20 {
			return "", false
		}
		if d.b[d.i] == '"' {
			d.i++
			if !utf8.Valid(out) {
				return "", false
			}
			return string(out), true
		}
		// A backslash.
		if d.i+1 >= len(d.b) {
			return "", false
		}
		e := d.b[d.i+1]
		d.i += 2
		switch e {
		case '"', '\\', '/':
			out = append(out, e)
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'u':
			r, ok := d.hex4()
			if !ok {
				return "", false
			}
			if utf16.IsSurrogate(r) {
				if r >= 0xDC00 || d.i+1 >= len(d.b) || d.b[d.i] != '\\' || d.b[d.i+1] != 'u' {
					return "", false
				}
				d.i += 2
				r2, ok := d.hex4()
				if !ok {
					return "", false
				}
				r = utf16.DecodeRune(r, r2)
				if r == utf8.RuneError {
					return "", false
				}
			}
			out = utf8.AppendRune(out, r)
		default:
			return "", false
		}
	}
}

// hex4 reads the four hex digits of a \u escape.
func (d *jsonReader) hex4() (rune, bool) {
	if d.i+4 > len(d.b) {
		return 0, false
	}
	var r rune
	for _, c := range d.b[d.i : d.i+4] {
		switch {
		case c >= '0' && c <= '9':
			r = r<<4 | rune(c-'0')
		case c >= 'a' && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	d.i += 4
	return r, true
}

// skip reads any value, to at most 64 levels of nesting.
func (d *jsonReader) skip() bool {
	return d.skipDepth(0)
}

func (d *jsonReader) skipDepth(depth int) bool {
	if depth > 64 {
		return false
	}
	d.space()
	if d.i >= len(d.b) {
		return false
	}
	switch c := d.b[d.i]; {
	case c == '"':
		_, ok := d.string()
		return ok
	case c == '{':
		return d.object(func(string) bool { return d.skipDepth(depth + 1) })
	case c == '[':
		d.i++
		d.space()
		if d.consume(']') {
			return true
		}
		for {
			if !d.skipDepth(depth + 1) {
				return false
			}
			d.space()
			if d.consume(']') {
				return true
			}
			if !d.consume(',') {
				return false
			}
		}
	case c == 't':
		return d.literal("true")
	case c == 'f':
		return d.literal("false")
	case c == 'n':
		return d.literal("null")
	case c == '-' || c >= '0' && c <= '9':
		return d.number()
	}
	return false
}

// number reads a number as JSON writes them.
func (d *jsonReader) number() bool {
	d.consume('-')
	switch {
	case d.consume('0'):
	case d.i < len(d.b) && d.b[d.i] >= '1' && d.b[d.i] <= '9':
		d.digits()
	default:
		return false
	}
	if d.consume('.') && !d.digits() {
		return false
	}
	if d.consume('e') || d.consume('E') {
		if !d.consume('+') {
			d.consume('-')
		}
		if !d.digits() {
			return false
		}
	}
	return true
}

// digits reads decimal digits and reports whether there was one.
func (d *jsonReader) digits() bool {
	start := d.i
	for d.i < len(d.b) && d.b[d.i] >= '0' && d.b[d.i] <= '9' {
		d.i++
	}
	return d.i > start
}

func (d *jsonReader) literal(w string) bool {
	if bytes.HasPrefix(d.b[d.i:], []byte(w)) {
		d.i += len(w)
		return true
	}
	return false
}
