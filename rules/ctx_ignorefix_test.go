package rules

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/buildctx"
)

// ignoreFixRun lints src at dir/name with the context rules and applies
// the safe fixes of the ignore file at ignore, returning its new text.
func ignoreFixRun(t *testing.T, dir, name, src, ignore string) (string, []lint.Diagnostic) {
	t.Helper()
	buildctx.Default.Forget()
	t.Cleanup(buildctx.Default.Forget)
	doc := lint.NewDocument(filepath.Join(dir, name), []byte(src))
	doc.Context = dir
	ds := lint.Run(doc, []*lint.Rule{BR041, BR042, BR043}, &lint.Config{})
	edits := lint.SelectFixes(ds, false)
	for _, e := range edits {
		if e.Path != ignore {
			t.Fatalf("edit of %q, want %q", e.Path, ignore)
		}
	}
	old, _ := os.ReadFile(ignore)
	out, err := lint.ApplyFile(old, edits, ignore)
	if err != nil {
		t.Fatal(err)
	}
	return string(out), ds
}

// TestIgnoreFixCreates: with no .dockerignore, the fixes of BR041, BR042
// and BR043 add their lines to a new one, each once.
func TestIgnoreFixCreates(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{".env", "app/.env", "node_modules/x/index.js", ".git/HEAD", "app/main.js"} {
		os.MkdirAll(filepath.Dir(filepath.Join(dir, f)), 0o755)
		os.WriteFile(filepath.Join(dir, f), []byte("x"), 0o644)
	}
	src := "FROM node\nCOPY . /app\nCOPY app /app2\nRUN npm ci\n"
	got, ds := ignoreFixRun(t, dir, "Dockerfile", src, filepath.Join(dir, ".dockerignore"))
	want := ".env\napp/.env\n.git\n**/node_modules\n"
	if got != want {
		t.Errorf("new .dockerignore:\n%s\nwant:\n%s\n(diagnostics %v)", got, want, ds)
	}
	for _, d := range ds {
		if len(d.Fixes) != 1 || !d.Fixes[0].Safe {
			t.Errorf("%s: fixes %+v, want one safe fix", d.Code, d.Fixes)
		}
	}
}

// TestIgnoreFixAppends: the lines go to the end of NAME.dockerignore when
// that is the ignore file in force, on a line of their own; a source that
// names the credential file gets an unsafe fix, and a RUN using git makes
// BR042's fix unsafe.
func TestIgnoreFixAppends(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"id_rsa", ".git/HEAD", "main.go"} {
		os.MkdirAll(filepath.Dir(filepath.Join(dir, f)), 0o755)
		os.WriteFile(filepath.Join(dir, f), []byte("x"), 0o644)
	}
	ignore := filepath.Join(dir, "app.Dockerfile.dockerignore")
	os.WriteFile(ignore, []byte("*.md"), 0o644)
	os.WriteFile(filepath.Join(dir, ".dockerignore"), []byte("main.go\n"), 0o644)
	src := "FROM alpine\nCOPY id_rsa /root/.ssh/\nCOPY . /src\nRUN git describe\n"
	got, ds := ignoreFixRun(t, dir, "app.Dockerfile", src, ignore)
	if got != "*.md" {
		t.Errorf("safe fixes changed the file: %q", got)
	}
	titles := map[string]string{}
	for _, d := range ds {
		if len(d.Fixes) != 1 || d.Fixes[0].Safe {
			t.Fatalf("%s: fixes %+v, want one unsafe fix", d.Code, d.Fixes)
		}
		titles[d.Code] = d.Fixes[0].Title
	}
	if titles["BR041"] != `Add "id_rsa" to app.Dockerfile.dockerignore` || titles["BR042"] != `Add ".git" to app.Dockerfile.dockerignore` {
		t.Errorf("titles %q", titles)
	}
	edits := lint.SelectFixes(ds, true)
	out, err := lint.ApplyFile([]byte("*.md"), edits, ignore)
	if err != nil {
		t.Fatal(err)
	}
	if string(out) != "*.md\nid_rsa\n.git\n" {
		t.Errorf("unsafe fixes give %q", out)
	}
	if b, _ := lint.Apply([]byte(src), edits); string(b) != src {
		t.Errorf("the Dockerfile changed: %q", b)
	}
}
