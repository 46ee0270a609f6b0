package rules

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/buildctx"
)

// Git does not store a folder named .git: the fixtures of BR042 get
// theirs here, before any test runs.
func init() {
	dir := filepath.Join(fixturesDir, "BR042", ".git")
	if err := os.MkdirAll(dir, 0o755); err == nil {
		os.WriteFile(filepath.Join(dir, "HEAD"), []byte("ref: refs/heads/main\n"), 0o644)
	}
}

// TestContextRulesSilentWithoutContext: stdin and unsaved buffers have no
// build context, and the context rules say nothing.
func TestContextRulesSilentWithoutContext(t *testing.T) {
	src := []byte("FROM alpine\nCOPY requirments.txt .env . /app/\n")
	for _, r := range []*lint.Rule{BR040, BR041, BR042, BR043, BR044} {
		doc := lint.NewDocument("-", src)
		if ds := lint.Run(doc, []*lint.Rule{r}, &lint.Config{}); len(ds) != 0 {
			t.Errorf("%s without a context: %v", r.Code, ds)
		}
	}
}

// TestContextWalkedOnlyForSources: a Dockerfile that copies nothing from
// its build context (no COPY or ADD, or only COPY --from) never has its
// folder walked; one that copies has.
func TestContextWalkedOnlyForSources(t *testing.T) {
	rules := []*lint.Rule{BR040, BR041, BR042, BR043, BR044}
	for _, tc := range []struct {
		src    string
		walked bool
	}{
		{"FROM alpine\nRUN echo hi\nCMD [\"sh\"]\n", false},
		{"FROM alpine AS a\nFROM alpine\nCOPY --from=a /x /y\n", false},
		{"FROM alpine\nCOPY app.py /app/\n", true},
		{"FROM alpine\nADD --chown=1 . /app\n", true},
	} {
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, "app.py"), []byte("print(1)\n"), 0o644)
		path := filepath.Join(dir, "Dockerfile")
		doc := lint.NewDocument(path, []byte(tc.src))
		doc.Context = dir
		lint.Run(doc, rules, &lint.Config{})
		if c, _ := buildctx.Default.Peek(dir, path); (c != nil) != tc.walked {
			t.Errorf("%q: walked %v, want %v", tc.src, c != nil, tc.walked)
		}
		buildctx.Default.Forget()
	}
}

// TestBR043Size: a COPY sending more than BR043MaxBytes is reported with
// its size.
func TestBR043Size(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "big.bin"), make([]byte, 3000), 0o644)
	old := BR043MaxBytes
	BR043MaxBytes = 1000
	defer func() { BR043MaxBytes = old }()
	path := filepath.Join(dir, "Dockerfile")
	doc := lint.NewDocument(path, []byte("FROM alpine\nCOPY . /app\n"))
	doc.Context = dir
	ds := lint.Run(doc, []*lint.Rule{BR043}, &lint.Config{})
	if len(ds) != 1 || ds[0].Message != `COPY source "." sends 3.0 KB in 1 file to the builder (more than 1.0 KB): exclude what the image does not need in .dockerignore` {
		t.Fatalf("got %v", ds)
	}
	buildctx.Default.Forget()
}
