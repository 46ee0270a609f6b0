package syntax

import (
	"errors"
	"strings"
	"sync"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"github.com/moby/buildkit/frontend/dockerfile/parser"

	"github.com/berth-dev/berth/lint/internal/bytecache"
)

// maxLogical is the longest logical line handed to BuildKit as one line;
// its scanner refuses lines of 64 KiB and more, so longer instructions are
// handed over as their source lines instead.
const maxLogical = 60000

// pendingParse is an instruction waiting for BuildKit's parse: the text
// handed over, and whether it may share one parse call with others.
type pendingParse struct {
	ins   *Instruction
	text  string
	batch bool
	p     *parsed
}

// parseNode queues the instruction for BuildKit's parser; flushParses
// parses the queue. bodyStart is the index of the first line after the
// instruction's own lines.
func (s *splitter) parseNode(ins *Instruction, bodyStart int) {
	if chainedOnbuild(ins) {
		s.todo = append(s.todo, pendingParse{ins: ins, p: chainedParse})
		return
	}
	if skipPlain && plainText(ins, s.f.Escape) {
		s.todo = append(s.todo, pendingParse{ins: ins, p: plainParse})
		return
	}
	var text string
	batch := false
	if len(ins.Logical) <= maxLogical && leadingSpace([]byte(ins.Logical)) == 0 {
		text = ins.Logical
		if len(ins.Heredocs) > 0 && bodyStart < s.n {
			text += "\n" + string(s.src[s.f.lines[bodyStart]:s.lineEnd(s.line-1)])
		}
		batch = !unterminated(ins)
	} else {
		text = string(s.src[ins.Range.Start:s.lineEnd(s.line-1)])
	}
	s.todo = append(s.todo, pendingParse{ins: ins, text: text, batch: batch})
}

// plainParse stands for BuildKit's verdict on a plain RUN, CMD or
// ENTRYPOINT (plainText): accepted, with nothing more to check. Such an
// instruction keeps no node (finishParse drops a plain command's anyway;
// Node parses it when asked), and BuildKit's parser never sees it: it was
// most of what that parser cost a corpus run, its line-continuation
// regular expression backtracking over every position of the long lines
// RUN instructions have.
var plainParse = &parsed{}

// skipPlain turns plainParse on, and buildSimple simpleNode (tests
// compare with BuildKit's verdicts).
var skipPlain, buildSimple = true, true

// plainText reports whether ins is a RUN, CMD or ENTRYPOINT whose text
// BuildKit's parser and instruction parser cannot refuse: one logical
// line (our splitter's, which the builder reads the same way) with no
// flags, no heredoc (nor "<<" that BuildKit would try as one), no "["
// starting anything but a JSON array of strings, no line
// break or NUL left in it, no escape character ending it, within
// BuildKit's line length, not under ONBUILD. BuildKit parses such a line
// as a JSON array when it is one, else as a shell command line, and
// converts either without checks (parseRun, parseCmd, parseEntrypoint
// with no flags). TestPlainTextBuildKit holds this to BuildKit over the
// corpus and generated lines.
func plainText(ins *Instruction, esc byte) bool {
	l := ins.Logical
	if !plainCommand(ins) || len(l) > maxLogical || leadingSpace([]byte(l)) != 0 ||
		strings.Contains(l, "<<") || strings.ContainsAny(l, "\r\n\x00") || strings.HasPrefix(l, "\ufeff") {
		return false
	}
	if !ins.JSON && strings.HasPrefix(strings.TrimLeft(ins.Rest.Value, " \t"), "[") {
		// Perhaps a JSON array of something else than strings, which
		// BuildKit refuses: it decides.
		return false
	}
	t := strings.TrimRight(l, " \t")
	return len(t) > 0 && t[len(t)-1] != esc
}

// chainedParse stands for BuildKit's verdict on ONBUILD ONBUILD ONBUILD
// and deeper: its parser nests a node per level and its instruction parser
// copies the arguments at every level, which costs the square of the
// line; the builder refuses the instruction anyway.
var chainedParse = &parsed{err: errors.New("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed")}

// chainedOnbuild reports whether ins is ONBUILD ONBUILD ONBUILD...: three
// levels or more.
func chainedOnbuild(ins *Instruction) bool {
	return ins.Cmd == "onbuild" && ins.Sub != nil && ins.Sub.Cmd == "onbuild" &&
		len(ins.Sub.Words()) > 0 && strings.EqualFold(ins.Sub.Words()[0].Value, "onbuild")
}

// batchLimit bounds the text handed to BuildKit in one call.
const batchLimit = 1 << 20

// flushParses gives BuildKit the queued instructions that are not in the
// cache, several per parse call when it can (each call costs BuildKit a
// regular expression compile), one by one when a batch fails, so that one
// broken instruction never hides the others; then it records the results.
func (s *splitter) flushParses() {
	prefix := ""
	if s.f.Escape == '`' {
		prefix = "# escape=`\n"
	}
	var batch []*pendingParse
	size := 0
	for i := range s.todo {
		t := &s.todo[i]
		if t.p != nil {
			continue
		}
		t.p = cached(prefix + t.text)
		if t.p != nil {
			continue
		}
		if buildSimple && t.batch && t.text == t.ins.Logical {
			if n := simpleNode(t.text); n != nil {
				t.p = store(prefix+t.text, &parsed{node: n, accepted: simpleAccepted(n)})
				continue
			}
		}
		if !t.batch {
			t.p = parseCached(prefix + t.text)
			continue
		}
		batch = append(batch, t)
		size += len(t.text) + 1
		if size > batchLimit {
			s.parseBatch(prefix, batch)
			batch, size = nil, 0
		}
	}
	s.parseBatch(prefix, batch)
	for i := range s.todo {
		s.finishParse(s.todo[i].ins, s.todo[i].p)
	}
	s.todo = nil
}

// parseBatch parses the texts of batch in one call when BuildKit accepts
// them all and each gives back exactly its own instruction; otherwise one
// by one.
func (s *splitter) parseBatch(prefix string, batch []*pendingParse) {
	if len(batch) == 0 {
		return
	}
	if len(batch) > 1 {
		var b strings.Builder
		n := len(prefix)
		for _, t := range batch {
			n += len(t.text) + 1
		}
		b.Grow(n)
		b.WriteString(prefix)
		for _, t := range batch {
			b.WriteString(t.text)
			if !strings.HasSuffix(t.text, "\n") {
				b.WriteByte('\n')
			}
		}
		if kids := parseMany(b.String()); len(kids) == len(batch) {
			ok := true
			for i, t := range batch {
				if kids[i].Original != t.ins.Logical {
					ok = false
					break
				}
			}
			if ok {
				for i, t := range batch {
					t.p = store(prefix+t.text, &parsed{node: kids[i]})
				}
				return
			}
		}
	}
	for _, t := range batch {
		t.p = parseCached(prefix + t.text)
	}
}

// parseMany parses text holding several instructions, or returns nil when
// BuildKit rejects it.
func parseMany(text string) (kids []*parser.Node) {
	defer func() {
		if recover() != nil {
			kids = nil
		}
	}()
	res, err := parser.Parse(strings.NewReader(text))
	if err != nil || res == nil || res.AST == nil {
		return nil
	}
	return res.AST.Children
}

// finishParse records BuildKit's result for the instruction and reports
// its errors.
func (s *splitter) finishParse(ins *Instruction, p *parsed) {
	n := len(s.f.Errors)
	defer func() {
		if len(s.f.Errors) > n {
			ps := ins.own()
			ps.errs = append(ps.errs, s.f.Errors[n:]...)
		}
	}()
	if p == plainParse {
		ins.node, ins.lazy, ins.esc = nil, true, s.f.Escape
		return
	}
	ins.node = p.node
	if p.err == nil && p.node != nil && plainCommand(ins) {
		// A plain RUN, CMD or ENTRYPOINT: its node is two of BuildKit's
		// (320 bytes, more than the instruction), and the rules read
		// what they need of it from the instruction itself.
		ins.node, ins.lazy, ins.esc = nil, true, s.f.Escape
	}
	if p.err != nil {
		ins.own().Err = p.err
	}
	if ins.Err != nil {
		msg := ins.Err.Error()
		if msg == "file with no instructions" {
			// Text the builder reads as blank (a stray byte order mark).
			msg = "unknown instruction " + quoteGo(ins.Keyword.Value)
		}
		if !unterminated(ins) {
			s.f.Errors = append(s.f.Errors, &Error{Range: ins.Range, Msg: msg})
		}
		return
	}
	if !checkKeyword(s.f, ins) {
		return
	}
	if err := p.check(); err != nil {
		s.f.Errors = append(s.f.Errors, &Error{Range: ins.Range, Msg: err.Error()})
	}
}

// unterminated reports whether an instruction has an unterminated heredoc,
// which the splitter reports with a better range than BuildKit.
func unterminated(ins *Instruction) bool {
	for _, h := range ins.Heredocs {
		if !h.Terminated {
			return true
		}
	}
	return false
}

// parsed is BuildKit's view of one instruction text, shared by every
// instruction with that text.
type parsed struct {
	node *parser.Node
	err  error
	// accepted says BuildKit's instruction parser accepts node (see
	// simpleAccepted, and alwaysAccepted for any node): check has nothing
	// to run.
	accepted bool

	once   sync.Once
	cmdErr error
}

// check runs BuildKit's instruction-level parse (argument counts, flags)
// once per text and keeps its error. The typed command is not kept: it
// is several times the size of the instruction (flag tables, hooks) and
// nothing but Command needs it.
func (p *parsed) check() error {
	if p.accepted {
		return nil
	}
	p.once.Do(func() {
		if !alwaysAccepted(p.node) {
			_, p.cmdErr = command(p.node)
		}
	})
	return p.cmdErr
}

// quietLinter is the linter handed to BuildKit's instruction parser: with
// no Warn function it reports nothing and changes nothing (a "# check="
// comment makes the parser work on a copy), so every parse shares it.
var quietLinter = linter.New(&linter.Config{})

// command runs BuildKit's instruction-level parse of node.
func command(node *parser.Node) (cmd any, err error) {
	defer func() {
		if r := recover(); r != nil {
			cmd, err = nil, errors.New("the builder's instruction parser failed on this instruction")
		}
	}()
	cmd, err = instructions.ParseInstructionWithLinter(node, quietLinter)
	if err != nil {
		err = cleanError(err)
	}
	return cmd, err
}

// plainCommand reports whether ins is a RUN, CMD or ENTRYPOINT on one
// logical line with no flags and no heredocs: BuildKit's conversion has
// nothing to check in it beyond the parse.
func plainCommand(ins *Instruction) bool {
	switch ins.Cmd {
	case "run", "cmd", "entrypoint":
		return len(ins.Flags) == 0 && len(ins.Heredocs) == 0 && ins.Sub == nil && ins.Err == nil
	}
	return false
}

// PlainCommand reports whether the instruction is a RUN, CMD or
// ENTRYPOINT that BuildKit accepted, with no flags and no heredocs:
// converting it into a build step checks nothing more.
func (ins *Instruction) PlainCommand() bool {
	return ins.lazy || ins.node != nil && plainCommand(ins)
}

// Parsed reports whether BuildKit accepted the instruction's syntax
// (Node is not nil).
func (ins *Instruction) Parsed() bool { return ins.node != nil || ins.lazy }

// Node returns BuildKit's syntax tree for the instruction, or nil when
// BuildKit rejects it (see Err). It is shared: never modify it. A plain
// RUN, CMD or ENTRYPOINT keeps no tree: Node parses it again (tens of
// microseconds).
func (ins *Instruction) Node() *parser.Node {
	if !ins.lazy {
		return ins.node
	}
	prefix := ""
	if ins.esc == '`' {
		prefix = "# escape=`\n"
	}
	kids := parseMany(prefix + ins.Logical + "\n")
	if len(kids) != 1 {
		return nil
	}
	n := kids[0]
	n.StartLine, n.EndLine = ins.StartLine, ins.EndLine
	return n
}

// Command returns BuildKit's typed command for the instruction (such as
// *instructions.CopyCommand), or the error BuildKit gives for it. It parses
// the instruction again on each call.
func (ins *Instruction) Command() (any, error) {
	n := ins.Node()
	if n == nil {
		return nil, ins.Err
	}
	return command(n)
}

// FromBase returns the base image of a FROM with no flags that BuildKit's
// instruction parser accepts (see alwaysAccepted), as the parser's
// Stage.BaseName, without running the parser; ok is false for any other
// instruction, whose Command tells.
func (ins *Instruction) FromBase() (base string, ok bool) {
	if ins.Cmd != "from" {
		return "", false
	}
	n := ins.Node()
	if n == nil || n.Next == nil || !alwaysAccepted(n) {
		return "", false
	}
	return n.Next.Value, true
}

// cache memoizes BuildKit's result by instruction text. Nodes are shared
// between files and documents and must never be modified. Its bound, by
// default enough for the files an editor has open, is the instruction text
// it holds (with the nodes and commands made from it).
var cache = bytecache.New[string, *parsed](4 << 20)

// SetCacheBytes bounds the instruction text kept by the parse cache. A
// program that reads each file once (the CLI over many files) gains little
// from the cache and keeps it small; an editor keeps it large.
func SetCacheBytes(n int) { cache.SetLimit(n) }

// cached returns the cached parse of text, or nil.
func cached(text string) *parsed {
	p, _ := cache.Get(text)
	return p
}

// store caches p as the parse of text and returns it.
func store(text string, p *parsed) *parsed { return cache.Put(text, len(text), p) }

func parseCached(text string) *parsed {
	if p := cached(text); p != nil {
		return p
	}
	return store(text, parseOne(text))
}

func parseOne(text string) (p *parsed) {
	defer func() {
		if r := recover(); r != nil {
			p = &parsed{err: errors.New("the builder's parser failed on this instruction")}
		}
	}()
	res, err := parser.Parse(strings.NewReader(text))
	if err != nil {
		return &parsed{err: cleanError(err)}
	}
	if res == nil || res.AST == nil || len(res.AST.Children) != 1 {
		return &parsed{err: errors.New("not a single instruction")}
	}
	return &parsed{node: res.AST.Children[0]}
}

// cleanError strips BuildKit's line information, which refers to the
// snippet and not to the file.
func cleanError(err error) error {
	var le *parser.LocationError
	if errors.As(err, &le) {
		if inner := errors.Unwrap(le); inner != nil {
			return inner
		}
	}
	return err
}

// Instructions lists the instruction keywords the builder knows.
var Instructions = []string{
	"add", "arg", "cmd", "copy", "entrypoint", "env", "expose", "from",
	"healthcheck", "label", "maintainer", "onbuild", "run", "shell",
	"stopsignal", "user", "volume", "workdir",
}

// IsInstruction reports whether cmd (lower-case) is an instruction the
// builder knows.
func IsInstruction(cmd string) bool { return instructionSet()[cmd] }

// instructionSet holds Instructions: rules ask IsInstruction of every
// instruction of a file (BR004 twice), and a lookup is a few times
// cheaper than a walk of the list.
var instructionSet = sync.OnceValue(func() map[string]bool {
	set := make(map[string]bool, len(Instructions))
	for _, k := range Instructions {
		set[k] = true
	}
	return set
})

// checkKeyword reports an unknown instruction keyword; it returns false
// when it did.
func checkKeyword(f *File, ins *Instruction) bool {
	for in := ins; in != nil; in = in.Sub {
		if IsInstruction(in.Cmd) {
			continue
		}
		msg := "unknown instruction " + quoteGo(in.Keyword.Value)
		if s := Suggest(in.Cmd); s != "" {
			msg += " (did you mean " + strings.ToUpper(s) + "?)"
		}
		f.Errors = append(f.Errors, &Error{Range: in.Keyword.Range, Msg: msg})
		return false
	}
	return true
}

func quoteGo(s string) string {
	if len(s) > 40 {
		s = s[:40] + "…"
	}
	return `"` + strings.ToValidUTF8(s, "\uFFFD") + `"`
}

// Suggest returns the known instruction closest to cmd, or "" when none is
// close.
func Suggest(cmd string) string {
	best, bestD := "", 3
	if len(cmd) > 32 {
		return ""
	}
	for _, k := range Instructions {
		if d := EditDistance(strings.ToLower(cmd), k); d < bestD {
			best, bestD = k, d
		}
	}
	return best
}

// EditDistance is the Levenshtein distance between a and b, counted in
// characters, as BuildKit's suggestions count it.
func EditDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			c := prev[j-1]
			if ra[i-1] != rb[j-1] {
				c++
			}
			cur[j] = min(c, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
