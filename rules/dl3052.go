package rules

import (
	"net/url"
	"strings"

	"github.com/berth-dev/berth/lint"
)

// DL3052 reports url-typed schema labels whose value is not an absolute URL.
var DL3052 = &lint.Rule{
	Code:     "DL3052",
	Name:     "label-invalid-url",
	Title:    "Use an absolute URL in url labels",
	Severity: lint.Warning,
	Fix:      lint.NoFix,
	Check: func(p *lint.Pass) {
		checkLabelType(p, "url", validURL, "an absolute URL (with a scheme such as https://)")
	},
}

// validURL reports whether s is an absolute URI (RFC 3986): a scheme, no
// characters that must be escaped, and a host when there is an authority.
func validURL(s string) bool {
	if strings.ContainsAny(s, " \t\r\n\"<>\\^`{|}") {
		return false
	}
	u, err := url.Parse(s)
	if err != nil || u.Scheme == "" {
		return false
	}
	rest := s[len(u.Scheme)+1:]
	switch strings.ToLower(u.Scheme) {
	case "http", "https", "ftp", "ftps", "ssh", "git", "ws", "wss":
		return strings.HasPrefix(rest, "//") && u.Host != ""
	}
	return rest != "" && (!strings.HasPrefix(rest, "//") || u.Host != "" || strings.HasPrefix(rest, "///"))
}
