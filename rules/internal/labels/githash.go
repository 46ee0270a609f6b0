package labels

import ()

// ValidGitHash accepts full SHA-1 (40) and SHA-256 (64) object names and
// abbreviations from 7 characters, as git prints them.
func ValidGitHash(s string) bool {
	if n := len(s); n < 7 || n > 40 && n != 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}
