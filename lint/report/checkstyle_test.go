package report

import (
	"encoding/xml"
	"strings"
	"testing"

	"github.com/berth-dev/berth/internal/paritytest"
)

// xmlInputs are attribute values to escape: markup, quotes, white space,
// characters XML has not, broken UTF-8.
var xmlInputs = []string{
	"", "plain", `a "quoted" 'word'`, "<b>&amp;</b>", "tab\there", "line\nbreak\r\n", "nul\x00", "\x1b[31m",
	"bad \xff utf-8", "\xed\xa0\x80", "ok é ñ 日本", "\uFFFE \uFFFF", "\U0001F600", "\u2028", "&#x9;",
}

// TestXMLEscape holds xmlEscape and xmlHeader to encoding/xml.
func TestXMLEscape(t *testing.T) {
	if xmlHeader != xml.Header {
		t.Errorf("xmlHeader = %q, encoding/xml has %q", xmlHeader, xml.Header)
	}
	paritytest.Each(t, xmlInputs, checkXMLEscape)
}

// FuzzXMLEscape looks for a value xmlEscape and xml.EscapeText escape
// differently.
func FuzzXMLEscape(f *testing.F) { paritytest.Fuzz(f, xmlInputs, checkXMLEscape) }

func checkXMLEscape(t *testing.T, s string) {
	var want strings.Builder
	if err := xml.EscapeText(&want, []byte(s)); err != nil {
		t.Fatal(err)
	}
	if got := xmlEscape(s); got != want.String() {
		t.Fatalf("xmlEscape(%q) = %q, encoding/xml gives %q", s, got, want.String())
	}
}
