package lsp

import (
	"bytes"
	"context"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/berth-dev/berth/rules"
)

// genericFrame returns the frame the jsonrpc2 connection and its header
// stream write for a publishDiagnostics notification of params, encoded
// by the server's codec: what a publication must be, byte for byte.
func genericFrame(t *testing.T, params *protocol.PublishDiagnosticsParams) []byte {
	t.Helper()
	w := &wire{r: strings.NewReader("")}
	conn := jsonrpc2.NewConn(jsonrpc2.NewHeaderStream(w), jsonrpc2.WithCodec(codec{}))
	defer conn.Close()
	if err := conn.Notify(context.Background(), protocol.MethodTextDocumentPublishDiagnostics, params); err != nil {
		t.Fatal(err)
	}
	return w.out.Bytes()
}

// decodePublication reads a frame's body as a client does.
func decodePublication(t *testing.T, frame []byte) *protocol.PublishDiagnosticsParams {
	t.Helper()
	f := newFramingStream(&wire{r: bytes.NewReader(frame)}, 0, nil)
	msg, _, err := f.Read(context.Background())
	if err != nil {
		t.Fatalf("reading %.200s: %v", frame, err)
	}
	n, ok := msg.(*jsonrpc2.Notification)
	if !ok || n.Method() != protocol.MethodTextDocumentPublishDiagnostics {
		t.Fatalf("got %#v, want a publishDiagnostics notification", msg)
	}
	var p protocol.PublishDiagnosticsParams
	if err := protocol.Unmarshal(n.Params(), &p); err != nil {
		t.Fatal(err)
	}
	return &p
}

// TestPublicationFrame: a publication's frame is the one the generic
// encoder writes for the same diagnostics and version (every diagnostic,
// the version, the extra diagnostics after them), byte for byte, whether
// it was built afresh or, after an edit that changed no finding, sent
// again with a new head: and in that case its diagnostics were not
// copied again.
func TestPublicationFrame(t *testing.T) {
	srv := NewServer(Options{Rules: rules.All()})
	u := uri.File(filepath.Join(t.TempDir(), "Dockerfile"))
	text := "FROM ubuntu\nMAINTAINER me <me@example.com>\nRUN apt-get update && apt-get install curl\nRUN cd /x && make\n"
	extra := []protocol.Diagnostic{{Message: protocol.String("build failed: \"x\" <&>"), Severity: protocol.DiagnosticSeverityError, Source: protocol.NewOptional("berth")}}
	var pub publication
	check := func(snap *Snapshot, extra []protocol.Diagnostic) []byte {
		t.Helper()
		frame, params := pub.frame(snap, extra)
		want := &protocol.PublishDiagnosticsParams{URI: snap.URI, Version: protocol.NewOptional(snap.Version),
			Diagnostics: append(append([]protocol.Diagnostic{}, snap.protocolDiagnostics()...), extra...)}
		if g := genericFrame(t, want); !bytes.Equal(frame, g) {
			t.Fatalf("version %d: the frame differs from the generic encoder's:\n got %.300s\nwant %.300s", snap.Version, frame, g)
		}
		if !bytes.HasSuffix(frame, append(append([]byte(nil), params...), '}')) {
			t.Fatalf("the params are not the frame's")
		}
		got := decodePublication(t, frame)
		if !reflect.DeepEqual(got, decodePublication(t, genericFrame(t, want))) {
			t.Fatalf("version %d decodes to %+v", snap.Version, got)
		}
		if len(got.Diagnostics) == 0 && len(snap.protoJSON) > 0 {
			t.Fatal("no diagnostics")
		}
		return frame
	}
	snap := srv.newSnapshot(u, 1, []byte(text))
	check(snap, nil)
	if len(snap.protoJSON) < 3 {
		t.Fatalf("only %d diagnostics: the test needs a few", len(snap.protoJSON))
	}
	// Edits that change no finding, the version growing by digits (and
	// going negative), then a finding changed, extra diagnostics
	// added and dropped, none at all.
	steps := []struct {
		version  int32
		text     string
		extra    []protocol.Diagnostic
		rebuilds bool
	}{
		{2, text + "# a comment\n", nil, false},
		{10, text + "# another\n", nil, false},
		{1_000_000_000, text + "# and another\n", nil, false},
		{-7, text + "#\n", nil, false},
		{11, text + "#\n", extra, true},
		{12, text + "# x\n", extra, false},
		{13, text + "# x\n", nil, true},
		{14, strings.Replace(text, "curl", "curl wget", 1), nil, true},
		{15, "", nil, true},
		{16, "", nil, false},
		{17, text, nil, true},
	}
	for _, st := range steps {
		next := srv.newSnapshot(u, st.version, []byte(st.text))
		next.prev = snap
		next.convert()
		items, last := pub.items, &pub.buf[len(pub.buf)-1]
		check(next, st.extra)
		reused := sameItems(items, pub.items) && last == &pub.buf[len(pub.buf)-1]
		if reused == st.rebuilds {
			t.Errorf("version %d: reused %v, want %v", st.version, reused, !st.rebuilds)
		}
		snap = next
	}
}

// TestPublicationURI: a URI with characters JSON escapes (which the
// generic encoder may escape otherwise) decodes as the generic encoder's.
func TestPublicationURI(t *testing.T) {
	srv := NewServer(Options{Rules: rules.All()})
	u := uri.URI("file:///tmp/a \"b\"\\<c>&d\u2028é\x01/Dockerfile")
	snap := srv.newSnapshot(u, 3, []byte("FROM ubuntu\n"))
	var pub publication
	want := decodePublication(t, genericFrame(t, &protocol.PublishDiagnosticsParams{URI: u, Version: protocol.NewOptional(snap.Version),
		Diagnostics: snap.protocolDiagnostics()}))
	for range 2 {
		frame, _ := pub.frame(snap, nil)
		if got := decodePublication(t, frame); !reflect.DeepEqual(got, want) {
			t.Fatalf("decoded %+v, want %+v", got, want)
		}
	}
}

// TestFramingWrite: the stream frames messages exactly as the jsonrpc2
// header stream does.
func TestFramingWrite(t *testing.T) {
	big := strings.Repeat("x", 2*keepBuffer)
	msgs := []jsonrpc2.Message{
		jsonrpc2.NewNotification("textDocument/publishDiagnostics", jsonrpc2.RawMessage(`{"uri":"file:///a","diagnostics":[]}`)),
		jsonrpc2.NewCall(jsonrpc2.NewNumberID(7), "workspace/applyEdit", jsonrpc2.RawMessage(`{"edit":{}}`)),
		jsonrpc2.NewResponse(jsonrpc2.NewStringID("x\"y"), jsonrpc2.RawMessage(`{"a":"`+big+`"}`), nil),
		jsonrpc2.NewResponse(jsonrpc2.NewNumberID(8), nil, jsonrpc2.Errorf(jsonrpc2.InvalidParams, "bad <%s>", "params")),
		jsonrpc2.NewNotification("exit", nil),
	}
	got := &wire{r: strings.NewReader("")}
	f := newFramingStream(got, 0, nil)
	want := &wire{r: strings.NewReader("")}
	h := jsonrpc2.NewHeaderStream(want)
	ctx := context.Background()
	for _, m := range msgs {
		if _, err := f.Write(ctx, m); err != nil {
			t.Fatal(err)
		}
		if _, err := h.Write(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	batch := []byte(`[{"jsonrpc":"2.0","id":1,"result":null},{"jsonrpc":"2.0","id":2,"result":null}]`)
	if _, err := f.WriteFrame(ctx, batch); err != nil {
		t.Fatal(err)
	}
	if _, err := h.(frameReader).WriteFrame(ctx, batch); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.out.Bytes(), want.out.Bytes()) {
		t.Errorf("frames differ:\n got %.400q\nwant %.400q", got.out.String(), want.out.String())
	}
	if cap(f.wbuf) > keepBuffer {
		t.Errorf("the stream kept a write buffer of %d bytes", cap(f.wbuf))
	}
}

// TestPublicationReleased: a document's publication goes when it is
// closed.
func TestPublicationReleased(t *testing.T) {
	s := newSession(t, sessionOptions{})
	u := fileURI(t.TempDir() + "/Dockerfile")
	v := s.open(u, "FROM ubuntu\nMAINTAINER me\n")
	s.waitDiags(u, v)
	st := s.srv.doc(u, false)
	deadline := time.Now().Add(10 * time.Second)
	for {
		st.mu.Lock()
		pub := st.pub
		st.mu.Unlock()
		if pub != nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no publication kept for an open document")
		}
		time.Sleep(time.Millisecond)
	}
	s.notify("textDocument/didClose", map[string]any{"textDocument": map[string]any{"uri": u}})
	for {
		st.mu.Lock()
		pub, running := st.pub, st.running
		st.mu.Unlock()
		if pub == nil && !running {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the publication of a closed document was kept")
		}
		time.Sleep(time.Millisecond)
	}
}

// TestCodeDescriptionOnlyWhenShown: a diagnostic carries its rule's page
// (codeDescription) only to a client that says it shows it
// (publishDiagnostics.codeDescriptionSupport, as VS Code does); Neovim does
// not, and for it the links were a quarter of each publication.
func TestCodeDescriptionOnlyWhenShown(t *testing.T) {
	for _, shown := range []bool{true, false} {
		caps := defaultCaps
		if !shown {
			caps = strings.Replace(defaultCaps, `, "codeDescriptionSupport": true`, "", 1)
		}
		s := newSession(t, sessionOptions{capabilities: caps})
		u := fileURI(t.TempDir() + "/Dockerfile")
		v := s.open(u, "FROM alpine:3.19\nMAINTAINER me\n")
		diags := s.waitDiags(u, v)
		if !hasCode(diags, "DL4000") {
			t.Fatalf("diagnostics = %v, want DL4000", codes(diags))
		}
		for _, d := range diags {
			if got := d.CodeDescription.Href != ""; got != shown {
				t.Errorf("client shows links %v: %s has codeDescription %q", shown, codeOf(d.Code), d.CodeDescription.Href)
			}
		}
	}
}
