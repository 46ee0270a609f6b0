package lsp

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"

	"github.com/berth-dev/berth/internal/corpus"
)

// didChangeSeeds are messages as editors send them, and some they do not.
var didChangeSeeds = []string{
	`{"textDocument":{"uri":"file:///w/Dockerfile","version":2},"contentChanges":[{"text":"FROM alpine\nRUN echo \"hi\" \\\n  there\t\u00e9\ud83d\ude00\n"}]}`,
	`{"contentChanges":[{"range":{"start":{"line":3,"character":0},"end":{"line":3,"character":4}},"rangeLength":4,"text":"R"}],"textDocument":{"version":7,"uri":"file:///w/Dockerfile"}}`,
	` { "textDocument" : { "uri" : "file:///a%20b/Dockerfile" , "version" : -1 } , "contentChanges" : [ { "range" : { "start" : { "line" : 0 , "character" : 0 } , "end" : { "line" : 0 , "character" : 0 } } , "text" : "" } , { "text" : "x" } ] } `,
	`{"textDocument":{"uri":"file:///w/D","version":1,"extra":[1,-2.5e3,true,null,{"a":"b"}]},"contentChanges":[],"more":{}}`,
	`{"textDocument":{"uri":"file:///w/D","version":1},"contentChanges":[{"text":"a","text":"b"}]}`,
	`{"textDocument":{"uri":"file:///w/D","version":1.0},"contentChanges":[]}`,
	`{"textDocument":{"uri":"file:///w/D","version":1},"contentChanges":[{"text":"\ud800"}]}`,
	`{"textDocument":{"uri":"file:///w/D","version":1},"contentChanges":[{"text":"\xff"}]}`,
	`{"textDocument":{"uri":"file:///w/D","version":1},"contentChanges":[{"range":null,"text":"x"}]}`,
	`{"textDocument":{"uri":"file:///w/D","version":1},"contentChanges":[{"Text":"x"}]}`,
	`{"textDocument":{"uri":"file:///w/D","version":01},"contentChanges":[]}`,
	`{"textDocument":{"uri":"file:///w/D","version":1},"contentChanges":[{"text":"x"}]}x`,
}

// checkDidChange fails when the fast decoder accepts b and the generic one
// decodes something else, or refuses it.
func checkDidChange(t *testing.T, b []byte) bool {
	t.Helper()
	got, ok := decodeDidChange(b)
	if !ok {
		return false
	}
	var want protocol.DidChangeTextDocumentParams
	if err := protocol.Unmarshal(b, &want); err != nil {
		t.Fatalf("decodeDidChange accepted %q, which protocol.Unmarshal refuses: %v", b, err)
	}
	if !reflect.DeepEqual(got, &want) {
		t.Fatalf("decodeDidChange(%q) = %#v, protocol.Unmarshal: %#v", b, got, &want)
	}
	return true
}

func TestDecodeDidChange(t *testing.T) {
	// The shapes editors send take the fast path.
	for _, s := range didChangeSeeds[:4] {
		if !checkDidChange(t, []byte(s)) {
			t.Errorf("decodeDidChange refused %s", s)
		}
	}
	for _, s := range didChangeSeeds[4:] {
		checkDidChange(t, []byte(s))
	}
	// A whole file, as lspbench sends it.
	text := strings.Repeat("RUN echo \"a\\tb\" && apt-get install -y curl \\\n    wget # ü\n", 2000)
	b, _ := json.Marshal(map[string]any{"textDocument": map[string]any{"uri": "file:///w/Dockerfile", "version": 3}, "contentChanges": []map[string]any{{"text": text}}})
	if !checkDidChange(t, b) {
		t.Error("decodeDidChange refused a whole-text change")
	}
}

func FuzzDecodeDidChange(f *testing.F) {
	for _, s := range didChangeSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) { checkDidChange(t, b) })
}

// BenchmarkDecodeDidChange decodes a whole-text change of a big file
// (BERTH_BENCH_FILE) with the fast decoder and with go.lsp.dev/protocol.
func BenchmarkDecodeDidChange(b *testing.B) {
	text := corpus.BenchFile(b)
	msg, _ := json.Marshal(map[string]any{"textDocument": map[string]any{"uri": "file:///w/Dockerfile", "version": 3}, "contentChanges": []map[string]any{{"text": string(text)}}})
	b.Run("fast", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			if _, ok := decodeDidChange(msg); !ok {
				b.Fatal("refused")
			}
		}
	})
	b.Run("protocol", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			var p protocol.DidChangeTextDocumentParams
			if err := protocol.Unmarshal(msg, &p); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// checkDidChangeFrame fails when decodeDidChangeFrame accepts a frame that
// the connection would not have handed to notify as that didChange, with
// the same parameters: invalidFrame must pass it, jsonrpc2 decode it as a
// didChange notification, and its params decode to the same.
func checkDidChangeFrame(t *testing.T, frame []byte) bool {
	t.Helper()
	got, ok := decodeDidChangeFrame(frame)
	if !ok {
		return false
	}
	if err := invalidFrame(frame); err != nil {
		t.Fatalf("decodeDidChangeFrame accepted %q, which invalidFrame refuses: %v", frame, err)
	}
	msg, err := jsonrpc2.DecodeMessage(frame)
	if err != nil {
		t.Fatalf("decodeDidChangeFrame accepted %q, which jsonrpc2 refuses: %v", frame, err)
	}
	n, isNote := msg.(*jsonrpc2.Notification)
	if !isNote || n.Method() != protocol.MethodTextDocumentDidChange {
		t.Fatalf("decodeDidChangeFrame accepted %q, which jsonrpc2 decodes as %#v", frame, msg)
	}
	if !checkDidChange(t, n.Params()) {
		t.Fatalf("decodeDidChangeFrame accepted %q, whose params decodeDidChange refuses", frame)
	}
	want, _ := decodeDidChange(n.Params())
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("decodeDidChangeFrame(%q) = %#v, the connection's params: %#v", frame, got, want)
	}
	return true
}

// didChangeFrame wraps params in the envelope a jsonrpc2 connection
// writes for the notification.
func didChangeFrame(params string) []byte {
	return jsonrpc2.AppendNotification(nil, protocol.MethodTextDocumentDidChange, jsonrpc2.RawMessage(params))
}

func TestDecodeDidChangeFrame(t *testing.T) {
	for i, s := range didChangeSeeds {
		frame := didChangeFrame(s)
		if ok := checkDidChangeFrame(t, frame); i < 4 && !ok {
			t.Errorf("decodeDidChangeFrame refused %s", frame)
		}
	}
	// Frames the connection decodes otherwise, or refuses, go its way.
	params := didChangeSeeds[0]
	for _, frame := range []string{
		`{"jsonrpc":"2.0","method":"textDocument/didChange","params":` + params + `,"id":1}`,
		`{"jsonrpc":"2.0","method":"textDocument/didChange","params":` + params + `,"result":1}`,
		`{"jsonrpc":"2.0","method":"textDocument/didChange","params":` + params + "}\n",
		`{"jsonrpc":"2.0","method":"textDocument/didChange","params":` + params + `}}`,
		`{"jsonrpc":"2.0","method":"textDocument/didChange","params":` + params + `}{}`,
		`{"jsonrpc":"2.0","method":"textDocument/didChange","params":` + params + `,"params":{}}`,
		`{"jsonrpc":"2.0","method":"textDocument/didChange","params":` + params[:len(params)-1] + `}`,
		`{"jsonrpc":"2.0","method":"textDocument/didChange","params":{}}`,
		`{"jsonrpc":"2.0","method":"textDocument/didChange","params":}`,
		`{"jsonrpc":"2.0","method":"textDocument/didChange","params":[]}`,
		`{"jsonrpc":"2.0","method":"textDocument/didChangeX","params":` + params + `}`,
		`{"jsonrpc":"2.0","method":"textDocument/didChange","params":` + strings.Replace(params, `"text":"`, `"text":"`+"\x01", 1) + `}`,
	} {
		if checkDidChangeFrame(t, []byte(frame)) {
			t.Errorf("decodeDidChangeFrame took %q", frame)
		}
	}
}

func FuzzDecodeDidChangeFrame(f *testing.F) {
	for _, s := range didChangeSeeds {
		f.Add(didChangeFrame(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) { checkDidChangeFrame(t, b) })
}
