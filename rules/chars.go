package rules

import (
	"net/netip"
	"strings"
)

// Byte classes of the names rules check (label keys, variable names, e-mail
// addresses), and IP addresses. syntax.Literal and syntax.VarRefs read
// Dockerfile words.

func isAlpha(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func isNameChar(c byte) bool { return c == '_' || isAlpha(c) || c >= '0' && c <= '9' }

// isIP reports whether s is an IPv4 or IPv6 address, as net.ParseIP
// reads one (no zone); berth lint does without package net, whose
// initialisation each start would pay for.
func isIP(s string) bool {
	a, err := netip.ParseAddr(s)
	return err == nil && a.Zone() == ""
}

// unbracket returns the host of "[host]" as net.SplitHostPort(s + ":")
// does, and false where that fails.
func unbracket(s string) (string, bool) {
	n := len(s)
	if n < 2 || s[0] != '[' || strings.IndexByte(s, ']') != n-1 || strings.IndexByte(s[1:], '[') >= 0 {
		return "", false
	}
	return s[1 : n-1], true
}
