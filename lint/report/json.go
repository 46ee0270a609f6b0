package report

import (
	"bufio"
	"io"
)

// JSON writes a single array with one object per finding, using
// hadolint's field names (file, line, column, level, code, message) plus
// the end of the range and the preferred fix:
//
//	[{"file": "Dockerfile", "line": 3, "column": 1, "endLine": 3,
//	  "endColumn": 11, "level": "error", "code": "DL4000", "message": "…",
//	  "fix": {"title": "…", "safe": true, "edits": [{"line": 3, …, "newText": "…"}]}}]
//
// Columns count characters; end columns are those just after the range.
// A clean run writes []. The array is written finding by finding (see
// Stream).
type JSON struct {
	opts Options
	arr  *jsonArray
}

type jsonFinding struct {
	File      string   `json:"file"`
	Line      int      `json:"line"`
	Column    int      `json:"column"`
	EndLine   int      `json:"endLine"`
	EndColumn int      `json:"endColumn"`
	Level     string   `json:"level"`
	Code      string   `json:"code"`
	Message   string   `json:"message"`
	Fix       *jsonFix `json:"fix,omitempty"`
}

type jsonFix struct {
	Title string     `json:"title"`
	Safe  bool       `json:"safe"`
	Edits []jsonEdit `json:"edits"`
}

type jsonEdit struct {
	Line      int    `json:"line"`
	Column    int    `json:"column"`
	EndLine   int    `json:"endLine"`
	EndColumn int    `json:"endColumn"`
	NewText   string `json:"newText"`
}

// Report implements Reporter.
func (j *JSON) Report(w io.Writer, results []FileResult) error { return reportAll(j, w, results) }

func (j *JSON) begin(*bufio.Writer) error {
	j.arr = newJSONArray("")
	return nil
}

func (j *JSON) file(w *bufio.Writer, r *FileResult) error {
	if r.Err != nil {
		return nil
	}
	pos := newPositions(r.Src)
	for i := range r.Diagnostics {
		d := &r.Diagnostics[i]
		s := pos.span(d.Range.Start, d.Range.End)
		f := jsonFinding{
			File: r.Path, Line: s.Line, Column: s.Column, EndLine: s.EndLine, EndColumn: s.EndColumn,
			Level: d.Severity.String(), Code: d.Code, Message: d.Message,
		}
		if fix := preferredFix(d); fix != nil {
			jf := &jsonFix{Title: fix.Title, Safe: fix.Safe, Edits: []jsonEdit{}}
			for _, e := range fix.Edits {
				es := pos.span(e.Range.Start, e.Range.End)
				jf.Edits = append(jf.Edits, jsonEdit{es.Line, es.Column, es.EndLine, es.EndColumn, e.NewText})
			}
			f.Fix = jf
		}
		if err := j.arr.add(w, f); err != nil {
			return err
		}
	}
	return nil
}

func (j *JSON) end(w *bufio.Writer) error {
	if err := j.arr.close(w); err != nil {
		return err
	}
	return w.WriteByte('\n')
}
