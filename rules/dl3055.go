package rules

import (
	"github.com/berth-dev/berth/lint"
)

// DL3055 reports hash-typed schema labels whose value is not a git commit
// hash.
var DL3055 = &lint.Rule{
	Code:     "DL3055",
	Name:     "label-invalid-hash",
	Title:    "Use a git commit hash in hash labels",
	Severity: lint.Warning,
	Fix:      lint.NoFix,
	Check: func(p *lint.Pass) {
		checkLabelType(p, "hash", validGitHash, "a git commit hash (7 to 40 lower-case hex digits, or 64 for SHA-256)")
	},
}

// validGitHash accepts full SHA-1 (40) and SHA-256 (64) object names and
// abbreviations from 7 characters, as git prints them.
func validGitHash(s string) bool {
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
