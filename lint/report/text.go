package report

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"

	"golang.org/x/text/language"

	"github.com/berth-dev/berth/internal/safeio"
	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/i18n"
)

// ANSI escape sequences for the text format (hadolint's colours).
const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiRed    = "\x1b[1;31m"
	ansiYellow = "\x1b[1;33m"
	ansiGreen  = "\x1b[92m"
	ansiCyan   = "\x1b[36m"
)

// FixMarker follows the code of a finding that "berth lint --fix" can fix.
const FixMarker = "[*]"

// Text writes one line per finding, for people and for editors' error
// matchers:
//
//	Dockerfile:3:1: error DL4000 [*] MAINTAINER is deprecated
//
// The column counts characters. Extra lines of a multi-line message follow,
// indented by four spaces. The summary goes separately (see Summarize), so
// that the findings alone are on stdout.
type Text struct{ opts Options }

// Report implements Reporter.
func (t *Text) Report(w io.Writer, results []FileResult) error { return reportAll(t, w, results) }

func (t *Text) begin(*bufio.Writer) error { return nil }

func (t *Text) end(*bufio.Writer) error { return nil }

func (t *Text) file(bw *bufio.Writer, r *FileResult) error {
	if r.Err != nil || len(r.Diagnostics) == 0 {
		return nil
	}
	pos := newPositions(r.Src)
	path := safeio.Printable(r.Path)
	var num [20]byte
	for i := range r.Diagnostics {
		d := &r.Diagnostics[i]
		line, col := pos.at(d.Range.Start)
		first, rest, _ := strings.Cut(sanitize(d.Message), "\n")
		marker := ""
		if safeFix(d) != nil {
			marker = " " + t.paint(ansiCyan, FixMarker)
		}
		// "%s:%d:%d: %s %s%s %s\n", written piece by piece: Fprintf
		// boxed each piece, four allocations a finding.
		bw.WriteString(t.paint(ansiBold, path))
		bw.WriteByte(':')
		bw.Write(strconv.AppendInt(num[:0], int64(line), 10))
		bw.WriteByte(':')
		bw.Write(strconv.AppendInt(num[:0], int64(col), 10))
		bw.WriteString(": ")
		bw.WriteString(t.paint(severityColor(d.Severity), severityWord(t.opts.Lang, d.Severity)))
		bw.WriteByte(' ')
		bw.WriteString(t.paint(ansiBold, d.Code))
		bw.WriteString(marker)
		bw.WriteByte(' ')
		bw.WriteString(first)
		bw.WriteByte('\n')
		for l := range strings.Lines(rest) {
			bw.WriteString("    ")
			bw.WriteString(strings.TrimRight(l, "\r\n"))
			bw.WriteByte('\n')
		}
	}
	return nil
}

// sanitize escapes control characters other than tab and newline, so that
// text taken from a file cannot drive the terminal. Messages keep their
// line breaks; paths are escaped whole with safeio.Printable.
func sanitize(s string) string {
	if !strings.ContainsFunc(s, isControl) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if isControl(r) {
			fmt.Fprintf(&b, "\\x%02x", r)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func isControl(r rune) bool {
	return r < 0x20 && r != '\t' && r != '\n' || r >= 0x7f && r < 0xa0
}

func (t *Text) paint(color, s string) string { return paint(t.opts.Color, color, s) }

func paint(on bool, color, s string) string {
	if !on || color == "" {
		return s
	}
	return color + s + ansiReset
}

// severityWord names a severity for people: the English word (as in
// json's "level"), or its Spanish form from docs/glosario.md. Only the
// text format speaks it; machine fields keep the English word.
func severityWord(lang language.Tag, s lint.Severity) string {
	if !i18n.IsEnglish(lang) {
		switch s {
		case lint.Error:
			return "error"
		case lint.Warning:
			return "advertencia"
		case lint.Info:
			return "información"
		case lint.Style:
			return "estilo"
		}
	}
	return s.String()
}

func severityColor(s lint.Severity) string {
	switch s {
	case lint.Error:
		return ansiRed
	case lint.Warning:
		return ansiYellow
	case lint.Info:
		return ansiGreen
	case lint.Style:
		return ansiCyan
	}
	return ""
}

// safeFix returns the fix "berth lint --fix" would apply for d (the first
// safe one, as lint.SelectFixes picks), or nil.
func safeFix(d *lint.Diagnostic) *lint.Fix {
	for i := range d.Fixes {
		if d.Fixes[i].Safe {
			return &d.Fixes[i]
		}
	}
	return nil
}

// Summary counts the findings of a run.
type Summary struct {
	// Problems is the number of findings; Files the number of files with
	// at least one.
	Problems, Files int
	// BySeverity counts findings by severity (indexed by lint.Severity).
	BySeverity [lint.Error + 1]int
	// Fixable counts findings that --fix fixes; UnsafeFixable those that
	// only --fix --unsafe-fixes fixes.
	Fixable, UnsafeFixable int
	// Lang is the language Write speaks; the zero value is English.
	Lang language.Tag
}

// Summarize counts the findings of results.
func Summarize(results []FileResult) Summary {
	var s Summary
	for _, r := range results {
		s.Add(r)
	}
	return s
}

// Add counts the findings of one more file.
func (s *Summary) Add(r FileResult) {
	if len(r.Diagnostics) > 0 {
		s.Files++
	}
	for i := range r.Diagnostics {
		d := &r.Diagnostics[i]
		s.Problems++
		if d.Severity >= 0 && int(d.Severity) < len(s.BySeverity) {
			s.BySeverity[d.Severity]++
		}
		switch {
		case safeFix(d) != nil:
			s.Fixable++
		case len(d.Fixes) > 0:
			s.UnsafeFixable++
		}
	}
}

// Write prints the summary for people, such as
//
//	Found 3 problems (1 error, 2 warnings) in 2 files.
//	[*] 2 fixable with --fix (1 more with --fix --unsafe-fixes).
//
// and nothing when there is no finding.
func (s Summary) Write(w io.Writer, color bool) error {
	if s.Problems == 0 {
		return nil
	}
	if !i18n.IsEnglish(s.Lang) {
		return s.writeSpanish(w, color)
	}
	var parts []string
	for sev := lint.Error; sev > lint.Off; sev-- {
		if n := s.BySeverity[sev]; n > 0 {
			parts = append(parts, paint(color, severityColor(sev), plural(n, sev.String())))
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Found %s (%s) in %s.\n", plural(s.Problems, "problem"), strings.Join(parts, ", "), plural(s.Files, "file"))
	switch {
	case s.Fixable > 0 && s.UnsafeFixable > 0:
		fmt.Fprintf(&b, "%s %d fixable with --fix (%d more with --fix --unsafe-fixes).\n", paint(color, ansiCyan, FixMarker), s.Fixable, s.UnsafeFixable)
	case s.Fixable > 0:
		fmt.Fprintf(&b, "%s %d fixable with --fix.\n", paint(color, ansiCyan, FixMarker), s.Fixable)
	case s.UnsafeFixable > 0:
		fmt.Fprintf(&b, "%d fixable with --fix --unsafe-fixes.\n", s.UnsafeFixable)
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("writing summary: %w", err)
	}
	return nil
}

func plural(n int, word string) string {
	if n == 1 || word == "info" || word == "style" {
		return fmt.Sprintf("%d %s", n, word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// writeSpanish is Write in Spanish.
func (s Summary) writeSpanish(w io.Writer, color bool) error {
	words := map[lint.Severity][2]string{
		lint.Error: {"error", "errores"}, lint.Warning: {"advertencia", "advertencias"},
		lint.Info: {"de información", "de información"}, lint.Style: {"de estilo", "de estilo"},
	}
	count := func(n int, forms [2]string) string {
		if n == 1 {
			return fmt.Sprintf("%d %s", n, forms[0])
		}
		return fmt.Sprintf("%d %s", n, forms[1])
	}
	var parts []string
	for sev := lint.Error; sev > lint.Off; sev-- {
		if n := s.BySeverity[sev]; n > 0 {
			parts = append(parts, paint(color, severityColor(sev), count(n, words[sev])))
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s) en %s.\n", count(s.Problems, [2]string{"problema encontrado", "problemas encontrados"}), strings.Join(parts, ", "), count(s.Files, [2]string{"archivo", "archivos"}))
	switch {
	case s.Fixable > 0 && s.UnsafeFixable > 0:
		fmt.Fprintf(&b, "%s %d %s con --fix (%d más con --fix --unsafe-fixes).\n", paint(color, ansiCyan, FixMarker), s.Fixable, fixable(s.Fixable), s.UnsafeFixable)
	case s.Fixable > 0:
		fmt.Fprintf(&b, "%s %d %s con --fix.\n", paint(color, ansiCyan, FixMarker), s.Fixable, fixable(s.Fixable))
	case s.UnsafeFixable > 0:
		fmt.Fprintf(&b, "%d %s con --fix --unsafe-fixes.\n", s.UnsafeFixable, fixable(s.UnsafeFixable))
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("writing summary: %w", err)
	}
	return nil
}

func fixable(n int) string {
	if n == 1 {
		return "se puede corregir"
	}
	return "se pueden corregir"
}
