package lint

import (
	"sort"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/shell"

	"github.com/berth-dev/berth/lint/syntax"
)

// VarKind says how a variable was declared.
type VarKind int

const (
	// ArgVar is declared by ARG inside a stage.
	ArgVar VarKind = iota + 1
	// EnvVar is declared by ENV (in the stage or a base stage).
	EnvVar
	// MetaArgVar is declared by ARG before the first FROM.
	MetaArgVar
	// BuiltinVar is predefined by the builder (TARGETARCH, HTTP_PROXY...).
	BuiltinVar
)

// Var is a declared build variable.
type Var struct {
	Name     string
	Kind     VarKind
	Value    string
	HasValue bool
	// Ins and Pair locate the declaration; nil for builtins.
	Ins  *syntax.Instruction
	Pair *syntax.KeyValue
}

// builtinsAnywhere are predefined arguments usable in RUN without an ARG.
var builtinsAnywhere = map[string]bool{
	"HTTP_PROXY": true, "http_proxy": true, "HTTPS_PROXY": true, "https_proxy": true,
	"FTP_PROXY": true, "ftp_proxy": true, "NO_PROXY": true, "no_proxy": true,
	"ALL_PROXY": true, "all_proxy": true,
}

func isPredefined(name string) bool {
	for _, p := range PredefinedArgs {
		if p == name {
			return true
		}
	}
	return false
}

// Lookup returns the declaration of name visible at instruction at, or
// nil. In FROM lines (and before the first FROM) only meta ARGs and the
// builder's own arguments are visible; inside a stage, its ARG and ENV
// declarations before at, the ENV of its base stages, and meta ARGs that
// the stage re-declares with ARG.
func (d *Document) Lookup(at *syntax.Instruction, name string) *Var {
	st := d.StageOf(at)
	if st == nil || st.From == at {
		return d.metaLookup(at, name)
	}
	if v := d.stageLookup(st, at, name, true); v != nil {
		return v
	}
	if builtinsAnywhere[name] {
		return &Var{Name: name, Kind: BuiltinVar}
	}
	return nil
}

func (d *Document) metaLookup(before *syntax.Instruction, name string) *Var {
	decls := d.metaIndex()[name]
	n := len(decls)
	if before != nil {
		n = sort.Search(len(decls), func(i int) bool { return decls[i].Ins.Range.Start >= before.Range.Start })
	}
	if n > 0 {
		v := *decls[n-1]
		return &v
	}
	if isPredefined(name) {
		return &Var{Name: name, Kind: BuiltinVar}
	}
	return nil
}

// metaIndex indexes, once per document, the meta ARG declarations by
// name, in source order: looking each name up by walking the ARGs costs
// the square of a file of many.
func (d *Document) metaIndex() map[string][]*Var {
	d.metaIdxOnce.Do(func() {
		d.metaIdx = map[string][]*Var{}
		for _, ins := range d.MetaArgs {
			for _, kv := range ins.Pairs {
				name := kv.Key.Value
				d.metaIdx[name] = append(d.metaIdx[name], &Var{Name: name, Kind: MetaArgVar, Value: kv.Value.Value, HasValue: kv.HasValue, Ins: ins, Pair: kv})
			}
		}
	})
	return d.metaIdx
}

// stageLookup finds the last declaration of name in the stage before at
// (anywhere in the stage when at is nil; only ENV when args is false),
// then in its base stages' ENV.
func (d *Document) stageLookup(st *Stage, at *syntax.Instruction, name string, args bool) *Var {
	decls := d.scopes()[st.Index][name]
	n := len(decls)
	if at != nil {
		n = sort.Search(len(decls), func(i int) bool { return decls[i].Ins.Range.Start >= at.Range.Start })
	}
	for i := n - 1; i >= 0; i-- {
		if args || decls[i].Kind == EnvVar {
			v := *decls[i]
			return &v
		}
	}
	if st.BaseStage != nil && st.BaseStage.Index < st.Index {
		return d.stageLookup(st.BaseStage, nil, name, false)
	}
	return nil
}

// scopes indexes, once per document, each stage's ARG and ENV
// declarations by name, in source order.
func (d *Document) scopes() []map[string][]*Var {
	d.scopeOnce.Do(func() {
		d.scopeIdx = make([]map[string][]*Var, len(d.Stages))
		for i, st := range d.Stages {
			m := map[string][]*Var{}
			for _, ins := range st.Instructions {
				switch ins.Cmd {
				case "env":
					for _, kv := range ins.Pairs {
						name := kv.Key.Value
						m[name] = append(m[name], &Var{Name: name, Kind: EnvVar, Value: kv.Value.Value, HasValue: true, Ins: ins, Pair: kv})
					}
				case "arg":
					for _, kv := range ins.Pairs {
						name := kv.Key.Value
						v := &Var{Name: name, Kind: ArgVar, Value: kv.Value.Value, HasValue: kv.HasValue, Ins: ins, Pair: kv}
						if !kv.HasValue {
							if meta := d.metaLookup(nil, name); meta != nil && meta.HasValue {
								v.Value, v.HasValue = meta.Value, true
							}
						}
						m[name] = append(m[name], v)
					}
				}
			}
			d.scopeIdx[i] = m
		}
	})
	return d.scopeIdx
}

// MaxExpansion is the most bytes one expansion of variables may produce:
// a word grows to its own length plus at most MaxExpansion bytes of
// variable values, whatever the file does (ARG A=${A}${A} doubles A on
// every line). An expansion that reaches it is cut there, and reports it.
const MaxExpansion = 64 << 10

// maxReplaceValues bounds the variable values a word with a ${VAR/p/r}
// replacement may take in all: a replacement writes r at every match, so
// its output is the product of the two.
const maxReplaceValues = 2 << 10

// Expansion is the result of Document.Expand. Words is not filled in
// for a word with nothing to expand, nor for a word that is cut: split
// with ExpandWords.
type Expansion struct {
	shell.ProcessWordResult
	// Cut reports that the expansion reached berth's bounds (MaxExpansion,
	// the work of nested substitutions, or the file's budget): Result
	// holds what was expanded before that, or the word itself.
	Cut bool
}

// expandBudget is the expansion work a document allows in all, in bytes
// of variable values handed to the lexer: enough for any real file many
// times over, and linear in its size, so that many short references to a
// long value cannot add up to gigabytes.
func expandBudget(srcLen int) int64 { return 16*int64(srcLen) + 1<<20 }

// Expand expands word with lex in env as BuildKit does, within bounds
// that no file can exceed: variable values give the result MaxExpansion
// bytes at most, the document's budget (linear in its size) caps the
// values handed out over all expansions, and a word whose nested
// substitutions would cost the lexer more than linear work is not
// expanded. Every expansion of file text (FROM lines, ARG and ENV values,
// rules' checks) should go through it.
func (d *Document) Expand(lex *shell.Lex, word string, env shell.EnvGetter) (Expansion, error) {
	if res, ok := literalWord(lex, word); ok {
		// What the lexer would give back, without its scanner, its maps
		// and its copies: most words hold nothing to expand.
		return Expansion{ProcessWordResult: shell.ProcessWordResult{Result: res}}, nil
	}
	cost, replaces := syntax.ExpansionCost(word)
	if cost > syntax.MaxExpansionCost(len(word)) || replaces > 1 {
		return Expansion{ProcessWordResult: shell.ProcessWordResult{Result: word}, Cut: true}, nil
	}
	left := MaxExpansion
	if replaces > 0 {
		left = maxReplaceValues
	}
	b := &boundedEnv{env: env, doc: d, left: left}
	res, ok := plainRefs(lex, word, b)
	var err error
	if !ok {
		res, err = lex.ProcessWordWithMatches(word, b)
	}
	out := Expansion{ProcessWordResult: res, Cut: b.cut}
	if len(out.Result) > len(word)+MaxExpansion {
		out.Result, out.Cut = out.Result[:len(word)+MaxExpansion], true
	}
	return out, err
}

// literalWord returns what BuildKit's lexer gives back for a word that
// refers to no variable and holds no escape character: ASCII bytes other
// than NUL, no '$', '\\' or '`'. The lexer takes out the quotes (unless
// lex keeps or ignores them) and gives '<' back as it is. ok is false
// when the word is not such a word, or has a quote left open (the
// lexer's error): the lexer must read it.
func literalWord(lex *shell.Lex, word string) (res string, ok bool) {
	quotes := false
	for i := 0; i < len(word); i++ {
		switch c := word[i]; c {
		case 0, '$', '\\', '`':
			return "", false
		case '\'', '"':
			quotes = true
		default:
			if c >= 0x80 {
				return "", false
			}
		}
	}
	if !quotes || lex.SkipProcessQuotes {
		return word, true
	}
	var b strings.Builder
	if !lex.RawQuotes {
		b.Grow(len(word))
	}
	for i := 0; i < len(word); {
		c := word[i]
		if c != '\'' && c != '"' {
			if !lex.RawQuotes {
				b.WriteByte(c)
			}
			i++
			continue
		}
		j := strings.IndexByte(word[i+1:], c)
		if j < 0 {
			return "", false
		}
		if !lex.RawQuotes {
			b.WriteString(word[i+1 : i+1+j])
		}
		i += j + 2
	}
	if lex.RawQuotes {
		return word, true
	}
	return b.String(), true
}

// plainRefs returns what BuildKit's lexer gives back for a word of plain
// text and plain references, $NAME or ${NAME}, with the values env hands
// out: printable ASCII with no quote, no escape character, and no "$"
// but those of the references; ok is false for any other word, which the
// lexer must read. Like the lexer, it asks env for each reference in
// order, records which were set (Matched) and which not (Unmatched), and
// gives an unset one back as written when lex skips unset variables. It
// leaves Words empty, as Expand's other shortcut does.
func plainRefs(lex *shell.Lex, word string, env shell.EnvGetter) (res shell.ProcessWordResult, ok bool) {
	for i := 0; i < len(word); i++ {
		switch c := word[i]; {
		case c < 0x20 || c >= 0x7f || c == '\'' || c == '"' || c == '\\' || c == '`':
			return res, false
		case c == '$':
			_, end, ok := PlainRef(word, i)
			if !ok {
				return res, false
			}
			i = end - 1
		}
	}
	var b strings.Builder
	b.Grow(len(word) + 32)
	for i := 0; i < len(word); {
		j := strings.IndexByte(word[i:], '$')
		if j < 0 {
			b.WriteString(word[i:])
			break
		}
		b.WriteString(word[i : i+j])
		name, end, _ := PlainRef(word, i+j)
		v, set := env.Get(name)
		if set {
			if res.Matched == nil {
				res.Matched = map[string]struct{}{}
			}
			res.Matched[name] = struct{}{}
		} else {
			if res.Unmatched == nil {
				res.Unmatched = map[string]struct{}{}
			}
			res.Unmatched[name] = struct{}{}
			if lex.SkipUnsetEnv {
				v = word[i+j : end]
			}
		}
		b.WriteString(v)
		i = end
	}
	res.Result = b.String()
	return res, true
}

// PlainRef reads the reference at word[at], a "$": the name of $NAME or
// ${NAME} (a letter or "_", then letters, digits and "_"), and the end of
// the reference; ok is false for anything else ($1, $@, ${x:-y}, a "$"
// alone). BuildKit's lexer expands such a reference without fail,
// whatever the variable holds.
func PlainRef(word string, at int) (name string, end int, ok bool) {
	i := at + 1
	braced := i < len(word) && word[i] == '{'
	if braced {
		i++
	}
	start := i
	for i < len(word) {
		c := word[i]
		if c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || i > start && '0' <= c && c <= '9' {
			i++
			continue
		}
		break
	}
	if i == start {
		return "", 0, false
	}
	name = word[start:i]
	if braced {
		if i >= len(word) || word[i] != '}' {
			return "", 0, false
		}
		i++
	}
	return name, i, true
}

// boundedEnv hands out variable values within a word's and a document's
// budget, cutting the value that would exceed them.
type boundedEnv struct {
	env  shell.EnvGetter
	doc  *Document
	left int
	cut  bool
}

func (b *boundedEnv) Get(k string) (string, bool) {
	v, ok := b.env.Get(k)
	if c, isCut := b.env.(interface{ IsCut(string) bool }); ok && isCut && c.IsCut(k) {
		b.cut = true
	}
	if !ok || v == "" {
		return v, ok
	}
	n := min(len(v), b.left)
	n = b.doc.takeBudget(n)
	if n < len(v) {
		b.cut = true
		v = v[:n]
	}
	b.left -= n
	return v, true
}

func (b *boundedEnv) Keys() []string { return b.env.Keys() }

// takeBudget takes up to n bytes from the document's expansion budget and
// returns how many it got.
func (d *Document) takeBudget(n int) int {
	for {
		cur := d.budget.Load()
		t := min(int64(n), max(cur, 0))
		if t == 0 || d.budget.CompareAndSwap(cur, cur-t) {
			return int(t)
		}
	}
}

// ExpandWords is Expand for a word the builder also splits into words
// (EXPOSE, the exec form): it returns the words, and whether the
// expansion was cut (then the words are those of the cut result).
func (d *Document) ExpandWords(lex *shell.Lex, word string, env shell.EnvGetter) ([]string, bool, error) {
	cost, replaces := syntax.ExpansionCost(word)
	if cost > syntax.MaxExpansionCost(len(word)) || replaces > 1 {
		return []string{word}, true, nil
	}
	left := MaxExpansion
	if replaces > 0 {
		left = maxReplaceValues
	}
	b := &boundedEnv{env: env, doc: d, left: left}
	words, err := lex.ProcessWords(word, b)
	return words, b.cut, err
}
