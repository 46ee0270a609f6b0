// Package format lays a Dockerfile out in one standard way without changing
// what it builds.
//
// The formatter only touches white space and letter case, and only where the
// builder ignores them:
//
//   - Instruction keywords are written in upper case, including the
//     instruction an ONBUILD triggers and the AS of FROM (BuildKit warns
//     when FROM and AS differ in case). Unknown keywords are left alone.
//   - The first line of an instruction starts in column one.
//   - Continuation lines are indented by one level: four spaces, or one tab
//     when most continuation lines of the file already start with a tab (as
//     in the official images' Dockerfiles). A line indented by two levels or
//     more (eight columns, a tab counting as four) keeps its number of
//     levels, so nested package lists stay nested.
//   - Trailing spaces and tabs are removed, including those after a line
//     continuation's escape character.
//   - The file ends with exactly one line break, of the kind the file uses
//     (CRLF files stay CRLF); an empty file stays empty.
//
// Some bytes are never touched: parser directives ("# syntax=…"),
// here-document bodies and their terminators (byte for byte), and the
// indentation of a continuation line whose line break falls inside a quoted
// string, inside the value of a legacy "ENV key value" or "LABEL key value",
// or inside the argument of MAINTAINER, USER, WORKDIR or STOPSIGNAL. There
// the builder keeps white space as written, so changing it would change the
// image. A continuation line that starts without white space and joins a
// word on the line above is not indented either, since that would split the
// word in two.
//
// Elsewhere re-indenting a continuation line changes only the amount of white
// space between two words of the instruction's logical line: BuildKit splits
// on it, and the shell of a RUN, CMD or ENTRYPOINT ignores it outside quotes.
// Formatting is idempotent.
package format

import (
	"bytes"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/syntax"
)

// Format returns the edits that format the whole of src, sorted and
// non-overlapping; none when src is already formatted.
//
// When the edits would change how BuildKit parses the file, or would not
// leave it formatted, Format returns none: the file is left as it is.
func Format(src []byte) []lint.Edit {
	edits := format(src)
	if !keepsParse(src, edits, format) {
		return nil
	}
	return edits
}

// format returns the formatter's edits, unchecked.
func format(src []byte) []lint.Edit {
	return newFormatter(syntax.Parse(src)).run()
}

// FormatRange returns the edits of Format that lie within the lines r
// covers. A range ending at the start of a line does not include that line.
// Trailing blank lines are removed only when r reaches them all.
func FormatRange(src []byte, r syntax.Range) []lint.Edit {
	f := syntax.Parse(src)
	all := newFormatter(f).run()
	if !keepsParse(src, all, nil) {
		return nil
	}
	r.Start = max(0, min(r.Start, len(src)))
	r.End = max(r.Start, min(r.End, len(src)))
	first := f.Line(r.Start)
	last := f.Line(r.End)
	if r.End > r.Start && r.End == f.LineStart(last) {
		last--
	}
	lo, hi := f.LineStart(first), f.LineStart(last+1)
	var out []lint.Edit
	for _, e := range all {
		if lo <= e.Range.Start && e.Range.End <= hi && (e.Range.Start < hi || hi == len(src)) {
			out = append(out, e)
		}
	}
	if !keepsParse(src, out, nil) {
		return nil
	}
	return out
}

// Source returns src formatted.
func Source(src []byte) []byte {
	out, err := lint.Apply(src, Format(src))
	if err != nil {
		// Format's edits never overlap; this is a bug, keep the input.
		return src
	}
	return out
}

type role uint8

const (
	roleOther     role = iota // comment or blank line outside instructions
	roleDirective             // parser directive: untouched
	roleHeredoc               // here-document body or terminator: untouched
	roleFirst                 // an instruction's first line
	roleCont                  // a continuation line (content, comment or blank)
)

type formatter struct {
	f      *syntax.File
	src    []byte
	roles  []role
	owner  []*syntax.Instruction
	indent string // one level
	eol    string
	edits  []lint.Edit
	// open is set when the file ends inside an unterminated here-document.
	open bool
}

func newFormatter(f *syntax.File) *formatter {
	fm := &formatter{f: f, src: f.Src, eol: "\n", indent: "    "}
	if i := bytes.IndexByte(f.Src, '\n'); i > 0 && f.Src[i-1] == '\r' {
		fm.eol = "\r\n"
	}
	n := f.LineCount()
	fm.roles = make([]role, n)
	fm.owner = make([]*syntax.Instruction, n)
	for _, d := range f.Directives {
		fm.roles[f.Line(d.Range.Start)] = roleDirective
	}
	for _, ins := range f.Instructions {
		first, last := f.Line(ins.Range.Start), fm.lastLine(ins)
		for l := first; l <= last; l++ {
			fm.roles[l], fm.owner[l] = roleCont, ins
		}
		fm.roles[first] = roleFirst
		if len(ins.Heredocs) > 0 {
			for l := last + 1; l <= f.Line(ins.Range.End) && l < n; l++ {
				fm.roles[l] = roleHeredoc
			}
			for _, h := range ins.Heredocs {
				if !h.Terminated {
					fm.open = true
				}
			}
		}
	}
	fm.indent = fm.detectIndent()
	return fm
}

// lastLine returns the last line of the instruction that is not part of a
// here-document.
func (fm *formatter) lastLine(ins *syntax.Instruction) int {
	if len(ins.Heredocs) > 0 {
		if b := ins.Heredocs[0].Body.Start; b > ins.Range.Start {
			return fm.f.Line(b - 1)
		}
	}
	return fm.f.Line(ins.Range.End)
}

// line returns the start of line l's content (after a BOM) and its end
// (before the line break).
func (fm *formatter) line(l int) (start, end int) {
	start, end = fm.f.LineStart(l), fm.f.LineStart(l+1)
	if l == 0 && fm.f.BOM {
		start = 3
	}
	if end > start && fm.src[end-1] == '\n' {
		end--
		if end > start && fm.src[end-1] == '\r' {
			end--
		}
	}
	return start, end
}

// detectIndent picks a tab when most indented continuation lines start with
// one, four spaces otherwise.
func (fm *formatter) detectIndent() string {
	tabs, spaces := 0, 0
	for l, r := range fm.roles {
		if r != roleCont {
			continue
		}
		s, e := fm.line(l)
		if s < e {
			switch fm.src[s] {
			case '\t':
				tabs++
			case ' ':
				spaces++
			}
		}
	}
	if tabs > spaces {
		return "\t"
	}
	return "    "
}

func (fm *formatter) edit(start, end int, text string) {
	if string(fm.src[start:end]) != text {
		fm.edits = append(fm.edits, lint.Edit{Range: syntax.Range{Start: start, End: end}, NewText: text})
	}
}

func (fm *formatter) run() []lint.Edit {
	for _, ins := range fm.f.Instructions {
		fm.instruction(ins)
	}
	for l, r := range fm.roles {
		if r == roleOther {
			fm.trimTrailing(l)
		}
	}
	fm.tail()
	return merge(fm.edits)
}

// trimTrailing removes the spaces and tabs that end line l.
func (fm *formatter) trimTrailing(l int) {
	s, e := fm.line(l)
	t := e
	for t > s && (fm.src[t-1] == ' ' || fm.src[t-1] == '\t') {
		t--
	}
	fm.edit(t, e, "")
}

// tail makes the file end with one line break after its last content: it
// adds one when missing and removes the blank lines after it.
func (fm *formatter) tail() {
	if fm.open {
		return
	}
	last := -1
	for l := len(fm.roles) - 1; l >= 0 && last < 0; l-- {
		s, e := fm.line(l)
		if fm.roles[l] == roleHeredoc || leadingSpace(fm.src[s:e]) < e-s {
			last = l
		}
	}
	if last < 0 {
		start := 0
		if fm.f.BOM {
			start = 3
		}
		fm.edits = fm.edits[:0]
		fm.edit(start, len(fm.src), "")
		return
	}
	_, end := fm.line(last)
	fm.edits = slices.DeleteFunc(fm.edits, func(e lint.Edit) bool { return e.Range.Start >= end })
	rest := fm.src[end:]
	switch {
	case bytes.HasPrefix(rest, []byte("\r\n")):
		fm.edit(end+2, len(fm.src), "")
	case bytes.HasPrefix(rest, []byte("\n")):
		fm.edit(end+1, len(fm.src), "")
	default:
		fm.edit(end, len(fm.src), fm.eol)
	}
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f'
}

// leadingSpace returns the length of the white space that starts b, as
// BuildKit trims it (unicode.IsSpace).
func leadingSpace(b []byte) int {
	i := 0
	for i < len(b) {
		r, n := utf8.DecodeRune(b[i:])
		if !unicode.IsSpace(r) {
			break
		}
		i += n
	}
	return i
}

// continuation mirrors BuildKit's line-continuation test: the line ends with
// the escape character, possibly followed by spaces and tabs, and that
// character is not itself escaped. It returns the line without it.
func continuation(line []byte, esc byte) ([]byte, bool) {
	e := len(line)
	for e > 0 && (line[e-1] == ' ' || line[e-1] == '\t') {
		e--
	}
	if e == 0 || line[e-1] != esc || e >= 2 && line[e-2] == esc {
		return line, false
	}
	return line[:e-1], true
}

func known(cmd string) bool { return slices.Contains(syntax.Instructions, cmd) }

// keyword upper-cases a known keyword (or the AS of FROM) written on one
// line.
func (fm *formatter) keyword(t syntax.Token) {
	if v := strings.ToLower(t.Value); (known(v) || v == "as") && t.Range.Len() == len(t.Value) {
		fm.edit(t.Range.Start, t.Range.End, strings.ToUpper(t.Value))
	}
}

// instruction formats the lines of ins that are not here-document bodies.
func (fm *formatter) instruction(ins *syntax.Instruction) {
	first, last := fm.f.Line(ins.Range.Start), fm.lastLine(ins)
	ls, _ := fm.line(first)
	fm.edit(ls, ins.Range.Start, "")
	fm.keyword(ins.Keyword)
	if ins.Sub != nil {
		fm.keyword(ins.Sub.Keyword)
	}
	if ins.Cmd == "from" && len(ins.Words()) == 3 && strings.EqualFold(ins.Words()[1].Value, "as") {
		// BuildKit's FromAsCasing check wants FROM and AS in the same case.
		fm.keyword(ins.Words()[1])
	}
	pol := policyOf(ins)
	q := quotes{esc: fm.f.Escape}
	var logical []byte
	for l := first; l <= last; l++ {
		s, e := fm.line(l)
		text := fm.src[s:e]
		if l == first {
			text = fm.src[ins.Range.Start:e]
		} else {
			lead := leadingSpace(text)
			switch {
			case lead == len(text):
				// An empty continuation line: the builder skips it.
			case text[lead] == '#':
				// A comment inside the continuation: the builder drops it.
				fm.edit(s, s+lead, strings.Repeat(fm.indent, level(text[:lead])))
				text = nil
			default:
				if pol.reindent(logical, text[:lead], &q) {
					fm.edit(s, s+lead, strings.Repeat(fm.indent, level(text[:lead])))
				}
			}
		}
		fm.trimTrailing(l)
		if len(text) > 0 && leadingSpace(text) < len(text) {
			part, _ := continuation(text, fm.f.Escape)
			logical = append(logical, part...)
			q.feed(part)
		}
	}
}

// level returns the number of indentation levels white space w stands for:
// at least one, then one per four columns (a tab advances to the next
// multiple of four).
func level(w []byte) int {
	col := 0
	for _, c := range w {
		if c == '\t' {
			col += 4 - col%4
		} else {
			col++
		}
	}
	return max(1, col/4)
}

// policy says where the continuation lines of an instruction may be
// re-indented.
type policy struct {
	// anywhere: white space between words is not significant in the
	// arguments; otherwise only before args (the logical offset at which
	// the arguments start).
	anywhere bool
	args     int
	// json: the arguments are a JSON array, where white space between
	// elements is not significant even when there was none.
	json bool
}

func policyOf(ins *syntax.Instruction) policy {
	in := ins
	if ins.Cmd == "onbuild" {
		if ins.Sub == nil {
			return policy{args: ins.Rest.Pos}
		}
		in = ins.Sub
	}
	p := policy{args: in.Rest.Pos, json: in.JSON}
	switch in.Cmd {
	case "run", "cmd", "entrypoint", "shell", "healthcheck",
		"copy", "add", "volume", "expose", "from", "arg":
		p.anywhere = true
	case "env", "label":
		p.anywhere = len(in.Pairs) == 0 || in.Pairs[0].Equals
	}
	return p
}

// reindent reports whether the continuation line whose leading white space
// is w, joining the logical text so far, may get new indentation.
func (p policy) reindent(logical, w []byte, q *quotes) bool {
	for _, c := range w {
		if c != ' ' && c != '\t' {
			return false
		}
	}
	if q.q != 0 || q.uncertain || q.pending {
		return false
	}
	if !p.anywhere && len(logical) > p.args {
		return false
	}
	if len(w) > 0 {
		return true
	}
	if p.json && len(logical) > p.args {
		return true
	}
	// No white space on this line: only a word boundary already at the end
	// of the text above allows adding some.
	n := len(logical)
	if n == 0 || logical[n-1] != ' ' && logical[n-1] != '\t' {
		return false
	}
	esc := 0
	for i := n - 2; i >= 0 && (logical[i] == '\\' || logical[i] == q.esc); i-- {
		esc++
	}
	return esc%2 == 0
}

// quotes follows the quoting of an instruction's logical text, the way
// both the shell and BuildKit's word splitter quote: single quotes (no
// escapes inside, except in $'…'), double quotes, and escapes (backslash and
// the file's escape character). A command substitution inside double quotes
// makes the state uncertain, and nothing after it is re-indented.
type quotes struct {
	esc       byte
	q         byte
	ansi      bool
	pending   bool // the last byte was an escape
	dollar    bool // the last byte was '$'
	uncertain bool
}

func (s *quotes) feed(b []byte) {
	for _, c := range b {
		if s.pending {
			s.pending, s.dollar = false, false
			continue
		}
		switch s.q {
		case 0:
			switch {
			case c == '\\' || c == s.esc:
				s.pending = true
			case c == '\'':
				s.q, s.ansi = '\'', s.dollar
			case c == '"':
				s.q = '"'
			}
		case '\'':
			switch {
			case s.ansi && c == '\\':
				s.pending = true
			case c == '\'':
				s.q = 0
			}
		case '"':
			switch {
			case c == '\\' || c == s.esc:
				s.pending = true
			case c == '"':
				s.q = 0
			case c == '`' || c == '(' && s.dollar:
				s.uncertain = true
			}
		}
		s.dollar = c == '$'
	}
}

// merge sorts edits and joins those that touch, so that no two edits share
// an offset.
func merge(edits []lint.Edit) []lint.Edit {
	slices.SortStableFunc(edits, func(a, b lint.Edit) int {
		if a.Range.Start != b.Range.Start {
			return a.Range.Start - b.Range.Start
		}
		return a.Range.End - b.Range.End
	})
	var out []lint.Edit
	for _, e := range edits {
		if n := len(out); n > 0 && out[n-1].Range.End == e.Range.Start {
			out[n-1].Range.End = e.Range.End
			out[n-1].NewText += e.NewText
			continue
		}
		out = append(out, e)
	}
	return out
}
