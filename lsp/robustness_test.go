package lsp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand"
	"strings"
	"sync"
	"testing"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
)

func codes(diags []protocol.Diagnostic) []string {
	var out []string
	for _, d := range diags {
		out = append(out, codeOf(d.Code))
	}
	return out
}

func hasCode(diags []protocol.Diagnostic, code string) bool {
	for _, d := range diags {
		if codeOf(d.Code) == code {
			return true
		}
	}
	return false
}

// checkMonotonic fails when a publication went backwards: a stale version
// overwrote a newer one.
func checkMonotonic(t *testing.T, versions []int32) {
	t.Helper()
	for i := 1; i < len(versions); i++ {
		if versions[i] < versions[i-1] {
			t.Fatalf("version %d published after %d", versions[i], versions[i-1])
		}
	}
}

// TestBurstOfFullChanges sends 10,000 didChange notifications while the
// first of them is being linted: the last version's diagnostics must come,
// never a stale one after a newer one, and none of the versions that were
// overtaken while the lint ran may be linted or published (the burst is
// coalesced). The lint is held by a hook until the server has every change,
// so what is asserted does not depend on how fast either side runs.
func TestBurstOfFullChanges(t *testing.T) {
	held := make(chan struct{})
	release := make(chan struct{})
	var (
		linted   sync.Mutex
		versions []int32
	)
	s := newSession(t, sessionOptions{})
	u := fileURI(t.TempDir() + "/Dockerfile")
	opened := s.open(u, "FROM alpine:3.19\n")
	s.waitDiags(u, opened)
	first := opened + 1
	s.srv.mu.Lock()
	s.srv.testHooks.beforeLint = func(snap *Snapshot) {
		linted.Lock()
		versions = append(versions, snap.Version)
		linted.Unlock()
		if snap.Version == first {
			close(held)
			<-release
		}
	}
	s.srv.mu.Unlock()
	var last int32
	for i := 0; i < 10000; i++ {
		text := fmt.Sprintf("FROM alpine:3.19\nRUN echo %d\n", i)
		if i%2 == 1 {
			text += "MAINTAINER me\n"
		}
		last = s.change(u, text)
		if i == 0 {
			<-held
		}
	}
	// Every change has reached the server once its latest snapshot is the
	// last version; the deadline only keeps a broken server from hanging
	// the test.
	for deadline := time.Now().Add(20 * time.Second); s.srv.snapshot(u).Version != last; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			close(release)
			t.Fatalf("the server has version %d, want %d", s.srv.snapshot(u).Version, last)
		}
	}
	close(release)
	diags := s.waitDiags(u, last) // i = 9999 is odd: MAINTAINER
	if !hasCode(diags, "DL4000") {
		t.Errorf("last version's diagnostics = %v, want DL4000", codes(diags))
	}
	published := s.published(u)
	checkMonotonic(t, published)
	for _, v := range published {
		if v != opened && v != last {
			t.Errorf("version %d published: it was overtaken while version %d was linted (%d publications)", v, first, len(published))
			break
		}
	}
	linted.Lock()
	defer linted.Unlock()
	// The opened version may be linted again before the burst reaches the
	// server (its build context's walk, ready, re-lints the open
	// documents): the versions the held lint overtakes are those between.
	for _, v := range versions {
		if v > first && v < last {
			t.Errorf("version %d linted: it was overtaken while version %d was linted (%d lints)", v, first, len(versions))
			break
		}
	}
}

// TestBurstOfIncrementalEdits types and deletes characters one at a time
// with incremental changes, in UTF-16, across CRLF lines and non-ASCII
// text: no edit may be lost.
func TestBurstOfIncrementalEdits(t *testing.T) {
	for _, enc := range []string{"utf-16", "utf-8"} {
		t.Run(enc, func(t *testing.T) {
			caps := strings.Replace(defaultCaps, `"positionEncodings": ["utf-16"]`, `"positionEncodings": ["`+enc+`"]`, 1)
			s := newSession(t, sessionOptions{capabilities: caps})
			u := fileURI(t.TempDir() + "/Dockerfile")
			s.open(u, "FROM alpine:3.19\r\nLABEL é=\"🐳\"\r\n")
			rng := rand.New(rand.NewSource(1))
			alphabet := []string{"a", "é", "🐳", "名", "\r\n", "\n", " ", "\\"}
			var last int32
			for i := 0; i < 10000; i++ {
				s.mu.Lock()
				text := s.texts[u]
				s.mu.Unlock()
				// Pick a character boundary that is not inside a CRLF.
				off := rng.Intn(len(text) + 1)
				for off < len(text) && (text[off]&0xC0 == 0x80 || off > 0 && text[off] == '\n' && text[off-1] == '\r') {
					off++
				}
				if rng.Intn(3) == 0 && off < len(text) {
					end := off + 1
					for end < len(text) && text[end]&0xC0 == 0x80 {
						end++
					}
					if text[off] == '\r' && end < len(text) && text[end] == '\n' {
						end++
					}
					last = s.edit(u, off, end, "")
				} else {
					last = s.edit(u, off, off, alphabet[rng.Intn(len(alphabet))])
				}
			}
			last = s.edit(u, 0, 0, "MAINTAINER me\n")
			diags := s.waitDiags(u, last)
			if !hasCode(diags, "DL4000") {
				t.Errorf("diagnostics = %v, want DL4000", codes(diags))
			}
			snap := s.srv.snapshot(u)
			s.mu.Lock()
			want := s.texts[u]
			s.mu.Unlock()
			if string(snap.Text) != want {
				t.Fatalf("server text differs from the editor's after 10,000 edits:\nserver: %q\neditor: %q", snap.Text, want)
			}
			// Its diagnostics, made from the last snapshot's, are those
			// of a snapshot of the same text made afresh.
			if diff, _ := freshDiff(s.srv, snap); diff != "" {
				t.Errorf("after 10,000 edits, %s", diff)
			}
			checkMonotonic(t, s.published(u))
		})
	}
}

// TestJunkDocument opens documents of random bytes: each gets its
// diagnostics, and the server keeps answering.
func TestJunkDocument(t *testing.T) {
	s := newSession(t, sessionOptions{})
	rng := rand.New(rand.NewSource(2))
	for i := 0; i < 50; i++ {
		junk := make([]byte, rng.Intn(4000))
		rng.Read(junk)
		if i%2 == 0 {
			// Mix in Dockerfile-looking pieces so the parser goes deep.
			for _, p := range []string{"FROM ", "RUN <<EOF\n", "\\\n", "COPY --from=", "${", "ONBUILD ", "# escape=`\n"} {
				at := rng.Intn(len(junk) + 1)
				junk = append(junk[:at], append([]byte(p), junk[at:]...)...)
			}
		}
		u := fileURI(fmt.Sprintf("%s/junk%d.Dockerfile", t.TempDir(), i))
		v := s.open(u, string(junk)) // JSON carries it as (replaced) UTF-8
		s.waitDiags(u, v)
	}
	var res []protocol.CodeAction
	s.call("textDocument/codeAction", map[string]any{
		"textDocument": map[string]any{"uri": fileURI("/nowhere/Dockerfile")},
		"range":        protocol.Range{},
		"context":      map[string]any{"diagnostics": []any{}},
	}, &res)
}

// TestMalformedMessages writes broken frames on the wire: the server logs
// them, answers a parse error and goes on.
func TestMalformedMessages(t *testing.T) {
	s := newSession(t, sessionOptions{})
	frames := []string{
		"Content-Length: 10\r\n\r\n{not json}",
		"Content-Length: 2\r\n\r\n[}",
		"Content-Length: 9\r\n\r\n{\"foo\":1}",
		"Garbage without a colon\r\n\r\n",
		// Well-formed JSON-RPC whose params do not fit the method.
		frame(`{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":5}}`),
		frame(`{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file:///x","version":"one"}}}`),
		frame(`{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":{}}}`),
		frame(`{"jsonrpc":"2.0","method":"$/unknownNotification","params":{}}`),
	}
	for _, f := range frames {
		if _, err := s.raw.Write([]byte(f)); err != nil {
			t.Fatal(err)
		}
	}
	u := fileURI(t.TempDir() + "/Dockerfile")
	v := s.open(u, "FROM alpine:3.19\nMAINTAINER me\n")
	if diags := s.waitDiags(u, v); !hasCode(diags, "DL4000") {
		t.Errorf("diagnostics after malformed messages = %v", codes(diags))
	}
	// A request with bad params gets an error, not a dead server.
	err := s.callErr("textDocument/codeAction", map[string]any{"textDocument": 5}, nil)
	if !isCode(err, jsonrpc2.InvalidParams) {
		t.Errorf("codeAction with bad params: %v, want InvalidParams", err)
	}
	if code := s.shutdown(); code != 0 {
		t.Errorf("exit code %d", code)
	}
}

func frame(body string) string { return fmt.Sprintf("Content-Length: %d\r\n\r\n%s", len(body), body) }

func isCode(err error, code jsonrpc2.Code) bool {
	var e *jsonrpc2.Error
	return errors.As(err, &e) && e.Code == code
}

func TestMethodNotFound(t *testing.T) {
	s := newSession(t, sessionOptions{})
	err := s.callErr("textDocument/noSuchMethod", map[string]any{}, nil)
	if !isCode(err, jsonrpc2.MethodNotFound) {
		t.Errorf("unknown method: %v, want MethodNotFound", err)
	}
	err = s.callErr("textDocument/linkedEditingRange", map[string]any{"textDocument": map[string]any{"uri": "file:///x"}, "position": map[string]any{"line": 0, "character": 0}}, nil)
	if !isCode(err, jsonrpc2.MethodNotFound) {
		t.Errorf("unadvertised method: %v, want MethodNotFound", err)
	}
	s.notify("$/noSuchNotification", map[string]any{})
	if err := s.callErr("initialize", map[string]any{"capabilities": map[string]any{}}, nil); !isCode(err, jsonrpc2.InvalidRequest) {
		t.Errorf("second initialize: %v, want InvalidRequest", err)
	}
}

func TestPanicBecomesErrorReply(t *testing.T) {
	s := newSession(t, sessionOptions{hooks: func(srv *Server) {
		srv.RegisterCommand(&Command{Name: "test.panic", Run: func(context.Context, *Server, []json.RawMessage, *Progress) (any, error) {
			panic("boom")
		}})
	}})
	err := s.callErr("workspace/executeCommand", map[string]any{"command": "test.panic"}, nil)
	if !isCode(err, jsonrpc2.InternalError) || !strings.Contains(err.Error(), "boom") {
		t.Errorf("panicking handler: %v, want an InternalError reply", err)
	}
	// A panic while linting becomes a diagnostic.
	s.srv.mu.Lock()
	s.srv.testHooks.beforeLint = func(snap *Snapshot) {
		if strings.Contains(string(snap.Text), "PANIC") {
			panic("lint boom")
		}
	}
	s.srv.mu.Unlock()
	u := fileURI(t.TempDir() + "/Dockerfile")
	v := s.open(u, "FROM alpine:3.19 # PANIC\n")
	if diags := s.waitDiags(u, v); !hasCode(diags, "BR900") {
		t.Errorf("diagnostics = %v, want BR900", codes(diags))
	}
	if code := s.shutdown(); code != 0 {
		t.Errorf("exit code %d", code)
	}
}

// TestCancelRequest cancels in-flight requests by numeric and string id.
func TestCancelRequest(t *testing.T) {
	started := make(chan struct{}, 2)
	cancelled := make(chan struct{}, 2)
	s := newSession(t, sessionOptions{hooks: func(srv *Server) {
		srv.RegisterCommand(&Command{Name: "test.wait", Run: func(ctx context.Context, _ *Server, _ []json.RawMessage, _ *Progress) (any, error) {
			started <- struct{}{}
			select {
			case <-ctx.Done():
				cancelled <- struct{}{}
				return nil, ctx.Err()
			case <-time.After(10 * time.Second):
				return nil, nil
			}
		}})
	}})
	for _, id := range []string{`424242`, `"req-7"`} {
		s.raw.Write([]byte(frame(`{"jsonrpc":"2.0","id":` + id + `,"method":"workspace/executeCommand","params":{"command":"test.wait"}}`)))
		<-started
		// The reader is not blocked by the running request.
		u := fileURI(t.TempDir() + "/Dockerfile")
		v := s.open(u, "FROM alpine:3.19\n")
		s.waitDiags(u, v)
		s.raw.Write([]byte(frame(`{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":` + id + `}}`)))
		select {
		case <-cancelled:
		case <-time.After(5 * time.Second):
			t.Fatalf("request %s not cancelled", id)
		}
	}
}

// TestProgressAndCancel cancels a command from its progress
// (window/workDoneProgress/cancel): the command's context is cancelled, it
// answers with an error, and its progress has begun, reported and ended by
// then. The end goes out before the answer, on the same ordered stream, so
// the session has recorded it when the call returns.
func TestProgressAndCancel(t *testing.T) {
	release := make(chan struct{})
	s := newSession(t, sessionOptions{hooks: func(srv *Server) {
		srv.RegisterCommand(&Command{Name: "test.long", Progress: "Building", Run: func(ctx context.Context, _ *Server, _ []json.RawMessage, p *Progress) (any, error) {
			p.Report("step 1/2", 50)
			close(release)
			<-ctx.Done()
			return nil, ctx.Err()
		}})
	}})
	errc := make(chan error, 1)
	go func() { errc <- s.callErr("workspace/executeCommand", map[string]any{"command": "test.long"}, nil) }()
	<-release
	s.srv.mu.Lock()
	var token string
	for k := range s.srv.progress {
		token = strings.TrimPrefix(k, "s:")
	}
	s.srv.mu.Unlock()
	s.notify("window/workDoneProgress/cancel", map[string]any{"token": token})
	select {
	case err := <-errc:
		if err == nil {
			t.Error("cancelled command succeeded")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("command not cancelled")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if got := strings.Join(s.progress, ","); got != "begin,report,end" {
		t.Errorf("progress = %s, want begin,report,end", got)
	}
}

func TestApplyFixesCommand(t *testing.T) {
	s := newSession(t, sessionOptions{})
	u := fileURI(t.TempDir() + "/Dockerfile")
	v := s.open(u, "FROM alpine:3.19\nMAINTAINER me\n")
	s.waitDiags(u, v)
	s.call("workspace/executeCommand", map[string]any{"command": "berth.applyFixes", "arguments": []any{map[string]any{"uri": u}}}, nil)
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.edits) != 1 {
		t.Fatalf("%d edits applied, want 1", len(s.edits))
	}
	got := applyEdits(t, s.texts[u], s.enc, s.edits[0].Changes[u])
	if want := "FROM alpine:3.19\nLABEL org.opencontainers.image.authors=\"me\"\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestSettingsChangeAndClose(t *testing.T) {
	s := newSession(t, sessionOptions{})
	u := fileURI(t.TempDir() + "/Dockerfile")
	v := s.open(u, "FROM alpine:3.19\nMAINTAINER me\n")
	diags := s.waitDiags(u, v)
	if len(diags) != 1 || diags[0].Severity != protocol.DiagnosticSeverityError {
		t.Fatalf("diagnostics = %v", codes(diags))
	}
	s.notify("workspace/didChangeConfiguration", map[string]any{"settings": map[string]any{"berth": map[string]any{"severity": map[string]string{"maintainer-deprecated": "info"}}}})
	// Wait for the publication with the new severity: another re-lint of
	// the same version (the build context's walk ending) may publish
	// before the settings' does.
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if d := s.waitDiags(u, v); len(d) == 1 && d[0].Severity == protocol.DiagnosticSeverityInformation {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	diags = s.waitDiags(u, v)
	if len(diags) != 1 || diags[0].Severity != protocol.DiagnosticSeverityInformation {
		t.Errorf("after settings: %v severity %v", codes(diags), diags[0].Severity)
	}
	s.notify("textDocument/didClose", map[string]any{"textDocument": map[string]any{"uri": u}})
	deadline = time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		s.mu.Lock()
		p := s.diags[u]
		s.mu.Unlock()
		if _, versioned := p.Version.Get(); !versioned && len(p.Diagnostics) == 0 {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Error("diagnostics not cleared on close")
}

// TestRelintDuringEdits re-lints every document from another goroutine
// (as settings changes, the daemon's answers and finished context walks
// do) while the editor sends incremental edits: no edit may be lost to an
// older version put back.
func TestRelintDuringEdits(t *testing.T) {
	s := newSession(t, sessionOptions{})
	u := fileURI(t.TempDir() + "/Dockerfile")
	s.open(u, "FROM alpine:3.19\n")
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			select {
			case <-stop:
				return
			default:
				s.srv.relintAll()
			}
		}
	}()
	var last int32
	for i := 0; i < 3000; i++ {
		s.mu.Lock()
		n := len(s.texts[u])
		s.mu.Unlock()
		last = s.edit(u, n, n, "a")
	}
	close(stop)
	<-done
	s.waitDiags(u, last)
	snap := s.srv.snapshot(u)
	s.mu.Lock()
	want := s.texts[u]
	s.mu.Unlock()
	if string(snap.Text) != want {
		t.Fatalf("server text lost edits: %d bytes, editor has %d", len(snap.Text), len(want))
	}
}
