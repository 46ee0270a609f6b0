package shell

import (
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

// builder collects the model of one Script.
type builder struct {
	src  string // Script.Src
	text string // src, with invalid UTF-8 replaced, as given to the parser

	simple bool // plain lists of simple commands may skip the parser

	cmds  []*Command
	pipes []Range
	arena []Command // storage for new commands

	// State of the syntax tree being converted: it was parsed from
	// src[lo:hi], within the `sh -c` command outer.
	lo, hi int
	outer  *Command
	depth  int
	ok     bool // every position of the tree fell in src[lo:hi]
}

// file converts a syntax tree parsed from src[lo:hi] and reports whether its
// positions were all usable (an error-recovering parse may leave some out).
func (b *builder) file(f *syntax.File, lo, hi int) bool {
	b.lo, b.hi, b.ok, b.depth = lo, hi, true, 0
	b.stmts(f.Stmts)
	return b.ok
}

// newCommand returns a new zero Command. Commands are allocated in
// chunks: a script has many.
func (b *builder) newCommand() *Command {
	if len(b.arena) == cap(b.arena) {
		b.arena = make([]Command, 0, min(max(4, 2*cap(b.arena)), 256))
	}
	b.arena = b.arena[:len(b.arena)+1]
	return &b.arena[len(b.arena)-1]
}

// off returns the offset in src of p, or -1 when p is not in src[lo:hi].
func (b *builder) off(p syntax.Pos) int {
	if !p.IsValid() {
		return -1
	}
	o := b.lo + int(p.Offset())
	if o > b.hi {
		return -1
	}
	return o
}

// word returns the Word spanning the positions start and end.
func (b *builder) word(start, end syntax.Pos) (Word, bool) {
	s, e := b.off(start), b.off(end)
	if s < 0 || e < s {
		b.ok = false
		return Word{}, false
	}
	return makeWord(b.src, s, e), true
}

// makeWord returns the Word for src[s:e].
func makeWord(src string, s, e int) Word {
	raw := src[s:e]
	v, lit := unquote(raw)
	return Word{Raw: raw, Value: v, Literal: lit, Range: Range{s, e}}
}

func (b *builder) stmts(list []*syntax.Stmt) {
	if b.depth >= maxNesting {
		return
	}
	b.depth++
	for _, st := range list {
		b.stmt(st, false)
	}
	b.depth--
}

// stmt converts one statement; inPipe is set for the elements of a pipeline.
func (b *builder) stmt(st *syntax.Stmt, inPipe bool) {
	if st == nil {
		return
	}
	switch c := st.Cmd.(type) {
	case *syntax.CallExpr:
		b.call(st, c, inPipe)
		return // call handles the redirections
	case *syntax.BinaryCmd:
		b.binary(c)
	case *syntax.Subshell:
		b.stmts(c.Stmts)
	case *syntax.Block:
		b.stmts(c.Stmts)
	case *syntax.IfClause:
		for ; c != nil; c = c.Else {
			b.stmts(c.Cond)
			b.stmts(c.Then)
		}
	case *syntax.WhileClause:
		b.stmts(c.Cond)
		b.stmts(c.Do)
	case *syntax.ForClause:
		if it, ok := c.Loop.(*syntax.WordIter); ok {
			b.substs(it.Items...)
		}
		b.stmts(c.Do)
	case *syntax.CaseClause:
		b.substs(c.Word)
		for _, it := range c.Items {
			b.substs(it.Patterns...)
			b.stmts(it.Stmts)
		}
	case *syntax.FuncDecl:
		b.nested(c.Body)
	case *syntax.TimeClause:
		b.nested(c.Stmt)
	case *syntax.CoprocClause:
		b.nested(c.Stmt)
	case *syntax.DeclClause:
		b.decl(st, c, inPipe)
	case *syntax.LetClause:
		b.let(st, c, inPipe)
	case *syntax.TestClause, *syntax.ArithmCmd:
		b.walkSubsts(c)
	case *syntax.TestDecl:
		b.nested(c.Body)
	}
	b.redirSubsts(st)
}

// nested converts a statement one level down.
func (b *builder) nested(st *syntax.Stmt) {
	if st != nil {
		b.stmts([]*syntax.Stmt{st})
	}
}

// binary converts a && || | |& list. Such lists nest to the left
// (a && b && c is (a && b) && c), so the left spine is walked with a loop:
// a long chain costs no stack.
func (b *builder) binary(bc *syntax.BinaryCmd) {
	var buf [8]*syntax.BinaryCmd
	spine := append(buf[:0], bc)
	for {
		x := spine[len(spine)-1].X
		if x == nil {
			break
		}
		next, ok := x.Cmd.(*syntax.BinaryCmd)
		if !ok {
			break
		}
		spine = append(spine, next)
	}
	left := spine[len(spine)-1]
	b.stmt(left.X, isPipe(left.Op))
	for i := len(spine) - 1; i >= 0; i-- {
		n := spine[i]
		if i < len(spine)-1 {
			b.redirSubsts(spine[i+1].X)
		}
		if isPipe(n.Op) && b.outer == nil {
			if s := b.off(n.OpPos); s >= 0 {
				end := s + 1
				if n.Op == syntax.PipeAll {
					end++
				}
				b.pipes = append(b.pipes, Range{s, min(end, b.hi)})
			}
		}
		b.stmt(n.Y, isPipe(n.Op))
	}
}

func isPipe(op syntax.BinCmdOperator) bool { return op == syntax.Pipe || op == syntax.PipeAll }

// call converts a simple command.
func (b *builder) call(st *syntax.Stmt, ce *syntax.CallExpr, inPipe bool) {
	var c *Command
	if len(ce.Args) > 0 {
		c = b.newCommand()
		c.InPipeline, c.Outer = inPipe, b.outer
		for _, a := range ce.Assigns {
			if w, ok := b.assign(a); ok {
				c.Assigns = append(c.Assigns, w)
			}
		}
		args := make([]Word, 0, len(ce.Args))
		for _, a := range ce.Args {
			if len(a.Parts) == 0 {
				continue
			}
			if w, ok := b.word(a.Pos(), a.End()); ok {
				args = append(args, w)
			}
		}
		if len(args) == 0 {
			c = nil
		} else {
			c.Name, c.Args = args[0], args[1:]
			c.Range = b.span(st, c)
			c.unwrap()
			b.cmds = append(b.cmds, c)
		}
	}
	for _, a := range ce.Assigns {
		b.assignSubsts(a)
	}
	b.substs(ce.Args...)
	b.redirSubsts(st)
}

// span returns the range of c's words together with the redirections of st.
func (b *builder) span(st *syntax.Stmt, c *Command) Range {
	r := c.Name.Range
	for _, w := range c.Assigns {
		r.Start, r.End = min(r.Start, w.Range.Start), max(r.End, w.Range.End)
	}
	if len(c.Args) > 0 {
		r.End = max(r.End, c.Args[len(c.Args)-1].Range.End)
	}
	for _, rd := range st.Redirs {
		if s := b.off(rd.Pos()); s >= 0 && s < r.Start {
			r.Start = s
		}
		if rd.Word != nil && len(rd.Word.Parts) > 0 {
			if e := b.off(rd.Word.End()); e > r.End {
				r.End = e
			}
		}
	}
	return r
}

// assign returns the Word of NAME=value, NAME+=value, NAME[i]=value, NAME or
// (in declare-like commands) a plain argument.
func (b *builder) assign(a *syntax.Assign) (Word, bool) {
	switch {
	case a == nil:
		return Word{}, false
	case a.Name == nil:
		if a.Value == nil || len(a.Value.Parts) == 0 {
			return Word{}, false
		}
		return b.word(a.Value.Pos(), a.Value.End())
	case a.Value != nil && len(a.Value.Parts) == 0:
		return b.word(a.Name.Pos(), a.Name.End()) // recovered value
	case a.Value == nil && a.Array == nil && a.Index == nil && !a.Naked && a.Append:
		// A+= with no value: Assign.End misses the +.
		w, ok := b.word(a.Name.Pos(), a.Name.End())
		if ok && w.Range.End+2 <= b.hi {
			w = makeWord(b.src, w.Range.Start, w.Range.End+2)
		}
		return w, ok
	}
	return b.word(a.Pos(), a.End())
}

// decl converts export, local, declare, readonly, typeset and nameref, which
// the parser keeps apart from simple commands.
func (b *builder) decl(st *syntax.Stmt, d *syntax.DeclClause, inPipe bool) {
	if d.Variant == nil {
		return
	}
	name, ok := b.word(d.Variant.Pos(), d.Variant.End())
	if !ok {
		return
	}
	c := b.newCommand()
	*c = Command{Name: name, InPipeline: inPipe, Outer: b.outer}
	for _, a := range d.Args {
		if w, ok := b.assign(a); ok {
			c.Args = append(c.Args, w)
		}
	}
	c.Range = b.span(st, c)
	b.cmds = append(b.cmds, c)
	for _, a := range d.Args {
		b.assignSubsts(a)
	}
}

// let converts a Bash let command; its arguments are arithmetic expressions.
func (b *builder) let(st *syntax.Stmt, l *syntax.LetClause, inPipe bool) {
	s := b.off(l.Let)
	if s < 0 || s+3 > b.hi {
		b.ok = false
		return
	}
	c := b.newCommand()
	*c = Command{Name: makeWord(b.src, s, s+3), InPipeline: inPipe, Outer: b.outer}
	for _, x := range l.Exprs {
		if w, ok := b.word(x.Pos(), x.End()); ok {
			c.Args = append(c.Args, w)
		}
	}
	c.Range = b.span(st, c)
	b.cmds = append(b.cmds, c)
	for _, x := range l.Exprs {
		b.walkSubsts(x)
	}
}

// substs converts the commands in $( ), ` ` and <( ) inside words.
func (b *builder) substs(words ...*syntax.Word) {
	for _, w := range words {
		if w == nil {
			continue
		}
		for _, p := range w.Parts {
			switch p.(type) {
			case *syntax.Lit, *syntax.SglQuoted:
				continue
			}
			b.walkSubsts(w)
			break
		}
	}
}

func (b *builder) assignSubsts(a *syntax.Assign) {
	if a == nil {
		return
	}
	b.substs(a.Value)
	if a.Array != nil {
		b.walkSubsts(a.Array)
	}
	if a.Index != nil {
		b.walkSubsts(a.Index)
	}
}

// redirSubsts converts the commands in the targets of st's redirections.
// Heredoc bodies are data, not commands.
func (b *builder) redirSubsts(st *syntax.Stmt) {
	if st == nil {
		return
	}
	for _, r := range st.Redirs {
		b.substs(r.Word)
	}
}

// walkSubsts converts the command substitutions anywhere under n.
func (b *builder) walkSubsts(n syntax.Node) {
	if b.depth >= maxNesting {
		return
	}
	syntax.Walk(n, func(n syntax.Node) bool {
		switch n := n.(type) {
		case *syntax.CmdSubst:
			b.stmts(n.Stmts)
			return false
		case *syntax.ProcSubst:
			b.stmts(n.Stmts)
			return false
		}
		return true
	})
}

// shellStrings parses the string of each `sh -c 'string'` command found so
// far (and in turn the strings that finds) as a script of its own, when the
// string's offsets map one to one onto src: a single-quoted string, a
// double-quoted one without \ or `, or a plain word.
func (b *builder) shellStrings() {
	for i := 0; i < len(b.cmds); i++ {
		c := b.cmds[i]
		depth := 0
		for o := c.Outer; o != nil; o = o.Outer {
			depth++
		}
		if depth >= maxShellC {
			continue
		}
		for l := c; l != nil; l = l.inner {
			d, ok := shells[l.Base()]
			if !ok {
				continue
			}
			w, ok := l.shellString()
			if !ok {
				break
			}
			lo, hi, ok := innerText(w)
			if !ok || lo == hi {
				break
			}
			saved := b.outer
			b.outer = l
			b.parse(lo, hi, d)
			b.outer = saved
			break
		}
	}
}

// shellString returns the string operand of `sh [options] -c string`.
func (c *Command) shellString() (Word, bool) {
	hasC := false
	for i := 0; i < len(c.Args); i++ {
		v := c.Args[i].Value
		switch {
		case v == "--" || v == "-": // end of options
			if hasC && i+1 < len(c.Args) {
				return c.Args[i+1], true
			}
			return Word{}, false
		case strings.HasPrefix(v, "--"):
			if v == "--rcfile" || v == "--init-file" {
				i++
			}
		case len(v) > 1 && (v[0] == '-' || v[0] == '+'):
			for j := 1; j < len(v); j++ {
				switch v[j] {
				case 'c':
					hasC = true
				case 'o', 'O':
					if j == len(v)-1 {
						i++ // the option name, as in -o pipefail
					}
				}
			}
		default:
			return c.Args[i], hasC
		}
	}
	return Word{}, false
}

// innerText returns the range of the shell text inside w, when offsets in
// that text map one to one onto the source.
func innerText(w Word) (lo, hi int, ok bool) {
	r, n := w.Raw, len(w.Raw)
	switch {
	case n >= 2 && r[0] == '\'' && r[n-1] == '\'' && strings.IndexByte(r[1:n-1], '\'') < 0:
		return w.Range.Start + 1, w.Range.End - 1, true
	case n >= 2 && r[0] == '"' && r[n-1] == '"' && !strings.ContainsAny(r[1:n-1], "\"\\`"):
		return w.Range.Start + 1, w.Range.End - 1, true
	case w.Literal && r == w.Value:
		return w.Range.Start, w.Range.End, true
	}
	return 0, 0, false
}
