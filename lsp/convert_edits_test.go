package lsp

import (
	"path/filepath"
	"testing"

	"go.lsp.dev/uri"

	"github.com/berth-dev/berth/internal/corpus"
	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/rules"
)

// TestConvertCorpusEdits edits corpus files of several stages at random
// places, version after version, as an editor does, and checks what the
// editor is sent: each version's snapshot, made from the last one (its
// parse, its stages' findings and their protocol form reused), gives the
// protocol diagnostics, byte for byte, of a snapshot of the same text
// made afresh (corpus.Edits types characters outside ASCII and the Basic
// Multilingual Plane too, whose UTF-16 positions differ from their byte
// offsets). BERTH_EDIT_SEED=N picks other edits and BERTH_EDIT_FILES=N
// edits N files (100, 20 with -short).
func TestConvertCorpusEdits(t *testing.T) {
	srcs := corpus.MultiStage(t, 16<<10)
	edits := corpus.NewEdits(t, 11, srcs)
	n := 100
	if testing.Short() {
		n = 20
	}
	n = corpus.EditCount(t, n)
	var noShellCheck []*lint.Rule
	for _, r := range rules.All() {
		if r.Code != "BR017" { // ShellCheck's findings come later, and from a program
			noShellCheck = append(noShellCheck, r)
		}
	}
	srv := NewServer(Options{Rules: noShellCheck})
	u := uri.File(filepath.Join(t.TempDir(), "Dockerfile"))
	for k := range n {
		text := string(edits.Pick())
		var prev *Snapshot
		for step := range 10 {
			before := text
			if step > 0 {
				text = edits.Edit(text)
			}
			snap := srv.newSnapshot(u, int32(step+1), []byte(text))
			snap.prev = prev
			if diff, _ := freshDiff(srv, snap); diff != "" {
				t.Fatalf("seed %d, file %d, step %d: %s\nthe text before the edit: %q\nafter: %q", edits.Seed, k, step, diff, before, text)
			}
			prev = snap
		}
	}
}

// TestUnmovedTail: the tail unmovedTail finds has the same line and
// column in both texts, lines as the protocol counts them (a lone "\r"
// ends one).
func TestUnmovedTail(t *testing.T) {
	for _, c := range []struct {
		a, b string
		tail int // in b; -1: none
	}{
		{"x\nFROM y\nz\n", "x\nROM y\nz\n", 8},    // a line's first character deleted: from the next line
		{"x\nROM y\nz\n", "x\nFROM y\nz\n", 9},    // one typed there
		{"x\nFROM y\nz\n", "x\nFROM yy\nz\n", 10}, // typed at a line's end
		{"x\nFROM y\n", "x\n\nFROM y\n", -1},      // a line added
		{"FROM y\n", "ROM y\n", 6},                // at the start of the text
		{"x\nab\ncd\n", "x\nb\ncd\n", 4},
		{"x\r\nFROM y\r\nz\r\n", "x\ra\nFROM y\r\nz\r\n", -1}, // typed between "\r" and "\n": a line more
		{"x\r\nab\r\ncd\r\n", "x\r\nb\r\ncd\r\n", 6},
		{"x\rab\rcd", "x\rb\rcd", 4},
		{"x\nab", "x\nb", -1}, // no line after the edit's
	} {
		a, b := []byte(c.a), []byte(c.b)
		ma, mb := NewMapper(a, UTF16), NewMapper(b, UTF16)
		tail, delta := unmovedTail(ma, mb, commonPrefix(a, b))
		if tail != c.tail {
			t.Errorf("%q to %q: tail %d, want %d", c.a, c.b, tail, c.tail)
			continue
		}
		if tail >= 0 {
			if pa, pb := ma.Position(tail-delta), mb.Position(tail); pa != pb || pb.Character != 0 {
				t.Errorf("%q to %q: tail %d is at %v in b, %v in a", c.a, c.b, tail, pb, pa)
			}
		}
	}
}
