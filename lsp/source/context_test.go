package source

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/buildctx"
)

// contextDoc writes a build context, walks it into the cache as the
// language server does, and returns the document with the cursor at "|".
func contextDoc(t *testing.T, text string) (*lint.Document, int) {
	t.Helper()
	dir := t.TempDir()
	for p, body := range map[string]string{
		"requirements.txt":  "flask\n",
		"requests.txt":      "x",
		"src/app.py":        "print(1)\n",
		"src/util.py":       "",
		"node_modules/a.js": "",
		".dockerignore":     "node_modules\n",
		"docs/guide.md":     "",
		"src/pkg/inner.py":  "",
	} {
		full := filepath.Join(dir, filepath.FromSlash(p))
		os.MkdirAll(filepath.Dir(full), 0o755)
		if err := os.WriteFile(full, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	off := strings.Index(text, "|")
	src := strings.Replace(text, "|", "", 1)
	path := filepath.Join(dir, "Dockerfile")
	doc := lint.NewDocument(path, []byte(src))
	doc.Context = dir
	if buildctx.Default.Load(dir, path) == nil {
		t.Fatal("no walk")
	}
	t.Cleanup(buildctx.Default.Forget)
	return doc, off
}

func labels(items []CompletionItem) []string {
	var out []string
	for _, it := range items {
		out = append(out, it.Label)
	}
	slices.Sort(out)
	return out
}

func TestContextCompletions(t *testing.T) {
	for _, tc := range []struct {
		text string
		want []string
	}{
		{"FROM alpine\nCOPY req|", []string{"requests.txt", "requirements.txt"}},
		{"FROM alpine\nCOPY src/|", []string{"app.py", "pkg/", "util.py"}},
		{"FROM alpine\nCOPY src/A| /app/", []string{"app.py"}},
		{"FROM alpine\nCOPY n|", nil}, // node_modules is excluded
		{"FROM alpine\nCOPY --from=build req|", nil},
		{"FROM alpine\nCOPY requirements.txt /ap|", nil}, // the destination
		{"FROM alpine\nRUN cat req|", nil},
	} {
		doc, off := contextDoc(t, tc.text)
		items := ContextCompletions(doc, off)
		if got := labels(items); !slices.Equal(got, tc.want) {
			t.Errorf("%q: got %v, want %v", tc.text, got, tc.want)
		}
		for _, it := range items {
			if it.Replace.End != off || it.Replace.Start > off {
				t.Errorf("%q: %s replaces %v", tc.text, it.Label, it.Replace)
			}
		}
	}
	doc, off := contextDoc(t, "FROM alpine\nCOPY src/ap|")
	if items := ContextCompletions(doc, off); len(items) != 1 || items[0].InsertText != "src/app.py" {
		t.Errorf("insert text: %+v", items)
	}
	// No context on disk: nothing.
	plain := lint.NewDocument("-", []byte("FROM alpine\nCOPY req"))
	if items := ContextCompletions(plain, len(plain.File.Src)); items != nil {
		t.Errorf("stdin: %v", items)
	}
}

func TestContextLinksAndHover(t *testing.T) {
	doc, off := contextDoc(t, "FROM alpine\nCOPY requirements.txt src nope.txt node_modules /app/\nCOPY s|rc/*.py /app/\n")
	links := ContextLinks(doc)
	if len(links) != 2 || !strings.HasPrefix(links[0].Target, "file:///") || !strings.HasSuffix(links[0].Target, "/requirements.txt") || !strings.HasSuffix(links[1].Target, "/src") {
		t.Fatalf("links %+v", links)
	}
	h := ContextHover(doc, off)
	if h == nil || !strings.Contains(h.Markdown, "copies **2** files, 9 B") || !strings.Contains(h.Markdown, "`src/app.py` (9 B)") {
		t.Fatalf("hover %+v", h)
	}
	src := string(doc.File.Src)
	for word, want := range map[string]string{
		"nope.txt":     "matches nothing",
		"node_modules": "excluded from the build context by `.dockerignore`",
		"src ":         "copies **3** files",
	} {
		h := ContextHover(doc, strings.Index(src, word)+1)
		if h == nil || !strings.Contains(h.Markdown, want) {
			t.Errorf("hover on %s: %+v", word, h)
		}
	}
}
