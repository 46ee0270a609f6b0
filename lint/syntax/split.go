package syntax

import (
	"bytes"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

var bom = []byte{0xEF, 0xBB, 0xBF}

// Parse parses a Dockerfile. It never fails: problems are reported in
// File.Errors and on the instructions they concern.
func Parse(src []byte) *File {
	f := &File{Src: src, Escape: '\\'}
	f.lines = LineStarts(src)
	s := splitter{f: f, src: src, n: len(f.lines)}
	if len(src) > 0 && src[len(src)-1] == '\n' {
		s.n--
	}
	s.run()
	return f
}

// LineStarts returns the byte offset at which each line starts, lines
// ending at each "\n" (as the Dockerfile parser reads them; a language
// server's client also ends them at a lone "\r").
func LineStarts(src []byte) []int {
	n := bytes.Count(src, []byte{'\n'})
	lines := make([]int, 1, n+1)
	for i := 0; ; {
		j := bytes.IndexByte(src[i:], '\n')
		if j < 0 {
			break
		}
		i += j + 1
		lines = append(lines, i)
	}
	return lines
}

type splitter struct {
	// segs is a buffer for the segments of an instruction of several
	// lines.
	segs []segment
	f    *File
	src  []byte
	// line is the index of the next line to read.
	line int
	// n is the number of lines to read: a final line break does not open
	// another line.
	n int
	// pending collects the comments above the next instruction.
	pending []*Comment
	// prev is an earlier parse whose instructions may be reused; byLine
	// indexes them by the text of their first line (built once misses,
	// the instructions in a row reused from none, call for it), and next
	// is the one after the last reused.
	prev   *File
	byLine map[string][]int
	next   int
	misses int
	// todo holds the instructions waiting for BuildKit's parse.
	todo []pendingParse
}

// lineAt returns the bounds of line i: its start (after a BOM on line 0)
// and the end of its content, without trailing '\r' and '\n' characters.
func (s *splitter) lineAt(i int) (start, end int) {
	start = s.f.lines[i]
	end = len(s.src)
	if i+1 < len(s.f.lines) {
		end = s.f.lines[i+1]
	}
	if i == 0 && bytes.HasPrefix(s.src, bom) {
		start = len(bom)
	}
	for end > start && (s.src[end-1] == '\n' || s.src[end-1] == '\r') {
		end--
	}
	return start, end
}

// lineEnd returns the offset just past line i's line break.
func (s *splitter) lineEnd(i int) int {
	if i+1 < len(s.f.lines) {
		return s.f.lines[i+1]
	}
	return len(s.src)
}

// sortErrors puts the errors in source order.
func sortErrors(f *File) {
	sort.SliceStable(f.Errors, func(i, j int) bool { return f.Errors[i].Range.Start < f.Errors[j].Range.Start })
}

func (s *splitter) run() {
	s.f.BOM = bytes.HasPrefix(s.src, bom)
	s.directives()
	defer sortErrors(s.f)
	defer s.flushParses()
	for s.line < s.n {
		start, end := s.lineAt(s.line)
		text := s.src[start:end]
		lead := leadingSpace(text)
		switch {
		case lead == len(text):
			s.line++
		case text[lead] == '#':
			c := s.comment(start+lead, end, false)
			if c.Text == "" {
				s.pending = nil
			} else {
				s.pending = append(s.pending, c)
			}
			s.line++
		default:
			s.instruction(start + lead)
		}
	}
}

// leadingSpace returns the length of the white space (unicode.IsSpace) that
// starts b, as BuildKit trims it.
func leadingSpace(b []byte) int {
	i := 0
	for i < len(b) {
		c := b[i]
		if c < utf8.RuneSelf {
			if c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r' || c == '\n' {
				i++
				continue
			}
			return i
		}
		r, n := utf8.DecodeRune(b[i:])
		if !unicode.IsSpace(r) {
			return i
		}
		i += n
	}
	return i
}

func (s *splitter) comment(start, end int, inCont bool) *Comment {
	body := s.src[start+1 : end]
	ts := start + 1 + leadingSpace(body)
	te := end
	for te > ts && isSpaceByte(s.src[te-1]) {
		te--
	}
	c := &Comment{Text: string(s.src[ts:te]), Range: Range{start, end}, TextRange: Range{ts, te}, InContinuation: inCont}
	s.f.Comments = append(s.f.Comments, c)
	return c
}

func isSpaceByte(c byte) bool {
	return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r' || c == '\n'
}

// directives reads the parser directives at the top of the file, the way
// BuildKit does: only an unbroken run of leading "# key=value" lines with a
// known key counts.
func (s *splitter) directives() {
	seen := map[string]bool{}
	for s.line < s.n {
		start, end := s.lineAt(s.line)
		lead := leadingSpace(s.src[start:end])
		d := parseDirective(s.src, start+lead, end)
		if d == nil {
			return
		}
		if seen[d.Name] {
			s.f.Errors = append(s.f.Errors, &Error{Range: d.Range, Msg: "only one " + d.Name + " parser directive can be used"})
		} else {
			seen[d.Name] = true
			s.f.Directives = append(s.f.Directives, d)
			if d.Name == "escape" {
				switch d.Value {
				case "`":
					s.f.Escape = '`'
				case `\`:
					s.f.Escape = '\\'
				default:
					s.f.Errors = append(s.f.Errors, &Error{Range: d.ValueRange, Msg: "invalid escape token " + quote(d.Value) + ": use ` or \\"})
				}
			}
		}
		s.line++
	}
}

func quote(s string) string { return "'" + s + "'" }

// parseDirective recognises "# name = value" with a known name on
// src[start:end].
func parseDirective(src []byte, start, end int) *Directive {
	if start >= end || src[start] != '#' {
		return nil
	}
	i := start + 1
	i += leadingSpace(src[i:end])
	ns := i
	if i >= end || !isLetter(src[i]) {
		return nil
	}
	for i < end && (isLetter(src[i]) || src[i] >= '0' && src[i] <= '9') {
		i++
	}
	ne := i
	for i < end && isSpaceByte(src[i]) {
		i++
	}
	if i >= end || src[i] != '=' {
		return nil
	}
	i++
	for i < end && isSpaceByte(src[i]) {
		i++
	}
	vs, ve := i, end
	for ve > vs && isSpaceByte(src[ve-1]) {
		ve--
	}
	if vs >= ve {
		return nil
	}
	name := strings.ToLower(string(src[ns:ne]))
	switch name {
	case "syntax", "escape", "check":
	default:
		return nil
	}
	return &Directive{Name: name, Value: string(src[vs:ve]), Range: Range{start, end}, NameRange: Range{ns, ne}, ValueRange: Range{vs, ve}}
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// continuation reports whether line ends with the escape character used as
// a line continuation, and returns the line without it. It mirrors
// BuildKit's expression `([^\\])\\[ \t]*$|^\\[ \t]*$`.
func continuation(line []byte, esc byte) ([]byte, bool) {
	e := len(line)
	for e > 0 && (line[e-1] == ' ' || line[e-1] == '\t') {
		e--
	}
	if e == 0 || line[e-1] != esc {
		return line, false
	}
	if e >= 2 && line[e-2] == esc {
		return line, false
	}
	return line[:e-1], true
}

// instruction reads one instruction starting at offset start on s.line.
func (s *splitter) instruction(start int) {
	if s.reuse(start) {
		return
	}
	nerr, ncom := len(s.f.Errors), len(s.f.Comments)
	defer func() {
		ins := s.f.Instructions[len(s.f.Instructions)-1]
		if len(s.f.Errors) > nerr {
			ins.own().errs = slices.Clone(s.f.Errors[nerr:])
		}
		if len(s.f.Comments) > ncom {
			ins.own().inner = slices.Clone(s.f.Comments[ncom:])
		}
	}()
	esc := s.f.Escape
	ins := &Instruction{StartLine: s.line + 1, Parts: noParts}
	if s.pending != nil {
		ins.own().Comments = s.pending
	}
	s.pending = nil
	_, end := s.lineAt(s.line)
	part, more := continuation(s.src[start:end], esc)
	// segs stays nil while the instruction is one line (see segments).
	// They are gathered in the splitter's buffer and copied once their
	// number is known, as the logical text is once its length is.
	var segs []segment
	first := segment{0, start, len(part)}
	n := len(part)
	last := end
	s.line++
	for more && s.line < s.n {
		ls, le := s.lineAt(s.line)
		text := s.src[ls:le]
		lead := leadingSpace(text)
		switch {
		case lead < len(text) && text[lead] == '#':
			s.comment(ls+lead, le, true)
		case lead == len(text):
			p := ins.own()
			p.EmptyContinuations = append(p.EmptyContinuations, Range{ls, le})
		default:
			part, more = continuation(text, esc)
			if segs == nil {
				segs = append(s.segs[:0], first)
			}
			segs = append(segs, segment{n, ls, len(part)})
			n += len(part)
			last = le
		}
		s.line++
	}
	if segs != nil {
		s.segs = segs // the buffer, grown
		segs = slices.Clone(segs)
		ins.own().segs = segs
		var buf strings.Builder
		buf.Grow(n)
		for _, sg := range segs {
			buf.Write(s.src[sg.src : sg.src+sg.n])
		}
		ins.Logical = buf.String()
	} else {
		ins.Logical = string(s.src[first.src : first.src+first.n])
	}
	ins.cut = more
	ins.EndLine = s.line
	ins.Range = Range{start, last}
	tokenize(ins, 0, esc)
	if ins.Sub != nil && len(ins.Sub.Heredocs) > 0 {
		ins.own().Heredocs = ins.Sub.Heredocs
		ins.Sub.Heredocs = nil
	}
	bodyStart := s.line
	s.heredocs(ins)
	s.parseNode(ins, bodyStart)
	s.f.Instructions = append(s.f.Instructions, ins)
}

// heredocs reads the bodies of the instruction's here-documents.
func (s *splitter) heredocs(ins *Instruction) {
	for _, h := range ins.Heredocs {
		h.Body = Range{s.lineEnd(s.line - 1), s.lineEnd(s.line - 1)}
		if s.line >= s.n {
			h.Body = Range{len(s.src), len(s.src)}
		}
		for s.line < s.n {
			ls, le := s.lineAt(s.line)
			term := s.src[ls:le]
			if h.Chomp {
				term = bytes.TrimLeft(term, "\t")
			}
			if string(term) == h.Name {
				h.Terminated = true
				h.Terminator = Range{ls, le}
				ins.Range.End = le
				s.line++
				break
			}
			h.Body.End = s.lineEnd(s.line)
			ins.Range.End = le
			s.line++
		}
		h.Content = string(s.src[h.Body.Start:h.Body.End])
		if !h.Terminated {
			ins.cut = true
			s.f.Errors = append(s.f.Errors, &Error{Range: Range{h.Marker.Start, len(s.src)}, Msg: "unterminated heredoc: no line " + quote(h.Name) + " ends it"})
		}
	}
	ins.EndLine = s.line
}
