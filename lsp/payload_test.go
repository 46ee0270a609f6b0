package lsp

import (
	"encoding/json"
	"strings"
	"testing"

	"go.lsp.dev/protocol"
)

// resolveCaps is defaultCaps with a client that resolves code actions'
// edits and pulls diagnostics.
func resolveCaps(t *testing.T) string {
	caps := map[string]any{}
	if err := json.Unmarshal([]byte(defaultCaps), &caps); err != nil {
		t.Fatal(err)
	}
	td := caps["textDocument"].(map[string]any)
	td["codeAction"].(map[string]any)["resolveSupport"] = map[string]any{"properties": []string{"edit"}}
	td["diagnostic"] = map[string]any{}
	b, _ := json.Marshal(caps)
	return string(b)
}

// TestLazyFixes: a diagnostic's data is a small key, the quick fix comes
// without its edit, and codeAction/resolve gives the edit; once the text
// changed under it, resolve answers ContentModified.
func TestLazyFixes(t *testing.T) {
	s := newSession(t, sessionOptions{capabilities: resolveCaps(t)})
	u := fileURI(t.TempDir() + "/Dockerfile")
	v := s.open(u, "FROM alpine:3.19\nMAINTAINER me <me@example.com>\n")
	var rep struct {
		Items []protocol.Diagnostic `json:"items"`
	}
	_ = v
	s.call("textDocument/diagnostic", map[string]any{"textDocument": map[string]any{"uri": u}}, &rep)
	var found *protocol.Diagnostic
	for i, d := range rep.Items {
		if codeOf(d.Code) == "DL4000" {
			found = &rep.Items[i]
		}
	}
	if found == nil {
		t.Fatalf("no DL4000 in %v", diagStrings(rep.Items))
	}
	if got := string(found.Data); got != `{"fixes":1}` {
		t.Errorf("data = %s, want {\"fixes\":1}", got)
	}
	var actions []protocol.CodeAction
	s.call("textDocument/codeAction", map[string]any{
		"textDocument": map[string]any{"uri": u},
		"range":        found.Range,
		"context":      map[string]any{"diagnostics": []protocol.Diagnostic{*found}},
	}, &actions)
	if len(actions) == 0 || !strings.Contains(actions[0].Title, "LABEL") {
		t.Fatalf("actions = %+v", actions)
	}
	if len(actions[0].Data) == 0 {
		t.Fatalf("the fix came without data")
	}
	actions[0].Edit = nil // resolve it, as a lazy client does
	var resolved protocol.CodeAction
	s.call("codeAction/resolve", actions[0], &resolved)
	if resolved.Edit == nil {
		t.Fatal("resolve gave no edit")
	}
	got := applyEdits(t, s.texts[u], s.enc, resolved.Edit.Changes[u])
	if want := "FROM alpine:3.19\nLABEL org.opencontainers.image.authors=\"me <me@example.com>\"\n"; got != want {
		t.Errorf("after fix:\n%s\nwant:\n%s", got, want)
	}
	s.change(u, "FROM alpine:3.19\n")
	s.call("textDocument/diagnostic", map[string]any{"textDocument": map[string]any{"uri": u}}, &rep)
	if err := s.callErr("codeAction/resolve", actions[0], &resolved); err == nil || !strings.Contains(err.Error(), "content modified") {
		t.Errorf("resolve after the fix's text changed: err = %v, want content modified", err)
	}
}

// TestPullUnchanged: an edit that leaves the diagnostics as they were
// gets an "unchanged" report with the same result id.
func TestPullUnchanged(t *testing.T) {
	s := newSession(t, sessionOptions{capabilities: resolveCaps(t)})
	u := fileURI(t.TempDir() + "/Dockerfile")
	s.open(u, "FROM alpine:3.19\nMAINTAINER me\n")
	type report struct {
		Kind     string                `json:"kind"`
		ResultID string                `json:"resultId"`
		Items    []protocol.Diagnostic `json:"items"`
	}
	var first, second, third report
	doc := map[string]any{"uri": u}
	s.call("textDocument/diagnostic", map[string]any{"textDocument": doc}, &first)
	if first.Kind != "full" || first.ResultID == "" || len(first.Items) == 0 {
		t.Fatalf("first report = %+v", first)
	}
	s.change(u, "FROM alpine:3.19\nMAINTAINER me\n# a comment at the end\n")
	s.call("textDocument/diagnostic", map[string]any{"textDocument": doc, "previousResultId": first.ResultID}, &second)
	if second.Kind != "unchanged" || second.ResultID != first.ResultID {
		t.Errorf("after a comment: %+v, want unchanged %s", second, first.ResultID)
	}
	s.change(u, "FROM alpine:3.19\n")
	s.call("textDocument/diagnostic", map[string]any{"textDocument": doc, "previousResultId": first.ResultID}, &third)
	if third.Kind != "full" || third.ResultID == first.ResultID {
		t.Errorf("after MAINTAINER went: %+v, want a full report with a new id", third)
	}
}
