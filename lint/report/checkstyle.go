package report

import (
	"bufio"
	"encoding/xml"
	"fmt"
	"io"
	"strings"

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
	w.WriteString(xml.Header)
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

// xmlEscape escapes s for an attribute value.
func xmlEscape(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s)) // writes to a strings.Builder never fail
	return b.String()
}
