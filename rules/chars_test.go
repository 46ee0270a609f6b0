package rules

import (
	"net"
	"testing"

	"github.com/berth-dev/berth/internal/paritytest"
)

// ipInputs are addresses good and bad, bracketed or not.
var ipInputs = []string{
	"", "1.2.3.4", "01.2.3.4", "1.2.3", "1.2.3.4.5", "256.1.1.1", "::1", "::", "fe80::1%eth0", "::ffff:1.2.3.4",
	"2001:db8::1", "2001:db8:::1", "[::1]", "[1.2.3.4]", "[::1", "::1]", "[[::1]]", "[::1]]", "[]", "[",
	"]", "[::1]:80", "[a]b]", "[a[b]", "localhost", " 1.2.3.4", "1.2.3.4 ", "0x1.2.3.4",
}

// TestIsIP holds isIP to net.ParseIP and unbracket to
// net.SplitHostPort(s + ":"), which they stand for.
func TestIsIP(t *testing.T) { paritytest.Each(t, ipInputs, checkIPReaders) }

// FuzzIPReaders looks for an input on which isIP or unbracket and package
// net differ.
func FuzzIPReaders(f *testing.F) { paritytest.Fuzz(f, ipInputs, checkIPReaders) }

func checkIPReaders(t *testing.T, s string) {
	if got, want := isIP(s), net.ParseIP(s) != nil; got != want {
		t.Fatalf("isIP(%q) = %v, net.ParseIP says %v", s, got, want)
	}
	if len(s) == 0 || s[0] != '[' {
		return // dl3011 unbrackets only what starts with [
	}
	host, ok := unbracket(s)
	wantHost, _, err := net.SplitHostPort(s + ":")
	if ok != (err == nil) || ok && host != wantHost {
		t.Fatalf("unbracket(%q) = %q, %v; net.SplitHostPort gives %q, %v", s, host, ok, wantHost, err)
	}
}
