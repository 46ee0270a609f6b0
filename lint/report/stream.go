package report

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"

	"golang.org/x/text/language"

	"github.com/berth-dev/berth/lint/i18n"
)

// Stream writes a report one file at a time, so that a run over thousands
// of files holds one file's findings at a time, whatever the format: the
// caller can let each FileResult go once Add returns. Every format
// streams. JSON, GitLab and SARIF write their arrays element by element;
// SARIF writes its run's results before the tool's description, whose
// rule list grows with codes met along the way (a rule outside
// Options.Rules, such as a ShellCheck code), and holds only the
// notifications of unreadable files until the end.
type Stream interface {
	// Add writes one file's findings (or, for SARIF, records that it could
	// not be read).
	Add(r FileResult) error
	// Flush writes what Add keeps (see Options.Buffered).
	Flush() error
	// Close ends the document. It must be called once, after the last Add,
	// even when there was nothing to report.
	Close() error
}

// streamer is what each format implements: the document's start, one
// file's part, and the end.
type streamer interface {
	begin(w *bufio.Writer) error
	file(w *bufio.Writer, r *FileResult) error
	end(w *bufio.Writer) error
}

// NewStream returns a Stream writing the named format (as New takes it) to
// w. Output is flushed after each file, unless opts.Buffered.
func NewStream(format string, opts Options, w io.Writer) (Stream, error) {
	r, err := New(format, opts)
	if err != nil {
		return nil, err
	}
	size := 4096 // bufio's default
	if opts.Buffered {
		size = streamBuffer
	}
	return &stream{s: r.(streamer), w: w, bw: bufio.NewWriterSize(w, size), name: formatName(r), lang: opts.Lang, path: opts.PathInReport, buffered: opts.Buffered}, nil
}

// streamBuffer is how much a buffered Stream keeps before writing.
const streamBuffer = 64 << 10

type stream struct {
	s       streamer
	w       io.Writer
	bw      *bufio.Writer
	name    string
	started bool
	lang    language.Tag
	// path is Options.PathInReport.
	path string
	// buffered is Options.Buffered.
	buffered bool
}

func (s *stream) Add(r FileResult) error {
	if !s.started {
		s.started = true
		if err := s.s.begin(s.bw); err != nil {
			return s.fail(err)
		}
	}
	r.Diagnostics = i18n.Localize(s.lang, r.Diagnostics)
	if s.path != "" {
		r.Path = s.path
	}
	if err := s.s.file(s.bw, &r); err != nil {
		return s.fail(err)
	}
	if s.buffered {
		return nil
	}
	return s.fail(s.bw.Flush())
}

func (s *stream) Flush() error { return s.fail(s.bw.Flush()) }

func (s *stream) Close() error {
	if !s.started {
		s.started = true
		if err := s.s.begin(s.bw); err != nil {
			return s.fail(err)
		}
	}
	if err := s.s.end(s.bw); err != nil {
		return s.fail(err)
	}
	return s.fail(s.bw.Flush())
}

func (s *stream) fail(err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("writing %s report: %w", s.name, err)
}

// formatName names a reporter's format in errors.
func formatName(r Reporter) string {
	switch r.(type) {
	case *Text:
		return "text"
	case *JSON:
		return "JSON"
	case *SARIF:
		return "SARIF"
	case *Checkstyle:
		return "Checkstyle"
	case *GitLab:
		return "GitLab"
	case *GitHub:
		return "GitHub"
	case *GNU:
		return "GNU"
	case *CodeClimate:
		return "Code Climate"
	case *SonarQube:
		return "SonarQube"
	case *JUnit:
		return "JUnit"
	}
	return "the"
}

// optionsOf returns a reporter's options.
func optionsOf(r Reporter) Options {
	switch r := r.(type) {
	case *Text:
		return r.opts
	case *JSON:
		return r.opts
	case *SARIF:
		return r.opts
	case *Checkstyle:
		return r.opts
	case *GitLab:
		return r.opts
	case *GitHub:
		return r.opts
	case *GNU:
		return r.opts
	case *CodeClimate:
		return r.opts
	case *SonarQube:
		return r.opts
	case *JUnit:
		return r.opts
	}
	return Options{}
}

// reportAll implements Reporter.Report with a Stream.
func reportAll(r Reporter, w io.Writer, results []FileResult) error {
	opts := optionsOf(r)
	s := &stream{s: r.(streamer), w: w, bw: bufio.NewWriter(w), name: formatName(r), lang: opts.Lang, path: opts.PathInReport}
	for i := range results {
		if err := s.Add(results[i]); err != nil {
			return err
		}
	}
	return s.Close()
}

// jsonArray writes a JSON array element by element, indented as
// json.Encoder with SetIndent(prefix, "  ") would write the whole array.
type jsonArray struct {
	prefix string
	n      int
	buf    bytes.Buffer
	enc    *json.Encoder
}

func newJSONArray(prefix string) *jsonArray {
	a := &jsonArray{prefix: prefix}
	a.enc = json.NewEncoder(&a.buf)
	a.enc.SetEscapeHTML(false)
	a.enc.SetIndent(prefix+"  ", "  ")
	return a
}

// add writes one element.
func (a *jsonArray) add(w *bufio.Writer, v any) error {
	a.buf.Reset()
	if err := a.enc.Encode(v); err != nil {
		return err
	}
	if a.n == 0 {
		w.WriteString("[\n")
	} else {
		w.WriteString(",\n")
	}
	a.n++
	w.WriteString(a.prefix + "  ")
	_, err := w.Write(bytes.TrimSuffix(a.buf.Bytes(), []byte("\n")))
	return err
}

// close ends the array (without a line break after it).
func (a *jsonArray) close(w *bufio.Writer) error {
	if a.n == 0 {
		_, err := w.WriteString("[]")
		return err
	}
	_, err := w.WriteString("\n" + a.prefix + "]")
	return err
}
