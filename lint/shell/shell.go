// Package shell models the shell commands of a Dockerfile RUN instruction
// (shell form) or heredoc body, for the rules that query them.
//
// [Parse] turns the text into a [Script]: every simple command in source
// order, with its name, arguments and byte ranges, plus the pipe operators.
// It is built on mvdan.cc/sh/v3/syntax and never fails: text that the shell
// grammar rejects (unbalanced quotes, a heredoc without its body, junk) is cut
// by a tolerant splitter instead, and [Script.Fallback] says so.
//
// All offsets are byte offsets into [Script.Src].
package shell

import (
	"errors"
	"fmt"
	"iter"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"mvdan.cc/sh/v3/syntax"
)

// Dialect is the shell grammar used to parse a script. The zero value is
// Bash, the grammar hadolint always uses.
type Dialect uint8

const (
	// Bash is GNU Bash.
	Bash Dialect = iota
	// POSIX is the POSIX shell language (sh, dash, ash).
	POSIX
	// Mksh is the MirBSD Korn shell (ksh, mksh).
	Mksh

	numDialects = iota
)

// String returns the dialect's name: "bash", "posix" or "mksh".
func (d Dialect) String() string {
	switch d {
	case Bash:
		return "bash"
	case POSIX:
		return "posix"
	case Mksh:
		return "mksh"
	}
	return fmt.Sprintf("Dialect(%d)", uint8(d))
}

func (d Dialect) lang() syntax.LangVariant {
	switch d {
	case POSIX:
		return syntax.LangPOSIX
	case Mksh:
		return syntax.LangMirBSDKorn
	}
	return syntax.LangBash
}

// DialectFromShell returns the dialect of the shell named by argv, the
// arguments of a SHELL instruction such as ["/bin/bash", "-o", "pipefail",
// "-c"]. An empty argv is Docker's default, /bin/sh. ok is false when argv
// does not name a POSIX-like shell (pwsh, powershell, cmd, fish or anything
// unknown): RUN text for such a shell is not to be parsed with this package.
func DialectFromShell(argv []string) (d Dialect, ok bool) {
	if len(argv) == 0 {
		return POSIX, true
	}
	name := shellName(argv[0])
	if name == "env" && len(argv) > 1 {
		name = shellName(argv[1])
	}
	if d, ok := shells[name]; ok {
		return d, true
	}
	return POSIX, false
}

// shells maps the base name of a POSIX-like shell to its dialect.
var shells = map[string]Dialect{
	"sh": POSIX, "dash": POSIX, "ash": POSIX, "busybox": POSIX, "posh": POSIX, "yash": POSIX,
	"bash": Bash, "zsh": Bash,
	"ksh": Mksh, "ksh93": Mksh, "mksh": Mksh, "lksh": Mksh, "pdksh": Mksh, "oksh": Mksh,
}

// shellName returns the lower-case base name of a program path, without
// ".exe", for both / and \ separators.
func shellName(p string) string {
	if i := strings.LastIndexAny(p, `/\`); i >= 0 {
		p = p[i+1:]
	}
	p = strings.ToLower(p)
	return strings.TrimSuffix(p, ".exe")
}

// Range is a half-open range of byte offsets [Start, End) into Script.Src.
type Range struct{ Start, End int }

// Word is one shell word.
type Word struct {
	// Raw is the source text, Src[Range.Start:Range.End].
	Raw string
	// Value is the word after quote removal. Expansions ($VAR, ${VAR:-x},
	// $(cmd), `cmd`, $((1+1)), $'..') are kept as written; globs and braces
	// are kept literally, as in `/var/lib/apt/lists/*`.
	Value string
	// Literal reports whether Value holds no expansion, so that it is what
	// the command receives.
	Literal bool
	// Range locates Raw in Src.
	Range Range
}

// Script is the model of one shell script.
type Script struct {
	// Src is the text that was parsed.
	Src string
	// Dialect is the grammar that produced the model: the one asked for,
	// or Bash when the text only parses as Bash.
	Dialect Dialect
	// Commands holds every simple command in source order (by
	// Range.Start): those of && || ; chains and pipelines, and those nested
	// in subshells, { } blocks, $( ), ` `, <( ), if, while, for and case
	// bodies and functions, and in the string of `sh -c '...'` (see
	// Command.Outer; a count of the script's own commands skips those).
	// export, local, declare, readonly and let are commands; the keywords
	// `time` and `!` are not. Commands made only of assignments or
	// redirections are left out, and so are words in quotes, comments and
	// heredoc bodies.
	Commands []*Command
	// Pipes holds the `|` and `|&` operators of the script (not `||`), in
	// source order. Pipes inside `sh -c` strings are not included: that
	// shell has options of its own.
	Pipes []Range
	// Fallback is true when Commands come from the tolerant splitter,
	// because the text did not parse as shell or was too large or too
	// deeply nested to parse safely. Commands inside $( ) and compound
	// commands are then approximations.
	Fallback bool
	// Err is the parse error of Src in the requested dialect, or nil. When
	// Err is set and Fallback is false, the model comes from a second,
	// error-recovering Bash parse (for example of a bashism under POSIX, or
	// of a trailing `&&`).
	Err error
}

// HasPipe reports whether the script has a `|` or `|&` pipe (`||` is not a
// pipe). Pipes in `sh -c` strings do not count.
func (s *Script) HasPipe() bool { return len(s.Pipes) > 0 }

// SetsPipefail reports whether a command of the script itself (not of an
// `sh -c` string) turns pipefail on; see Command.SetsPipefail.
func (s *Script) SetsPipefail() bool {
	for _, c := range s.Commands {
		if c.Outer == nil && c.SetsPipefail() {
			return true
		}
	}
	return false
}

// Calls yields, in source order, the commands called one of names (as in
// Command.Is), looking through wrappers: for `sudo -E apt-get install x`,
// Calls("apt-get") yields the apt-get command that Unwrapped returns and
// Calls("sudo") the sudo command.
func (s *Script) Calls(names ...string) iter.Seq[*Command] {
	return func(yield func(*Command) bool) {
		for _, c := range s.Commands {
			for l := c; l != nil; l = l.inner {
				if l.Is(names...) {
					if !yield(l) {
						return
					}
					break
				}
			}
		}
	}
}

// Limits that keep parsing linear and the stack shallow on junk input.
const (
	maxParse    = 64 << 10 // longest text given to the shell parser
	maxNesting  = 64       // deepest nesting given to the shell parser
	maxShellC   = 3        // deepest `sh -c` string parsed
	maxRecover  = 8        // errors skipped by the recovering parser
	maxWrappers = 8        // deepest wrapper chain (sudo env nice ...)
)

var errTooComplex = errors.New("shell text too large or too deeply nested to parse; split on operators instead")

// Parse builds the model of src, parsed in dialect d. It never fails and
// never panics: see Script.Fallback and Script.Err. Text that keeps to the
// common part of the grammar is read by a faster splitter that gives the
// same model as the syntax tree would.
func Parse(src string, d Dialect) *Script {
	return parse(src, d, true)
}

// parse is Parse; simple tells whether plain lists of simple commands may
// skip the shell parser (tests turn it off to compare both paths).
func parse(src string, d Dialect, simple bool) *Script {
	if d >= numDialects {
		d = Bash
	}
	s := &Script{Src: src, Dialect: d}
	b := &builder{src: src, text: src, simple: simple}
	if !utf8.ValidString(src) {
		b.text = validUTF8(src)
	}
	if !b.protect(func() { s.Dialect, s.Fallback, s.Err = b.parse(0, len(src), d) }) {
		// A bug, not bad input: keep what the splitter makes of it.
		b.cmds, b.pipes = b.cmds[:0], b.pipes[:0]
		s.Dialect, s.Fallback, s.Err = d, true, errors.New("internal error parsing shell text")
		if !b.protect(func() { b.split(0, len(src)) }) {
			b.cmds, b.pipes = nil, nil
		}
	}
	b.protect(b.shellStrings)
	if !slices.IsSortedFunc(b.cmds, byStart) {
		slices.SortStableFunc(b.cmds, byStart)
	}
	s.Commands, s.Pipes = b.cmds, b.pipes
	return s
}

func byStart(a, b *Command) int { return a.Range.Start - b.Range.Start }

// protect runs f and reports whether it returned without panicking.
func (b *builder) protect(f func()) (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	f()
	return true
}

// validUTF8 returns s with each byte of an invalid UTF-8 sequence replaced
// by '?', so that offsets do not move. The shell parser rejects invalid
// UTF-8; words keep the original bytes.
func validUTF8(s string) string {
	b := []byte(s)
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			b[i] = '?'
		}
		i += n
	}
	return string(b)
}

// parse models b.src[lo:hi] into b and returns the dialect that parsed it,
// whether the splitter was used, and the first error.
func (b *builder) parse(lo, hi int, d Dialect) (Dialect, bool, error) {
	if b.simple && b.splitSimple(lo, hi, d) {
		return d, false, nil
	}
	text := b.text[lo:hi]
	if len(text) > maxParse || tooDeep(text) {
		b.split(lo, hi)
		return d, true, errTooComplex
	}
	ncmd, npipe := len(b.cmds), len(b.pipes)
	f, err := parseFile(text, d, false)
	if err == nil && b.file(f, lo, hi) {
		if d != POSIX || !slices.ContainsFunc(b.cmds[ncmd:], isTest) {
			return d, false, nil
		}
		// POSIX sh would run a command named "[[": the script only
		// works where sh is bash.
		b.cmds, b.pipes = b.cmds[:ncmd], b.pipes[:npipe]
		if f, err = parseFile(text, Bash, false); err == nil && b.file(f, lo, hi) {
			return Bash, false, nil
		}
	}
	first := err
	if first == nil {
		first = errors.New("shell positions out of range")
	}
	b.cmds, b.pipes = b.cmds[:ncmd], b.pipes[:npipe]
	f, err = parseFile(text+heredocEnds(text), Bash, true)
	if err == nil && b.file(f, lo, hi) {
		return Bash, false, first
	}
	b.cmds, b.pipes = b.cmds[:ncmd], b.pipes[:npipe]
	b.split(lo, hi)
	return d, true, first
}

func isTest(c *Command) bool { return c.Name.Raw == "[[" }

// parsers pools syntax.Parsers by dialect, plain and error-recovering.
var parsers [numDialects * 2]sync.Pool

func parseFile(text string, d Dialect, recover bool) (*syntax.File, error) {
	i := int(d) * 2
	if recover {
		i++
	}
	p, _ := parsers[i].Get().(*syntax.Parser)
	if p == nil {
		opts := []syntax.ParserOption{syntax.Variant(d.lang())}
		if recover {
			opts = append(opts, syntax.RecoverErrors(maxRecover))
		}
		p = syntax.NewParser(opts...)
	}
	f, err := p.Parse(strings.NewReader(text), "")
	parsers[i].Put(p)
	return f, err
}

// heredocEnds returns a line closing each heredoc that text opens, so that
// `cat <<EOF >/x` (whose body a Dockerfile keeps elsewhere) parses.
func heredocEnds(text string) string {
	var ends strings.Builder
	for i := 0; ; {
		j := strings.Index(text[i:], "<<")
		if j < 0 {
			break
		}
		i += j + 2
		if i < len(text) && text[i] == '<' { // here-string
			i++
			continue
		}
		if i < len(text) && text[i] == '-' {
			i++
		}
		for i < len(text) && (text[i] == ' ' || text[i] == '\t') {
			i++
		}
		end := scanWordEnd(text, i, nil)
		if end > i {
			v, _ := unquote(text[i:end])
			ends.WriteString("\n")
			ends.WriteString(v)
			i = end
		}
	}
	return ends.String()
}

// tooDeep reports whether s nests brackets or compound commands more than
// maxNesting deep, which would make the recursive shell parser slow or blow
// the stack. It is a quick estimate: single-quoted text is skipped, and in
// double quotes only $( ${ $[ open a level.
func tooDeep(s string) bool {
	depth, dq := 0, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '\\':
			i++
			continue
		case '\'':
			if dq {
				continue
			}
			j := strings.IndexByte(s[i+1:], '\'')
			if j < 0 {
				return false // the rest is one unclosed string
			}
			i += j + 1
			continue
		case '"':
			dq = !dq
			continue
		case '(', '{', '[':
			if !dq || (i > 0 && s[i-1] == '$') {
				depth++
			}
		case ')', '}', ']':
			if depth > 0 {
				depth--
			}
		default:
			if !dq && c >= 'c' && c <= 'w' && (i == 0 || isSep(s[i-1])) {
				depth += keywordDepth(s[i:])
				depth = max(depth, 0)
			}
		}
		if depth > maxNesting {
			return true
		}
	}
	return false
}

// keywordDepth returns +1 if s starts with a word opening a compound command,
// -1 for one closing it and 0 otherwise.
func keywordDepth(s string) int {
	for _, k := range [...]struct {
		word  string
		delta int
	}{{"if", 1}, {"case", 1}, {"for", 1}, {"while", 1}, {"until", 1}, {"select", 1}, {"fi", -1}, {"esac", -1}, {"done", -1}} {
		if strings.HasPrefix(s, k.word) && (len(s) == len(k.word) || isSep(s[len(k.word)])) {
			return k.delta
		}
	}
	return 0
}

// isSep reports whether c separates shell words.
func isSep(c byte) bool {
	switch c {
	case ' ', '\t', '\n', '\r', ';', '&', '|', '(', ')', '<', '>':
		return true
	}
	return false
}

// baseName returns the last element of a slash-separated path.
func baseName(p string) string { return p[strings.LastIndexByte(p, '/')+1:] }
