package cli

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/report"
)

// hadolint's output formats are written by lint/report (WriteHadolint),
// which shares gnu, codeclimate, sonarqube and junit with "berth lint
// --format"; this file turns hadolint mode's results into its findings.

// hlNow is the clock of the junit format (tests set it).
var hlNow = time.Now

// writeHLFormat writes results in format to w. color is tty's colours;
// pathInReport, when set, replaces the file name in the formats hadolint
// applies --file-path-in-report to.
func writeHLFormat(w io.Writer, format string, results []*hlResult, color bool, pathInReport *string) error {
	rs := make([]report.HadolintResult, len(results))
	for i, r := range results {
		rs[i] = r.report()
	}
	return report.WriteHadolint(w, format, rs, report.HadolintOptions{Color: color, PathInReport: pathInReport, Version: hadolintVersion, Now: hlNow})
}

// report is the result as lint/report takes it: parse errors first.
func (r *hlResult) report() report.HadolintResult {
	out := report.HadolintResult{File: r.file}
	for _, e := range r.errors {
		out.Findings = append(out.Findings, report.Finding{Path: e.source, Line: e.line, Column: e.col, Code: "DL1000", Severity: lint.Error,
			Message: e.msg, ParseError: true, Detail: e.pretty()})
	}
	for _, c := range r.checks {
		out.Findings = append(out.Findings, report.Finding{Path: r.file, Line: c.line, Code: c.code, Severity: c.sev.lint(), Message: c.msg})
	}
	return out
}

// lint is the severity as berth names it.
func (s hlSeverity) lint() lint.Severity {
	switch s {
	case hlError:
		return lint.Error
	case hlWarning:
		return lint.Warning
	case hlInfo:
		return lint.Info
	case hlStyle:
		return lint.Style
	}
	return lint.Off
}

// pretty is the parse error as Megaparsec's errorBundlePretty words it:
// the position, the offending line with a caret, and the message.
func (e hlParseError) pretty() string {
	n := strconv.Itoa(e.line)
	pad := strings.Repeat(" ", len(n))
	caretPad := strings.Repeat(" ", max(e.col-1, 0))
	msg := e.msg
	if !strings.HasSuffix(msg, "\n") {
		msg += "\n"
	}
	return fmt.Sprintf("%s:%d:%d:\n%s |\n%s | %s\n%s | %s^\n%s", e.source, e.line, e.col, pad, n, e.srcLine, pad, caretPad, msg)
}
