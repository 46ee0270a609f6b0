package lsp

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
)

// moreSession opens text in a new session and returns the session, the
// document's URI and a function giving the position of the n-th (0-based)
// occurrence of sub, plus skip bytes.
func moreSession(t *testing.T, o sessionOptions, text string) (*session, uri.URI, func(sub string, n, skip int) protocol.Position) {
	t.Helper()
	s := newSession(t, o)
	u := fileURI(t.TempDir() + "/Dockerfile")
	s.waitDiags(u, s.open(u, text))
	m := NewMapper([]byte(text), s.enc)
	at := func(sub string, n, skip int) protocol.Position {
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
	return s, u, at
}

// TestFeaturesAdvertised checks that initialize advertises the features of
// this file.
func TestFeaturesAdvertised(t *testing.T) {
	s := newSession(t, sessionOptions{})
	c := s.initRes.Capabilities
	if c.SignatureHelpProvider == nil || c.SemanticTokensProvider == nil || c.DocumentOnTypeFormattingProvider.FirstTriggerCharacter != "\n" ||
		c.SelectionRangeProvider == nil || c.InlayHintProvider == nil || c.CodeLensProvider == nil || c.WorkspaceSymbolProvider == nil {
		t.Errorf("capabilities: %+v", c)
	}
	opts, ok := c.SemanticTokensProvider.(*protocol.SemanticTokensOptions)
	if !ok || len(opts.Legend.TokenTypes) == 0 || opts.Legend.TokenTypes[0] != "keyword" {
		t.Errorf("semantic tokens provider: %#v", c.SemanticTokensProvider)
	}
}

func TestSignatureHelpSession(t *testing.T) {
	text := "FROM alpine\nCOPY --from=build a b\n"
	s, u, at := moreSession(t, sessionOptions{}, text)
	var h struct {
		Signatures []struct {
			Label      string `json:"label"`
			Parameters []struct {
				Label [2]int `json:"label"`
			} `json:"parameters"`
		} `json:"signatures"`
		ActiveSignature int `json:"activeSignature"`
		ActiveParameter int `json:"activeParameter"`
	}
	s.call("textDocument/signatureHelp", map[string]any{"textDocument": map[string]any{"uri": u}, "position": at(" b", 0, 2)}, &h)
	if len(h.Signatures) != 1 {
		t.Fatalf("signatures: %+v", h)
	}
	sig := h.Signatures[h.ActiveSignature]
	p := sig.Parameters[h.ActiveParameter].Label
	if got := sig.Label[p[0]:p[1]]; got != "<dest>" {
		t.Errorf("active parameter %q in %q", got, sig.Label)
	}
	var raw json.RawMessage
	s.call("textDocument/signatureHelp", map[string]any{"textDocument": map[string]any{"uri": u}, "position": at("FROM", 0, 1)}, &raw)
	if string(raw) != "null" {
		t.Errorf("signature help on a keyword: %s", raw)
	}
}

// decodeTokens decodes the protocol's relative encoding into the text of
// each token and its type.
func decodeTokens(t *testing.T, text string, enc Encoding, data []uint32) []string {
	t.Helper()
	m := NewMapper([]byte(text), enc)
	var out []string
	var line, char uint32
	for i := 0; i+5 <= len(data); i += 5 {
		if data[i] > 0 {
			char = 0
		}
		line += data[i]
		char += data[i+1]
		start := m.Offset(protocol.Position{Line: line, Character: char})
		end := m.Offset(protocol.Position{Line: line, Character: char + data[i+2]})
		out = append(out, text[start:end]+":"+tokenTypeName(data[i+3]))
	}
	return out
}

func tokenTypeName(i uint32) string {
	l := semanticLegend()
	if int(i) < len(l.TokenTypes) {
		return l.TokenTypes[i]
	}
	return "?"
}

func TestSemanticTokensSession(t *testing.T) {
	text := "ARG V=1\nFROM alpine:$V AS build\nRUN echo \"é $V\"\n"
	s, u, at := moreSession(t, sessionOptions{}, text)
	doc := map[string]any{"uri": u}
	var full protocol.SemanticTokens
	s.call("textDocument/semanticTokens/full", map[string]any{"textDocument": doc}, &full)
	got := strings.Join(decodeTokens(t, text, s.enc, full.Data), " ")
	want := `ARG:keyword V:variable 1:string FROM:keyword alpine::type $V:variable AS:keyword build:class RUN:keyword "é:string $V:variable ":string`
	if got != want {
		t.Errorf("full tokens\n got %s\nwant %s", got, want)
	}
	if full.ResultID == nil {
		t.Fatal("no result id")
	}
	// The range of the last line.
	var part protocol.SemanticTokens
	s.call("textDocument/semanticTokens/range", map[string]any{"textDocument": doc, "range": protocol.Range{Start: at("RUN", 0, 0), End: at("RUN", 0, 3)}}, &part)
	if got := strings.Join(decodeTokens(t, text, s.enc, part.Data), " "); got != "RUN:keyword" {
		t.Errorf("range tokens: %s", got)
	}
	// A delta after an edit.
	text2 := strings.Replace(text, "build", "compile", 1)
	s.waitDiags(u, s.change(u, text2))
	var delta struct {
		ResultID string `json:"resultId"`
		Edits    []struct {
			Start       int      `json:"start"`
			DeleteCount int      `json:"deleteCount"`
			Data        []uint32 `json:"data"`
		} `json:"edits"`
	}
	s.call("textDocument/semanticTokens/full/delta", map[string]any{"textDocument": doc, "previousResultId": *full.ResultID}, &delta)
	if delta.ResultID == "" || len(delta.Edits) != 1 {
		t.Fatalf("delta: %+v", delta)
	}
	data := append([]uint32(nil), full.Data[:delta.Edits[0].Start]...)
	data = append(data, delta.Edits[0].Data...)
	data = append(data, full.Data[delta.Edits[0].Start+delta.Edits[0].DeleteCount:]...)
	if got := strings.Join(decodeTokens(t, text2, s.enc, data), " "); got != strings.Replace(want, "build", "compile", 1) {
		t.Errorf("after delta: %s", got)
	}
	// An unknown previous result gets the full tokens.
	var again struct {
		Data []uint32 `json:"data"`
	}
	s.call("textDocument/semanticTokens/full/delta", map[string]any{"textDocument": doc, "previousResultId": "nope"}, &again)
	if len(again.Data) != len(data) {
		t.Errorf("full answer to an unknown delta: %d numbers, want %d", len(again.Data), len(data))
	}
}

func TestOnTypeFormattingSession(t *testing.T) {
	text := "FROM alpine\nRUN apk add \\\n\n"
	s, u, at := moreSession(t, sessionOptions{}, text)
	var edits []protocol.TextEdit
	s.call("textDocument/onTypeFormatting", map[string]any{"textDocument": map[string]any{"uri": u}, "position": at("\\\n", 0, 2), "ch": "\n",
		"options": map[string]any{"tabSize": 4, "insertSpaces": true}}, &edits)
	if got := applyEdits(t, text, s.enc, edits); got != "FROM alpine\nRUN apk add \\\n    \n" {
		t.Errorf("after on-type formatting: %q", got)
	}
}

func TestSelectionRangeSession(t *testing.T) {
	text := "FROM alpine\nCOPY --chown=app:app a /b\n"
	s, u, at := moreSession(t, sessionOptions{}, text)
	var got []protocol.SelectionRange
	s.call("textDocument/selectionRange", map[string]any{"textDocument": map[string]any{"uri": u}, "positions": []protocol.Position{at("app:", 0, 1)}}, &got)
	if len(got) != 1 {
		t.Fatalf("selection ranges: %+v", got)
	}
	m := NewMapper([]byte(text), s.enc)
	var steps []string
	for r := &got[0]; r != nil; r = r.Parent {
		steps = append(steps, textAt(text, m, r.Range))
	}
	want := []string{"app", "app:app", "--chown=app:app", "COPY --chown=app:app a /b"}
	if strings.Join(steps[:min(len(steps), 4)], "|") != strings.Join(want, "|") || steps[len(steps)-1] != text {
		t.Errorf("steps %q", steps)
	}
}

func TestInlayHintSession(t *testing.T) {
	text := "ARG NODE_VERSION=20-alpine\nFROM node:${NODE_VERSION} AS base\nFROM base\n"
	s, u, _ := moreSession(t, sessionOptions{}, text)
	var hints []struct {
		Position protocol.Position `json:"position"`
		Label    string            `json:"label"`
	}
	s.call("textDocument/inlayHint", map[string]any{"textDocument": map[string]any{"uri": u}, "range": protocol.Range{End: protocol.Position{Line: 9}}}, &hints)
	if len(hints) != 2 || hints[0].Label != "= 20-alpine" || hints[0].Position != (protocol.Position{Line: 1, Character: 25}) ||
		hints[1].Label != "→ node:20-alpine" || hints[1].Position != (protocol.Position{Line: 2, Character: 9}) {
		t.Errorf("hints: %+v", hints)
	}
}

func TestCodeLensSession(t *testing.T) {
	text := "FROM golang:1.23 AS build\nFROM build AS test\nFROM alpine:3.20\nCOPY --from=build /a /a\n"
	s, u, _ := moreSession(t, sessionOptions{}, text)
	var lenses []struct {
		Range   protocol.Range `json:"range"`
		Command struct {
			Title     string            `json:"title"`
			Command   string            `json:"command"`
			Arguments []json.RawMessage `json:"arguments"`
		} `json:"command"`
	}
	s.call("textDocument/codeLens", map[string]any{"textDocument": map[string]any{"uri": u}}, &lenses)
	var got []string
	for _, l := range lenses {
		line := ""
		if len(l.Command.Arguments) > 0 {
			line = string(l.Command.Arguments[0])
		}
		got = append(got, l.Command.Title+"|"+l.Command.Command+"|"+strings.ReplaceAll(line, string(u), "U"))
	}
	want := []string{
		`Build stage build|berth.build|{"uri":"U","target":"build"}`,
		`Pull golang:1.23|berth.pull|{"uri":"U","image":"golang:1.23"}`,
		`used by 2 stages||`,
		`Build stage test|berth.build|{"uri":"U","target":"test"}`,
		`Build image|berth.build|{"uri":"U"}`,
		`Pull alpine:3.20|berth.pull|{"uri":"U","image":"alpine:3.20"}`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("lenses\n got %s\nwant %s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestWorkspaceSymbolSession(t *testing.T) {
	dir := t.TempDir()
	for name, text := range map[string]string{
		"svc/Dockerfile":          "ARG GO_VERSION=1.23\nFROM golang:${GO_VERSION} AS builder\n",
		"web/app.Dockerfile":      "FROM node AS webbuild\nARG NPM_TOKEN\n",
		"node_modules/Dockerfile": "FROM x AS hidden\n",
		".git/Dockerfile":         "FROM x AS hidden2\n",
		"README.md":               "FROM x AS nope\n",
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	s := newSession(t, sessionOptions{rootURI: fileURI(dir)})
	open := fileURI(filepath.Join(dir, "svc", "Dockerfile"))
	s.waitDiags(open, s.open(open, "FROM alpine AS runtime\n"))
	var syms []struct {
		Name     string `json:"name"`
		Location struct {
			URI string `json:"uri"`
		} `json:"location"`
	}
	s.call("workspace/symbol", map[string]any{"query": ""}, &syms)
	var names []string
	for _, sym := range syms {
		names = append(names, sym.Name)
	}
	got := strings.Join(names, " ")
	// The open document's text wins over the file on disk.
	if got != "runtime webbuild NPM_TOKEN" {
		t.Errorf("workspace symbols: %s", got)
	}
	syms = nil
	s.call("workspace/symbol", map[string]any{"query": "wbld"}, &syms)
	if len(syms) != 1 || syms[0].Name != "webbuild" || !strings.HasSuffix(syms[0].Location.URI, "/web/app.Dockerfile") {
		t.Errorf("query wbld: %+v", syms)
	}
}

// TestNewFeaturesOnJunk calls every method of this file on documents no
// editor should see, and wants an answer, never an error or a hang.
func TestNewFeaturesOnJunk(t *testing.T) {
	s := newSession(t, sessionOptions{})
	big := strings.Repeat("ARG A=${A}${A}\n", 200) + "FROM x:${A}\n" + strings.Repeat("RUN echo $A \\\n", 300) + "\n"
	for i, text := range []string{
		"", "\x00\xff\xfe", "FROM", "RUN <<EOF", "FROM a\nCOPY --from=", "\ufeff# escape=`\r\nFROM a\r\nRUN a `\r\n",
		strings.Repeat("${", 5000), big,
	} {
		u := fileURI(t.TempDir() + "/Dockerfile")
		s.open(u, text) // the features do not wait for the diagnostics
		doc := map[string]any{"uri": u}
		end := protocol.Position{Line: 99999}
		for _, c := range []struct {
			method string
			params map[string]any
		}{
			{"textDocument/signatureHelp", map[string]any{"textDocument": doc, "position": protocol.Position{Line: 1, Character: 3}}},
			{"textDocument/semanticTokens/full", map[string]any{"textDocument": doc}},
			{"textDocument/semanticTokens/full/delta", map[string]any{"textDocument": doc, "previousResultId": "x"}},
			{"textDocument/semanticTokens/range", map[string]any{"textDocument": doc, "range": protocol.Range{End: end}}},
			{"textDocument/onTypeFormatting", map[string]any{"textDocument": doc, "position": protocol.Position{Line: 1}, "ch": "\n", "options": map[string]any{"tabSize": 4, "insertSpaces": true}}},
			{"textDocument/selectionRange", map[string]any{"textDocument": doc, "positions": []protocol.Position{{Line: 0, Character: 1}, {Line: 500, Character: 3}}}},
			{"textDocument/inlayHint", map[string]any{"textDocument": doc, "range": protocol.Range{End: end}}},
			{"textDocument/codeLens", map[string]any{"textDocument": doc}},
			{"workspace/symbol", map[string]any{"query": "A"}},
		} {
			var raw json.RawMessage
			if err := s.callWithin(10*time.Second, c.method, c.params, &raw); err != nil {
				t.Errorf("document %d: %s: %v", i, c.method, err)
			}
		}
		s.notify("textDocument/didClose", map[string]any{"textDocument": doc})
	}
}
