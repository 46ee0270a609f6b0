package lint

import "strings"

// Quote returns s as a double-quoted Dockerfile word that the builder
// reads back as s: quotes, the escape character and '$' are escaped.
func Quote(s string, esc byte) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '"', '$', esc:
			b.WriteByte(esc)
		case '\n':
			b.WriteString(" ")
			continue
		}
		b.WriteByte(c)
	}
	b.WriteByte('"')
	return b.String()
}

// Unquote removes one pair of matching surrounding quotes from s.
func Unquote(s string) string {
	if len(s) >= 2 && (s[0] == '"' || s[0] == '\'') && s[len(s)-1] == s[0] {
		return s[1 : len(s)-1]
	}
	return s
}
