package source

import (
	"slices"
	"sort"
	"strings"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/syntax"
)

// TokenType is the kind of a semantic token. The values index TokenTypes,
// the standard token type names of the protocol, so that editors' themes
// colour them without configuration.
type TokenType int

// The token types, in the order of TokenTypes.
const (
	KeywordToken   TokenType = iota // an instruction keyword, AS, CMD/NONE of HEALTHCHECK
	ParameterToken                  // a flag's name: --from, --mount
	StringToken                     // a flag value, a quoted word, a key's value, a here-document body
	VariableToken                   // an ARG or ENV variable, declared or referenced
	ClassToken                      // a build stage name, declared or referenced
	TypeToken                       // an image reference
	MacroToken                      // a parser directive's name
	DecoratorToken                  // a pragma comment (# berth ignore=…, # hadolint ignore=…, # hadolint shell=…)
	CommentToken                    // a comment
	OperatorToken                   // a here-document marker (<<EOF) and its terminator
	PropertyToken                   // a key of ENV, ARG or LABEL and a --mount option
	NumberToken                     // a port of EXPOSE
)

// TokenTypes are the protocol names of the token types, by TokenType.
var TokenTypes = []string{"keyword", "parameter", "string", "variable", "class", "type", "macro", "decorator", "comment", "operator", "property", "number"}

// TokenModifiers are the protocol names of the token modifiers, by bit:
// a token's Modifiers has bit i set for TokenModifiers[i].
var TokenModifiers = []string{"declaration", "readonly", "defaultLibrary", "deprecated"}

// The token modifier bits.
const (
	DeclarationModifier    = 1 << iota // a stage named after AS, an ARG or ENV key
	ReadonlyModifier                   // a predefined argument: the builder sets it
	DefaultLibraryModifier             // a predefined argument
	DeprecatedModifier                 // MAINTAINER
)

// SemanticToken is one coloured piece of the text. Tokens never span a line
// break and never overlap.
type SemanticToken struct {
	Range     syntax.Range
	Type      TokenType
	Modifiers int
}

// SemanticTokens returns the tokens of the document that meet r (all of
// them when r is empty), in source order; they are computed once per
// document and shared, so the result must not be modified. Variables that the file does not
// declare are variables without modifiers; predefined arguments are
// readonly and defaultLibrary.
func SemanticTokens(doc *lint.Document, r syntax.Range) []SemanticToken {
	all := doc.Memo(tokensKey{}, func() any { return semanticTokens(doc) }).([]SemanticToken)
	if r == (syntax.Range{}) {
		return all
	}
	i := sort.Search(len(all), func(i int) bool { return all[i].Range.End > r.Start })
	j := sort.Search(len(all), func(j int) bool { return all[j].Range.Start >= r.End })
	if j < i {
		return nil
	}
	return all[i:j:j]
}

// tokensKey memoizes a document's semantic tokens.
type tokensKey struct{}

func semanticTokens(doc *lint.Document) []SemanticToken {
	f := doc.File
	p := newPainter(len(f.Src))
	for _, c := range f.Comments {
		p.paint(c.Range, CommentToken, 0)
		if lint.IsPragma(c.Text) {
			p.paint(c.TextRange, DecoratorToken, 0)
		}
	}
	for _, d := range f.Directives {
		p.paint(d.Range, CommentToken, 0)
		p.paint(d.NameRange, MacroToken, 0)
		p.paint(d.ValueRange, StringToken, 0)
	}
	for _, ins := range f.Instructions {
		p.instruction(f, ins)
	}
	ix := newIndex(doc)
	for _, st := range doc.Stages {
		if st.BaseStage == nil && st.Image.Value != "" {
			p.paint(st.Image.Range, TypeToken, 0)
		}
	}
	for _, o := range ix.occs {
		mods := 0
		if o.decl {
			mods |= DeclarationModifier
		}
		switch o.kind {
		case symStage:
			p.paint(o.rng, ClassToken, mods)
		case symVar:
			if slices.Contains(lint.PredefinedArgs, o.name) {
				mods |= ReadonlyModifier | DefaultLibraryModifier
			}
			p.paint(o.full, VariableToken, mods)
		case symHeredoc:
			p.paint(o.rng, OperatorToken, mods)
		}
	}
	return p.tokens(f)
}

// instruction paints the keyword, flags and arguments of ins.
func (p *painter) instruction(f *syntax.File, ins *syntax.Instruction) {
	mods := 0
	if ins.Cmd == "maintainer" {
		mods = DeprecatedModifier
	}
	p.paint(ins.Keyword.Range, KeywordToken, mods)
	for _, fl := range ins.Flags {
		p.paint(fl.NameRange, ParameterToken, 0)
		if fl.HasValue {
			p.paint(fl.ValueRange, StringToken, 0)
			if fl.Name == "mount" && contiguous(fl.ValueRange, fl.Value) {
				for _, fld := range fields(fl.Value) {
					if k, _, ok := strings.Cut(fld.text, "="); ok || k != "" {
						s := fl.ValueRange.Start + fld.pos
						p.paint(syntax.Range{Start: s, End: s + len(k)}, PropertyToken, 0)
					}
				}
			}
		}
	}
	switch ins.Cmd {
	case "arg", "env", "label":
		for _, kv := range ins.Pairs {
			p.paint(kv.Key.Range, PropertyToken, 0)
			if kv.HasValue {
				p.paint(kv.Value.Range, StringToken, 0)
			}
		}
	case "from":
		if len(ins.Words()) >= 2 && strings.EqualFold(ins.Words()[1].Value, "as") {
			p.paint(ins.Words()[1].Range, KeywordToken, 0)
		}
	case "expose":
		for _, w := range ins.Words() {
			p.paint(w.Range, NumberToken, 0)
		}
	case "healthcheck":
		if len(ins.Words()) > 0 && (strings.EqualFold(ins.Words()[0].Value, "cmd") || strings.EqualFold(ins.Words()[0].Value, "none")) {
			p.paint(ins.Words()[0].Range, KeywordToken, 0)
		}
	case "onbuild":
		if ins.Sub != nil {
			p.instruction(f, ins.Sub)
		}
	default:
		if ins.JSON {
			for _, e := range ins.Elems {
				p.paint(e.Range, StringToken, 0)
			}
		} else {
			for _, w := range ins.Words() {
				if strings.HasPrefix(w.Value, `"`) || strings.HasPrefix(w.Value, "'") {
					p.paint(w.Range, StringToken, 0)
				}
			}
		}
	}
	for _, h := range ins.Heredocs {
		p.paint(h.Marker, OperatorToken, 0)
		p.paint(h.Body, StringToken, 0)
		if h.Terminated {
			p.paint(h.Terminator, OperatorToken, 0)
		}
	}
}

// painter colours the bytes of a file, later paint over earlier, then cuts
// the colours into tokens.
type painter struct {
	// kind holds 1+type, then the modifiers shifted by 8; 0 is no token.
	kind []uint32
	// start marks the first byte of each painted range, so that two
	// adjacent tokens of one kind stay two.
	start []bool
}

func newPainter(n int) *painter {
	return &painter{kind: make([]uint32, n), start: make([]bool, n+1)}
}

func (p *painter) paint(r syntax.Range, t TokenType, mods int) {
	r.Start, r.End = max(r.Start, 0), min(r.End, len(p.kind))
	if r.Start >= r.End {
		return
	}
	v := uint32(t+1) | uint32(mods)<<8
	for i := r.Start; i < r.End; i++ {
		p.kind[i] = v
		p.start[i] = false
	}
	p.start[r.Start] = true
	p.start[r.End] = true
}

// tokens cuts the painted bytes into tokens, at line breaks and where a
// new range starts; white space at the ends of a token is left out.
func (p *painter) tokens(f *syntax.File) []SemanticToken {
	lo, hi := 0, len(p.kind)
	var out []SemanticToken
	src := f.Src
	for i := lo; i < hi; {
		v := p.kind[i]
		if v == 0 || src[i] == '\n' || src[i] == '\r' {
			i++
			continue
		}
		j := i + 1
		for j < len(p.kind) && p.kind[j] == v && !p.start[j] && src[j] != '\n' && src[j] != '\r' {
			j++
		}
		e := j
		for e > i && (src[e-1] == ' ' || src[e-1] == '\t') {
			e--
		}
		s := i
		for s < e && (src[s] == ' ' || src[s] == '\t') {
			s++
		}
		if s < e {
			out = append(out, SemanticToken{Range: syntax.Range{Start: s, End: e}, Type: TokenType(v&0xff) - 1, Modifiers: int(v >> 8)})
		}
		i = j
	}
	return out
}
