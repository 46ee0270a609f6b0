package lint

import (
	"reflect"
	"testing"

	"github.com/moby/buildkit/frontend/dockerfile/shell"
)

// plainRefsWords are words around the edges of what plainRefs reads.
var plainRefsWords = []string{
	"$A", "${A}", "$A$B", "x${A}y$B-z", "$UNSET", "${UNSET}/x", "$A_1", "$_", "${_x9}", "$1", "$@", "$", "a$", "${",
	"${}", "${A", "${A:-b}", "$A:b", "${A}}", "$$", "a b $A c", "'$A'", "\"$A\"", "\\$A", "`$A", "$A\t", "é$A",
	"$EMPTY.x", "${A}${A}", "$Ab", "$A-b", "$A.b", "<$A>", "$a9_", "$9a", "${9a}", "$é",
}

// TestPlainRefs holds plainRefs to BuildKit's lexer over the words above,
// with and without SkipUnsetEnv.
func TestPlainRefs(t *testing.T) {
	read := 0
	for _, w := range plainRefsWords {
		if checkPlainRefs(t, w) {
			read++
		}
	}
	if read < 15 {
		t.Errorf("plainRefs read only %d of %d words", read, len(plainRefsWords))
	}
}

// checkPlainRefs compares plainRefs with the lexer on word, and reports
// whether plainRefs read it.
func checkPlainRefs(t *testing.T, word string) bool {
	t.Helper()
	env := shell.EnvsFromSlice([]string{"A=1", "B=two words", "EMPTY=", "_=u", "A_1=a1", "Ab=ab", "a9_=x"})
	read := false
	for _, skip := range []bool{false, true} {
		lex := shell.NewLex('\\')
		lex.SkipUnsetEnv = skip
		got, ok := plainRefs(lex, word, env)
		if !ok {
			continue
		}
		read = true
		want, err := lex.ProcessWordWithMatches(word, env)
		if err != nil {
			t.Errorf("%q: plainRefs read it, the lexer says %v", word, err)
			continue
		}
		want.Words = nil
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%q (skip unset %v): plainRefs %+v, the lexer %+v", word, skip, got, want)
		}
	}
	return read
}

// FuzzPlainRefs: whatever word plainRefs reads, it reads as the lexer.
func FuzzPlainRefs(f *testing.F) {
	for _, w := range plainRefsWords {
		f.Add(w)
	}
	f.Fuzz(func(t *testing.T, word string) { checkPlainRefs(t, word) })
}
