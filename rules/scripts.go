package rules

// RUN scripts: the shell model of each RUN (and ONBUILD RUN), file ranges of
// its words, commands, subcommands, their options and operands, and
// reporting unpinned operands.

import (
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/shell"
	"github.com/berth-dev/berth/lint/syntax"
)

// runScript is a RUN instruction with its shell model: Ins is the instruction
// of the file (RUN, or the ONBUILD that wraps it), Run the RUN itself (for
// its flags), OnBuild whether it is an ONBUILD trigger.
type runScript struct {
	Ins     *syntax.Instruction
	Run     *syntax.Instruction
	OnBuild bool
	Script  *lint.Script
	src     []byte
}

// eachRunScript calls f, in source order, for every shell-form RUN whose shell
// is POSIX-like, and for ONBUILD RUN too when onbuild is set.
func eachRunScript(p *lint.Pass, onbuild bool, f func(r runScript)) {
	eachRunScriptWith(p, onbuild, nil, f)
}

// eachRunScriptWith is eachRunScript for the RUNs whose text (heredoc bodies
// included) contains one of the needles: a cheap filter that spares
// modelling the shell of RUNs that cannot match, since most rules look for
// one command. nil needles match every RUN.
func eachRunScriptWith(p *lint.Pass, onbuild bool, needles []string, f func(r runScript)) {
	eachRunScriptFiltered(p, onbuild, needles, false, f)
}

// eachRunCalling is eachRunScript for the RUNs that may run a command named
// one of names (see mayRun): for the rules that look only at such
// commands' calls, a finer filter than eachRunScriptWith's.
func eachRunCalling(p *lint.Pass, onbuild bool, names []string, f func(r runScript)) {
	eachRunScriptFiltered(p, onbuild, names, true, f)
}

// eachRunScriptFiltered is eachRunScriptWith, and with calls set
// eachRunCalling.
func eachRunScriptFiltered(p *lint.Pass, onbuild bool, needles []string, calls bool, f func(r runScript)) {
	var pairs *runPairSets
	if needles != nil {
		pairs = runPairs(p.Doc)
	}
	k := 0 // the next of pairs.idx
	for i, ins := range p.Doc.File.Instructions {
		run, ob := ins, false
		if ins.Cmd == "onbuild" {
			if !onbuild || ins.Sub == nil {
				continue
			}
			run, ob = ins.Sub, true
		}
		if run.Cmd != "run" || run.JSON {
			continue
		}
		if needles != nil {
			for k < len(pairs.idx) && pairs.idx[k] < i {
				k++
			}
			var set *bytePairs
			if k < len(pairs.idx) && pairs.idx[k] == i {
				set = &pairs.sets[k]
			}
			if set != nil && !set.mayHold(needles) {
				continue
			}
			if calls && !mayCall(ins, run, set, needles) || !calls && !runMentions(ins, run, needles) {
				continue
			}
		}
		if s := p.Doc.Script(ins); s != nil {
			f(runScript{Ins: ins, Run: run, OnBuild: ob, Script: s, src: p.Doc.File.Src})
		}
	}
}

// mayCall reports whether a RUN's text holds one of names (see
// runMentions) and may run a command named one of them (see mayRun); set
// is the RUN's byte pairs, or nil.
func mayCall(ins, run *syntax.Instruction, set *bytePairs, names []string) bool {
	// Only the names in the text can be words of it.
	var buf [8]string
	named := buf[:0]
	for j := range names {
		if (set == nil || set.mayHold(names[j:j+1])) && runMentions(ins, run, names[j:j+1]) {
			named = append(named, names[j])
		}
	}
	return len(named) > 0 && mayRun(ins, run, named)
}

// mayRun reports whether the text of a RUN or of its heredocs may run a
// command named one of names: the name is a word of its own there (see
// mentionsWord), or the text holds quotes or backslashes, which can make
// a name of a longer word (c"d", \cd).
func mayRun(ins, run *syntax.Instruction, names []string) bool {
	return mentionsWord(ins, run, names) ||
		anyRunText(ins, run, func(t string) bool { return strings.ContainsAny(t, `"'\`) })
}

// mentionsWord reports whether the text of a RUN or of its heredocs
// holds one of names as a word of its own: after the start, a blank, an
// operator or a slash, and before a blank, an operator or the end.
func mentionsWord(ins, run *syntax.Instruction, names []string) bool {
	return anyRunText(ins, run, func(t string) bool { return hasWord(t, names) })
}

// hasWord reports whether text holds one of names (words without the
// separators of wordSep) as a word of its own.
func hasWord(text string, names []string) bool {
	if len(names) <= 4 {
		// A few names: search each (strings.Index is fast), then look at
		// what is around it.
		for _, n := range names {
			for i := 0; n != ""; {
				j := strings.Index(text[i:], n)
				if j < 0 {
					break
				}
				j += i
				e := j + len(n)
				if (j == 0 || wordSep[text[j-1]]) && (e == len(text) || wordSep[text[e]]) {
					return true
				}
				i = j + 1
			}
		}
		return false
	}
	// Many names: look each word up among them.
	lo, hi := len(text)+1, 0 // the shortest and longest name
	for _, n := range names {
		lo, hi = min(lo, len(n)), max(hi, len(n))
	}
	lo = max(lo, 1) // an empty name matches nothing
	for i := 0; i < len(text); {
		// i is at the start of a word; find its end.
		end := i
		for end < len(text) && !wordSep[text[end]] {
			end++
		}
		if end-i >= lo && end-i <= hi && slices.Contains(names, text[i:end]) {
			return true
		}
		i = end + 1
	}
	return false
}

// wordSep marks the bytes that end a word for hasWord.
var wordSep = func() (t [256]bool) {
	for _, c := range []byte(" \t\n;&|()`\"'/<>$={}") {
		t[c] = true
	}
	return t
}()

// runMentions reports whether the text of a RUN or of its heredocs
// contains one of the needles.
func runMentions(ins, run *syntax.Instruction, needles []string) bool {
	return anyRunText(ins, run, func(t string) bool {
		for _, n := range needles {
			if strings.Contains(t, n) {
				return true
			}
		}
		return false
	})
}

// anyRunText reports whether f holds for one of the texts of a RUN: its
// shell-form line (run's, the RUN itself or an ONBUILD's trigger) and the
// bodies of its heredocs (ins's, and run's under ONBUILD).
func anyRunText(ins, run *syntax.Instruction, f func(text string) bool) bool {
	if f(run.Rest.Value) {
		return true
	}
	for _, h := range ins.Heredocs {
		if f(h.Content) {
			return true
		}
	}
	if run != ins {
		for _, h := range run.Heredocs {
			if f(h.Content) {
				return true
			}
		}
	}
	return false
}

// bytePairs is the set of the pairs of adjacent bytes a RUN's texts (its
// shell-form line and heredoc bodies) hold, hashed into 512 bits: a needle
// with a pair outside the set is in none of them. The rules filter every
// RUN with their needles; this rejects most pairs of RUN and needle
// without searching the text.
type bytePairs [8]uint64

func pairBit(a, b byte) uint { return (uint(a)*131 + uint(b)) & 511 }

func (s *bytePairs) add(text string) {
	for i := 1; i < len(text); i++ {
		h := pairBit(text[i-1], text[i])
		s[h>>6] |= 1 << (h & 63)
	}
}

// mayHold reports whether one of the needles may be in the texts: false
// only when each needle has a pair the texts do not hold.
func (s *bytePairs) mayHold(needles []string) bool {
	for _, n := range needles {
		if len(n) < 2 {
			return true
		}
		held := true
		for i := 1; i < len(n); i++ {
			h := pairBit(n[i-1], n[i])
			if s[h>>6]&(1<<(h&63)) == 0 {
				held = false
				break
			}
		}
		if held {
			return true
		}
	}
	return false
}

// runPairSets holds the byte pairs of a document's longer RUNs (and
// ONBUILD RUNs), by instruction index: a short one is searched as soon as
// its set is made, and a file of many short RUN lines keeps no sets.
type runPairSets struct {
	idx  []int // increasing
	sets []bytePairs
}

// minPairsText is the length of text from which a RUN keeps its pairs.
const minPairsText = 64

// runPairs returns the byte pairs of doc's longer RUNs, computed once per
// document.
func runPairs(doc *lint.Document) *runPairSets {
	return doc.Memo(runPairsKey{}, func() any {
		ps := &runPairSets{}
		for i, ins := range doc.File.Instructions {
			run := ins
			if ins.Cmd == "onbuild" && ins.Sub != nil {
				run = ins.Sub
			}
			if run.Cmd != "run" || run.JSON {
				continue
			}
			n := len(run.Rest.Value)
			for _, h := range ins.Heredocs {
				n += len(h.Content)
			}
			if run != ins {
				for _, h := range run.Heredocs {
					n += len(h.Content)
				}
			}
			if n < minPairsText {
				continue
			}
			var set bytePairs
			set.add(run.Rest.Value)
			for _, h := range ins.Heredocs {
				set.add(h.Content)
			}
			if run != ins {
				for _, h := range run.Heredocs {
					set.add(h.Content)
				}
			}
			ps.idx = append(ps.idx, i)
			ps.sets = append(ps.sets, set)
		}
		return ps
	}).(*runPairSets)
}

type runPairsKey struct{}

// fileRange maps a shell range of the script to the file.
func (r runScript) fileRange(sr shell.Range) syntax.Range { return r.Script.SrcRange(sr) }

// fileSpan returns the file range from the start of a to the end of b.
func (r runScript) fileSpan(a, b shell.Word) syntax.Range {
	return syntax.Range{Start: r.fileRange(a.Range).Start, End: r.fileRange(b.Range).End}
}

// plainWordRange returns the file range of word w when the file spells it
// exactly as its value: no quotes, escapes or line continuations inside,
// so that an edit next to it is certain to land right.
func (r runScript) plainWordRange(w shell.Word) (syntax.Range, bool) {
	if w.Raw != w.Value || !w.Literal || w.Raw == "" {
		return syntax.Range{}, false
	}
	fr := r.fileRange(w.Range)
	if fr.Start < 0 || fr.End > len(r.src) || string(r.src[fr.Start:fr.End]) != w.Raw {
		return syntax.Range{}, false
	}
	return fr, true
}

// rangeAfterWord returns the empty file range right after word w, where an
// option can be inserted (see plainWordRange).
func (r runScript) rangeAfterWord(w shell.Word) (syntax.Range, bool) {
	fr, ok := r.plainWordRange(w)
	return syntax.Range{Start: fr.End, End: fr.End}, ok
}

// pathUnder reports whether p is dir or lies below it.
func pathUnder(p, dir string) bool {
	if dir == "/" {
		return strings.HasPrefix(p, "/")
	}
	return p == dir || strings.HasPrefix(p, dir+"/")
}

// removesDirs reports whether c (an rm, or a find ... -delete) deletes dir
// or everything in it: an operand such as dir, dir/, dir/* or a folder
// above dir (/var/lib/apt/* for /var/lib/apt/lists).
func removesDirs(c *shell.Command, dirs ...string) bool {
	switch {
	case c.Is("rm"):
	case c.Is("find"):
		if !c.HasArg("-delete", "-exec", "-execdir") {
			return false
		}
	default:
		return false
	}
	for _, a := range c.Args {
		v := strings.TrimSuffix(a.Value, "*")
		if v == "" || v[0] != '/' {
			continue
		}
		p := path.Clean(v)
		if p == "/" {
			continue
		}
		for _, d := range dirs {
			if pathUnder(d, p) {
				return true
			}
		}
	}
	return false
}

// wholeExpansion reports whether a word is only an expansion, such as
// $PACKAGES or $(cat list): what it stands for is not known.
func wholeExpansion(w shell.Word) bool {
	return !w.Literal && w.Value != "" && (w.Value[0] == '$' || w.Value[0] == '`')
}

// operandsAfter returns the operands of c that come after the word at
// index i of its Args (the subcommand).
func operandsAfter(c *shell.Command, i int, valued []string) []shell.Word {
	return c.NonFlagArgsAfter(i, valued...)
}

// optionValues returns the values of every -o/--option (as named)
// option of c: the next word, or the text glued after the letter or '='.
func optionValues(c *shell.Command, short string, long string) []string {
	var out []string
	for i := 0; i < len(c.Args); i++ {
		v := c.Args[i].Value
		switch {
		case v == "--":
			return out
		case v == "-"+short || v == "--"+long:
			if i+1 < len(c.Args) {
				out = append(out, c.Args[i+1].Value)
				i++
			}
		case strings.HasPrefix(v, "--"+long+"="):
			out = append(out, v[len(long)+3:])
		case strings.HasPrefix(v, "-"+short) && len(v) > 2 && v[1] != '-':
			out = append(out, strings.TrimPrefix(v[2:], "="))
		}
	}
	return out
}

// wordNames formats package names for a message: "a", "b" and 2 more.
func wordNames(ws []shell.Word) string {
	const show = 3
	var b strings.Builder
	for i, w := range ws {
		if i == show {
			b.WriteString(" and " + strconv.Itoa(len(ws)-show) + " more")
			break
		}
		if i > 0 {
			if i == len(ws)-1 {
				b.WriteString(" and ")
			} else {
				b.WriteString(", ")
			}
		}
		b.WriteString(strconv.Quote(w.Value))
	}
	return b.String()
}

// pipedFromYes reports whether c is fed by `yes |`, which answers every
// prompt.
func pipedFromYes(s *lint.Script, c *shell.Command) bool {
	if !c.InPipeline {
		return false
	}
	var prev *shell.Command
	for _, o := range s.Commands {
		if o.Range.Start >= c.Range.Start {
			break
		}
		if o.Range.End <= c.Range.Start && (prev == nil || o.Range.End > prev.Range.End) {
			prev = o
		}
	}
	return prev != nil && prev.Is("yes") && prev.InPipeline
}

// scopedInSubshell reports whether offset off of the script's text lies inside
// a subshell ( ), a command substitution $( ) or a process substitution
// <( ): a cd there does not outlive it. It is a quick scan of the text
// before off that follows quotes and comments; an unbalanced ")" of a
// case pattern can make it answer false.
func scopedInSubshell(src string, off int) bool {
	var stack []byte // '(' for a parenthesis, '"' for double quotes
	for i := 0; i < off && i < len(src); i++ {
		c := src[i]
		inDQ := len(stack) > 0 && stack[len(stack)-1] == '"'
		switch {
		case c == '\\':
			i++
		case inDQ && c == '"':
			stack = stack[:len(stack)-1]
		case inDQ:
			if c == '$' && i+1 < len(src) && src[i+1] == '(' {
				stack = append(stack, '(')
				i++
			}
		case c == '"':
			stack = append(stack, '"')
		case c == '\'':
			j := strings.IndexByte(src[i+1:], '\'')
			if j < 0 {
				return false
			}
			i += j + 1
		case c == '#' && (i == 0 || strings.IndexByte(" \t\n;&|()", src[i-1]) >= 0):
			j := strings.IndexByte(src[i:], '\n')
			if j < 0 {
				return false
			}
			i += j
		case c == '(':
			stack = append(stack, '(')
		case c == ')':
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		}
	}
	for _, c := range stack {
		if c == '(' {
			return true
		}
	}
	return false
}

// eachSubcommand finds the commands called name (looking through wrappers
// such as sudo) whose subcommand, the first operand, is one of subs. f gets
// the command, the subcommand word and its index in Args.
func eachSubcommand(s *lint.Script, name string, valued []string, subs []string, f func(c *shell.Command, sub shell.Word, i int)) {
	for c := range s.Calls(name) {
		sub, i, ok := c.Subcommand(valued...)
		if !ok {
			continue
		}
		for _, want := range subs {
			if sub.Value == want {
				f(c, sub, i)
				break
			}
		}
	}
}

// unpinnedOperands returns the operands that pinned does not accept.
func unpinnedOperands(ops []shell.Word, pinned func(shell.Word) bool) []shell.Word {
	var loose []shell.Word
	for _, w := range ops {
		if !pinned(w) {
			loose = append(loose, w)
		}
	}
	return loose
}

// reportUnpinned reports, at the first of loose (when there is one),
// the finding of a version-pinning rule: "<what> of <adjective> <noun>
// NAMES: <how>", where how is one(first) for a single operand and many
// for several, and the noun takes an "s".
func reportUnpinned(p *lint.Pass, r runScript, loose []shell.Word, what, adjective, noun string, one func(shell.Word) string, many string) {
	if len(loose) == 0 {
		return
	}
	msg := what + " of " + adjective + " " + noun
	if len(loose) == 1 {
		msg += " " + wordNames(loose) + ": " + one(loose[0])
	} else {
		msg += "s " + wordNames(loose) + ": " + many
	}
	p.Report(lint.Diagnostic{Range: r.fileRange(loose[0].Range), Message: msg})
}
