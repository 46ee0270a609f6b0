// Package report renders lint results for people and machines: text for a
// terminal, JSON, SARIF 2.1.0, Checkstyle XML, GitLab Code Quality, GitHub
// workflow commands, and the formats shared with hadolint: GNU error
// lines, Code Climate, SonarQube's generic issues and JUnit XML (see
// WriteHadolint for hadolint's own shapes). Each format is one Reporter in a file of its
// own; the CLI picks one by name with New.
//
// Reporters convert the engine's byte offsets to 1-based lines and columns
// counted in characters (Unicode code points), the way editors show them.
package report

import (
	"bytes"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/language"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/syntax"
)

// FileResult is the outcome of linting one file.
type FileResult struct {
	// Path names the file as the user gave it ("-" for stdin without
	// --stdin-filename).
	Path string
	// Src is the text the diagnostics' byte ranges index into.
	Src []byte
	// Diagnostics are the findings, sorted by position.
	Diagnostics []lint.Diagnostic
	// Err is set when the file could not be read; such a file has no
	// diagnostics. The CLI prints it on stderr; reporters skip it, except
	// SARIF, which records it as a tool execution notification.
	Err error
}

// Options configures a reporter.
type Options struct {
	// Rules describe the rules that ran (SARIF lists them as the tool's
	// rules); diagnostics with codes not among them are still reported.
	Rules []*lint.Rule
	// Color turns on ANSI colours in the text format.
	Color bool
	// Version is berth's version, recorded in SARIF.
	Version string
	// Root is the folder that formats needing relative paths (SARIF,
	// GitLab, GitHub) make paths relative to; usually the working folder.
	// Paths outside it stay absolute.
	Root string
	// Lang is the language of messages, fix titles and rule titles (see
	// lint/i18n); the zero value is English. Field names, codes and
	// severities never change with it.
	Lang language.Tag
	// PathInReport, when set, replaces every file's name in the report,
	// whatever the format (hadolint's --file-path-in-report), for a file
	// linted from stdin or in a container whose paths differ from the
	// repository's.
	PathInReport string
	// Now is the clock of the JUnit format's timestamp; nil is time.Now.
	Now func() time.Time
	// Buffered lets a Stream keep the parts of several files (up to 64
	// KiB) before writing them, for output nobody reads file by file (a
	// pipe, a file): one write call per file was one per file with
	// findings, 5,500 for the corpus. Flush and Close write the rest.
	Buffered bool
}

// Reporter writes results in one format.
type Reporter interface {
	// Report writes every result to w, in the order given.
	Report(w io.Writer, results []FileResult) error
}

// Formats lists the format names New accepts, the default first.
var Formats = []string{"text", "json", "sarif", "checkstyle", "gitlab", "github", "gnu", "codeclimate", "sonarqube", "junit"}

// aliases maps other spellings of format names (hadolint's among them)
// to ours.
var aliases = map[string]string{
	"tty":                "text",
	"gitlab_codeclimate": "gitlab",
	"codequality":        "gitlab",
}

// New returns the reporter for a format name from Formats (or an alias
// such as hadolint's "tty").
func New(format string, opts Options) (Reporter, error) {
	name := strings.ToLower(strings.TrimSpace(format))
	if a, ok := aliases[name]; ok {
		name = a
	}
	switch name {
	case "text":
		return &Text{opts: opts}, nil
	case "json":
		return &JSON{opts: opts}, nil
	case "sarif":
		return &SARIF{opts: opts}, nil
	case "checkstyle":
		return &Checkstyle{opts: opts}, nil
	case "gitlab":
		return &GitLab{opts: opts}, nil
	case "github":
		return &GitHub{opts: opts}, nil
	}
	if r := newFindingReporter(name, opts); r != nil {
		return r, nil
	}
	return nil, fmt.Errorf("unknown format %q: use %s", format, strings.Join(Formats, ", "))
}

// positions converts byte offsets of one source to 1-based lines and
// character columns. A byte order mark does not count as a column.
type positions struct {
	src   []byte
	lines []int // byte offset of the start of each line
	marks []runeMark
}

func newPositions(src []byte) *positions {
	return &positions{src: src, lines: syntax.LineStarts(src)}
}

var bom = []byte("\uFEFF")

// at returns the 1-based line and character column of byte offset off,
// clamped to the source.
func (p *positions) at(off int) (line, col int) {
	off = max(0, min(off, len(p.src)))
	l, _ := slices.BinarySearch(p.lines, off+1)
	l-- // the last line starting at or before off
	start := p.lines[l]
	if start == 0 && bytes.HasPrefix(p.src, bom) {
		start = min(3, off)
	}
	return l + 1, p.runesBetween(start, off) + 1
}

// markStride is the distance between the marks of positions and of
// lsp.Mapper.
const markStride = 1024

// runesBetween counts the characters of src[start:off], where start is
// the start of a line (or just past a byte order mark). Counting from the
// line's start for every finding costs the square of a long line (one RUN
// of 20,000 commands joined by &&), so beyond markStride bytes it counts
// from the last mark before off: marks, made once, hold the count of
// characters before every markStride-th byte (moved back to the start of
// a character), and counts add up across character boundaries.
func (p *positions) runesBetween(start, off int) int {
	if off-start <= markStride {
		return utf8.RuneCount(p.src[start:off])
	}
	return p.runesBefore(off) - p.runesBefore(start)
}

// runesBefore counts the characters of src[:off].
func (p *positions) runesBefore(off int) int {
	if p.marks == nil {
		at, n := 0, 0
		for at < len(p.src) {
			next := min(at+markStride, len(p.src))
			for next < len(p.src) && next > at+1 && !utf8.RuneStart(p.src[next]) {
				next--
			}
			p.marks = append(p.marks, runeMark{at, n})
			n += utf8.RuneCount(p.src[at:next])
			at = next
		}
		p.marks = append(p.marks, runeMark{len(p.src), n})
	}
	j := sort.Search(len(p.marks), func(j int) bool { return p.marks[j].off > off }) - 1
	m := p.marks[max(j, 0)]
	return m.runes + utf8.RuneCount(p.src[m.off:off])
}

// runeMark is a mark of positions: the count of characters before off.
type runeMark struct{ off, runes int }

// span is a diagnostic's or an edit's range in lines and columns; the end
// column is that of the character just after the range.
type span struct {
	Line, Column, EndLine, EndColumn int
}

func (p *positions) span(start, end int) span {
	var s span
	s.Line, s.Column = p.at(start)
	s.EndLine, s.EndColumn = p.at(end)
	return s
}

// relPath returns path relative to root, with forward slashes, when path
// lies under root; otherwise the cleaned path, also with forward slashes.
func relPath(root, path string) string {
	if path == "-" || path == "" {
		return path
	}
	if filepath.IsAbs(path) && root != "" {
		if absRoot, err := filepath.Abs(root); err == nil {
			if rel, err := filepath.Rel(absRoot, path); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
				path = rel
			}
		}
	}
	return filepath.ToSlash(filepath.Clean(path))
}

// uri turns a path into a URI reference: relative paths stay relative,
// absolute ones become file URIs.
func uri(root, path string) string {
	p := relPath(root, path)
	if filepath.IsAbs(filepath.FromSlash(p)) {
		if !strings.HasPrefix(p, "/") {
			p = "/" + p // a Windows drive path
		}
		return (&url.URL{Scheme: "file", Path: p}).String()
	}
	return (&url.URL{Path: p}).String()
}

// preferredFix returns the diagnostic's first fix, or nil.
func preferredFix(d *lint.Diagnostic) *lint.Fix {
	if len(d.Fixes) == 0 {
		return nil
	}
	return &d.Fixes[0]
}

// ruleIndex maps rule codes to rules.
func ruleIndex(rules []*lint.Rule) map[string]*lint.Rule {
	m := make(map[string]*lint.Rule, len(rules))
	for _, r := range rules {
		m[r.Code] = r
	}
	return m
}

// FirstParagraph returns the first paragraph of a rule's Markdown
// documentation after its title heading, joined into one line.
func FirstParagraph(doc string) string {
	var para []string
	for line := range strings.Lines(doc) {
		line = strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(line, "#") && len(para) == 0:
			continue
		case line == "":
			if len(para) > 0 {
				return strings.Join(para, " ")
			}
			continue
		case strings.HasPrefix(line, "#"):
			return strings.Join(para, " ")
		}
		para = append(para, line)
	}
	return strings.Join(para, " ")
}
