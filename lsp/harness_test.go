package lsp

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"slices"
	"sort"
	"sync"
	"testing"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/berth-dev/berth/lint/syntax"
	"github.com/berth-dev/berth/rules"
)

// session is a fake editor connected to a real server over an in-memory
// pipe, speaking the protocol through jsonrpc2 streams as an editor does.
type session struct {
	t      testing.TB
	srv    *Server
	conn   jsonrpc2.Conn
	raw    net.Conn // the client's end of the pipe, to write raw bytes
	enc    Encoding
	done   chan int // the server's exit code
	cancel context.CancelFunc

	mu        sync.Mutex
	changed   *sync.Cond
	diags     map[uri.URI]*protocol.PublishDiagnosticsParams
	versions  map[uri.URI][]int32 // every published version, in order
	edits     []protocol.WorkspaceEdit
	progress  []string // kinds of $/progress values
	reports   []string // messages of $/progress values
	messages  []string
	nextVer   map[uri.URI]int32
	texts     map[uri.URI]string
	initRes   *protocol.InitializeResult
	noApplyOK bool
}

type sessionOptions struct {
	// capabilities are the client capabilities as JSON; empty means a
	// typical editor's.
	capabilities string
	// initOptions are the initializationOptions as JSON.
	initOptions string
	rootURI     uri.URI
	hooks       func(*Server)
}

const defaultCaps = `{
	"general": {"positionEncodings": ["utf-16"]},
	"window": {"workDoneProgress": true},
	"workspace": {"applyEdit": true, "configuration": true},
	"textDocument": {
		"publishDiagnostics": {"versionSupport": true, "dataSupport": true, "tagSupport": {"valueSet": [1, 2]}, "codeDescriptionSupport": true},
		"codeAction": {"codeActionLiteralSupport": {"codeActionKind": {"valueSet": ["quickfix", "source.fixAll"]}}, "isPreferredSupport": true, "dataSupport": true}
	}
}`

// newSession starts a server and initializes it.
func newSession(t testing.TB, o sessionOptions) *session {
	t.Helper()
	a, b := net.Pipe()
	srv := NewServer(Options{Rules: rules.All(), Version: "test"})
	if o.hooks != nil {
		o.hooks(srv)
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &session{
		t: t, srv: srv, done: make(chan int, 1), cancel: cancel,
		diags:    map[uri.URI]*protocol.PublishDiagnosticsParams{},
		versions: map[uri.URI][]int32{},
		nextVer:  map[uri.URI]int32{},
		texts:    map[uri.URI]string{},
	}
	s.raw = b
	s.changed = sync.NewCond(&s.mu)
	// Served as berth lsp serves stdio: through berth's own stream.
	go func() { s.done <- srv.Serve(ctx, a) }()
	s.conn = jsonrpc2.NewConn(jsonrpc2.NewHeaderStream(b), jsonrpc2.WithCodec(codec{}))
	s.conn.Go(ctx, s.handle)
	t.Cleanup(func() {
		cancel()
		s.conn.Close()
		select {
		case <-s.done:
		case <-time.After(5 * time.Second):
			t.Error("server did not stop")
		}
	})
	caps := o.capabilities
	if caps == "" {
		caps = defaultCaps
	}
	params := map[string]any{
		"processId":    nil,
		"capabilities": json.RawMessage(caps),
		"locale":       "en",
	}
	if o.initOptions != "" {
		params["initializationOptions"] = json.RawMessage(o.initOptions)
	}
	if o.rootURI != "" {
		params["rootUri"] = o.rootURI
	}
	var res protocol.InitializeResult
	s.call("initialize", params, &res)
	s.initRes = &res
	if res.Capabilities.PositionEncoding == protocol.PositionEncodingKindUTF8 {
		s.enc = UTF8
	}
	s.notify("initialized", map[string]any{})
	return s
}

// handle answers the server's requests and records its notifications.
func (s *session) handle(ctx context.Context, req *jsonrpc2.Request) (any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	defer s.changed.Broadcast()
	switch req.Method() {
	case "textDocument/publishDiagnostics":
		var p protocol.PublishDiagnosticsParams
		if err := protocol.Unmarshal(req.Params(), &p); err != nil {
			s.t.Errorf("bad publishDiagnostics: %v", err)
			return nil, nil
		}
		s.diags[p.URI] = &p
		v, ok := p.Version.Get()
		if !ok {
			v = -1
		}
		s.versions[p.URI] = append(s.versions[p.URI], v)
	case "workspace/applyEdit":
		var p protocol.ApplyWorkspaceEditParams
		if err := protocol.Unmarshal(req.Params(), &p); err != nil {
			return nil, err
		}
		s.edits = append(s.edits, p.Edit)
		return &protocol.ApplyWorkspaceEditResult{Applied: !s.noApplyOK}, nil
	case "window/workDoneProgress/create":
		return nil, nil
	case "$/progress":
		var p struct {
			Value struct {
				Kind    string `json:"kind"`
				Message string `json:"message"`
			} `json:"value"`
		}
		json.Unmarshal(req.Params(), &p)
		s.progress = append(s.progress, p.Value.Kind)
		if p.Value.Message != "" {
			s.reports = append(s.reports, p.Value.Message)
		}
	case "window/showMessage", "window/logMessage":
		var p protocol.ShowMessageParams
		protocol.Unmarshal(req.Params(), &p)
		s.messages = append(s.messages, p.Message)
	default:
		if req.IsCall() {
			return nil, jsonrpc2.ErrMethodNotFound
		}
	}
	return nil, nil
}

func (s *session) call(method string, params, result any) {
	s.t.Helper()
	if err := s.callErr(method, params, result); err != nil {
		s.t.Fatalf("%s: %v", method, err)
	}
}

func (s *session) callErr(method string, params, result any) error {
	return s.callWithin(20*time.Second, method, params, result)
}

// callWithin calls method and gives up after d.
func (s *session) callWithin(d time.Duration, method string, params, result any) error {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	_, err := s.conn.Call(ctx, method, params, result)
	return err
}

func (s *session) notify(method string, params any) {
	s.t.Helper()
	if err := s.conn.Notify(context.Background(), method, params); err != nil {
		s.t.Fatalf("%s: %v", method, err)
	}
}

// open opens a document and returns its version.
func (s *session) open(u uri.URI, text string) int32 {
	s.t.Helper()
	s.mu.Lock()
	s.nextVer[u] = 1
	s.texts[u] = text
	s.mu.Unlock()
	s.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{
		"uri": u, "languageId": "dockerfile", "version": 1, "text": text,
	}})
	return 1
}

// change replaces the whole text and returns the new version.
func (s *session) change(u uri.URI, text string) int32 {
	s.t.Helper()
	s.mu.Lock()
	s.nextVer[u]++
	v := s.nextVer[u]
	s.texts[u] = text
	s.mu.Unlock()
	s.notify("textDocument/didChange", map[string]any{
		"textDocument":   map[string]any{"uri": u, "version": v},
		"contentChanges": []map[string]any{{"text": text}},
	})
	return v
}

// edit applies an incremental change: the byte range [start,end) of the
// current text is replaced. It returns the new version.
func (s *session) edit(u uri.URI, start, end int, newText string) int32 {
	s.t.Helper()
	s.mu.Lock()
	old := s.texts[u]
	m := NewMapper([]byte(old), s.enc)
	r := m.Range(rangeOf(start, end))
	s.nextVer[u]++
	v := s.nextVer[u]
	s.texts[u] = old[:start] + newText + old[end:]
	s.mu.Unlock()
	s.notify("textDocument/didChange", map[string]any{
		"textDocument":   map[string]any{"uri": u, "version": v},
		"contentChanges": []any{map[string]any{"range": r, "text": newText}},
	})
	return v
}

// waitDiags waits for the diagnostics of version v of u.
func (s *session) waitDiags(u uri.URI, v int32) []protocol.Diagnostic {
	s.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	timer := time.AfterFunc(20*time.Second, func() { s.changed.Broadcast() })
	defer timer.Stop()
	s.mu.Lock()
	defer s.mu.Unlock()
	for {
		if p := s.diags[u]; p != nil {
			if got, ok := p.Version.Get(); ok && got == v {
				return p.Diagnostics
			}
		}
		if time.Now().After(deadline) {
			var got any = "nothing"
			if p := s.diags[u]; p != nil {
				got, _ = p.Version.Get()
			}
			s.t.Fatalf("no diagnostics for version %d of %s (last: %v)", v, u, got)
		}
		s.changed.Wait()
	}
}

// published returns every version published for u, in order.
func (s *session) published(u uri.URI) []int32 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.versions[u])
}

// shutdown ends the session as an editor does and returns the exit code.
func (s *session) shutdown() int {
	s.t.Helper()
	s.call("shutdown", nil, nil)
	s.notify("exit", nil)
	select {
	case code := <-s.done:
		s.done <- code
		return code
	case <-time.After(5 * time.Second):
		s.t.Fatal("server did not exit")
	}
	return -1
}

// applyEdits applies text edits to text.
func applyEdits(t *testing.T, text string, enc Encoding, edits []protocol.TextEdit) string {
	t.Helper()
	m := NewMapper([]byte(text), enc)
	type edit struct {
		start, end int
		text       string
	}
	var es []edit
	for _, e := range edits {
		r := m.Offsets(e.Range)
		es = append(es, edit{r.Start, r.End, e.NewText})
	}
	sort.SliceStable(es, func(i, j int) bool { return es[i].start > es[j].start })
	for i, e := range es {
		if i > 0 && e.end > es[i-1].start {
			t.Fatalf("overlapping edits: %v", edits)
		}
		text = text[:e.start] + e.text + text[e.end:]
	}
	return text
}

func fileURI(path string) uri.URI { return uri.File(path) }

func diagString(d protocol.Diagnostic) string {
	msg := ""
	if m, ok := d.Message.(protocol.String); ok {
		msg = string(m)
	}
	return fmt.Sprintf("%s %q", codeOf(d.Code), msg)
}

func rangeOf(start, end int) syntax.Range { return syntax.Range{Start: start, End: end} }
