package safeio

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReadRegularFile(t *testing.T) {
	dir := t.TempDir()
	small := filepath.Join(dir, "Dockerfile")
	if err := os.WriteFile(small, []byte("FROM alpine\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if data, err := ReadRegularFile(small, 0); err != nil || string(data) != "FROM alpine\n" {
		t.Fatalf("ReadRegularFile = %q, %v", data, err)
	}
	if _, err := ReadRegularFile(small, 5); !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), small) {
		t.Errorf("over the cap: err = %v, want ErrTooLarge naming the file", err)
	}
	if _, err := ReadRegularFile(dir, 0); !errors.Is(err, ErrNotRegular) || !strings.Contains(err.Error(), "a folder") {
		t.Errorf("folder: err = %v, want ErrNotRegular (a folder)", err)
	}
	if _, err := ReadRegularFile(filepath.Join(dir, "missing"), 0); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing: err = %v, want ErrNotExist", err)
	}
}

// endless reads zeros forever.
type endless struct{ n int64 }

func (e *endless) Read(p []byte) (int, error) {
	clear(p)
	e.n += int64(len(p))
	return len(p), nil
}

func TestReadLimited(t *testing.T) {
	z := &endless{}
	if _, err := ReadLimited(z, 1<<20); !errors.Is(err, ErrTooLarge) {
		t.Errorf("endless stream: err = %v, want ErrTooLarge", err)
	}
	if z.n > 2<<20 {
		t.Errorf("read %d bytes of an endless stream with a 1 MiB cap", z.n)
	}
	if data, err := ReadLimited(strings.NewReader("abc"), 3); err != nil || string(data) != "abc" {
		t.Errorf("ReadLimited = %q, %v", data, err)
	}
}

func TestWriteFileAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "Dockerfile")
	if err := os.WriteFile(path, []byte("old\n"), 0o640); err != nil {
		t.Fatal(err)
	}
	if err := WriteFileAtomic(path, []byte("new\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(path); string(got) != "new\n" || st.Mode().Perm() != 0o640 {
		t.Errorf("after WriteFileAtomic: %q, mode %v; want \"new\\n\", mode 0640", got, st.Mode().Perm())
	}
	// A symbolic link stays a link to the rewritten file.
	link := filepath.Join(dir, "link.Dockerfile")
	if err := os.Symlink("Dockerfile", link); err != nil {
		t.Fatal(err)
	}
	if err := WriteFileAtomic(link, []byte("linked\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if lst, err := os.Lstat(link); err != nil || lst.Mode()&fs.ModeSymlink == 0 {
		t.Errorf("the link was replaced by a file (%v)", err)
	}
	if got, _ := os.ReadFile(path); string(got) != "linked\n" {
		t.Errorf("through the link: %q", got)
	}
	// A new file gets perm.
	fresh := filepath.Join(dir, "new.Dockerfile")
	if err := WriteFileAtomic(fresh, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(fresh); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("new file: %v, %v", st, err)
	}
	assertNoTemp(t, dir)
}

var errDiskFull = errors.New("no space left on device")

// failingFile writes up to limit bytes, then fails as a full disk does.
type failingFile struct {
	*os.File
	limit int
}

func (f *failingFile) Write(p []byte) (int, error) {
	if len(p) <= f.limit {
		f.limit -= len(p)
		return f.File.Write(p)
	}
	n, _ := f.File.Write(p[:f.limit])
	f.limit = 0
	return n, errDiskFull
}

// TestWriteFileAtomicFailsMidway: a write that fails halfway leaves the
// original byte-identical (before, os.WriteFile truncated it).
func TestWriteFileAtomicFailsMidway(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "Dockerfile")
	orig := bytes.Repeat([]byte("RUN echo original\n"), 1000)
	if err := os.WriteFile(path, orig, 0o644); err != nil {
		t.Fatal(err)
	}
	defer func(old func(string, string) (tempFile, error)) { createTemp = old }(createTemp)
	createTemp = func(dir, pattern string) (tempFile, error) {
		f, err := os.CreateTemp(dir, pattern)
		if err != nil {
			return nil, err
		}
		return &failingFile{File: f, limit: 4096}, nil
	}
	err := WriteFileAtomic(path, bytes.Repeat([]byte("RUN echo replaced\n"), 2000), 0o644)
	if !errors.Is(err, errDiskFull) || !strings.Contains(err.Error(), "left unchanged") {
		t.Errorf("err = %v, want errDiskFull saying the file was left unchanged", err)
	}
	if got, _ := os.ReadFile(path); !bytes.Equal(got, orig) {
		t.Errorf("the original changed: %d bytes, want %d", len(got), len(orig))
	}
	assertNoTemp(t, dir)
}

func assertNoTemp(t *testing.T, dir string) {
	t.Helper()
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".berth-") {
			t.Errorf("temporary file left behind: %s", e.Name())
		}
	}
}

var _ io.Writer = (*failingFile)(nil)

func TestPrintable(t *testing.T) {
	for in, want := range map[string]string{
		"Dockerfile":             "Dockerfile",
		"año/Dockerfile.español": "año/Dockerfile.español",
		"a\x1b[31mred\n\tb\r":    `a\x1b[31mred\n\tb\r`,
		"\x7f\u0085\u202eevil":   `\x7f\u0085\u202eevil`,
		"bad\xffutf8":            `bad\xffutf8`,
		`C:\Users\x`:             `C:\Users\x`,
		"emoji 🐳":                "emoji 🐳",
	} {
		got := Printable(in)
		if got != want {
			t.Errorf("Printable(%q) = %q, want %q", in, got, want)
		}
		if again := Printable(got); again != got {
			t.Errorf("Printable is not idempotent on %q: %q", got, again)
		}
	}
	if got := PrintableLines("one\x1b\ntwo"); got != "one\\x1b\ntwo" {
		t.Errorf("PrintableLines = %q", got)
	}
}

// TestWriteFileAtomicReadOnly: a read-only file is refused as writing in
// place would refuse it, though its folder is writable.
func TestWriteFileAtomicReadOnly(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root writes read-only files")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "Dockerfile")
	if err := os.WriteFile(path, []byte("old\n"), 0o444); err != nil {
		t.Fatal(err)
	}
	err := WriteFileAtomic(path, []byte("new\n"), 0o644)
	if !errors.Is(err, fs.ErrPermission) || !strings.Contains(err.Error(), "left unchanged") {
		t.Errorf("err = %v, want a permission error saying the file was left unchanged", err)
	}
	if got, _ := os.ReadFile(path); string(got) != "old\n" {
		t.Errorf("the file changed: %q", got)
	}
	assertNoTemp(t, dir)
}
