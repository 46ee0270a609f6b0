package lsp

import (
	"bytes"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"go.lsp.dev/uri"

	"github.com/berth-dev/berth/rules"
)

// TestConvertReuse: a snapshot converted with the previous one (reusing
// the protocol form of what an edit left as it was, before the edit and,
// when the edit kept the number of lines, after it) gives the same
// protocol diagnostics as one converted afresh.
func TestConvertReuse(t *testing.T) {
	var b strings.Builder
	for i := range 40 {
		fmt.Fprintf(&b, "FROM ubuntu:22.04 AS Stage%d\nMAINTAINER someone\nRUN apt-get install -y curl\nCMD echo $UNDEF%d\n", i, i)
	}
	base := b.String()
	at := strings.Index(base, "RUN apt-get install -y curl\nCMD echo $UNDEF20")
	edits := map[string]string{
		"typing in a line":      base[:at] + "RUN apt-get install -y curlx\nCMD echo $UNDEF20" + base[at+len("RUN apt-get install -y curl\nCMD echo $UNDEF20"):],
		"a new line":            base[:at] + "RUN sudo x\n" + base[at:],
		"a line joined":         base[:at-1] + " " + base[at:],
		"an edit at the end":    base + "# edit\n",
		"a character taken out": base[:at+3] + base[at+4:],
	}
	srv := NewServer(Options{Rules: rules.All()})
	u := uri.File(filepath.Join(t.TempDir(), "Dockerfile"))
	for name, text := range edits {
		prev := srv.newSnapshot(u, 1, []byte(base))
		prev.convert()
		withPrev := srv.newSnapshot(u, 2, []byte(text))
		withPrev.prev = prev
		withPrev.convert()
		diff, fresh := freshDiff(srv, withPrev)
		if diff != "" {
			t.Fatalf("%s: %s", name, diff)
		}
		if !reflect.DeepEqual(withPrev.proto, fresh.proto) {
			t.Errorf("%s: the protocol diagnostics differ from those made afresh", name)
		}
		// An edit that changed no finding shares the previous snapshot's
		// slices; any other has its own.
		shared := &withPrev.protoJSON[0] == &prev.protoJSON[0]
		if want := name == "an edit at the end"; shared != want {
			t.Errorf("%s: shares the previous snapshot's diagnostics: %v, want %v", name, shared, want)
		}
	}
}

// freshDiff converts snap and a snapshot of the same text made afresh,
// and describes the first difference between their protocol diagnostics
// ("" when they are the same, byte for byte); fresh is the snapshot made
// afresh.
func freshDiff(srv *Server, snap *Snapshot) (diff string, fresh *Snapshot) {
	snap.convert()
	fresh = srv.newSnapshot(snap.URI, snap.Version, snap.Text)
	fresh.convert()
	if len(snap.protoJSON) != len(fresh.protoJSON) {
		return fmt.Sprintf("%d diagnostics from the previous snapshot, %d afresh", len(snap.protoJSON), len(fresh.protoJSON)), fresh
	}
	for i := range fresh.protoJSON {
		if !bytes.Equal(snap.protoJSON[i], fresh.protoJSON[i]) {
			return fmt.Sprintf("diagnostic %d differs:\nreused %s\nafresh %s", i, snap.protoJSON[i], fresh.protoJSON[i]), fresh
		}
	}
	return "", fresh
}
