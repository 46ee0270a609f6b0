package lsp

import (
	"context"
	"encoding/json"
	"net"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/berth-dev/berth/lint/buildctx"
	"github.com/berth-dev/berth/rules"
)

// capsWithEdits are defaultCaps with the workspace edit capabilities
// given as JSON.
func capsWithEdits(t *testing.T, workspaceEdit string) string {
	var c map[string]any
	if err := json.Unmarshal([]byte(defaultCaps), &c); err != nil {
		t.Fatal(err)
	}
	if workspaceEdit != "" {
		c["workspace"].(map[string]any)["workspaceEdit"] = json.RawMessage(workspaceEdit)
	}
	b, _ := json.Marshal(c)
	return string(b)
}

// waitDiagsFor waits until the diagnostics published for u satisfy ok.
func (s *session) waitDiagsFor(u uri.URI, what string, ok func([]protocol.Diagnostic) bool) []protocol.Diagnostic {
	s.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	timer := time.AfterFunc(20*time.Second, func() { s.changed.Broadcast() })
	defer timer.Stop()
	s.mu.Lock()
	defer s.mu.Unlock()
	for {
		if p := s.diags[u]; p != nil && ok(p.Diagnostics) {
			return p.Diagnostics
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("no diagnostics of %s %s", u, what)
		}
		s.changed.Wait()
	}
}

func withCode(code string) func([]protocol.Diagnostic) bool {
	return func(ds []protocol.Diagnostic) bool { return hasCode(ds, code) }
}

// ignoreFixAction asks for the code actions of u's BR041 diagnostic and
// returns the one titled title, or nil.
func (s *session) ignoreFixAction(u uri.URI, title string) *protocol.CodeAction {
	s.t.Helper()
	ds := s.waitDiagsFor(u, "with BR041", withCode("BR041"))
	var d protocol.Diagnostic
	for _, x := range ds {
		if codeOf(x.Code) == "BR041" {
			d = x
		}
	}
	var actions []protocol.CodeAction
	s.call("textDocument/codeAction", map[string]any{
		"textDocument": map[string]any{"uri": u},
		"range":        d.Range,
		"context":      map[string]any{"diagnostics": []protocol.Diagnostic{d}},
	}, &actions)
	for i := range actions {
		if actions[i].Title == title {
			return &actions[i]
		}
	}
	return nil
}

// TestIgnoreFixCreatesFile: BR041's fix creates the missing .dockerignore
// (CreateFile, then a TextDocumentEdit of no version); once the editor
// applied it and reported the new file, BR041 is gone.
func TestIgnoreFixCreatesFile(t *testing.T) {
	buildctx.Default.Forget()
	t.Cleanup(buildctx.Default.Forget)
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, ".env"), []byte("X=1\n"), 0o644)
	ignore := filepath.Join(dir, ".dockerignore")
	s := newSession(t, sessionOptions{capabilities: capsWithEdits(t, `{"documentChanges": true, "resourceOperations": ["create"]}`)})
	u := fileURI(filepath.Join(dir, "Dockerfile"))
	s.open(u, "FROM alpine\nCOPY . /app\n")
	a := s.ignoreFixAction(u, `Add ".env" to .dockerignore`)
	if a == nil || a.Edit == nil {
		t.Fatalf("no fix with an edit: %+v", a)
	}
	dc := a.Edit.DocumentChanges
	if len(dc) != 2 || len(a.Edit.Changes) != 0 {
		t.Fatalf("document changes %+v, changes %+v", dc, a.Edit.Changes)
	}
	cf, ok := dc[0].(*protocol.CreateFile)
	if !ok || cf.URI != fileURI(ignore) || cf.Options == nil || cf.Options.IgnoreIfExists == nil || !*cf.Options.IgnoreIfExists {
		t.Fatalf("first change %#v, want the creation of %s", dc[0], ignore)
	}
	te, ok := dc[1].(*protocol.TextDocumentEdit)
	if !ok || te.TextDocument.URI != fileURI(ignore) || te.TextDocument.Version != nil || len(te.Edits) != 1 {
		t.Fatalf("second change %#v", dc[1])
	}
	e, ok := te.Edits[0].(*protocol.TextEdit)
	if !ok || e.NewText != ".env\n" || e.Range != (protocol.Range{}) {
		t.Fatalf("edit %#v", te.Edits[0])
	}
	// The editor applies it and its file watcher reports the new file.
	os.WriteFile(ignore, []byte(e.NewText), 0o644)
	s.notify("workspace/didChangeWatchedFiles", map[string]any{"changes": []any{map[string]any{"uri": fileURI(ignore), "type": 1}}})
	s.waitDiagsFor(u, "without BR041", func(ds []protocol.Diagnostic) bool { return !hasCode(ds, "BR041") })
}

// TestIgnoreFixExistingFile: without documentChanges the fix is a plain
// "changes" edit of the existing file, placed on disk's text, on a line of
// its own; with the file open in the editor, at the end of the editor's
// text, its version given. A missing file, which the client cannot
// create, gets no fix.
func TestIgnoreFixExistingFile(t *testing.T) {
	buildctx.Default.Forget()
	t.Cleanup(buildctx.Default.Forget)
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "id_rsa"), []byte("key\n"), 0o644)
	ignore := filepath.Join(dir, ".dockerignore")
	os.WriteFile(ignore, []byte("*.md"), 0o644)
	s := newSession(t, sessionOptions{})
	u := fileURI(filepath.Join(dir, "Dockerfile"))
	s.open(u, "FROM alpine\nCOPY . /app\n")
	title := `Add "id_rsa" to .dockerignore`
	a := s.ignoreFixAction(u, title)
	if a == nil || a.Edit == nil || len(a.Edit.DocumentChanges) != 0 {
		t.Fatalf("fix %+v", a)
	}
	edits := a.Edit.Changes[fileURI(ignore)]
	if got := applyEdits(t, "*.md", UTF16, edits); got != "*.md\nid_rsa\n" {
		t.Errorf("fixed .dockerignore %q (edits %+v)", got, edits)
	}

	// Open in the editor, with lines of its own not saved yet.
	iu := fileURI(ignore)
	s.open(iu, "*.md\n# mine")
	s.waitDiags(iu, 1)
	var version int32 = 1
	withDC := newSession(t, sessionOptions{capabilities: capsWithEdits(t, `{"documentChanges": true}`)})
	withDC.open(u, "FROM alpine\nCOPY . /app\n")
	withDC.open(iu, "*.md\n# mine")
	a = withDC.ignoreFixAction(u, title)
	if a == nil || a.Edit == nil || len(a.Edit.DocumentChanges) != 1 {
		t.Fatalf("fix %+v", a)
	}
	te := a.Edit.DocumentChanges[0].(*protocol.TextDocumentEdit)
	if te.TextDocument.Version == nil || *te.TextDocument.Version != version {
		t.Errorf("version %v, want %d", te.TextDocument.Version, version)
	}
	var tes []protocol.TextEdit
	for _, e := range te.Edits {
		tes = append(tes, *e.(*protocol.TextEdit))
	}
	if got := applyEdits(t, "*.md\n# mine", UTF16, tes); got != "*.md\n# mine\nid_rsa\n" {
		t.Errorf("fixed open .dockerignore %q", got)
	}

	// No file, and a client that cannot create one: no fix. The context
	// rules are silent until the folder, without its ignore file, has been
	// walked again (the watched-file change starts that walk): the edit
	// is linted once it has.
	os.Remove(ignore)
	s.notify("workspace/didChangeWatchedFiles", map[string]any{"changes": []any{map[string]any{"uri": iu, "type": 3}}})
	s.notify("textDocument/didClose", map[string]any{"textDocument": map[string]any{"uri": iu}})
	waitWalked(t, dir, filepath.Join(dir, "Dockerfile"))
	v := s.change(u, "FROM alpine\nCOPY . /app/\n")
	if !hasCode(s.waitDiags(u, v), "BR041") {
		t.Fatal("no BR041 once .dockerignore is gone")
	}
	if a := s.ignoreFixAction(u, title); a != nil {
		t.Errorf("fix offered without a way to create the file: %+v", a)
	}
}

// waitWalked waits until the walk of the build context dir of the
// Dockerfile df, as the files are now, is cached and fresh: from then on a
// lint of df has the context rules' findings. The deadline only keeps a
// server that never walks from hanging the test.
func waitWalked(t *testing.T, dir, df string) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(time.Millisecond) {
		if c, fresh := buildctx.Default.Peek(dir, df); c != nil && fresh {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the build context %s of %s was not walked", dir, df)
		}
	}
}

// TestRegistersFileWatchers: a client that registers file watchers
// dynamically is asked to watch the ignore and configuration files; one
// that does not is never asked, in the whole session (checked once the
// server has stopped and all it sent has been read).
func TestRegistersFileWatchers(t *testing.T) {
	for _, dynamic := range []bool{true, false} {
		got := registrations(t, dynamic)
		if !dynamic {
			if len(got) != 0 {
				t.Errorf("registrations without dynamic registration: %+v", got)
			}
			continue
		}
		if len(got) != 1 || got[0].Method != "workspace/didChangeWatchedFiles" || got[0].ID != WatchID {
			t.Fatalf("registrations %+v", got)
		}
		var opts struct {
			Watchers []struct {
				GlobPattern string `json:"globPattern"`
			} `json:"watchers"`
		}
		if err := json.Unmarshal(got[0].RegisterOptions, &opts); err != nil {
			t.Fatal(err)
		}
		var globs []string
		for _, w := range opts.Watchers {
			globs = append(globs, w.GlobPattern)
		}
		for _, want := range []string{"**/.dockerignore", "**/*.dockerignore", "**/.berth.yaml", "**/.hadolint.yaml"} {
			if !slices.Contains(globs, want) {
				t.Errorf("globs %q lack %q", globs, want)
			}
		}
	}
}

// registrations runs a server for a client that records the
// registrations asked of it, and returns them.
func registrations(t *testing.T, dynamic bool) []protocol.Registration {
	a, b := net.Pipe()
	srv := NewServer(Options{Rules: rules.All(), Version: "test"})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan int, 1)
	go func() { done <- srv.ServeStream(ctx, jsonrpc2.NewHeaderStream(a)) }()
	var mu sync.Mutex
	var got []protocol.Registration
	asked := make(chan struct{}, 1)
	conn := jsonrpc2.NewConn(jsonrpc2.NewHeaderStream(b), jsonrpc2.WithCodec(codec{}))
	conn.Go(ctx, func(ctx context.Context, req *jsonrpc2.Request) (any, error) {
		if req.Method() == "client/registerCapability" {
			var p protocol.RegistrationParams
			if err := protocol.Unmarshal(req.Params(), &p); err != nil {
				t.Errorf("bad registerCapability: %v", err)
			}
			mu.Lock()
			got = append(got, p.Registrations...)
			mu.Unlock()
			asked <- struct{}{}
			return nil, nil
		}
		if req.IsCall() {
			return nil, jsonrpc2.ErrMethodNotFound
		}
		return nil, nil
	})
	caps := `{"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": ` + map[bool]string{true: "true", false: "false"}[dynamic] + `}}}`
	var res protocol.InitializeResult
	if _, err := conn.Call(ctx, "initialize", map[string]any{"processId": nil, "capabilities": json.RawMessage(caps)}, &res); err != nil {
		t.Fatal(err)
	}
	if err := conn.Notify(ctx, "initialized", map[string]any{}); err != nil {
		t.Fatal(err)
	}
	if dynamic {
		select {
		case <-asked:
		case <-time.After(10 * time.Second):
			t.Fatal("no registration")
		}
	} else {
		conn.Call(ctx, "shutdown", nil, nil)
	}
	conn.Notify(ctx, "exit", nil)
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Error("server did not stop")
	}
	// The server has stopped and closed its end: once this end has read
	// to the end of the stream, every request the server made in the
	// session has been handled (registrations are sent from a goroutine,
	// so no answer of the server's comes reliably after them).
	select {
	case <-conn.Done():
	case <-time.After(5 * time.Second):
		t.Error("the connection did not end after the server stopped")
	}
	conn.Close()
	mu.Lock()
	defer mu.Unlock()
	return slices.Clone(got)
}
