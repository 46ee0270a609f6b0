package labels

import (
	"net/url"
	"strings"
)

// ValidURL reports whether s is an absolute URI (RFC 3986): a scheme, no
// characters that must be escaped, and a host when there is an authority.
func ValidURL(s string) bool {
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
