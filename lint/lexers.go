package lint

import (
	"sync"

	"github.com/moby/buildkit/frontend/dockerfile/shell"
)

// lexers keeps BuildKit's lexers between uses, one pool per escape
// character: a lexer is 1.2 KB (its scanner's buffer), and the checks of
// every document make several.
var lexers [2]sync.Pool

func lexerPool(esc rune) *sync.Pool {
	switch esc {
	case '\\':
		return &lexers[0]
	case '`':
		return &lexers[1]
	}
	return nil
}

// Lexer returns a lexer for the escape character esc with BuildKit's
// default options, as shell.NewLex does, kept from an earlier use when
// one was handed back (ReleaseLexer). It is the caller's alone until then.
func Lexer(esc rune) *shell.Lex {
	if p := lexerPool(esc); p != nil {
		if l, ok := p.Get().(*shell.Lex); ok {
			return l
		}
	}
	return shell.NewLex(esc)
}

// ReleaseLexer hands back a lexer that Lexer(esc) returned, its options
// reset to the defaults (the lexer resets the rest at every word). The
// caller must not use it again.
func ReleaseLexer(esc rune, l *shell.Lex) {
	if p := lexerPool(esc); p != nil && l != nil {
		l.RawQuotes, l.RawEscapes, l.SkipProcessQuotes, l.SkipUnsetEnv = false, false, false, false
		p.Put(l)
	}
}
