package lsp

import (
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// TestGrowPipes: a pipe on stdin or stdout gets a buffer of a megabyte
// (the publication of a big file's diagnostics in one write); anything
// else is left alone.
func TestGrowPipes(t *testing.T) {
	if b, err := os.ReadFile("/proc/sys/fs/pipe-max-size"); err == nil {
		if n, err := strconv.Atoi(strings.TrimSpace(string(b))); err == nil && n < pipeSize {
			t.Skipf("this system caps pipes at %d bytes", n)
		}
	}
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	size := func(f *os.File) int {
		var n uintptr
		rc, _ := f.SyscallConn()
		rc.Control(func(fd uintptr) { n, _, _ = syscall.Syscall(syscall.SYS_FCNTL, fd, 1032, 0) }) // F_GETPIPE_SZ
		return int(n)
	}
	before := size(w)
	growPipes(r, w, os.Stderr, "not a file")
	after := size(w)
	if after < pipeSize && after <= before {
		t.Errorf("pipe buffer %d bytes after growPipes (%d before), want %d", after, before, pipeSize)
	}
	// The pipe still works, and is not made blocking.
	go w.Write([]byte("x"))
	b := make([]byte, 1)
	if _, err := r.Read(b); err != nil || b[0] != 'x' {
		t.Fatalf("read %q, %v", b, err)
	}
}
