package rules

// Literal words: a Dockerfile word with its quotes and escapes removed, as
// the builder reads it, and whether it refers to a variable.

import (
	"strings"
)

// literalWord removes the quotes and escapes of a Dockerfile word, as the
// builder reads it. ok is false when the word expands a variable, since its
// value is then only known at build time.
func literalWord(s string, esc byte) (lit string, ok bool) {
	if strings.IndexAny(s, "\"'$") < 0 && strings.IndexByte(s, esc) < 0 {
		return s, true
	}
	var b strings.Builder
	var q byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case q == '\'':
			if c == '\'' {
				q = 0
				continue
			}
		case c == esc && i+1 < len(s):
			i++
			c = s[i]
		case c == '$' && i+1 < len(s) && varStart(s[i+1]):
			return "", false
		case q == '"' && c == '"':
			q = 0
			continue
		case q == 0 && (c == '"' || c == '\''):
			q = c
			continue
		}
		b.WriteByte(c)
	}
	return b.String(), true
}

// varStart reports whether c can follow '$' in a variable reference.
func varStart(c byte) bool { return c == '{' || c == '_' || isAlpha(c) }

func isAlpha(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func isNameChar(c byte) bool { return c == '_' || isAlpha(c) || c >= '0' && c <= '9' }

// hasVarRef reports whether s (a JSON element, already decoded) refers to a
// variable.
func hasVarRef(s string) bool {
	for i := strings.IndexByte(s, '$'); i >= 0 && i+1 < len(s); {
		if varStart(s[i+1]) {
			return true
		}
		j := strings.IndexByte(s[i+1:], '$')
		if j < 0 {
			break
		}
		i += j + 1
	}
	return false
}
