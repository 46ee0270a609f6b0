package rules

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/berth-dev/berth/lint"
)

// A .dockerignore that is a FIFO or a link to /dev/zero (a hostile
// repository's) is not read: BR011 used to wait on the FIFO forever and
// read /dev/zero until memory ran out, where the build context's walk
// already refused both. A regular one still applies.
func TestBR011IgnoreFileNotRegular(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("FIFOs and /dev/zero")
	}
	src := []byte("FROM alpine:3.20\nCOPY secret.txt /app/\n")
	fifo := t.TempDir()
	if err := syscall.Mkfifo(filepath.Join(fifo, ".dockerignore"), 0o644); err != nil {
		t.Fatal(err)
	}
	if ds := lintInDir(t, fifo, src, BR011); len(ds) != 0 {
		t.Errorf("FIFO .dockerignore: %v", ds)
	}
	zero := t.TempDir()
	if err := os.Symlink("/dev/zero", filepath.Join(zero, ".dockerignore")); err != nil {
		t.Fatal(err)
	}
	if ds := lintInDir(t, zero, src, BR011); len(ds) != 0 {
		t.Errorf("/dev/zero .dockerignore: %v", ds)
	}
	regular := t.TempDir()
	if err := os.WriteFile(filepath.Join(regular, ".dockerignore"), []byte("secret.txt\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if ds := lintInDir(t, regular, src, BR011); len(ds) != 1 || ds[0].Code != "BR011" {
		t.Errorf("regular .dockerignore: %v, want one BR011", ds)
	}
}

// The fixes that append to .dockerignore (BR041's, say) do not read a
// .dockerignore that is a FIFO or a link to /dev/zero: the finding comes
// without a fix, where reading it waited forever or ran out of memory.
func TestIgnoreFixNotRegular(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("FIFOs and /dev/zero")
	}
	src := []byte("FROM alpine:3.20\nCOPY . /app/\n")
	for name, mk := range map[string]func(string) error{
		"FIFO":      func(p string) error { return syscall.Mkfifo(p, 0o644) },
		"/dev/zero": func(p string) error { return os.Symlink("/dev/zero", p) },
	} {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, ".env"), []byte("TOKEN=x\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := mk(filepath.Join(dir, ".dockerignore")); err != nil {
			t.Fatal(err)
		}
		if ds := lintInDir(t, dir, src, BR041); len(ds) != 1 || ds[0].Code != "BR041" || len(ds[0].Fixes) != 0 {
			t.Errorf("%s .dockerignore: %v, want one BR041 without a fix", name, ds)
		}
	}
}

// lintInDir writes src as the Dockerfile of dir, its build context, and
// lints it with rule; it fails the test when the rule has not returned
// within a minute (it would be reading an ignore file that never ends).
func lintInDir(t *testing.T, dir string, src []byte, rule *lint.Rule) []lint.Diagnostic {
	t.Helper()
	path := filepath.Join(dir, "Dockerfile")
	if err := os.WriteFile(path, src, 0o644); err != nil {
		t.Fatal(err)
	}
	doc := lint.NewDocument(path, src)
	doc.Context = dir
	done := make(chan []lint.Diagnostic, 1)
	go func() { done <- lint.Run(doc, []*lint.Rule{rule}, &lint.Config{}) }()
	select {
	case ds := <-done:
		return ds
	case <-time.After(time.Minute):
		t.Fatalf("%s did not return: it is reading the ignore file", rule.Code)
		return nil
	}
}

// Documents sharing one ignore file, linted one after another and at
// once, each find what a document alone finds: the matcher handed from
// one to the next (ignoreMatcher's release) keeps no state between them.
func TestBR011SharedMatcher(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, ".dockerignore"), []byte("secret.txt\nbuild/\n*.log\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	srcs := [][]byte{
		[]byte("FROM alpine:3.20\nCOPY secret.txt /app/\n"),
		[]byte("FROM alpine:3.20\nCOPY build/out /app/\nCOPY app.log /\n"),
		[]byte("FROM alpine:3.20\nCOPY main.go /app/\n"),
	}
	findings := func(src []byte) int {
		doc := lint.NewDocument(filepath.Join(dir, "Dockerfile"), src)
		doc.Context = dir
		return len(lint.Run(doc, []*lint.Rule{BR011}, &lint.Config{}))
	}
	want := []int{1, 2, 0}
	for i, src := range srcs {
		if n := findings(src); n != want[i] {
			t.Fatalf("document %d alone: %d findings, want %d", i, n, want[i])
		}
	}
	errs := make(chan string, 4)
	for range 4 {
		go func() {
			for range 20 {
				for i, src := range srcs {
					if n := findings(src); n != want[i] {
						errs <- fmt.Sprintf("document %d: %d findings, alone %d", i, n, want[i])
						return
					}
				}
			}
			errs <- ""
		}()
	}
	for range 4 {
		if e := <-errs; e != "" {
			t.Error(e)
		}
	}
}
