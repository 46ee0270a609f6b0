package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/berth-dev/berth/lint"
)

// Checkstyle writes Checkstyle XML in hadolint's shape, one <file> element
// per file (findings or not) and one <error> per finding:
//
//	<checkstyle version="4.3">
//	  <file name="Dockerfile">
//	    <error line="3" column="1" severity="error" message="…" source="DL4000"/>
//	  </file>
//	</checkstyle>
//
// Checkstyle has no "style" severity: style findings are "info". The
// document is written file by file (see Stream).
type Checkstyle struct{ opts Options }

func checkstyleSeverity(s lint.Severity) string {
	switch s {
	case lint.Error:
		return "error"
	case lint.Warning:
		return "warning"
	case lint.Off:
		return "ignore"
	}
	return "info"
}

// Report implements Reporter.
func (c *Checkstyle) Report(w io.Writer, results []FileResult) error {
	return reportAll(c, w, results)
}

func (c *Checkstyle) begin(w *bufio.Writer) error {
	w.WriteString(xmlHeader)
	_, err := w.WriteString("<checkstyle version=\"4.3\">\n")
	return err
}

func (c *Checkstyle) file(w *bufio.Writer, r *FileResult) error {
	if r.Err != nil {
		return nil
	}
	fmt.Fprintf(w, "  <file name=\"%s\">\n", xmlEscape(r.Path))
	pos := newPositions(r.Src)
	for i := range r.Diagnostics {
		d := &r.Diagnostics[i]
		line, col := pos.at(d.Range.Start)
		fmt.Fprintf(w, "    <error line=\"%d\" column=\"%d\" severity=\"%s\" message=\"%s\" source=\"%s\"/>\n",
			line, col, checkstyleSeverity(d.Severity), xmlEscape(d.Message), xmlEscape(d.Code))
	}
	_, err := w.WriteString("  </file>\n")
	return err
}

func (c *Checkstyle) end(w *bufio.Writer) error {
	_, err := w.WriteString("</checkstyle>\n")
	return err
}

// xmlHeader is encoding/xml's Header.
const xmlHeader = `<?xml version="1.0" encoding="UTF-8"?>` + "\n"

// xmlEscape escapes s for an attribute value as encoding/xml's EscapeText
// does (what is not an XML character becomes U+FFFD). berth does without
// encoding/xml, whose tables each start would build.
func xmlEscape(s string) string {
	var b strings.Builder
	last := 0
	for i := 0; i < len(s); {
		r, width := utf8.DecodeRuneInString(s[i:])
		var esc string
		switch r {
		case '"':
			esc = "&#34;"
		case '\'':
			esc = "&#39;"
		case '&':
			esc = "&amp;"
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		case '\t':
			esc = "&#x9;"
		case '\n':
			esc = "&#xA;"
		case '\r':
			esc = "&#xD;"
		default:
			if !xmlChar(r) || r == utf8.RuneError && width == 1 {
				esc = "\uFFFD"
			}
		}
		if esc != "" {
			b.WriteString(s[last:i])
			b.WriteString(esc)
			last = i + width
		}
		i += width
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// xmlChar reports whether r is a character of XML 1.0 (its Char
// production).
func xmlChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D || r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}
