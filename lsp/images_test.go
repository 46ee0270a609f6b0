package lsp

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestPinUnchangedSince: a snapshot that only follows up on another
// (ShellCheck's findings arriving) holds the same text, so a pin computed
// on the first still applies; an edit makes it stale. The pin of the
// Neovim end-to-end test once failed with "the document changed while the
// digests were looked up" when ShellCheck's findings on a RUN line landed
// during its look-up, and nothing had changed.
func TestPinUnchangedSince(t *testing.T) {
	open := fakeShellCheck(t)
	var srv *Server
	s := newSession(t, sessionOptions{hooks: func(x *Server) { srv = x }})
	u := fileURI(filepath.Join(t.TempDir(), "Dockerfile"))
	text := "FROM busybox:1.36\nRUN echo $" + fresh("pin") + "\n"
	v := s.open(u, text)
	s.waitDiags(u, v)
	first := srv.snapshot(u)
	open()
	if got := s.waitSC(u); got != v {
		t.Fatalf("SC findings published with version %d, want %d", got, v)
	}
	follow := srv.snapshot(u)
	if follow == first || follow.seq == first.seq {
		t.Fatal("ShellCheck's findings made no follow-up snapshot")
	}
	if !unchangedSince(follow, first) {
		t.Errorf("the follow-up snapshot of version %d counts as a change of the text", v)
	}
	i := strings.Index(text, "echo")
	v2 := s.edit(u, i, i+len("echo"), "printf")
	s.waitDiags(u, v2)
	if unchangedSince(srv.snapshot(u), first) {
		t.Errorf("version %d counts as the text of version %d", v2, v)
	}
	if unchangedSince(nil, first) {
		t.Error("a closed document counts as unchanged")
	}
}
