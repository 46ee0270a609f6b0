package lsp

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.lsp.dev/protocol"

	"github.com/berth-dev/berth/lint/buildctx"
)

// dockerignoreDir makes a build context with a Dockerfile and a
// .dockerignore whose second line matches nothing, third excludes a COPY
// source, fourth excludes a folder and fifth re-includes nothing.
func dockerignoreDir(t *testing.T) (dir, ignoreText string) {
	dir = t.TempDir()
	files := map[string]string{
		"Dockerfile":       "FROM alpine\nCOPY app.py /app/\nCOPY requirements.txt /app/\n",
		"app.py":           "print(1)\n",
		"requirements.txt": "flask\n",
		"README.md":        "hi\n",
		"build/a.o":        "0123456789",
		"build/b.o":        "01234",
	}
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ignoreText = "# caches\n*.pyc\nrequirements.txt\nbuild\n!keep.me\n"
	if err := os.WriteFile(filepath.Join(dir, ".dockerignore"), []byte(ignoreText), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir, ignoreText
}

// onlyIgnoreCodes fails when an ignore file got a diagnostic of the
// Dockerfile rules.
func onlyIgnoreCodes(t *testing.T, ds []protocol.Diagnostic) {
	t.Helper()
	for _, d := range ds {
		if c := codeOf(d.Code); c != "BR044" && c != "BR011" {
			t.Errorf("a .dockerignore got a Dockerfile diagnostic: %s", diagString(d))
		}
	}
}

// TestDockerignoreDiagnostics: an open .dockerignore gets, once the walk
// is there, BR044 on the patterns that match or re-include nothing and
// BR011 on the pattern that excludes a COPY source of the Dockerfile
// beside it, and nothing of the Dockerfile rules; hover on a pattern
// says what it excludes.
func TestDockerignoreDiagnostics(t *testing.T) {
	buildctx.Default.Forget()
	t.Cleanup(buildctx.Default.Forget)
	dir, text := dockerignoreDir(t)
	s := newSession(t, sessionOptions{})
	u := fileURI(filepath.Join(dir, ".dockerignore"))
	s.open(u, text)
	onlyIgnoreCodes(t, s.waitDiags(u, 1))
	ds := s.waitDiagsFor(u, "with BR044 and BR011", func(ds []protocol.Diagnostic) bool {
		return hasCode(ds, "BR044") && hasCode(ds, "BR011")
	})
	onlyIgnoreCodes(t, ds)
	byLine := map[uint32][]protocol.Diagnostic{}
	for _, d := range ds {
		byLine[d.Range.Start.Line] = append(byLine[d.Range.Start.Line], d)
	}
	check := func(line uint32, code string, sev protocol.DiagnosticSeverity, words ...string) {
		t.Helper()
		for _, d := range byLine[line] {
			if codeOf(d.Code) != code {
				continue
			}
			if d.Severity != sev || d.Range.Start.Character != 0 {
				t.Errorf("line %d: %s", line, diagString(d))
			}
			for _, w := range words {
				if !strings.Contains(diagString(d), w) {
					t.Errorf("line %d: %s lacks %q", line, diagString(d), w)
				}
			}
			return
		}
		t.Errorf("no %s on line %d: %v", code, line, ds)
	}
	check(1, "BR044", protocol.DiagnosticSeverityInformation, "*.pyc", "matches nothing")
	check(2, "BR011", protocol.DiagnosticSeverityWarning, "requirements.txt", "Dockerfile:3", "COPY")
	check(4, "BR044", protocol.DiagnosticSeverityInformation, "!keep.me")
	if len(byLine[0])+len(byLine[3]) != 0 || len(ds) != 3 {
		t.Errorf("diagnostics %v", ds)
	}

	hover := func(line uint32) string {
		t.Helper()
		var h protocol.Hover
		s.call("textDocument/hover", map[string]any{
			"textDocument": map[string]any{"uri": u},
			"position":     protocol.Position{Line: line, Character: 1},
		}, &h)
		if h.Contents == nil {
			return ""
		}
		return h.Contents.(*protocol.MarkupContent).Value
	}
	if got := hover(3); !strings.Contains(got, "`build` excludes 2 files (15 B)") || !strings.Contains(got, "`build/a.o`") || !strings.Contains(got, "`build/b.o`") {
		t.Errorf("hover on build: %q", got)
	}
	if got := hover(2); !strings.Contains(got, "excludes 1 files (6 B)") || !strings.Contains(got, "`requirements.txt`") {
		t.Errorf("hover on requirements.txt: %q", got)
	}
	if got := hover(1); !strings.Contains(got, "excludes nothing") {
		t.Errorf("hover on *.pyc: %q", got)
	}
	if got := hover(0); got != "" {
		t.Errorf("hover on a comment: %q", got)
	}
	// Formatting is the Dockerfile formatter's: never on an ignore file.
	var edits []protocol.TextEdit
	s.call("textDocument/formatting", map[string]any{"textDocument": map[string]any{"uri": u}, "options": map[string]any{"tabSize": 4, "insertSpaces": true}}, &edits)
	if len(edits) != 0 {
		t.Errorf("formatting edits %v", edits)
	}
	s.call("textDocument/onTypeFormatting", map[string]any{"textDocument": map[string]any{"uri": u}, "position": protocol.Position{Line: 1}, "ch": "\n", "options": map[string]any{"tabSize": 4, "insertSpaces": true}}, &edits)

	// The editor's text counts, not the file's: with the pattern gone,
	// so is BR011.
	v := s.change(u, "# caches\n*.pyc\nbuild\n")
	ds = s.waitDiags(u, v)
	onlyIgnoreCodes(t, ds)
	if hasCode(ds, "BR011") || len(ds) != 1 {
		t.Errorf("after the edit: %v", ds)
	}
}

// TestDockerignoreNoDockerfileDiagnostics: text that would be a broken
// Dockerfile gets none of the Dockerfile rules' findings in an ignore
// file, named .dockerignore or NAME.dockerignore, on disk or not.
func TestDockerignoreNoDockerfileDiagnostics(t *testing.T) {
	buildctx.Default.Forget()
	t.Cleanup(buildctx.Default.Forget)
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "web.Dockerfile"), []byte("FROM alpine\nCOPY . /app\n"), 0o644)
	text := "RUN apt-get install\nFORM x\nnode_modules\n"
	s := newSession(t, sessionOptions{})
	for _, name := range []string{".dockerignore", "web.Dockerfile.dockerignore", "sub/.dockerignore"} {
		u := fileURI(filepath.Join(dir, filepath.FromSlash(name)))
		onlyIgnoreCodes(t, s.waitDiags(u, s.open(u, text)))
	}
	u := fileURI(filepath.Join(dir, ".dockerignore"))
	os.WriteFile(filepath.Join(dir, ".dockerignore"), []byte(text), 0o644)
	v := s.change(u, text+"\n")
	onlyIgnoreCodes(t, s.waitDiags(u, v))
	ds := s.waitDiagsFor(u, "with BR044", withCode("BR044"))
	onlyIgnoreCodes(t, ds)
}
