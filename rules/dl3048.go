package rules

import (
	"strings"

	"github.com/berth-dev/berth/lint"
)

// DL3048 reports LABEL keys that do not follow Docker's key format.
var DL3048 = &lint.Rule{
	Code:     "DL3048",
	Name:     "invalid-label-key",
	Title:    "Use well-formed label keys",
	Severity: lint.Style,
	Fix:      lint.NoFix,
	Check:    checkLabelKeys,
}

func checkLabelKeys(p *lint.Pass) {
	schema := labelSchema(p)
	for _, ins := range p.Doc.File.Instructions {
		if ins.Cmd == "onbuild" && ins.Sub != nil {
			ins = ins.Sub
		}
		for _, l := range labelPairs(p.Doc, ins) {
			if _, ok := schema[l.Key]; ok {
				continue // the label schema names it: the team chose it
			}
			if msg := labelKeyProblem(l.Key); msg != "" {
				p.Reportf(l.Pair.Key.Range, "label key %q %s", l.Key, msg)
			}
		}
	}
}

var reservedLabelPrefixes = []string{"com.docker.", "io.docker.", "org.dockerproject."}

// labelKeyProblem checks a key against Docker's key format: lower-case
// letters, digits, '.', '-', '_' and '/', starting with a letter, ending
// with a letter or digit, no doubled separator, no namespace Docker
// reserves.
func labelKeyProblem(key string) string {
	for _, pre := range reservedLabelPrefixes {
		if strings.HasPrefix(key, pre) {
			return "uses the " + pre + " namespace, which Docker reserves for itself"
		}
	}
	for i := 0; i < len(key); i++ {
		c := key[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '.', c == '-', c == '_', c == '/':
		case c >= 'A' && c <= 'Z':
			return "has upper-case letters: use lower-case, dot-separated names such as org.opencontainers.image.version"
		default:
			return "contains " + strings.TrimSpace(quoteByte(c)) + ": use only lower-case letters, digits, '.', '-', '_' and '/'"
		}
	}
	switch {
	case key[0] < 'a' || key[0] > 'z':
		return "must start with a lower-case letter"
	case !isAlpha(key[len(key)-1]) && (key[len(key)-1] < '0' || key[len(key)-1] > '9'):
		return "must end with a letter or digit"
	case strings.Contains(key, "..") || strings.Contains(key, "--"):
		return "has a doubled separator (\"..\" or \"--\")"
	}
	return ""
}

func quoteByte(c byte) string {
	if c < 0x20 || c >= 0x7f {
		return "a non-ASCII or control character"
	}
	return "'" + string(c) + "'"
}
