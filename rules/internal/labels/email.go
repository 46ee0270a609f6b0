package labels

import (
	"strings"
)

// ValidEmail checks an RFC 5322 addr-spec: a dot-atom or quoted local
// part, "@", and a dot-atom domain or a [domain literal].
func ValidEmail(s string) bool {
	at := strings.LastIndexByte(s, '@')
	if at <= 0 || at == len(s)-1 {
		return false
	}
	local, domain := s[:at], s[at+1:]
	if !(dotAtom(local) || quotedLocal(local)) {
		return false
	}
	if domain[0] == '[' {
		return domain[len(domain)-1] == ']' && !strings.ContainsAny(domain[1:len(domain)-1], "[]\\ ")
	}
	return dotAtom(domain)
}

func dotAtom(s string) bool {
	if s == "" || s[0] == '.' || s[len(s)-1] == '.' || strings.Contains(s, "..") {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '.' || c >= 0x80 || isNameChar(c) || strings.IndexByte("!#$%&'*+-/=?^`{|}~", c) >= 0 {
			continue
		}
		return false
	}
	return true
}

func quotedLocal(s string) bool {
	if len(s) < 2 || s[0] != '"' || s[len(s)-1] != '"' {
		return false
	}
	for i := 1; i < len(s)-1; i++ {
		switch s[i] {
		case '\\':
			i++
		case '"', '\r', '\n':
			return false
		}
	}
	return true
}
