package lsp

import (
	"strings"
	"testing"

	"go.lsp.dev/protocol"
)

func TestBasicSession(t *testing.T) {
	s := newSession(t, sessionOptions{})
	u := fileURI(t.TempDir() + "/Dockerfile")
	v := s.open(u, "FROM alpine:3.19\nMAINTAINER me <me@example.com>\n")
	diags := s.waitDiags(u, v)
	var found *protocol.Diagnostic
	for i, d := range diags {
		t.Logf("diag %s", diagString(d))
		if codeOf(d.Code) == "DL4000" {
			found = &diags[i]
		}
	}
	if found == nil {
		t.Fatal("no DL4000")
	}
	var actions []protocol.CodeAction
	s.call("textDocument/codeAction", map[string]any{
		"textDocument": map[string]any{"uri": u},
		"range":        found.Range,
		"context":      map[string]any{"diagnostics": []protocol.Diagnostic{*found}},
	}, &actions)
	var titles []string
	for _, a := range actions {
		titles = append(titles, a.Title)
	}
	t.Logf("actions: %q", titles)
	if len(actions) == 0 || !strings.Contains(actions[0].Title, "LABEL") {
		t.Fatalf("actions = %q", titles)
	}
	got := applyEdits(t, s.texts[u], s.enc, actions[0].Edit.Changes[u])
	if want := "FROM alpine:3.19\nLABEL org.opencontainers.image.authors=\"me <me@example.com>\"\n"; got != want {
		t.Errorf("after fix:\n%s\nwant:\n%s", got, want)
	}
	if code := s.shutdown(); code != 0 {
		t.Errorf("exit code %d", code)
	}
}
