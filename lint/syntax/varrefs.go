package syntax

import "strings"

// Variable references in Dockerfile words, as BuildKit's shell lexer reads
// them: $NAME and ${NAME...}, not in single quotes, not escaped.

// VarRef is one variable reference in a word.
type VarRef struct {
	Name       string
	Start, End int // offsets in the word
	// Fallback: the reference supplies its own default or tests for the
	// variable (${X:-d}, ${X-d}, ${X:+w}, ${X+w}, ${X:?m}, ${X?m}).
	Fallback bool
}

// VarRefs lists the variable references of a word, in order. It follows
// the lexer loosely: single quotes and escaped dollars hide a reference.
func VarRefs(w string, esc byte) []VarRef {
	var out []VarRef
	var closes []int32
	inSingle, inDouble := false, false
	for i := 0; i < len(w); i++ {
		c := w[i]
		switch {
		case c == esc && !inSingle:
			i++
			continue
		case c == '"' && !inSingle:
			inDouble = !inDouble
			continue
		case c == '\'' && !inDouble:
			inSingle = !inSingle
			continue
		case c != '$' || inSingle || i+1 >= len(w):
			continue
		}
		if w[i+1] == '{' {
			j := i + 2
			for j < len(w) && isVarNameChar(w[j], j == i+2) {
				j++
			}
			if j == i+2 {
				continue
			}
			ref := VarRef{Name: w[i+2 : j], Start: i}
			if j < len(w) {
				m := w[j]
				if m == ':' && j+1 < len(w) {
					m = w[j+1]
				}
				ref.Fallback = w[j] != '}' && (m == '-' || m == '+' || m == '?')
			}
			// the closing brace, allowing nested ${...}
			if closes == nil {
				closes = braceCloses(w)
			}
			ref.End = int(closes[i+1])
			out = append(out, ref)
			continue
		}
		j := i + 1
		for j < len(w) && isVarNameChar(w[j], j == i+1) {
			j++
		}
		if j > i+1 {
			out = append(out, VarRef{Name: w[i+1 : j], Start: i, End: j})
			i = j - 1
		}
	}
	return out
}

// braceCloses maps the offset of each '{' in w to the offset just past the
// '}' that closes it (len(w) when none does), in one pass: scanning for
// each brace on its own costs the square of the word when braces nest
// (${a:-${a:-...}}).
func braceCloses(w string) []int32 {
	closes := make([]int32, len(w))
	var open []int32
	for k := 0; k < len(w); k++ {
		switch w[k] {
		case '{':
			open = append(open, int32(k))
		case '}':
			if n := len(open); n > 0 {
				closes[open[n-1]] = int32(k + 1)
				open = open[:n-1]
			}
		}
	}
	for _, o := range open {
		closes[o] = int32(len(w))
	}
	return closes
}

func isVarNameChar(c byte, first bool) bool {
	if c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' {
		return true
	}
	return !first && c >= '0' && c <= '9'
}

// Literal removes the quotes and escapes of a Dockerfile word, as the
// builder reads it. ok is false when the word expands a variable, since its
// value is then only known at build time.
func Literal(s string, esc byte) (lit string, ok bool) {
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
		case c == '$' && i+1 < len(s) && refStart(s[i+1]):
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

// HasVarRef reports whether s (a JSON element, already decoded) refers to a
// variable.
func HasVarRef(s string) bool {
	for i := strings.IndexByte(s, '$'); i >= 0 && i+1 < len(s); {
		if refStart(s[i+1]) {
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

// refStart reports whether c can follow '$' in a variable reference.
func refStart(c byte) bool {
	return c == '{' || c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}
