package lsp

import (
	"bytes"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
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
// made afresh. The characters typed include some outside ASCII and
// outside the Basic Multilingual Plane, whose UTF-16 positions differ
// from their byte offsets. BERTH_EDIT_SEED=N picks other edits and
// BERTH_EDIT_FILES=N edits N files (100, 20 with -short).
func TestConvertCorpusEdits(t *testing.T) {
	files := corpus.Files(t)
	var srcs [][]byte
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if len(src) < 16<<10 && strings.Count(strings.ToUpper(string(src)), "FROM ") >= 2 {
			srcs = append(srcs, src)
		}
	}
	if len(srcs) < 2 {
		t.Skip("no corpus file of several stages")
	}
	seed := uint64(11)
	if v := os.Getenv("BERTH_EDIT_SEED"); v != "" {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			t.Fatalf("BERTH_EDIT_SEED: %v", err)
		}
		seed = n
	}
	n := 100
	if testing.Short() {
		n = 20
	}
	if v := os.Getenv("BERTH_EDIT_FILES"); v != "" {
		k, err := strconv.Atoi(v)
		if err != nil {
			t.Fatalf("BERTH_EDIT_FILES: %v", err)
		}
		n = k
	}
	rng := rand.New(rand.NewPCG(seed, 12))
	lineOf := func() string {
		ls := strings.SplitAfter(string(srcs[rng.IntN(len(srcs))]), "\n")
		return ls[rng.IntN(len(ls))]
	}
	typed := []string{"a", "Z", "9", " ", "-", "$", "\\", "=", "\"", "{", "}", ":", "/", "\n", "é", "😀"}
	edit := func(text string) string {
		ls := strings.SplitAfter(text, "\n")
		i := rng.IntN(len(ls))
		switch rng.IntN(6) {
		case 0: // a line deleted
			ls = append(ls[:i], ls[i+1:]...)
		case 1: // a line from another file
			ls = slices.Insert(ls, i, lineOf())
		case 2, 3: // a character typed
			at := rng.IntN(len(ls[i]) + 1)
			for at > 0 && at < len(ls[i]) && ls[i][at]&0xC0 == 0x80 {
				at-- // at the start of a character
			}
			ls[i] = ls[i][:at] + typed[rng.IntN(len(typed))] + ls[i][at:]
		case 4: // a character deleted
			if ls[i] != "" {
				at := rng.IntN(len(ls[i]))
				for at > 0 && ls[i][at]&0xC0 == 0x80 {
					at--
				}
				end := at + 1
				for end < len(ls[i]) && ls[i][end]&0xC0 == 0x80 {
					end++
				}
				ls[i] = ls[i][:at] + ls[i][end:]
			}
		case 5: // a comment at the end
			ls = append(ls, "# edit\n")
		}
		return strings.Join(ls, "")
	}
	var noShellCheck []*lint.Rule
	for _, r := range rules.All() {
		if r.Code != "BR017" { // ShellCheck's findings come later, and from a program
			noShellCheck = append(noShellCheck, r)
		}
	}
	srv := NewServer(Options{Rules: noShellCheck})
	u := uri.File(filepath.Join(t.TempDir(), "Dockerfile"))
	for k := range n {
		text := string(srcs[rng.IntN(len(srcs))])
		var prev *Snapshot
		for step := range 10 {
			before := text
			if step > 0 {
				text = edit(text)
			}
			snap := srv.newSnapshot(u, int32(step+1), []byte(text))
			snap.prev = prev
			snap.convert()
			fresh := srv.newSnapshot(u, int32(step+1), []byte(text))
			fresh.convert()
			if len(snap.protoJSON) != len(fresh.protoJSON) {
				t.Fatalf("seed %d, file %d, step %d: %d diagnostics from the last snapshot, %d afresh\nthe text before the edit: %q\nafter: %q", seed, k, step, len(snap.protoJSON), len(fresh.protoJSON), before, text)
			}
			for i := range fresh.protoJSON {
				if !bytes.Equal(snap.protoJSON[i], fresh.protoJSON[i]) {
					t.Fatalf("seed %d, file %d, step %d: diagnostic %d differs:\nfrom the last snapshot %s\nafresh %s\nthe text before the edit: %q\nafter: %q", seed, k, step, i, snap.protoJSON[i], fresh.protoJSON[i], before, text)
				}
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
