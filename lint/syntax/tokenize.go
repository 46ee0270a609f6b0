package syntax

import (
	"encoding/json"
	"strings"
	"sync"

	"github.com/moby/buildkit/frontend/dockerfile/parser"
	"github.com/moby/buildkit/frontend/dockerfile/shell"
)

// isWS reports whether c separates the keyword from its arguments
// (BuildKit's `[\t\v\f\r ]`).
func isWS(c byte) bool {
	return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r' || c == '\n'
}

func skipWS(l string, i int) int {
	for i < len(l) && isWS(l[i]) {
		i++
	}
	return i
}

// Offset maps an offset in the instruction's logical text to the source.
func (ins *Instruction) Offset(logical int) int {
	var sg segment
	if segs := ins.segs; len(segs) == 0 {
		sg = segment{0, ins.Range.Start, len(ins.Logical)}
	} else {
		lo, hi := 0, len(segs)-1
		for lo < hi {
			mid := (lo + hi + 1) / 2
			if segs[mid].logical <= logical {
				lo = mid
			} else {
				hi = mid - 1
			}
		}
		sg = segs[lo]
	}
	d := logical - sg.logical
	if d > sg.n {
		d = sg.n
	}
	if d < 0 {
		d = 0
	}
	return sg.src + d
}

// segments returns the segments of the instruction's logical text: the
// one of an instruction on one line (which keeps none) made explicit.
func (ins *Instruction) segments() []segment {
	if len(ins.segs) > 0 {
		return ins.segs
	}
	return []segment{{0, ins.Range.Start, len(ins.Logical)}}
}

// lowerKeyword returns the lower-cased keyword: one of Instructions for
// the keywords the builder knows, so that instructions share it.
func lowerKeyword(k string) string {
	for _, c := range Instructions {
		if strings.EqualFold(k, c) {
			return c
		}
	}
	return strings.ToLower(k)
}

// SrcRange maps the logical span [start, end) to a source range.
func (ins *Instruction) SrcRange(start, end int) Range {
	if end <= start {
		o := ins.Offset(start)
		return Range{o, o}
	}
	return Range{ins.Offset(start), ins.Offset(end-1) + 1}
}

func (ins *Instruction) tok(start, end int) Token {
	return Token{Value: ins.Logical[start:end], Range: ins.SrcRange(start, end), Pos: start}
}

// tokenize fills in the tokens of the instruction that starts at logical
// offset pos.
func tokenize(ins *Instruction, pos int, esc byte) {
	l := ins.Logical
	i := skipWS(l, pos)
	ks := i
	for i < len(l) && !isWS(l[i]) {
		i++
	}
	ins.Keyword = ins.tok(ks, i)
	ins.Cmd = lowerKeyword(ins.Keyword.Value)
	i = skipWS(l, i)
	for i+1 < len(l) && l[i] == '-' && l[i+1] == '-' {
		fs := i
		i = wordEnd(l, i, 0)
		if i-fs == 2 {
			i = skipWS(l, i)
			break
		}
		p := ins.own()
		p.Flags = append(p.Flags, ins.flag(fs, i))
		i = skipWS(l, i)
	}
	re := len(l)
	for re > i && isWS(l[re-1]) {
		re--
	}
	ins.Rest = ins.tok(i, re)
	switch ins.Cmd {
	case "run", "cmd", "entrypoint", "shell", "add", "copy", "volume":
		ins.jsonOrWords(i, re, esc)
	case "healthcheck":
		ins.words = ins.splitWords(i, re, esc)
		if len(ins.words) > 0 && strings.EqualFold(ins.words[0].Value, "cmd") {
			ins.jsonOrWords(skipWS(l, ins.words[0].Pos+3), re, esc)
		}
	case "env", "label":
		ins.words = ins.splitWords(i, re, esc)
		ins.pairs(i, re, true)
	case "arg":
		ins.words = ins.splitWords(i, re, esc)
		ins.pairs(i, re, false)
	case "onbuild":
		ins.words = ins.splitWords(i, re, esc)
		// The builder refuses ONBUILD ONBUILD: one level of triggers is
		// enough, and nesting deeper would cost the rest of the line
		// again at every level.
		if i < re && pos == 0 {
			sub := &Instruction{Logical: l, Parts: &Parts{segs: ins.segments()}, StartLine: ins.StartLine, EndLine: ins.EndLine}
			tokenize(sub, i, esc)
			sub.Range = Range{sub.Keyword.Range.Start, ins.Range.End}
			ins.own().Sub = sub
		}
	default:
		ins.words = ins.splitWords(i, re, esc)
	}
	switch ins.Cmd {
	case "run", "copy", "add":
		if !ins.JSON && strings.Contains(ins.Rest.Value, "<<") {
			ins.findHeredocs(pos)
		}
	}
}

// wordEnd returns the end of the word starting at i: white space outside
// quotes ends it. With esc != 0 the escape character protects the next byte.
func wordEnd(l string, i int, esc byte) int {
	var q byte
	for i < len(l) {
		c := l[i]
		switch {
		case esc != 0 && c == esc && q != '\'' && i+1 < len(l):
			i += 2
			continue
		case q != 0:
			if c == q {
				q = 0
			}
		case c == '"' || c == '\'':
			q = c
		case isWS(c):
			return i
		}
		i++
	}
	return i
}

func (ins *Instruction) flag(start, end int) *Flag {
	l := ins.Logical
	f := &Flag{Range: ins.SrcRange(start, end), Pos: start}
	ne := end
	if eq := strings.IndexByte(l[start:end], '='); eq >= 0 {
		ne = start + eq
		f.HasValue = true
		f.Value = l[ne+1 : end]
		f.ValueRange = ins.SrcRange(ne+1, end)
	} else {
		f.ValueRange = ins.SrcRange(end, end)
	}
	f.Name = l[start+2 : ne]
	f.NameRange = ins.SrcRange(start, ne)
	return f
}

// splitWords splits l[start:end] into words; quotes group and are kept. The
// words are counted first, so that the slice is allocated once and no
// larger than needed, and mapped to the source with one pass over the
// segments (a word starts after the one before it ends).
func (ins *Instruction) splitWords(start, end int, esc byte) []Token {
	l := ins.Logical[:end]
	// The first pass keeps where the first words end, so that the second
	// scans only the words beyond them.
	var ends [64]int
	n := 0
	for i := skipWS(l, start); i < end; n++ {
		j := wordEnd(l, i, esc)
		if n < len(ends) {
			ends[n] = j
		}
		i = skipWS(l, j)
	}
	if n == 0 {
		return nil
	}
	out := make([]Token, 0, n)
	c := offsets{ins: ins}
	i := skipWS(l, start)
	for k := 0; i < end; k++ {
		var j int
		if k < len(ends) {
			j = ends[k]
		} else {
			j = wordEnd(l, i, esc)
		}
		out = append(out, Token{Value: l[i:j], Range: Range{c.offset(i), c.offset(j-1) + 1}, Pos: i})
		i = skipWS(l, j)
	}
	return out
}

// offsets maps increasing logical offsets of ins to the source, as
// Offset does, walking the segments once instead of searching them for
// each offset.
type offsets struct {
	ins *Instruction
	k   int
}

func (c *offsets) offset(logical int) int {
	segs := c.ins.segs
	if len(segs) == 0 {
		return c.ins.Offset(logical)
	}
	for c.k+1 < len(segs) && segs[c.k+1].logical <= logical {
		c.k++
	}
	sg := segs[c.k]
	return sg.src + min(max(logical-sg.logical, 0), sg.n)
}

// pairs fills in Pairs from Words. legacy allows "KEY value" (ENV, LABEL).
func (ins *Instruction) pairs(start, end int, legacy bool) {
	if len(ins.words) == 0 {
		return
	}
	if legacy && !strings.Contains(ins.words[0].Value, "=") {
		k := ins.words[0]
		// The legacy form splits on the first run of white space.
		ke := k.Pos
		for ke < end && !isWS(ins.Logical[ke]) {
			ke++
		}
		key := ins.tok(k.Pos, ke)
		vs := skipWS(ins.Logical[:end], ke)
		kv := &KeyValue{Key: key, Value: ins.tok(vs, end), HasValue: vs < end}
		kv.Range = ins.SrcRange(k.Pos, end)
		p := ins.own()
		p.Pairs = append(p.Pairs, kv)
		return
	}
	for _, w := range ins.words {
		kv := &KeyValue{Range: w.Range}
		if eq := strings.IndexByte(w.Value, '='); eq >= 0 {
			kv.Key = ins.tok(w.Pos, w.Pos+eq)
			kv.Value = ins.tok(w.Pos+eq+1, w.Pos+len(w.Value))
			kv.Equals, kv.HasValue = true, true
		} else {
			kv.Key = w
			kv.Value = ins.tok(w.Pos+len(w.Value), w.Pos+len(w.Value))
		}
		p := ins.own()
		p.Pairs = append(p.Pairs, kv)
	}
}

// jsonOrWords sets Elems when l[start:end] is a JSON array of strings (the
// exec form), and Words otherwise.
func (ins *Instruction) jsonOrWords(start, end int, esc byte) {
	if elems, ok := ins.jsonArray(start, end); ok {
		ins.JSON, ins.own().Elems = true, elems
		return
	}
	if ins.Cmd == "run" {
		// Split on first use (Words).
		ins.runWords, ins.esc = &lazyWords{}, esc
		return
	}
	ins.words = ins.splitWords(start, end, esc)
}

// lazyWords are the words of a RUN, split once by the first Words call
// (instructions are shared between goroutines).
type lazyWords struct {
	once  sync.Once
	words []Token
}

// Words returns the whitespace-separated words of Rest when it is not
// JSON; quotes group words and are kept in Value. The slice is shared:
// never modify it.
func (ins *Instruction) Words() []Token {
	lw := ins.runWords
	if lw == nil {
		return ins.words
	}
	lw.once.Do(func() {
		lw.words = ins.splitWords(ins.Rest.Pos, ins.Rest.Pos+len(ins.Rest.Value), ins.esc)
	})
	return lw.words
}

// jsonArray scans a JSON array of strings in the logical text.
func (ins *Instruction) jsonArray(start, end int) ([]Token, bool) {
	l := ins.Logical[:end]
	elems := []Token{}
	ok := jsonStringSpans(l, start, func(s, e int, escaped bool) bool {
		val := l[s+1 : e-1]
		if escaped {
			if err := json.Unmarshal([]byte(l[s:e]), &val); err != nil {
				return false
			}
		}
		elems = append(elems, Token{Value: val, Range: ins.SrcRange(s, e), Pos: s})
		return true
	})
	if !ok {
		return nil, false
	}
	return elems, true
}

// jsonStringSpans reads l[i:] as a JSON array of strings with white space
// around it and nothing else: it calls f with the span of each string,
// quotes included, and whether a backslash is in it, and reports whether
// l[i:] is such an array and f took every string.
func jsonStringSpans(l string, i int, f func(s, e int, escaped bool) bool) bool {
	i = skipWS(l, i)
	if i >= len(l) || l[i] != '[' {
		return false
	}
	i = skipWS(l, i+1)
	if i < len(l) && l[i] == ']' {
		return skipWS(l, i+1) == len(l)
	}
	for {
		if i >= len(l) || l[i] != '"' {
			return false
		}
		s := i
		i++
		escaped := false
		for i < len(l) && l[i] != '"' {
			if l[i] == '\\' {
				escaped = true
				i++
			}
			i++
		}
		if i >= len(l) {
			return false
		}
		i++
		if !f(s, i, escaped) {
			return false
		}
		i = skipWS(l, i)
		if i < len(l) && l[i] == ',' {
			i = skipWS(l, i+1)
			continue
		}
		if i < len(l) && l[i] == ']' {
			return skipWS(l, i+1) == len(l)
		}
		return false
	}
}

// findHeredocs finds the here-document words of the instruction line the
// way BuildKit does.
func (ins *Instruction) findHeredocs(pos int) {
	lex := shell.NewLex('\\')
	lex.RawQuotes = true
	lex.RawEscapes = true
	lex.SkipUnsetEnv = true
	words, _ := lex.ProcessWords(ins.Logical[pos:], emptyEnv{})
	from := ins.Rest.Pos
	for _, w := range words {
		h, err := parser.ParseHeredoc(w)
		if err != nil || h == nil {
			continue
		}
		at := strings.Index(ins.Logical[from:], w)
		var marker Range
		if at >= 0 {
			marker = ins.SrcRange(from+at, from+at+len(w))
			from += at + len(w)
		} else {
			marker = ins.Rest.Range
		}
		p := ins.own()
		p.Heredocs = append(p.Heredocs, &Heredoc{Name: h.Name, Expand: h.Expand, Chomp: h.Chomp, Marker: marker})
	}
}

type emptyEnv struct{}

func (emptyEnv) Get(string) (string, bool) { return "", false }
func (emptyEnv) Keys() []string            { return nil }

// ExpansionCost estimates the work BuildKit's lexer does to expand word:
// each ${...} substitution copies the text it encloses, so nested ones
// copy it once per level (${a:-${a:-...}} costs the square of its
// length). It also counts the ${VAR/pattern/replacement} substitutions,
// whose output is the product of their parts.
func ExpansionCost(word string) (cost, replaces int) {
	var open []int
	for i := 0; i < len(word); i++ {
		switch word[i] {
		case '{':
			if i > 0 && word[i-1] == '$' {
				open = append(open, i)
				j := i + 1
				for j < len(word) && (word[j] == '_' || word[j] >= 'a' && word[j] <= 'z' || word[j] >= 'A' && word[j] <= 'Z' || j > i+1 && word[j] >= '0' && word[j] <= '9') {
					j++
				}
				if j > i+1 && j < len(word) && word[j] == '/' {
					replaces++
				}
			} else {
				open = append(open, -1)
			}
		case '}':
			if n := len(open); n > 0 {
				if o := open[n-1]; o >= 0 {
					cost += i - o
				}
				open = open[:n-1]
			}
		}
	}
	for _, o := range open {
		if o >= 0 {
			cost += len(word) - o
		}
	}
	return cost + len(word), replaces
}

// MaxExpansionCost is the ExpansionCost above which a word of n bytes is
// not handed to BuildKit's lexer: a few times its length, which real
// words (a default inside a default) stay well below.
func MaxExpansionCost(n int) int { return 16*n + 64<<10 }
