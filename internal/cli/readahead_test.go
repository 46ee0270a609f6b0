package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestReadAhead: what readAhead hands each input is what readInput gives
// it (regular files, links, a FIFO, a folder, a missing file, one above
// the cap), in any order of taking; inputs it does not read (stdin, an
// input with an error) are left to the caller; a nil readAhead reads
// nothing.
func TestReadAhead(t *testing.T) {
	dir := t.TempDir()
	var inputs []*input
	add := func(name, body string) string {
		p := filepath.Join(dir, name)
		if body != "" {
			if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		inputs = append(inputs, &input{path: p, file: p})
		return p
	}
	for i := range 50 {
		add(fmt.Sprintf("Dockerfile.%d", i), fmt.Sprintf("FROM scratch\nLABEL n=%d\n", i))
	}
	add("big", strings.Repeat("x", 100))
	add("missing", "")
	if err := os.Mkdir(add("folder", ""), 0o755); err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" {
		if err := os.Symlink("Dockerfile.1", add("link", "")); err != nil {
			t.Fatal(err)
		}
		if err := syscall.Mkfifo(add("fifo", ""), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	inputs = append(inputs, &input{path: "-", data: []byte("FROM stdin\n")}, &input{path: "bad", file: "bad", err: fmt.Errorf("bad")})
	for _, reverse := range []bool{false, true} {
		r := startReadAhead(inputs, 64)
		for k := range inputs {
			if reverse {
				k = len(inputs) - 1 - k
			}
			in := inputs[k]
			done := make(chan struct{})
			go func() {
				defer close(done)
				data, read, err := r.take(k, in)
				if in.file == "" || in.err != nil {
					if read {
						t.Errorf("%s: read", in.path)
					}
					return
				}
				want, wantErr := readInput(in.file, 64)
				if !read || string(data) != string(want) || fmt.Sprint(err) != fmt.Sprint(wantErr) {
					t.Errorf("%s: %q, %v, %v; readInput: %q, %v", in.path, data, read, err, want, wantErr)
				}
			}()
			select {
			case <-done:
			case <-time.After(20 * time.Second):
				t.Fatalf("%s: take blocked", in.path)
			}
		}
	}
	var r *readAhead
	if _, read, _ := r.take(0, inputs[0]); read {
		t.Error("a nil readAhead read")
	}
	r = startReadAhead(inputs, 64)
	if _, read, _ := r.take(1, inputs[0]); read {
		t.Error("an input taken as another's was read")
	}
	if _, read, _ := r.take(len(inputs), inputs[0]); read {
		t.Error("an input taken past the end was read")
	}
}

// TestReadAheadBound: the files read and not yet taken stay under the
// bound: with files each larger than it, one is read at a time.
func TestReadAheadBound(t *testing.T) {
	dir := t.TempDir()
	var inputs []*input
	body := strings.Repeat("#\n", readAheadBytes/2+1) // readAheadBytes+2 bytes
	for i := range 3 {
		p := filepath.Join(dir, fmt.Sprintf("Dockerfile.%d", i))
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		inputs = append(inputs, &input{path: p, file: p})
	}
	r := startReadAhead(inputs, 0)
	for i, in := range inputs {
		r.mu.Lock()
		for r.read <= i {
			r.changed.Wait()
		}
		read := r.read
		r.mu.Unlock()
		if read > i+1 {
			t.Fatalf("read file %d before file %d was taken", i+1, i)
		}
		if _, _, err := r.take(i, in); err != nil {
			t.Fatal(err)
		}
	}
}
