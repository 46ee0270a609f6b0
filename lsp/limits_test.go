package lsp

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"go.lsp.dev/protocol"

	"github.com/berth-dev/berth/lint/format"
)

// manyRuns is a Dockerfile of n lowercase RUN lines after a FROM: n-1
// findings of DL3059 (consecutive RUNs) and n keyword edits to format.
func manyRuns(n int) string {
	var b strings.Builder
	b.WriteString("FROM alpine:3.19\n")
	for i := range n {
		fmt.Fprintf(&b, "run echo %d\n", i)
	}
	return b.String()
}

// TestPublishedFindingsCapped: a file of more than maxPublished findings
// publishes the first maxPublished, after one diagnostic that says how
// many there are (issue 14: a million findings took hundreds of
// megabytes to encode and send).
func TestPublishedFindingsCapped(t *testing.T) {
	s := newSession(t, sessionOptions{})
	u := fileURI(filepath.Join(t.TempDir(), "Dockerfile"))
	ds := s.waitDiags(u, s.open(u, manyRuns(maxPublished+500)))
	if len(ds) != maxPublished+1 {
		t.Fatalf("published %d diagnostics, want %d", len(ds), maxPublished+1)
	}
	if msg := diagString(ds[0]); !strings.Contains(msg, fmt.Sprintf("first %d of the ", maxPublished)) {
		t.Errorf("first diagnostic %q does not say how many findings there are", msg)
	}
}

// TestTooLargeDocument: a document over maxDocumentSize is neither linted
// nor formatted, and one diagnostic says so.
func TestTooLargeDocument(t *testing.T) {
	s := newSession(t, sessionOptions{})
	u := fileURI(filepath.Join(t.TempDir(), "Dockerfile"))
	text := "FROM alpine:3.19\n" + strings.Repeat("run echo 0123456789abcdef\n", maxDocumentSize/26+1)
	ds := s.waitDiags(u, s.open(u, text))
	if len(ds) != 1 || !strings.Contains(diagString(ds[0]), "does not check this file as you type") {
		t.Fatalf("diagnostics of a %d-byte document: %v", len(text), ds)
	}
	var edits []protocol.TextEdit
	s.call("textDocument/formatting", &protocol.DocumentFormattingParams{TextDocument: protocol.TextDocumentIdentifier{URI: u}}, &edits)
	if len(edits) != 0 {
		t.Errorf("formatting a %d-byte document gave %d edits", len(text), len(edits))
	}
}

// TestFormattingWholeText: past maxTextEdits edits, formatting answers with
// one edit of the whole text, which gives the formatted text.
func TestFormattingWholeText(t *testing.T) {
	s := newSession(t, sessionOptions{})
	u := fileURI(filepath.Join(t.TempDir(), "Dockerfile"))
	text := manyRuns(maxTextEdits + 10)
	s.open(u, text)
	var edits []protocol.TextEdit
	s.call("textDocument/formatting", &protocol.DocumentFormattingParams{TextDocument: protocol.TextDocumentIdentifier{URI: u}}, &edits)
	if len(edits) != 1 {
		t.Fatalf("formatting gave %d edits, want one of the whole text", len(edits))
	}
	want := format.Source([]byte(text))
	if got := applyEdits(t, text, UTF16, edits); got != string(want) {
		t.Errorf("the edit does not give the formatted text")
	}
}
