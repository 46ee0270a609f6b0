package syntax

import (
	"fmt"
	"strings"
	"testing"
)

func TestVarRefs(t *testing.T) {
	for _, c := range []struct {
		word string
		esc  byte
		want string // name[start:end], F for a fallback reference
	}{
		{"$A-${B}", '\\', "A[0:2] B[3:7]"},
		{"${A:-$B}x", '\\', "A[0:8]F B[5:7]"},
		{"${A-d} ${A+w} ${A:?m} ${A}", '\\', "A[0:6]F A[7:13]F A[14:21]F A[22:26]"},
		{`'$A' "$B" \$C`, '\\', "B[6:8]"},
		{"`$A` $1 ${1} $ ${} $_x", '`', "_x[19:22]"},
		{"${A:-${B:-${C}}", '\\', "A[0:15]F B[5:15]F C[10:14]"},
		{"", '\\', ""},
	} {
		var got []string
		for _, r := range VarRefs(c.word, c.esc) {
			s := fmt.Sprintf("%s[%d:%d]", r.Name, r.Start, r.End)
			if r.Fallback {
				s += "F"
			}
			got = append(got, s)
		}
		if g := strings.Join(got, " "); g != c.want {
			t.Errorf("VarRefs(%q) = %s, want %s", c.word, g, c.want)
		}
	}
}

func TestLiteral(t *testing.T) {
	for _, c := range []struct {
		word, want string
		esc        byte
		ok         bool
	}{
		{"plain", "plain", '\\', true},
		{`"a b"'c'`, "a bc", '\\', true},
		{`a\"b`, `a"b`, '\\', true},
		{"'$A'", "$A", '\\', true},
		{"$", "$", '\\', true},
		{"$1", "$1", '\\', true},
		{"x$A", "", '\\', false},
		{`"${A}"`, "", '\\', false},
		{"a`$A", "a$A", '`', true},
	} {
		got, ok := Literal(c.word, c.esc)
		if got != c.want || ok != c.ok {
			t.Errorf("Literal(%q) = %q, %v; want %q, %v", c.word, got, ok, c.want, c.ok)
		}
	}
}

func TestHasVarRef(t *testing.T) {
	for s, want := range map[string]bool{"": false, "$": false, "a$": false, "$1": false, "$$": false, "a$_": true, "${x}": true, "$$A": true, "cost 5$ now": false} {
		if got := HasVarRef(s); got != want {
			t.Errorf("HasVarRef(%q) = %v, want %v", s, got, want)
		}
	}
}
