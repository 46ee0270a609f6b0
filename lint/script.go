package lint

import (
	"sort"
	"strings"

	"github.com/berth-dev/berth/lint/internal/bytecache"
	"github.com/berth-dev/berth/lint/shell"
	"github.com/berth-dev/berth/lint/syntax"
)

// Script is the shell model of a RUN instruction (its shell-form text and
// the heredoc bodies it runs), with offsets that map back to the file.
type Script struct {
	*shell.Script
	Ins *syntax.Instruction
	// Dialect is the shell the script runs in.
	Dialect shell.Dialect
	pieces  []piece
}

// piece maps text[text:text+n] of the script to the source: through the
// instruction's logical text when logical >= 0, directly at src otherwise.
type piece struct {
	text, n, logical, src int
}

type shellKey struct {
	ins *syntax.Instruction
}

// Offset maps an offset in the script's text to the file. Text the
// script adds between its pieces (the line break before a heredoc's
// body, the line that ends it) maps to the end of the piece before it.
func (s *Script) Offset(off int) int {
	o, _ := s.offset(off)
	return o
}

// offset is Offset, and says whether off lies within a piece of the
// file's text rather than in text the script adds.
func (s *Script) offset(off int) (int, bool) {
	for i := len(s.pieces) - 1; i >= 0; i-- {
		p := s.pieces[i]
		if off < p.text && i > 0 {
			continue
		}
		d := min(max(off-p.text, 0), p.n)
		inside := off >= p.text && off < p.text+p.n
		if p.logical >= 0 {
			return s.Ins.Offset(p.logical + d), inside
		}
		return p.src + d, inside
	}
	return s.Ins.Range.Start, false
}

// SrcRange maps a range of the script's text to the file. A range in
// text the script adds maps to an empty range where that text would be:
// the end of an unterminated heredoc's body may be the end of the file.
func (s *Script) SrcRange(r shell.Range) syntax.Range {
	start := s.Offset(r.Start)
	if r.End <= r.Start {
		return syntax.Range{Start: start, End: start}
	}
	end, inside := s.offset(r.End - 1)
	if inside {
		end++
	}
	return syntax.Range{Start: start, End: max(end, start)}
}

// ShellOf returns the shell a stage's RUN instructions use at ins: the
// argv of the last SHELL or "# hadolint shell=" pragma before it (in its
// stage, or else in its base stages), else the pragma before the first
// FROM, or nil for the default.
func (d *Document) ShellOf(ins *syntax.Instruction) []string {
	d.shellOnce.Do(func() {
		d.shellIdx = make([][]*syntax.Instruction, len(d.Stages))
		for i, st := range d.Stages {
			for _, in := range st.Instructions {
				if in.Cmd == "shell" && in.JSON {
					d.shellIdx[i] = append(d.shellIdx[i], in)
				}
			}
		}
	})
	pragmas := d.shellPragmas()
	st := d.StageOf(ins)
	for st != nil {
		shells := d.shellIdx[st.Index]
		n, at := len(shells), -1
		if ins != nil {
			n = sort.Search(len(shells), func(i int) bool { return shells[i].Range.Start >= ins.Range.Start })
			at = ins.Range.Start
		}
		if p := pragmas.stageShellPragma(st, at); p != nil && (n == 0 || p.at > shells[n-1].Range.Start) {
			return p.argv
		}
		if n > 0 {
			argv := []string{}
			for _, e := range shells[n-1].Elems {
				argv = append(argv, e.Value)
			}
			return argv
		}
		if st.BaseStage == nil || st.BaseStage.Index >= st.Index {
			break
		}
		ins, st = nil, st.BaseStage
	}
	return pragmas.def
}

// windowsBase reports whether the stage builds on a Windows image.
func windowsBase(st *Stage) bool {
	for st != nil {
		n := strings.ToLower(st.Ref.Path)
		if strings.Contains(n, "windows") || strings.Contains(n, "nanoserver") || strings.Contains(n, "servercore") {
			return true
		}
		st = st.BaseStage
	}
	return false
}

// Dialect returns the shell dialect of RUN at ins, and false when the
// shell is not a POSIX shell (PowerShell, cmd) and must not be parsed.
func (d *Document) Dialect(ins *syntax.Instruction) (shell.Dialect, bool) {
	if argv := d.ShellOf(ins); argv != nil {
		return shell.DialectFromShell(argv)
	}
	if d.File.Escape == '`' || windowsBase(d.StageOf(ins)) {
		return 0, false
	}
	// Parse the default shell with the Bash grammar, a superset of what
	// /bin/sh accepts, as hadolint does.
	return shell.Bash, true
}

// Script returns the shell model of a RUN (or ONBUILD RUN) instruction in
// shell form, parsed once and cached; nil for exec form, for other
// instructions and for non-POSIX shells.
func (d *Document) Script(ins *syntax.Instruction) *Script {
	in := ins
	if in.Cmd == "onbuild" && in.Sub != nil {
		in = in.Sub
	}
	if in.Cmd != "run" || in.JSON {
		return nil
	}
	d.shellMu.Lock()
	defer d.shellMu.Unlock()
	key := shellKey{ins}
	if s, ok := d.shells[key]; ok {
		return s
	}
	if d.shells == nil {
		d.shells = map[shellKey]*Script{}
	}
	dialect, ok := d.Dialect(ins)
	if !ok {
		d.shells[key] = nil
		return nil
	}
	s := &Script{Ins: ins, Dialect: dialect}
	var text strings.Builder
	if len(ins.Heredocs) == 0 {
		// The line is the script: no copy of it.
		s.pieces = []piece{{text: 0, n: len(in.Rest.Value), logical: in.Rest.Pos, src: -1}}
		s.Script = parseShell(in.Rest.Value, dialect)
		d.shells[key] = s
		return s
	}
	if len(ins.Heredocs) == 1 && len(in.Words()) == 1 && strings.HasPrefix(in.Words()[0].Value, "<<") {
		// "RUN <<EOF": the body is the script.
		h := ins.Heredocs[0]
		s.pieces = append(s.pieces, piece{text: 0, n: len(h.Content), logical: -1, src: h.Body.Start})
		text.WriteString(h.Content)
	} else {
		text.WriteString(in.Rest.Value)
		s.pieces = append(s.pieces, piece{text: 0, n: len(in.Rest.Value), logical: in.Rest.Pos, src: -1})
		for _, h := range ins.Heredocs {
			text.WriteByte('\n')
			s.pieces = append(s.pieces, piece{text: text.Len(), n: len(h.Content), logical: -1, src: h.Body.Start})
			text.WriteString(h.Content)
			if !strings.HasSuffix(h.Content, "\n") {
				text.WriteByte('\n')
			}
			text.WriteString(h.Name)
		}
	}
	s.Script = parseShell(text.String(), dialect)
	d.shells[key] = s
	return s
}

// scripts memoizes shell models by text and dialect across documents: an
// edit in the editor re-parses only the RUN instructions it touched. The
// models are immutable and shared. The bound is on the text held.
var scripts = bytecache.New[scriptKey, *shell.Script](2 << 20)

type scriptKey struct {
	text    string
	dialect shell.Dialect
}

// SetScriptCacheBytes bounds the RUN text whose shell models are kept
// between documents (see syntax.SetCacheBytes for when to change it).
func SetScriptCacheBytes(n int) { scripts.SetLimit(n) }

func parseShell(text string, d shell.Dialect) *shell.Script {
	k := scriptKey{text, d}
	if s, ok := scripts.Get(k); ok {
		return s
	}
	return scripts.Put(k, len(text), shell.Parse(text, d))
}
