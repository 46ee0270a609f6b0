package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/syntax"
)

// bigResult is one file of about 64 KB with 400 findings, each with a
// fix: what a run over a large repository reports per file.
func bigResult(i int) FileResult {
	line := fmt.Sprintf("RUN echo %d %s\n", i, strings.Repeat("x", 140))
	src := []byte("FROM alpine:3.19\n" + strings.Repeat(line, 400))
	r := FileResult{Path: fmt.Sprintf("dir%d/Dockerfile", i), Src: src}
	for j := range 400 {
		start := 17 + j*len(line)
		r.Diagnostics = append(r.Diagnostics, lint.Diagnostic{
			Code: "DL3059", Severity: lint.Info,
			Range:   syntax.Range{Start: start, End: start + len(line) - 1},
			Message: fmt.Sprintf("multiple consecutive RUN instructions (%d of file %d); %s", j, i, strings.Repeat("consider consolidation ", 4)),
			Fixes: []lint.Fix{{Title: "join them", Safe: false, Edits: []lint.Edit{
				{Range: syntax.Range{Start: start, End: start + 3}, NewText: "    "},
			}}},
		})
	}
	if i%50 == 7 {
		r.Diagnostics[0].Code = fmt.Sprintf("SC%04d", 2000+i) // a code outside the rules
	}
	return r
}

// heapAfterGC returns the live heap.
func heapAfterGC() uint64 {
	var m runtime.MemStats
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// TestStreamMemoryFlat: a Stream does not hold on to what it was given.
// The live heap after n files, with each file let go once added, does not
// grow with n (it used to: the CLI kept every file's results for the
// document written at the end, 94 MB of input running out of memory).
func TestStreamMemoryFlat(t *testing.T) {
	if testing.Short() {
		t.Skip("generates 64 MB")
	}
	for _, format := range []string{"text", "json", "sarif", "checkstyle", "gitlab", "github"} {
		t.Run(format, func(t *testing.T) {
			live := func(n int) uint64 {
				s, err := NewStream(format, Options{Rules: testRules, Root: "/abs/root"}, io.Discard)
				if err != nil {
					t.Fatal(err)
				}
				base := heapAfterGC()
				for i := range n {
					if err := s.Add(bigResult(i)); err != nil {
						t.Fatal(err)
					}
				}
				grown := heapAfterGC()
				if err := s.Close(); err != nil {
					t.Fatal(err)
				}
				if grown < base {
					return 0
				}
				return grown - base
			}
			// Each file is about 64 KB of text and 400 findings (some
			// 200 KB in memory): keeping them would grow the heap by 6 MB
			// over 25 files and 25 MB over 100.
			small, large := live(25), live(100)
			t.Logf("%s: live heap grew by %d KB over 25 files, %d KB over 100", format, small>>10, large>>10)
			if large > 2<<20 {
				t.Errorf("%s: the live heap grew by %d KB over 100 files; a stream should hold one file at a time", format, large>>10)
			}
		})
	}
}

// TestStreamSameAsReport: streaming writes what Report writes, and a
// streamed document is valid.
func TestStreamSameAsReport(t *testing.T) {
	results := []FileResult{bigResult(7), bigResult(8), {Path: "gone", Err: fmt.Errorf("gone")}}
	opts := Options{Rules: testRules, Now: func() time.Time { return time.Date(2026, 8, 7, 13, 4, 5, 0, time.UTC) }}
	for _, format := range []string{"text", "json", "sarif", "checkstyle", "gitlab", "github", "gnu", "codeclimate", "sonarqube", "junit"} {
		var streamed bytes.Buffer
		s, err := NewStream(format, opts, &streamed)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range results {
			if err := s.Add(r); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		if got, want := streamed.String(), string(render(t, format, opts, results)); got != want {
			t.Errorf("%s: the stream differs from Report", format)
		}
		switch format {
		case "json", "sarif", "gitlab", "sonarqube":
			if !json.Valid(streamed.Bytes()) {
				t.Errorf("%s: invalid JSON", format)
			}
		}
	}
	// An empty stream is a complete document.
	for format, want := range map[string]string{"json": "[]\n", "gitlab": "[]\n", "text": "", "sonarqube": "{\"issues\":[]}\n",
		"junit": `<?xml version="1.0" encoding="UTF-8"?><testsuites id="20260807_130405" name="berth run at 2026-08-07 13:04:05" time="0.001"/>` + "\n"} {
		var buf bytes.Buffer
		s, _ := NewStream(format, opts, &buf)
		if err := s.Close(); err != nil || buf.String() != want {
			t.Errorf("%s: empty stream wrote %q, %v; want %q", format, buf.String(), err, want)
		}
	}
	var buf bytes.Buffer
	s, _ := NewStream("sarif", Options{}, &buf)
	var log struct {
		Runs []struct {
			Results []any `json:"results"`
		} `json:"runs"`
	}
	if err := s.Close(); err != nil || json.Unmarshal(buf.Bytes(), &log) != nil || len(log.Runs) != 1 || log.Runs[0].Results == nil {
		t.Errorf("sarif: empty stream wrote %q, %v", buf.String(), err)
	}
}
