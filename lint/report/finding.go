package report

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/berth-dev/berth/internal/safeio"
	"github.com/berth-dev/berth/lint"
)

// Finding is one finding as the formats berth shares with its hadolint
// mode (gnu, codeclimate, sonarqube, junit) and hadolint's own formats
// see it: a place, a code, a severity and a message.
type Finding struct {
	// Path names the file (hadolint names a parse error of stdin
	// /dev/stdin).
	Path string
	// Line is 1-based; Column counts characters from 1, and 0 means the
	// finding has a line only, as hadolint's findings do.
	Line, Column int
	// EndLine and EndColumn end the range (the column just past it); 0
	// when the finding has no end of its own.
	EndLine, EndColumn int
	Code               string
	Severity           lint.Severity
	Message            string
	// ParseError marks a file hadolint could not parse (its DL1000),
	// which several of its formats word differently; Detail is then the
	// error as Megaparsec prints it, with the line and a caret.
	ParseError bool
	Detail     string
}

// findingFormat is a format written from Findings, one file at a time.
// name is the file as the report names it (--file-path-in-report may
// replace it); each Finding keeps its own Path.
type findingFormat interface {
	begin(w *bufio.Writer) error
	file(w *bufio.Writer, name string, fs []Finding) error
	end(w *bufio.Writer) error
}

// tool is who writes a report in the formats shared with hadolint:
// berth, or berth answering as hadolint.
type tool struct {
	// name is the program's name in GNU lines, SonarQube's engineId and
	// JUnit's suites ("berth", "Hadolint").
	name, version string
	now           func() time.Time
	// berth adds what hadolint's shapes lack: columns, JUnit test names,
	// escaped paths and messages in GNU lines.
	berth bool
}

// GNU writes one line per finding in the GNU error format,
//
//	berth:Dockerfile:2:1: DL4000 error: MAINTAINER is deprecated
//
// (hadolint's "hadolint:Dockerfile:2: DL4000 error: …", without a
// column). Line breaks in messages become spaces.
type GNU struct{ findingStreamer }

type gnuFormat struct{ t tool }

func (gnuFormat) begin(*bufio.Writer) error { return nil }
func (gnuFormat) end(*bufio.Writer) error   { return nil }

func (g gnuFormat) file(w *bufio.Writer, _ string, fs []Finding) error {
	for _, f := range fs {
		path, msg := f.Path, stripNewlines(f.Message)
		if g.t.berth {
			path, msg = safeio.Printable(path), sanitize(msg)
		}
		if f.ParseError {
			fmt.Fprintf(w, "%s:%s:%d:%d: %s\n", g.t.name, path, f.Line, f.Column, msg)
			continue
		}
		pos := strconv.Itoa(f.Line)
		if f.Column > 0 {
			pos += ":" + strconv.Itoa(f.Column)
		}
		fmt.Fprintf(w, "%s:%s:%s: %s %s: %s\n", g.t.name, path, pos, f.Code, f.Severity, msg)
	}
	return nil
}

// CodeClimate writes Code Climate's engine output: one JSON issue per
// finding, each followed by a NUL byte, as hadolint's codeclimate format
// does. Severities map error→blocker, warning→major, info→info,
// style→minor.
type CodeClimate struct{ findingStreamer }

type codeclimateFormat struct{}

func (codeclimateFormat) begin(*bufio.Writer) error { return nil }
func (codeclimateFormat) end(*bufio.Writer) error   { return nil }

func (codeclimateFormat) file(w *bufio.Writer, name string, fs []Finding) error {
	for i := range fs {
		w.Write(encodeJSON(codeclimateIssue(&fs[i], name)))
		if err := w.WriteByte(0); err != nil {
			return err
		}
	}
	return nil
}

// codeclimateIssue is a finding in Code Climate's shape.
func codeclimateIssue(f *Finding, name string) jobj {
	if f.ParseError {
		pos := jobj{{"line", f.Line}, {"column", f.Column}}
		return jobj{{"type", "issue"}, {"check_name", f.Code}, {"description", f.Detail}, {"categories", jarr{"Bug Risk"}},
			{"location", jobj{{"path", f.Path}, {"positions", jobj{{"begin", pos}, {"end", pos}}}}}, {"severity", "blocker"}}
	}
	sev := map[lint.Severity]string{lint.Error: "blocker", lint.Warning: "major", lint.Info: "info"}[f.Severity]
	if sev == "" {
		sev = "minor"
	}
	loc := jobj{{"path", name}, {"lines", jobj{{"begin", f.Line}, {"end", max(f.EndLine, f.Line)}}}}
	if f.Column > 0 {
		loc = jobj{{"path", name}, {"positions", jobj{
			{"begin", jobj{{"line", f.Line}, {"column", f.Column}}},
			{"end", jobj{{"line", max(f.EndLine, f.Line)}, {"column", max(f.EndColumn, 1)}}}}}}
	}
	return jobj{{"type", "issue"}, {"check_name", f.Code}, {"description", f.Message}, {"categories", jarr{"Bug Risk"}},
		{"location", loc}, {"severity", sev}}
}

// SonarQube writes SonarQube's generic issue import format:
// {"issues":[…]}, severities error→CRITICAL (type BUG), warning→MAJOR,
// info→MINOR, style→INFO (type CODE_SMELL). Columns are 0-based, as
// SonarQube counts them. The array is written issue by issue.
type SonarQube struct{ findingStreamer }

type sonarqubeFormat struct {
	t tool
	n int
}

func (s *sonarqubeFormat) begin(w *bufio.Writer) error {
	s.n = 0
	_, err := w.WriteString(`{"issues":[`)
	return err
}

func (s *sonarqubeFormat) end(w *bufio.Writer) error {
	_, err := w.WriteString("]}")
	if s.t.berth && err == nil {
		err = w.WriteByte('\n')
	}
	return err
}

func (s *sonarqubeFormat) file(w *bufio.Writer, name string, fs []Finding) error {
	for i := range fs {
		if s.n > 0 {
			w.WriteByte(',')
		}
		s.n++
		if _, err := w.Write(encodeJSON(s.issue(&fs[i], name))); err != nil {
			return err
		}
	}
	return nil
}

func (s *sonarqubeFormat) issue(f *Finding, name string) jobj {
	if f.ParseError {
		return jobj{{"engineId", s.t.name}, {"ruleId", f.Code}, {"severity", "BLOCKER"}, {"type", "BUG"},
			{"primaryLocation", jobj{{"message", strings.TrimRight(f.Message, "\n")}, {"filePath", name},
				{"textRange", jobj{{"startLine", f.Line}, {"endLine", f.Line}, {"startColumn", f.Column}, {"endColumn", f.Column}}}}}}
	}
	sev, typ := map[lint.Severity]string{lint.Error: "CRITICAL", lint.Warning: "MAJOR", lint.Info: "MINOR"}[f.Severity], "CODE_SMELL"
	if sev == "" {
		sev = "INFO"
	}
	if f.Severity == lint.Error {
		typ = "BUG"
	}
	// A finding with a line only covers the line's first character.
	endLine, startCol, endCol := f.Line, 0, 1
	if f.Column > 0 {
		endLine, startCol, endCol = max(f.EndLine, f.Line), f.Column-1, max(f.EndColumn, 1)-1
	}
	return jobj{{"engineId", s.t.name}, {"ruleId", f.Code}, {"severity", sev}, {"type", typ},
		{"primaryLocation", jobj{{"message", f.Message}, {"filePath", name},
			{"textRange", jobj{{"startLine", f.Line}, {"endLine", endLine}, {"startColumn", startCol}, {"endColumn", endCol}}}}}}
}

// JUnit writes JUnit XML in hadolint's shape: one test suite per file and
// one failed test case per finding, so that CI servers list findings as
// failed tests. Suites are written file by file.
type JUnit struct{ findingStreamer }

type junitFormat struct {
	t       tool
	started bool
}

func (j *junitFormat) testsuites() string {
	now := j.t.now().UTC()
	return xmlOpen("testsuites", [][2]string{{"id", now.Format("20060102_150405")}, {"name", now.Format(j.t.name + " run at 2006-01-02 15:04:05")}, {"time", "0.001"}})
}

func (j *junitFormat) begin(w *bufio.Writer) error {
	j.started = false
	_, err := w.WriteString(xmlDecl)
	return err
}

func (j *junitFormat) end(w *bufio.Writer) error {
	var err error
	if !j.started {
		s := j.testsuites()
		_, err = w.WriteString(s[:len(s)-1] + "/>")
	} else {
		_, err = w.WriteString("</testsuites>")
	}
	if j.t.berth && err == nil {
		err = w.WriteByte('\n')
	}
	return err
}

func (j *junitFormat) file(w *bufio.Writer, name string, fs []Finding) error {
	if !j.started {
		j.started = true
		w.WriteString(j.testsuites())
	}
	id := strings.ToLower(j.t.name)
	var kids []string
	errors := 0
	for _, f := range fs {
		if f.ParseError {
			errors++
			l, c := strconv.Itoa(f.Line), strconv.Itoa(f.Column)
			text := "Parse Error in " + name + "\nLine: " + l + "\nColumn: " + c + "\nParse Error: " + f.Detail + "\n"
			failure := xmlElem("failure", [][2]string{{"type", "error"}, {"message", "parse error at line " + l + ", column " + c}}, xmlText(text))
			kids = append(kids, xmlElem("testcase", [][2]string{{"id", id + ".error"}, {"name", f.Code}, {"time", "0.001"}}, failure))
			continue
		}
		where := "Line: " + strconv.Itoa(f.Line) + "\n"
		attrs := [][2]string{{"id", id + ".rule." + f.Code}, {"time", "0.001"}}
		if j.t.berth {
			where += "Column: " + strconv.Itoa(f.Column) + "\n"
			attrs = append(attrs, [2]string{"name", f.Code}, [2]string{"classname", name})
		}
		text := "File: " + name + "\n" + where + "Category: " + j.t.name + " - Dockerfile Static Analysis\n" + f.Severity.String() + ": " + f.Message + "\n"
		failure := xmlElem("failure", [][2]string{{"type", f.Severity.String()}, {"message", f.Message}, {"id", f.Code}}, xmlText(text))
		kids = append(kids, xmlElem("testcase", attrs, failure))
	}
	_, err := w.WriteString(xmlElem("testsuite", [][2]string{{"id", id}, {"name", j.t.name + " " + j.t.version}, {"time", "0.001"},
		{"failures", strconv.Itoa(len(kids))}, {"errors", strconv.Itoa(errors)}}, strings.Join(kids, "")))
	return err
}

// berthTool is berth writing a shared format under opts.
func berthTool(opts Options) tool {
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	return tool{name: "berth", version: opts.Version, now: now, berth: true}
}

// findings turns a file's diagnostics into Findings named path.
func findings(r *FileResult, path string) []Finding {
	pos := newPositions(r.Src)
	out := make([]Finding, 0, len(r.Diagnostics))
	for i := range r.Diagnostics {
		d := &r.Diagnostics[i]
		s := pos.span(d.Range.Start, d.Range.End)
		out = append(out, Finding{Path: path, Line: s.Line, Column: s.Column, EndLine: s.EndLine, EndColumn: s.EndColumn,
			Code: d.Code, Severity: d.Severity, Message: d.Message})
	}
	return out
}

// findingStreamer writes a FileResult through a findingFormat.
type findingStreamer struct {
	ff   findingFormat
	opts Options
	// relative names files relative to Options.Root, as CI services want.
	relative bool
}

func (s findingStreamer) begin(w *bufio.Writer) error { return s.ff.begin(w) }
func (s findingStreamer) end(w *bufio.Writer) error   { return s.ff.end(w) }

func (s findingStreamer) file(w *bufio.Writer, r *FileResult) error {
	if r.Err != nil {
		return nil
	}
	name := r.Path
	if s.relative {
		name = relPath(s.opts.Root, r.Path)
	}
	return s.ff.file(w, name, findings(r, name))
}

// Report implements Reporter.
func (g *GNU) Report(w io.Writer, results []FileResult) error { return reportAll(g, w, results) }

// Report implements Reporter.
func (c *CodeClimate) Report(w io.Writer, results []FileResult) error {
	return reportAll(c, w, results)
}

// Report implements Reporter.
func (s *SonarQube) Report(w io.Writer, results []FileResult) error { return reportAll(s, w, results) }

// Report implements Reporter.
func (j *JUnit) Report(w io.Writer, results []FileResult) error { return reportAll(j, w, results) }

// newFindingReporter returns the reporter of a format shared with
// hadolint, or nil.
func newFindingReporter(name string, opts Options) Reporter {
	t := berthTool(opts)
	switch name {
	case "gnu":
		return &GNU{findingStreamer{ff: gnuFormat{t}, opts: opts}}
	case "codeclimate":
		return &CodeClimate{findingStreamer{ff: codeclimateFormat{}, opts: opts, relative: true}}
	case "sonarqube":
		return &SonarQube{findingStreamer{ff: &sonarqubeFormat{t: t}, opts: opts, relative: true}}
	case "junit":
		return &JUnit{findingStreamer{ff: &junitFormat{t: t}, opts: opts}}
	}
	return nil
}
