package lsp

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"go.lsp.dev/protocol"
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
	text := benchFile(b)
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
