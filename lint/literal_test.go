package lint

import (
	"math/rand/v2"
	"testing"

	"github.com/moby/buildkit/frontend/dockerfile/shell"
)

// TestLiteralWord checks Expand's shortcut against BuildKit's lexer: for
// every word it takes, with every set of lexer options, the lexer gives
// the same result, matches no variable and fails no more.
func TestLiteralWord(t *testing.T) {
	words := []string{
		"", "a", "plain/word:1.0", "a b\tc", `"quoted"`, `'single'`, `"it's"`, `'say "hi"'`,
		`a"b"c'd'e`, `"unterminated`, `'open`, `""`, `''`, "<<EOF", "a<b", "<< x", `"<<EOF"`,
		"with\nnewline", `"a b" 'c d'`, "x=1", "--flag=\"v\"",
	}
	r := rand.New(rand.NewPCG(1, 2))
	alphabet := []byte("ab '\"<= \t-/")
	for range 20000 {
		b := make([]byte, r.IntN(12))
		for i := range b {
			b[i] = alphabet[r.IntN(len(alphabet))]
		}
		words = append(words, string(b))
	}
	for _, esc := range []rune{'\\', '`'} {
		for opts := range 16 {
			lex := shell.NewLex(esc)
			lex.RawQuotes, lex.RawEscapes = opts&1 != 0, opts&2 != 0
			lex.SkipProcessQuotes, lex.SkipUnsetEnv = opts&4 != 0, opts&8 != 0
			for _, w := range words {
				got, ok := literalWord(lex, w)
				if !ok {
					continue
				}
				want, err := lex.ProcessWordWithMatches(w, NewEnv())
				if err != nil || want.Result != got || len(want.Matched) > 0 || len(want.Unmatched) > 0 {
					t.Errorf("escape %q, options %04b, %q: literalWord gives %q; the lexer %q, %v (matched %v, unmatched %v)",
						esc, opts, w, got, want.Result, err, want.Matched, want.Unmatched)
				}
			}
		}
	}
}
