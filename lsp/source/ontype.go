package source

import (
	"strings"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/syntax"
)

// OnTypeFormat returns the edits to make after the user typed ch, the
// cursor being at off just after it. Only a line break is acted on: the
// new line's leading white space is set the way "berth fmt" lays it out.
//
//   - A line continuing an instruction (the line above ends with the
//     escape character) is indented by one level, or by as many as the
//     continuation line above it when that one is deeper; a level is
//     four spaces, or a tab when most continuation lines of the file start
//     with one. Where white space is significant (inside a quoted string,
//     a legacy "ENV key value", MAINTAINER, USER, WORKDIR, STOPSIGNAL) it
//     is left alone.
//   - A line in a here-document's body, or its terminator, is not
//     indented: the editor's indentation is removed.
//   - Any other line starts a new instruction in column one.
//
// The escape character typed at the end of a line, when the next line
// holds text in column one, indents that line by one level: it now
// continues the instruction (as the node server does).
//
// Only white space before the first non-blank byte of a line is ever
// changed.
func OnTypeFormat(doc *lint.Document, off int, ch string) []lint.Edit {
	if len(ch) == 1 && ch[0] == doc.File.Escape {
		return escapeTyped(doc, off)
	}
	if ch != "\n" {
		return nil
	}
	c := newCompleter(doc, off, "")
	f := doc.File
	if c.line == 0 {
		return nil
	}
	s := c.ls
	text := c.lineText(c.line)
	lead := 0
	for lead < len(text) && (text[lead] == ' ' || text[lead] == '\t') {
		lead++
	}
	if c.off > s+lead && lead < len(text) {
		// The cursor is past text the user typed: not a fresh line.
		return nil
	}
	set := func(indent string) []lint.Edit {
		if string(text[:lead]) == indent {
			return nil
		}
		return []lint.Edit{{Range: syntax.Range{Start: s, End: s + lead}, NewText: indent}}
	}
	if h, _ := c.heredocAt(s, c.line); h != nil || c.opensHeredoc(c.line-1) {
		return set("")
	}
	if !c.continues() {
		if lead < len(text) && text[lead] == '#' {
			return nil
		}
		return set("")
	}
	ins := c.instruction(true)
	if ins == nil {
		return nil
	}
	in := ins
	if ins.Cmd == "onbuild" && ins.Sub != nil {
		in = ins.Sub
	}
	switch in.Cmd {
	case "maintainer", "user", "workdir", "stopsignal":
		return nil
	case "env", "label":
		if len(in.Pairs) > 0 && !in.Pairs[0].Equals {
			return nil
		}
	}
	if openQuote(f.Src[ins.Range.Start:s], f.Escape) {
		return nil
	}
	unit := indentUnit(f)
	levels := 1
	for l := c.line - 1; l > f.Line(ins.Range.Start); l-- {
		above := c.lineText(l)
		t := strings.TrimLeft(string(above), " \t")
		if t == "" || t[0] == '#' {
			continue
		}
		levels = max(1, indentLevel(above[:len(above)-len(t)]))
		break
	}
	return set(strings.Repeat(unit, levels))
}

// opensHeredoc reports whether line l holds a here-document marker whose
// body starts on the next line.
func (c *completer) opensHeredoc(l int) bool {
	if l < 0 {
		return false
	}
	ls, le := c.f.LineStart(l), c.f.LineStart(l+1)
	for _, ins := range c.f.Instructions {
		if ins.Range.Start > le {
			break
		}
		for _, h := range ins.Heredocs {
			if h.Marker.Start >= ls && h.Marker.End <= le {
				return true
			}
		}
	}
	return false
}

// openQuote reports whether b ends inside a quoted string.
func openQuote(b []byte, esc byte) bool {
	var q byte
	for i := 0; i < len(b); i++ {
		switch ch := b[i]; {
		case ch == esc && q != '\'':
			i++
		case q == 0 && (ch == '"' || ch == '\''):
			q = ch
		case ch == q:
			q = 0
		}
	}
	return q != 0
}

// indentUnit is one level of continuation indentation in f: a tab when
// most indented continuation lines start with one, four spaces otherwise.
func indentUnit(f *syntax.File) string {
	tabs, spaces := 0, 0
	for _, ins := range f.Instructions {
		if ins.StartLine == ins.EndLine {
			continue
		}
		for l := ins.StartLine; l < ins.EndLine; l++ {
			s := f.LineStart(l)
			if s < len(f.Src) && s < ins.Range.End {
				switch f.Src[s] {
				case '\t':
					tabs++
				case ' ':
					spaces++
				}
			}
		}
	}
	if tabs > spaces {
		return "\t"
	}
	return "    "
}

// indentLevel counts the levels white space w stands for, as berth fmt
// does: one per four columns, a tab advancing to the next multiple of four.
func indentLevel(w []byte) int {
	col := 0
	for _, c := range w {
		if c == '\t' {
			col += 4 - col%4
		} else {
			col++
		}
	}
	return col / 4
}

// escapeTyped indents the line after the cursor when the escape character
// just typed at off ends a line of an instruction and makes the next line
// a continuation of it.
func escapeTyped(doc *lint.Document, off int) []lint.Edit {
	c := newCompleter(doc, off, "")
	f := doc.File
	if c.off == 0 || f.Src[c.off-1] != f.Escape {
		return nil
	}
	if rest := strings.TrimRight(string(c.lineText(c.line)[c.off-c.ls:]), " \t"); rest != "" {
		return nil
	}
	if h, _ := c.heredocAt(c.off, c.line); h != nil || c.line+1 >= f.LineCount() {
		return nil
	}
	ins := f.InstructionAt(c.off - 1)
	if ins == nil || openQuote(f.Src[ins.Range.Start:c.off-1], f.Escape) {
		return nil
	}
	next := c.lineText(c.line + 1)
	if len(next) == 0 || next[0] == ' ' || next[0] == '\t' || next[0] == '#' || next[0] == '\r' {
		return nil
	}
	s := f.LineStart(c.line + 1)
	return []lint.Edit{{Range: syntax.Range{Start: s, End: s}, NewText: indentUnit(f)}}
}
