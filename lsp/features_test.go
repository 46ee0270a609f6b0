package lsp

import (
	"encoding/json"
	"strings"
	"testing"

	"go.lsp.dev/protocol"
)

// TestFeatures drives each language feature once through the protocol;
// the features themselves are tested in package source.
func TestFeatures(t *testing.T) {
	caps := strings.Replace(defaultCaps, `"textDocument": {`, `"textDocument": {
		"completion": {"completionItem": {"snippetSupport": true}},
		"documentSymbol": {"hierarchicalDocumentSymbolSupport": true},`, 1)
	s := newSession(t, sessionOptions{capabilities: caps})
	u := fileURI(t.TempDir() + "/Dockerfile")
	text := "FROM golang:1.22 AS build\nRUN go build -o /app\n\nfrom alpine:3.19\nCOPY --from=build /app /app\nC\n"
	v := s.open(u, text)
	s.waitDiags(u, v)
	m := NewMapper([]byte(text), s.enc)
	// at returns the position of the n-th (0-based) occurrence of sub,
	// after a leading "=" when sub has one.
	at := func(sub string, n int) protocol.Position {
		skip := 0
		if strings.HasPrefix(sub, "=") {
			skip = 1
		}

		off := -1
		for i := 0; i <= n; i++ {
			j := strings.Index(text[off+1:], sub)
			if j < 0 {
				t.Fatalf("%q occurrence %d not found", sub, n)
			}
			off += 1 + j
		}
		return m.Position(off + skip)
	}
	doc := map[string]any{"uri": u}
	textAtRange := func(r protocol.Range) string { return textAt(text, m, r) }

	var list protocol.CompletionList
	s.call("textDocument/completion", map[string]any{"textDocument": doc, "position": at("C\n", 0)}, &list)
	found := false
	for _, it := range list.Items {
		if it.Label == "COPY" || it.Label == "CMD" {
			found = true
		}
	}
	if !found {
		t.Errorf("completion at C: %d items, no COPY or CMD", len(list.Items))
	}

	var syms []protocol.DocumentSymbol
	s.call("textDocument/documentSymbol", map[string]any{"textDocument": doc}, &syms)
	var names []string
	for _, sym := range syms {
		names = append(names, sym.Name)
	}
	if !strings.Contains(strings.Join(names, " "), "build") || len(syms) < 2 {
		t.Errorf("symbols: %q", names)
	}

	var defs []protocol.Location
	s.call("textDocument/definition", map[string]any{"textDocument": doc, "position": at("=build", 0)}, &defs)
	if len(defs) != 1 || textAtRange(defs[0].Range) != "build" || defs[0].Range.Start.Line != 0 {
		t.Errorf("definition of build: %+v", defs)
	}

	var refs []protocol.Location
	s.call("textDocument/references", map[string]any{"textDocument": doc, "position": at("build", 0), "context": map[string]any{"includeDeclaration": true}}, &refs)
	if len(refs) != 2 {
		t.Errorf("references of build: %+v", refs)
	}

	var hl []protocol.DocumentHighlight
	s.call("textDocument/documentHighlight", map[string]any{"textDocument": doc, "position": at("build", 0)}, &hl)
	if len(hl) != 2 {
		t.Errorf("highlights of build: %+v", hl)
	}

	var prep protocol.PrepareRenamePlaceholder
	s.call("textDocument/prepareRename", map[string]any{"textDocument": doc, "position": at("=build", 0)}, &prep)
	if prep.Placeholder != "build" {
		t.Errorf("prepareRename: %+v", prep)
	}
	var we protocol.WorkspaceEdit
	s.call("textDocument/rename", map[string]any{"textDocument": doc, "position": at("=build", 0), "newName": "builder"}, &we)
	if got := applyEdits(t, text, s.enc, we.Changes[u]); strings.Count(got, "builder") != 2 {
		t.Errorf("after rename:\n%s", got)
	}

	var folds []protocol.FoldingRange
	s.call("textDocument/foldingRange", map[string]any{"textDocument": doc}, &folds)
	if len(folds) == 0 {
		t.Error("no folding ranges")
	}

	var links []protocol.DocumentLink
	s.call("textDocument/documentLink", map[string]any{"textDocument": doc}, &links)
	if len(links) == 0 || textAtRange(links[0].Range) == "" {
		t.Errorf("links: %+v", links)
	}

	var edits []protocol.TextEdit
	s.call("textDocument/formatting", map[string]any{"textDocument": doc, "options": map[string]any{"tabSize": 4, "insertSpaces": true}}, &edits)
	if got := applyEdits(t, text, s.enc, edits); !strings.Contains(got, "FROM alpine:3.19") {
		t.Errorf("after formatting:\n%s", got)
	}
	edits = nil
	s.call("textDocument/rangeFormatting", map[string]any{"textDocument": doc, "range": protocol.Range{Start: at("from", 0), End: at("COPY", 0)}, "options": map[string]any{"tabSize": 4, "insertSpaces": true}}, &edits)
	if got := applyEdits(t, text, s.enc, edits); !strings.Contains(got, "FROM alpine:3.19") {
		t.Errorf("after range formatting:\n%s", got)
	}

	var h struct {
		Contents protocol.MarkupContent `json:"contents"`
	}
	s.call("textDocument/hover", map[string]any{"textDocument": doc, "position": at("COPY", 0)}, &h)
	if h.Contents.Value == "" {
		t.Error("no hover on COPY")
	}
	var raw json.RawMessage
	s.call("textDocument/hover", map[string]any{"textDocument": doc, "position": protocol.Position{Line: 99}}, &raw)
}

// TestHoverSpanish checks that the client's locale reaches the features.
func TestHoverSpanish(t *testing.T) {
	s := newSession(t, sessionOptions{})
	s.srv.mu.Lock()
	s.srv.caps.locale = "es-ES"
	s.srv.mu.Unlock()
	u := fileURI(t.TempDir() + "/Dockerfile")
	text := "FROM alpine:3.19\nWORKDIR /app\n"
	s.waitDiags(u, s.open(u, text))
	var h struct {
		Contents protocol.MarkupContent `json:"contents"`
	}
	s.call("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": u}, "position": protocol.Position{Line: 1, Character: 2}}, &h)
	en := newSession(t, sessionOptions{})
	en.waitDiags(u, en.open(u, text))
	var he struct {
		Contents protocol.MarkupContent `json:"contents"`
	}
	en.call("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": u}, "position": protocol.Position{Line: 1, Character: 2}}, &he)
	if h.Contents.Value == "" || h.Contents.Value == he.Contents.Value {
		t.Errorf("Spanish hover %q, English %q", h.Contents.Value, he.Contents.Value)
	}
}
