package shell

import "strings"

// This file holds the splitter, which cuts shell text into commands and
// words without building a syntax tree, and the quote removal shared with
// the parser path. The splitter runs in two modes: tolerant, as the
// fallback for text the shell parser rejects, and strict (splitSimple), a
// fast path for plain lists of simple commands, where it must give what the
// parser gives (TestCorpusSimple and FuzzParse check that) or give up.
// Scans go forward; nesting ($( ) in words, quotes in $( )) recurses at
// most maxNesting deep, so the time is linear in the text times that bound.

// unquote returns raw after quote removal, with expansions kept as
// written, and whether it holds no expansion.
func unquote(raw string) (string, bool) {
	if strings.IndexAny(raw, "'\"\\$`") < 0 {
		return raw, true
	}
	var b strings.Builder
	b.Grow(len(raw))
	lit, dq := true, false
	for i := 0; i < len(raw); {
		c := raw[i]
		switch {
		case c == '\\' && i+1 < len(raw):
			n := raw[i+1]
			switch {
			case n == '\n':
			case !dq || strings.IndexByte("$`\"\\", n) >= 0:
				b.WriteByte(n)
			default:
				b.WriteByte('\\')
				b.WriteByte(n)
			}
			i += 2
			continue
		case c == '"':
			dq = !dq
			i++
			continue
		case c == '\'' && !dq:
			j := strings.IndexByte(raw[i+1:], '\'')
			if j < 0 {
				b.WriteString(raw[i:]) // unclosed: kept as is
				return b.String(), lit
			}
			b.WriteString(raw[i+1 : i+1+j])
			i += j + 2
			continue
		case c == '$' && i+1 < len(raw) && raw[i+1] == '"' && !dq:
			i++ // $"..." is a translated "..."
			continue
		case c == '$' && dq && i+1 < len(raw) && raw[i+1] == '\'':
			// no $'...' in double quotes
		case c == '$' || c == '`':
			j := skipExpansion(raw, i)
			if j < 0 {
				b.WriteString(raw[i:])
				return b.String(), false
			}
			if j > i+1 || c == '`' {
				lit = false
			}
			b.WriteString(raw[i:j])
			i = j
			continue
		}
		b.WriteByte(c)
		i++
	}
	return b.String(), lit
}

// skipExpansion returns the end of the expansion at s[i], a '$' or '`':
// i+1 for a lone '$' and -1 when the expansion is not closed.
func skipExpansion(s string, i int) int { return skipExp(s, i, 0) }

// The skip functions call one another for nested quotes and expansions;
// depth bounds that nesting, past which the text counts as not closed.

func skipExp(s string, i, depth int) int {
	if s[i] == '`' {
		return skipQuoted(s, i+1, '`')
	}
	if i+1 >= len(s) {
		return i + 1
	}
	switch c := s[i+1]; {
	case c == '{':
		return skipBalanced(s, i+2, '{', '}', depth+1)
	case c == '(':
		return skipBalanced(s, i+2, '(', ')', depth+1)
	case c == '[':
		return skipBalanced(s, i+2, '[', ']', depth+1)
	case c == '\'': // $'...' has backslash escapes
		for j := i + 2; j < len(s); j++ {
			switch s[j] {
			case '\\':
				j++
			case '\'':
				return j + 1
			}
		}
		return -1
	case isNameByte(c) && !isDigit(c):
		j := i + 2
		for j < len(s) && isNameByte(s[j]) {
			j++
		}
		return j
	case isDigit(c) || strings.IndexByte("@*#?$!-", c) >= 0:
		return i + 2
	}
	return i + 1
}

// skipQuoted returns the offset after the first unescaped q at or after
// s[i], or -1.
func skipQuoted(s string, i int, q byte) int {
	for ; i < len(s); i++ {
		switch s[i] {
		case '\\':
			if q != '\'' { // no escapes in single quotes
				i++
			}
		case q:
			return i + 1
		}
	}
	return -1
}

// skipDouble returns the offset after the " that closes the double-quoted
// string whose text starts at s[i], or -1.
func skipDouble(s string, i, depth int) int {
	if depth > maxNesting {
		return -1
	}
	for i < len(s) {
		switch s[i] {
		case '\\':
			i += 2
			continue
		case '"':
			return i + 1
		case '$', '`':
			if strings.HasPrefix(s[i:], "$'") {
				break // no $'...' in double quotes
			}
			j := skipExp(s, i, depth)
			if j < 0 {
				return -1
			}
			i = j
			continue
		}
		i++
	}
	return -1
}

// skipBalanced returns the offset after the close that balances an open
// already read before s[i], skipping quoted text, or -1.
func skipBalanced(s string, i int, open, close byte, depth int) int {
	if depth > maxNesting {
		return -1
	}
	n := 1
	for ; i < len(s); i++ {
		var j int
		switch c := s[i]; c {
		case '\\':
			i++
			continue
		case '\'', '`':
			j = skipQuoted(s, i+1, c)
		case '"':
			j = skipDouble(s, i+1, depth+1)
		case open:
			n++
			continue
		case close:
			n--
			if n == 0 {
				return i + 1
			}
			continue
		default:
			continue
		}
		if j < 0 {
			return -1
		}
		i = j - 1
	}
	return -1
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isNameByte(c byte) bool {
	return c == '_' || isDigit(c) || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// unclosed remembers which kinds of quote or expansion were found without
// an end, so that later ones of the same kind are taken literally at once
// instead of being scanned to the end of the text again.
type unclosed struct {
	kind [256]bool
	any  bool
}

// scanWordEnd returns the end of the word starting at s[i]: the first
// unquoted blank or operator byte. An opening quote or expansion that is
// never closed counts as an ordinary byte.
func scanWordEnd(s string, i int, u *unclosed) int {
	if u == nil {
		u = new(unclosed)
	}
	for i < len(s) {
		c := s[i]
		switch c {
		case ' ', '\t', '\n', '\r', ';', '&', '|', '<', '>', '(', ')':
			return i
		case '\\':
			i = min(i+2, len(s))
			continue
		case '\'', '"', '`', '$':
			kind := c
			if c == '$' && i+1 < len(s) {
				kind = s[i+1]
			}
			if u.kind[kind] {
				break
			}
			var j int
			switch c {
			case '$', '`':
				j = skipExpansion(s, i)
			case '"':
				j = skipDouble(s, i+1, 0)
			default:
				j = skipQuoted(s, i+1, c)
			}
			if j < 0 {
				u.kind[kind], u.any = true, true
				break
			}
			i = j
			continue
		}
		i++
	}
	return i
}

// splitter is the state of the splitter over src[lo:hi].
type splitter struct {
	b      *builder
	src    string // b.src[:hi]
	d      Dialect
	strict bool // give up on anything that needs the real parser
	abort  bool // strict, and gave up
	u      unclosed

	words   []Word // the words of the commands read so far
	first   int    // index in words of the command being read
	name    int    // index in words of its name, -1 before the name
	start   int    // start of the command being read, -1 while empty
	end     int    // end of its last word or redirection
	piped   bool   // it follows a |
	needCmd bool   // the last operator (&& || |) wants a command after it
	depth   int    // nesting in $( )

	// Strict mode: the compound commands being read.
	frames []frame
	closed bool // one just ended: only an operator or a redirection may follow
	bang   bool // a ! starts the command being read

	// Tolerant mode: compound commands are guessed at.
	skip   bool // ignore words until the next separator (for, select, function)
	caseIn int  // 1: reading `case WORD in`, 2: reading patterns up to `)`
	hdocs  []heredoc
}

// heredoc is a pending heredoc whose body starts at the next newline.
type heredoc struct {
	delim string
	tabs  bool // <<- strips leading tabs
}

// split models src[lo:hi] without the shell parser, tolerantly: commands
// are cut at unquoted && || ; | & ( ) and newlines, words at unquoted
// blanks, reserved words are skipped, and redirections, comments and
// heredoc bodies are dropped. Commands inside $( ) are found, not those
// inside ` `.
func (b *builder) split(lo, hi int) {
	sp := splitter{b: b, src: b.src[:hi], start: -1, name: -1}
	sp.run(lo)
}

// splitSimple models src[lo:hi] with the strict splitter when the text
// keeps to the common part of the grammar (simple commands, lists,
// pipelines, $( ), if, while, until, for, case, { } and ( )), where the
// splitter gives what the shell parser would, only faster. It reports
// false, having added nothing, when the text holds anything else
// (arithmetic, backquotes, heredocs, functions, [[ ]], uncommon ${...}
// forms), a syntax error or, for d, a bashism.
func (b *builder) splitSimple(lo, hi int, d Dialect) bool {
	text := b.src[lo:hi]
	if strings.Contains(text, "$((") || strings.Contains(text, "$[") || strings.Contains(text, "<<") ||
		strings.ContainsAny(text, "`\r\v\f\x00") || strings.HasSuffix(text, `\`) || !paramsOK(text) ||
		d != Bash && (strings.Contains(text, "$'") || strings.Contains(text, `$"`)) {
		return false
	}
	ncmd, npipe := len(b.cmds), len(b.pipes)
	sp := splitter{b: b, src: b.src[:hi], d: d, strict: true, start: -1, name: -1}
	sp.words = make([]Word, 0, len(text)/10+4) // about one word every 10 bytes
	sp.run(lo)
	if sp.abort || sp.u.any || sp.needCmd {
		b.cmds, b.pipes = b.cmds[:ncmd], b.pipes[:npipe]
		return false
	}
	return true
}

// paramsOK reports whether every ${...} of text is a plain one that the
// splitter can take as a word: ${NAME}, ${#NAME} or ${NAME op WORD} with a
// POSIX op (:- - := = :? ? :+ + # ## % %%) and a WORD of plain characters.
// Anything else is left to the shell parser.
func paramsOK(text string) bool {
	for i := 0; ; {
		j := strings.Index(text[i:], "${")
		if j < 0 {
			return true
		}
		i += j + 2
		if !plainParam(text[i:]) {
			return false
		}
	}
}

func plainParam(p string) bool {
	length := len(p) > 1 && p[0] == '#' && p[1] != '}' // ${#NAME}
	if length {
		p = p[1:]
	}
	n := 0
	switch {
	case p == "":
		return false
	case isDigit(p[0]):
		for n < len(p) && isDigit(p[n]) {
			n++
		}
	case isNameByte(p[0]):
		for n < len(p) && isNameByte(p[n]) {
			n++
		}
	case strings.IndexByte("@*#?-$!", p[0]) >= 0:
		return len(p) > 1 && p[1] == '}' // ${@} ${#}, but not ${!x}
	}
	if n == 0 || n == len(p) {
		return false
	}
	p = p[n:]
	if p[0] == '}' || length {
		return p[0] == '}'
	}
	if p[0] == ':' {
		p = p[1:]
		if p == "" || strings.IndexByte("-=?+", p[0]) < 0 {
			return false
		}
	} else if strings.IndexByte("-=?+#%", p[0]) < 0 {
		return false
	}
	for k := 1; k < len(p); k++ {
		switch c := p[k]; {
		case c == '}':
			return true
		case isNameByte(c) || strings.IndexByte("/.-*:,@+=~%#?", c) >= 0:
		default:
			return false
		}
	}
	return false
}

// run reads the text from src[i] to the end.
func (sp *splitter) run(i int) {
	s := sp.src
	for i < len(s) && !sp.abort {
		if sp.strict {
			if n := sp.compound(i); n > 0 {
				i += n
				continue
			}
		}
		switch c := s[i]; c {
		case ' ', '\t', '\r':
			i++
		case '\n':
			sp.flush(false)
			i = sp.heredocBodies(i + 1)
		case '#':
			j := strings.IndexByte(s[i:], '\n')
			if j < 0 {
				j = len(s) - i
			}
			// The parser reads a \ ending a comment as a line continuation.
			sp.abort = sp.abort || sp.strict && strings.HasSuffix(s[i:i+j], `\`)
			i += j
		case '&':
			switch {
			case strings.HasPrefix(s[i:], "&&"):
				sp.operator(false, true)
				i += 2
			case strings.HasPrefix(s[i:], "&>"):
				i = sp.redirect(i, i)
			default:
				sp.operator(false, false)
				i++
			}
		case '|':
			if strings.HasPrefix(s[i:], "||") {
				sp.operator(false, true)
				i += 2
				continue
			}
			n := 1
			if strings.HasPrefix(s[i:], "|&") {
				n = 2
				sp.abort = sp.abort || sp.strict && sp.d != Bash // a coprocess in mksh
			}
			if sp.b.outer == nil {
				sp.b.pipes = append(sp.b.pipes, Range{i, i + n})
			}
			sp.operator(true, true)
			i += n
		case ';':
			if strings.HasPrefix(s[i:], ";&") {
				sp.abort = sp.strict // a case operator
			}
			if strings.HasPrefix(s[i:], ";;") {
				sp.abort = sp.strict
				sp.flush(false)
				if sp.caseIn != 0 {
					sp.caseIn = 2
				}
				i += 2
				continue
			}
			sp.operator(false, false)
			i++
		case '(', ')':
			sp.abort = sp.strict
			i = sp.paren(i)
		case '<', '>':
			i = sp.redirect(i, i)
		case '\\':
			if strings.HasPrefix(s[i:], "\\\n") { // line continuation
				i += 2
				continue
			}
			fallthrough
		default:
			end := scanWordEnd(s, i, &sp.u)
			if end < len(s) && (s[end] == '<' || s[end] == '>') && isFD(s[i:end]) {
				sp.abort = sp.abort || sp.strict && s[i] == '{'
				i = sp.redirect(end, i) // 2>&1: the fd belongs to the redirection
				continue
			}
			sp.substs(i, end)
			sp.word(i, end)
			i = end
		}
	}
	sp.flush(false)
	if sp.strict && (len(sp.frames) > 0 || sp.bang) {
		sp.abort = true
	}
}

// substs splits the commands of each $( ) in src[s:e], one word.
func (sp *splitter) substs(s, e int) {
	src := sp.src[:e]
	if strings.IndexByte(src[s:], '$') < 0 && strings.IndexByte(src[s:], '`') < 0 {
		return
	}
	dq := false
	for i := s; i < e; {
		j := i + 1
		switch src[i] {
		case '\\':
			j = i + 2
		case '\'':
			if !dq {
				j = skipQuoted(src, i+1, '\'')
			}
		case '"':
			dq = !dq
		case '`':
			sp.abort = sp.strict
			j = skipQuoted(src, i+1, '`')
		case '$':
			if dq && strings.HasPrefix(src[i:], "$'") {
				break // no $'...' in double quotes
			}
			j = skipExpansion(src, i)
			switch {
			case j < 0:
			case strings.HasPrefix(src[i:], "$(("):
				sp.abort = sp.strict // arithmetic
			case strings.HasPrefix(src[i:], "$("):
				// The parser may read a # inside, or right after, as a comment.
				sp.abort = sp.abort || sp.strict && (strings.IndexByte(src[i:j], '#') >= 0 || j < e && src[j] == '#')
				sp.nested(i+2, j-1)
			case strings.HasPrefix(src[i:], "${") && (strings.Contains(src[i+2:j], "$(") || strings.IndexByte(src[i+2:j], '`') >= 0):
				sp.abort = sp.strict // ${A:-$(cmd)}
			}
		}
		if j < 0 {
			sp.abort = sp.strict
			return
		}
		i = j
	}
}

// nested splits src[lo:hi], the text of a $( ).
func (sp *splitter) nested(lo, hi int) {
	if sp.depth >= maxNesting {
		sp.abort = sp.strict
		return
	}
	in := splitter{b: sp.b, src: sp.src[:hi], d: sp.d, strict: sp.strict, start: -1, name: -1, depth: sp.depth + 1}
	in.run(lo)
	if in.abort || in.u.any || in.needCmd {
		sp.abort = sp.strict
	}
}

// operator ends the command being read at a separator; pipe is set for |
// and |&, andOr for && || | and |&, which must have a command on each side.
func (sp *splitter) operator(pipe, andOr bool) {
	if sp.start < 0 && !sp.closed && sp.strict {
		sp.abort = true // `&& a`, `;;`, `a; ;`
	}
	sp.flush(pipe)
	sp.needCmd = andOr
}

// paren handles the ( or ) at src[i] for the tolerant splitter and returns
// the offset after it.
func (sp *splitter) paren(i int) int {
	s := sp.src
	if s[i] == ')' {
		if sp.caseIn == 2 {
			sp.caseIn = 0
		}
		sp.flush(false)
		return i + 1
	}
	if i > 0 && s[i-1] == '=' { // NAME=(array)
		if j := skipBalanced(s, i+1, '(', ')', 0); j > 0 {
			return j
		}
	}
	if sp.name == len(sp.words)-1 && strings.HasPrefix(strings.TrimLeft(s[i+1:], " \t"), ")") {
		sp.name, sp.start = -1, -1 // f() { ...: a function name
	}
	sp.flush(false)
	return i + 1
}

// frame is a compound command being read by the strict splitter.
type frame struct {
	kw    string // the keyword that opened it: if while until for case { (
	state string // what is being read, named after the keyword that began it
	cmds  int    // commands read in the current list
}

// header reports whether f is reading a for or case header, whose words
// are not commands.
func (f *frame) header() bool {
	switch f.state {
	case "name", "in?", "items", "do?", "word", "in", "pattern", "alt", "pattern|":
		return true
	}
	return false
}

func (sp *splitter) top() *frame {
	if len(sp.frames) == 0 {
		return nil
	}
	return &sp.frames[len(sp.frames)-1]
}

func (sp *splitter) open(kw, state string) {
	sp.frames = append(sp.frames, frame{kw: kw, state: state})
	sp.piped, sp.needCmd = false, false // the compound is the pipeline element
}

// pop ends the innermost compound command; an empty body is a syntax
// error unless empty is set.
func (sp *splitter) pop(empty bool) bool {
	f := sp.top()
	if f == nil || f.cmds == 0 && !empty {
		return false
	}
	sp.frames = sp.frames[:len(sp.frames)-1]
	if f := sp.top(); f != nil {
		f.cmds++
	}
	sp.closed = true
	return true
}

// next moves the innermost compound command kw from the part from, which
// must hold commands, to the part to.
func (sp *splitter) next(kw, from, to string) bool {
	f := sp.top()
	if f == nil || f.kw != kw || f.state != from || f.cmds == 0 {
		return false
	}
	f.state, f.cmds = to, 0
	return true
}

// keyword handles the reserved word w at the start of a command in strict
// mode, and reports whether it did. A reserved word out of place is left
// to word, which gives up.
func (sp *splitter) keyword(w string) bool {
	if sp.bang {
		return false
	}
	switch w {
	case "if", "while", "until":
		sp.open(w, "cond")
		return true
	case "for":
		sp.open(w, "name")
		return true
	case "case":
		sp.open(w, "word")
		return true
	case "{":
		sp.open(w, "body")
		return true
	case "!":
		sp.bang = !sp.piped // not in a | ! b
		return sp.bang
	}
	if sp.needCmd {
		return false // a && then
	}
	f := sp.top()
	switch w {
	case "then":
		return sp.next("if", "cond", "then")
	case "elif":
		return sp.next("if", "then", "cond")
	case "else":
		return sp.next("if", "then", "else")
	case "fi":
		return f != nil && f.kw == "if" && (f.state == "then" || f.state == "else") && sp.pop(false)
	case "do":
		return sp.next("while", "cond", "do") || sp.next("until", "cond", "do")
	case "done":
		return f != nil && f.state == "do" && sp.pop(false)
	case "esac":
		return f != nil && f.kw == "case" && f.state == "item" && sp.pop(true)
	case "}":
		return f != nil && f.kw == "{" && sp.pop(false)
	}
	return false
}

// headerWord reads w, a word of the header of the for or case command f.
func (sp *splitter) headerWord(f *frame, w string) {
	switch {
	case f.kw == "for" && f.state == "name" && isName(w):
		f.state = "in?"
	case f.kw == "for" && f.state == "in?" && w == "in":
		f.state = "items"
	case f.kw == "for" && (f.state == "in?" || f.state == "do?") && w == "do":
		f.state, f.cmds = "do", 0
	case f.kw == "for" && f.state == "items":
	case f.kw == "case" && f.state == "word":
		f.state = "in"
	case f.kw == "case" && f.state == "in" && w == "in":
		f.state = "pattern"
	case f.kw == "case" && f.state == "pattern" && w == "esac":
		sp.pop(true)
	case f.kw == "case" && (f.state == "pattern" || f.state == "alt"):
		f.state = "pattern|"
	default:
		sp.abort = true
	}
}

// compound handles, in strict mode, the operator at src[i] when it belongs
// to a compound command: the separators of for and case headers, the | and
// ) of case patterns, ;; and the ( ) of subshells. It returns the number of
// bytes it read, 0 when run handles the byte as usual.
func (sp *splitter) compound(i int) int {
	s := sp.src
	c := s[i]
	switch c {
	case '\n', ';', '|', '&', '(', ')':
	default:
		return 0
	}
	f := sp.top()
	if f != nil && f.header() {
		switch {
		case f.kw == "for" && (c == ';' || c == '\n') && (f.state == "in?" || f.state == "items"):
			f.state = "do?"
		case f.kw == "for" && c == '\n' && f.state == "do?":
		case f.kw == "case" && c == '\n' && (f.state == "in" || f.state == "pattern"):
		case f.kw == "case" && c == '(' && f.state == "pattern":
			f.state = "alt"
		case f.kw == "case" && c == '|' && f.state == "pattern|" && !strings.HasPrefix(s[i:], "||"):
			f.state = "alt"
		case f.kw == "case" && c == ')' && f.state == "pattern|":
			f.state, f.cmds = "item", 0
		default:
			sp.abort = true
		}
		return 1
	}
	switch {
	case c == ';' && f != nil && f.kw == "case" && f.state == "item" && (strings.HasPrefix(s[i:], ";;") || strings.HasPrefix(s[i:], ";&")):
		sp.flush(false)
		sp.abort = sp.abort || sp.needCmd // a && ;;
		f.state = "pattern"
		switch {
		case strings.HasPrefix(s[i:], ";;&"):
			sp.abort = sp.abort || sp.d != Bash
			return 3
		case strings.HasPrefix(s[i:], ";&"):
			sp.abort = sp.abort || sp.d == POSIX
		}
		return 2
	case c == '(':
		if sp.start >= 0 || sp.closed || sp.bang || strings.HasPrefix(s[i:], "((") {
			sp.abort = true
		} else {
			sp.open("(", "body")
		}
		return 1
	case c == ')':
		sp.flush(false)
		sp.abort = sp.abort || sp.needCmd // (a &&)
		if f == nil || f.kw != "(" || !sp.pop(false) {
			sp.abort = true
		}
		return 1
	}
	return 0
}

// isName reports whether w is a shell variable name.
func isName(w string) bool {
	if w == "" || isDigit(w[0]) {
		return false
	}
	for i := 0; i < len(w); i++ {
		if !isNameByte(w[i]) {
			return false
		}
	}
	return true
}

// isFD reports whether w can prefix a redirection: 2>x, {fd}>x.
func isFD(w string) bool {
	if len(w) > 2 && w[0] == '{' && w[len(w)-1] == '}' {
		return true
	}
	for i := 0; i < len(w); i++ {
		if !isDigit(w[i]) {
			return false
		}
	}
	return true
}

// reserved holds the words that start or end compound commands, and those
// that the shell parser does not keep as simple commands.
var reserved = map[string]bool{
	"if": true, "then": true, "else": true, "elif": true, "fi": true, "do": true, "done": true,
	"case": true, "esac": true, "while": true, "until": true, "for": true, "in": true,
	"select": true, "function": true, "time": true, "coproc": true, "let": true,
	"{": true, "}": true, "!": true, "[[": true, "]]": true,
}

// declares holds the commands that Bash parses as declarations.
var declares = map[string]bool{"export": true, "local": true, "declare": true, "readonly": true, "typeset": true, "nameref": true}

// word adds src[s:e] to the command being read.
func (sp *splitter) word(s, e int) {
	w := makeWord(sp.src, s, e)
	if sp.strict && sp.strictWord(w.Raw) {
		return
	}
	switch {
	case sp.skip:
		return
	case sp.caseIn == 1:
		if w.Raw == "in" {
			sp.caseIn = 2
		}
		return
	case sp.caseIn == 2:
		if w.Raw == "esac" {
			sp.caseIn = 0
		}
		return
	case sp.name < 0:
		switch w.Raw {
		case "if", "then", "else", "elif", "fi", "do", "done", "while", "until", "{", "}", "!", "time", "esac":
			return
		case "for", "select", "function":
			sp.skip = true
			return
		case "case":
			sp.caseIn = 1
			return
		}
		if sp.start < 0 {
			sp.start = s
		}
		sp.end = e
		if !isAssignment(w.Raw) {
			sp.name = len(sp.words)
		}
	}
	sp.words = append(sp.words, w)
	sp.end = e
}

// strictWord reads w in strict mode, giving up on any form that the shell
// parser could read otherwise, and reports whether w is used up: a
// reserved word, a for or case header word, or a reason to give up.
func (sp *splitter) strictWord(w string) bool {
	f := sp.top()
	switch {
	case sp.closed || strings.Contains(w, "\\\n"):
		sp.abort = true // `fi x`, or a line continuation inside a word
	case f != nil && f.header():
		sp.headerWord(f, w)
	case sp.start < 0 && sp.keyword(w):
	case sp.name < 0: // an assignment or the name
		n := 0
		for n < len(w) && isNameByte(w[n]) {
			n++
		}
		sp.abort = sp.abort || reserved[w] || w[0] == '{' || w[0] == '}' ||
			n > 0 && n < len(w) && w[n] == '[' || // an array element: a[1]=x
			strings.Contains(w, "=") && strings.Contains(w, "[") || // the parser takes 0=0[ for an assignment
			sp.d == POSIX && strings.HasPrefix(w[n:], "+=")
		return sp.abort
	case sp.d != POSIX && declares[sp.words[sp.name].Raw]:
		// export and the like read their operands as assignments: keep
		// to the plain forms -x, NAME and NAME=value.
		flag := len(w) > 1 && w[0] == '-' && isName(w[1:])
		sp.abort = sp.abort || !isName(w) && !isAssignment(w) && !flag || strings.IndexByte(w, '[') >= 0
		return sp.abort
	default:
		return false
	}
	return true
}

// redirOps holds the redirection operators, longest first.
var redirOps = [...]string{"&>>", "<<<", "<<-", "&>", "<<", "<>", "<&", ">>", ">&", ">|", "<", ">"}

// redirect skips the redirection whose operator is at src[i] (start is
// where it begins, before an fd number) and its target, and returns the
// offset after them.
func (sp *splitter) redirect(i, start int) int {
	s := sp.src
	op := s[i : i+1]
	for _, o := range redirOps {
		if strings.HasPrefix(s[i:], o) {
			op = o
			break
		}
	}
	if f := sp.top(); sp.strict && f != nil && f.header() {
		sp.abort = true // case a>b)
	}
	if sp.strict && (sp.d == POSIX && op[0] == '&' || op[0] == '<' && len(op) > 1 && op[1] == '<' ||
		sp.d != POSIX && sp.name >= 0 && declares[sp.words[sp.name].Raw]) { // export >x A
		sp.abort = true
	}
	j := i + len(op)
	for j < len(s) && (s[j] == ' ' || s[j] == '\t') {
		j++
	}
	end := j
	if j < len(s) && !isSep(s[j]) && s[j] != '#' {
		end = scanWordEnd(s, j, &sp.u)
		sp.abort = sp.abort || sp.strict && strings.Contains(s[j:end], "\\\n")
		sp.substs(j, end)
	} else if sp.strict {
		sp.abort = true // no target
	}
	if strings.HasPrefix(op, "<<") && op != "<<<" && end > j {
		d, _ := unquote(s[j:end])
		sp.hdocs = append(sp.hdocs, heredoc{delim: d, tabs: op == "<<-"})
	}
	if sp.skip || sp.caseIn != 0 {
		return max(end, i+1)
	}
	if sp.start < 0 {
		sp.start = start
	}
	sp.end = max(sp.end, end)
	return max(end, i+1)
}

// heredocBodies skips the bodies of the pending heredocs, which start at
// src[i], and returns the offset after them.
func (sp *splitter) heredocBodies(i int) int {
	s := sp.src
	for _, h := range sp.hdocs {
		for i < len(s) {
			j := strings.IndexByte(s[i:], '\n')
			if j < 0 {
				j = len(s) - i
			}
			line := strings.TrimSuffix(s[i:i+j], "\r")
			i = min(i+j+1, len(s))
			if h.tabs {
				line = strings.TrimLeft(line, "\t")
			}
			if line == h.delim {
				break
			}
		}
	}
	sp.hdocs = sp.hdocs[:0]
	return i
}

// flush ends the command being read; pipe tells whether a | ends it.
func (sp *splitter) flush(pipe bool) {
	sp.skip = false
	if sp.caseIn == 1 {
		sp.caseIn = 0
	}
	if sp.start >= 0 {
		sp.needCmd = false
		if f := sp.top(); f != nil {
			f.cmds++
		}
	}
	if sp.bang && sp.name < 0 {
		sp.abort = true // `! ;`
	}
	sp.bang, sp.closed = false, false
	if sp.name < 0 {
		if sp.start >= 0 { // assignments or redirections only
			sp.piped = pipe
		} else { // nothing: a newline after |
			sp.piped = sp.piped || pipe
		}
		sp.words = sp.words[:sp.first]
		sp.start = -1
		return
	}
	n := len(sp.words)
	c := sp.b.newCommand()
	*c = Command{
		Name:       sp.words[sp.name],
		Args:       sp.words[sp.name+1 : n : n],
		Range:      Range{sp.start, sp.end},
		InPipeline: pipe || sp.piped,
		Outer:      sp.b.outer,
	}
	if sp.name > sp.first {
		c.Assigns = sp.words[sp.first:sp.name:sp.name]
	}
	c.unwrap()
	sp.b.cmds = append(sp.b.cmds, c)
	sp.first, sp.name, sp.start, sp.piped = n, -1, -1, pipe
}

// isAssignment reports whether w has the form NAME=..., NAME+=... or
// NAME[...]=....
func isAssignment(w string) bool {
	i := 0
	for i < len(w) && isNameByte(w[i]) {
		i++
	}
	if i == 0 || isDigit(w[0]) || i == len(w) {
		return false
	}
	switch w[i] {
	case '=':
		return true
	case '+':
		return i+1 < len(w) && w[i+1] == '='
	case '[':
		j := strings.IndexByte(w[i:], ']')
		return j > 0 && i+j+1 < len(w) && (w[i+j+1] == '=' || strings.HasPrefix(w[i+j+1:], "+="))
	}
	return false
}
