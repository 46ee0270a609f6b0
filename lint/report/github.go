package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/berth-dev/berth/lint"
)

// GitHub writes GitHub Actions workflow commands, which the runner turns
// into annotations on the pull request:
//
//	::error file=Dockerfile,line=3,col=1,endLine=3,endColumn=11,title=DL4000::MAINTAINER is deprecated
//
// Errors are "error", warnings "warning", info and style "notice". Columns
// are left out when a finding spans several lines, since GitHub only
// accepts them on one line. Files that could not be read become error
// annotations too.
type GitHub struct{ opts Options }

func githubLevel(s lint.Severity) string {
	switch s {
	case lint.Error:
		return "error"
	case lint.Warning:
		return "warning"
	}
	return "notice"
}

// Report implements Reporter.
func (g *GitHub) Report(w io.Writer, results []FileResult) error { return reportAll(g, w, results) }

func (g *GitHub) begin(*bufio.Writer) error { return nil }

func (g *GitHub) end(*bufio.Writer) error { return nil }

func (g *GitHub) file(bw *bufio.Writer, r *FileResult) error {
	path := relPath(g.opts.Root, r.Path)
	if r.Err != nil {
		_, err := fmt.Fprintf(bw, "::error file=%s,title=berth::%s\n", ghProperty(path), ghData(r.Err.Error()))
		return err
	}
	pos := newPositions(r.Src)
	for i := range r.Diagnostics {
		d := &r.Diagnostics[i]
		s := pos.span(d.Range.Start, d.Range.End)
		fmt.Fprintf(bw, "::%s file=%s,line=%d,", githubLevel(d.Severity), ghProperty(path), s.Line)
		if s.Line == s.EndLine {
			fmt.Fprintf(bw, "col=%d,endLine=%d,endColumn=%d,", s.Column, s.EndLine, s.EndColumn)
		} else {
			fmt.Fprintf(bw, "endLine=%d,", s.EndLine)
		}
		fmt.Fprintf(bw, "title=%s::%s\n", ghProperty(d.Code), ghData(d.Message))
	}
	return nil
}

var (
	ghDataEscaper     = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	ghPropertyEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)

// ghData escapes a workflow command's message.
func ghData(s string) string { return ghDataEscaper.Replace(s) }

// ghProperty escapes a workflow command's property value.
func ghProperty(s string) string { return ghPropertyEscaper.Replace(s) }
