package report

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"strings"

	"github.com/berth-dev/berth/lint"
)

// GitLab writes a GitLab Code Quality report: a JSON array of issues in the
// Code Climate shape GitLab reads (description, check_name, fingerprint,
// severity, location.path, location.lines.begin).
//
// Severities map error→critical, warning→major, info→minor, style→info.
// The fingerprint hashes the path, the code, the message and the text of
// the flagged lines (not their numbers), plus a counter for repeats, so an
// issue keeps its fingerprint when lines above it move. The array is
// written issue by issue (see Stream).
type GitLab struct {
	opts Options
	arr  *jsonArray
}

type gitlabIssue struct {
	Type        string         `json:"type"`
	CheckName   string         `json:"check_name"`
	Description string         `json:"description"`
	Severity    string         `json:"severity"`
	Fingerprint string         `json:"fingerprint"`
	Location    gitlabLocation `json:"location"`
}

type gitlabLocation struct {
	Path  string      `json:"path"`
	Lines gitlabLines `json:"lines"`
}

type gitlabLines struct {
	Begin int `json:"begin"`
	End   int `json:"end"`
}

func gitlabSeverity(s lint.Severity) string {
	switch s {
	case lint.Error:
		return "critical"
	case lint.Warning:
		return "major"
	case lint.Info:
		return "minor"
	}
	return "info"
}

// Report implements Reporter.
func (g *GitLab) Report(w io.Writer, results []FileResult) error { return reportAll(g, w, results) }

func (g *GitLab) begin(*bufio.Writer) error {
	g.arr = newJSONArray("")
	return nil
}

func (g *GitLab) file(w *bufio.Writer, r *FileResult) error {
	if r.Err != nil {
		return nil
	}
	path := relPath(g.opts.Root, r.Path)
	pos := newPositions(r.Src)
	seen := map[string]int{}
	for i := range r.Diagnostics {
		d := &r.Diagnostics[i]
		s := pos.span(d.Range.Start, d.Range.End)
		key := strings.Join([]string{path, d.Code, d.Message, lineText(r.Src, pos, s)}, "\x00")
		n := seen[key]
		seen[key]++
		sum := sha256.Sum256(fmt.Appendf(nil, "%s\x00%d", key, n))
		err := g.arr.add(w, gitlabIssue{
			Type:        "issue",
			CheckName:   d.Code,
			Description: d.Message,
			Severity:    gitlabSeverity(d.Severity),
			Fingerprint: hex.EncodeToString(sum[:16]),
			Location:    gitlabLocation{Path: path, Lines: gitlabLines{Begin: s.Line, End: s.EndLine}},
		})
		if err != nil {
			return err
		}
	}
	return nil
}

func (g *GitLab) end(w *bufio.Writer) error {
	if err := g.arr.close(w); err != nil {
		return err
	}
	return w.WriteByte('\n')
}

// lineText returns the text of the lines a span covers, each trimmed of
// surrounding white space.
func lineText(src []byte, pos *positions, s span) string {
	start := pos.lines[s.Line-1]
	end := len(src)
	if s.EndLine < len(pos.lines) {
		end = pos.lines[s.EndLine]
	}
	var b strings.Builder
	for l := range strings.Lines(string(src[start:end])) {
		b.WriteString(strings.TrimSpace(l))
		b.WriteByte('\n')
	}
	return b.String()
}
