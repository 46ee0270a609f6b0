package report

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/syntax"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// testRules stand in for the real rules so that these tests do not move
// when rules change.
var testRules = []*lint.Rule{
	{
		Code: "DL4000", Name: "maintainer-deprecated", Aliases: []string{"MaintainerDeprecated"},
		Title: "MAINTAINER is deprecated", Severity: lint.Error, Fix: lint.AlwaysFix,
		Doc: "# DL4000: MAINTAINER is deprecated\n\nReports the `MAINTAINER` instruction,\nwhich the builder deprecated.\n\n## Why\n\nLabels are better.\n",
		URL: "https://example.com/DL4000.md",
	},
	{
		Code: "DL3006", Name: "untagged-image", Title: "Tag the image explicitly", Severity: lint.Warning,
		Doc: "# DL3006\n\nAn image without a tag.\n",
	},
	{Code: "BR001", Name: "pin-digest", Title: "Pin base images by digest", Severity: lint.Info, OptIn: true, Fix: lint.SometimesFix},
}

// at finds the byte range of the n-th (0-based) occurrence of sub in src.
func at(t *testing.T, src, sub string, n int) syntax.Range {
	t.Helper()
	off := 0
	for i := 0; ; i++ {
		j := strings.Index(src[off:], sub)
		if j < 0 {
			t.Fatalf("%q not found %d times", sub, n+1)
		}
		if i == n {
			return syntax.Range{Start: off + j, End: off + j + len(sub)}
		}
		off += j + len(sub)
	}
}

// sample builds results that exercise every reporter: fixes safe and
// unsafe, non-ASCII text, a byte order mark with CRLF line ends, a
// multi-line message, a clean file, an unreadable one and characters that
// need escaping.
func sample(t *testing.T) []FileResult {
	a := "FROM ubuntu\nMAINTAINER \"Zoë <zoe@example.com>\"\nRUN echo ok\n"
	b := "\uFEFFFROM scratch\r\nLABEL x=\"日本語\" y=1\r\nRUN true\r\n"
	return []FileResult{
		{
			Path: "app/Dockerfile",
			Src:  []byte(a),
			Diagnostics: []lint.Diagnostic{
				{Code: "DL3006", Severity: lint.Warning, Range: at(t, a, "ubuntu", 0),
					Message: `always tag the version of an image explicitly: "ubuntu"`,
					Fixes:   []lint.Fix{{Title: "Tag the image as ubuntu:latest", Edits: []lint.Edit{{Range: syntax.Range{Start: 11, End: 11}, NewText: ":latest"}}}}},
				{Code: "DL4000", Severity: lint.Error, Range: at(t, a, "MAINTAINER", 0),
					Message: "MAINTAINER is deprecated: record the author in a label",
					Fixes:   []lint.Fix{{Title: "Replace with LABEL", Safe: true, Edits: []lint.Edit{{Range: at(t, a, "MAINTAINER \"Zoë <zoe@example.com>\"", 0), NewText: "LABEL org.opencontainers.image.authors=\"Zoë <zoe@example.com>\""}}}}},
				{Code: "BR900", Severity: lint.Error, Range: syntax.Range{Start: 0, End: len(a) - 1},
					Message: "internal error in rule X: boom, 50% done, a:b (please report this bug)\ngoroutine 1\n\tmain.go:1"},
			},
		},
		{
			Path: "/abs/root/sub/x.Dockerfile",
			Src:  []byte(b),
			Diagnostics: []lint.Diagnostic{
				{Code: "BR001", Severity: lint.Info, Range: at(t, b, "scratch", 0), Message: "pin <scratch> & friends"},
				{Code: "DL3006", Severity: lint.Style, Range: at(t, b, "y=1", 0), Message: "style after 日本語"},
			},
		},
		{Path: "clean/Dockerfile", Src: []byte("FROM alpine:3\n")},
		{Path: "missing/Dockerfile", Err: errors.New("open missing/Dockerfile: no such file or directory")},
	}
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from %s (run go test -update to accept):\n%s", name, path, got)
	}
}

func render(t *testing.T, format string, opts Options, results []FileResult) []byte {
	t.Helper()
	r, err := New(format, opts)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := r.Report(&buf, results); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestGolden(t *testing.T) {
	opts := Options{Rules: testRules, Version: "v0.0.0-test", Root: "/abs/root"}
	opts.Now = func() time.Time { return time.Date(2026, 8, 7, 13, 4, 5, 0, time.UTC) }
	color := opts
	color.Color = true
	pathInReport := opts
	pathInReport.PathInReport = "src/Dockerfile"
	for _, tc := range []struct {
		name, format string
		opts         Options
	}{
		{"text", "text", opts},
		{"text-color", "tty", color},
		{"json", "json", opts},
		{"sarif", "sarif", opts},
		{"checkstyle", "checkstyle", opts},
		{"gitlab", "gitlab", opts},
		{"github", "github", opts},
		{"gnu", "gnu", opts},
		{"codeclimate", "codeclimate", opts},
		{"sonarqube", "sonarqube", opts},
		{"junit", "junit", opts},
		{"sonarqube-path", "sonarqube", pathInReport},
	} {
		t.Run(tc.name, func(t *testing.T) {
			golden(t, tc.name, render(t, tc.format, tc.opts, sample(t)))
		})
	}
	t.Run("summary", func(t *testing.T) {
		var buf bytes.Buffer
		s := Summarize(sample(t))
		if err := s.Write(&buf, false); err != nil {
			t.Fatal(err)
		}
		golden(t, "summary", buf.Bytes())
	})
}

// TestClean checks what each format writes when there is nothing to
// report.
func TestClean(t *testing.T) {
	clean := []FileResult{{Path: "Dockerfile", Src: []byte("FROM alpine:3\n")}}
	want := map[string]string{
		"text":        "",
		"json":        "[]\n",
		"gitlab":      "[]\n",
		"github":      "",
		"checkstyle":  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle version=\"4.3\">\n  <file name=\"Dockerfile\">\n  </file>\n</checkstyle>\n",
		"gnu":         "",
		"codeclimate": "",
		"sonarqube":   "{\"issues\":[]}\n",
	}
	for format, w := range want {
		if got := string(render(t, format, Options{}, clean)); got != w {
			t.Errorf("%s: got %q, want %q", format, got, w)
		}
	}
	var log struct {
		Runs []struct {
			Results []any `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(render(t, "sarif", Options{}, clean), &log); err != nil || len(log.Runs) != 1 || log.Runs[0].Results == nil {
		t.Errorf("sarif: want one run with an empty results array, got %+v (%v)", log, err)
	}
	var buf bytes.Buffer
	if err := Summarize(clean).Write(&buf, false); err != nil || buf.Len() != 0 {
		t.Errorf("summary of a clean run: got %q, %v", buf.String(), err)
	}
}

func TestUnknownFormat(t *testing.T) {
	if _, err := New("xml", Options{}); err == nil || !strings.Contains(err.Error(), "sarif") {
		t.Errorf("New(xml) = %v, want an error listing the formats", err)
	}
	for _, f := range append(Formats, "tty", "TEXT", "gitlab_codeclimate") {
		if _, err := New(f, Options{}); err != nil {
			t.Errorf("New(%q): %v", f, err)
		}
	}
}

// TestSARIFSchema validates the SARIF output against the official schema.
func TestSARIFSchema(t *testing.T) {
	const schemaPath = "../../../shared/schemas/sarif-schema-2.1.0.json"
	f, err := os.Open(schemaPath)
	if err != nil {
		t.Skipf("no SARIF schema: %v", err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource("sarif.json", doc); err != nil {
		t.Fatal(err)
	}
	schema, err := c.Compile("sarif.json")
	if err != nil {
		t.Fatal(err)
	}
	for name, results := range map[string][]FileResult{
		"sample": sample(t),
		"clean":  {{Path: "Dockerfile", Src: []byte("FROM alpine:3\n")}},
		"none":   nil,
	} {
		out := render(t, "sarif", Options{Rules: testRules, Version: "1.0.0", Root: "/abs/root"}, results)
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(out))
		if err != nil {
			t.Fatal(err)
		}
		if err := schema.Validate(inst); err != nil {
			t.Errorf("%s: SARIF output does not match the schema: %v", name, err)
		}
	}
}

func TestPositions(t *testing.T) {
	src := []byte("\uFEFFab\r\nçd😀x\n\nz")
	p := newPositions(src)
	for _, tc := range []struct {
		off, line, col int
	}{
		{0, 1, 1}, {3, 1, 1}, {4, 1, 2}, {5, 1, 3}, {6, 1, 4}, // BOM is not a column; \r is
		{7, 2, 1}, {9, 2, 2}, {10, 2, 3}, {14, 2, 4}, {16, 3, 1}, {17, 4, 1}, {18, 4, 2}, {99, 4, 2}, {-5, 1, 1},
	} {
		if line, col := p.at(tc.off); line != tc.line || col != tc.col {
			t.Errorf("at(%d) = %d:%d, want %d:%d", tc.off, line, col, tc.line, tc.col)
		}
	}
}

func TestRelPathAndURI(t *testing.T) {
	for _, tc := range []struct{ root, path, rel, uri string }{
		{"/r", "Dockerfile", "Dockerfile", "Dockerfile"},
		{"/r", "./a/../b/Dockerfile", "b/Dockerfile", "b/Dockerfile"},
		{"/r", "/r/x/Dockerfile", "x/Dockerfile", "x/Dockerfile"},
		{"/r", "/elsewhere/my file", "/elsewhere/my file", "file:///elsewhere/my%20file"},
		{"/r", "/r2/Dockerfile", "/r2/Dockerfile", "file:///r2/Dockerfile"},
		{"/r", "-", "-", "-"},
		{"/r", "a:b/Dockerfile", "a:b/Dockerfile", "./a:b/Dockerfile"},
	} {
		if got := relPath(tc.root, tc.path); got != tc.rel {
			t.Errorf("relPath(%q, %q) = %q, want %q", tc.root, tc.path, got, tc.rel)
		}
		if got := uri(tc.root, tc.path); got != tc.uri {
			t.Errorf("uri(%q, %q) = %q, want %q", tc.root, tc.path, got, tc.uri)
		}
	}
}

func TestFirstParagraph(t *testing.T) {
	for doc, want := range map[string]string{
		"":                                    "",
		"# T\n\nOne\ntwo.\n\nThree.\n":        "One two.",
		"Plain text.":                         "Plain text.",
		"# T\n## Why\n":                       "",
		"# T\nFirst line\n## Example\nmore\n": "First line",
	} {
		if got := FirstParagraph(doc); got != want {
			t.Errorf("FirstParagraph(%q) = %q, want %q", doc, got, want)
		}
	}
}

func TestTextEscapesControlCharacters(t *testing.T) {
	src := "FROM x\n"
	res := []FileResult{{Path: "evil\x1b]0;x\aDockerfile", Src: []byte(src), Diagnostics: []lint.Diagnostic{
		{Code: "DL1000", Severity: lint.Error, Range: syntax.Range{Start: 0, End: 4}, Message: "bad \x1b[31mred\x1b[0m\ttab\u009b"},
	}}}
	got := string(render(t, "text", Options{}, res))
	want := "evil\\x1b]0;x\\aDockerfile:1:1: error DL1000 bad \\x1b[31mred\\x1b[0m\ttab\\x9b\n"
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	// A line break in a path is escaped too (it used to start a line of
	// its own, which an error matcher would read as a finding); accented
	// letters are kept.
	res[0].Path = "new\nline/año\r\u202e.Dockerfile"
	got = string(render(t, "text", Options{}, res))
	want = "new\\nline/año\\r\\u202e.Dockerfile:1:1: error DL1000 bad \\x1b[31mred\\x1b[0m\ttab\\x9b\n"
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
