//go:build linux

package safeio

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestReadRegularFileDevices: /dev/zero, directly or through a symbolic
// link, is refused without reading (before, it was read until memory ran
// out), and a FIFO is refused at once (before, opening it blocked forever).
func TestReadRegularFileDevices(t *testing.T) {
	dir := t.TempDir()
	link := filepath.Join(dir, ".dockerignore")
	if err := os.Symlink("/dev/zero", link); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(dir, "Dockerfile")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/dev/zero", link, fifo} {
		done := make(chan error, 2)
		go func() {
			_, err := ReadRegularFile(path, 0)
			done <- err
			// OpenRegular, for readers that look at the file first
			// (buildctx.Context.Head): a FIFO put in its place after
			// that look is refused once open.
			f, _, err := OpenRegular(path)
			if f != nil {
				f.Close()
			}
			done <- err
		}()
		for range 2 {
			select {
			case err := <-done:
				if !errors.Is(err, ErrNotRegular) || !strings.Contains(err.Error(), path) {
					t.Errorf("%s: err = %v, want ErrNotRegular naming the path", path, err)
				}
			case <-time.After(10 * time.Second):
				t.Fatalf("%s: ReadRegularFile or OpenRegular blocked", path)
			}
		}
	}
	f, st, err := OpenRegular("safeio.go")
	if err != nil || !st.Mode().IsRegular() {
		t.Fatalf("OpenRegular(safeio.go) = %v, %v", st, err)
	}
	f.Close()
}

// TestWriteFileAtomicFileSizeLimit runs WriteFileAtomic in a child process
// whose file size limit (ulimit -f) is below the data's size.
func TestWriteFileAtomicFileSizeLimit(t *testing.T) {
	if path := os.Getenv("SAFEIO_FSIZE_CHILD"); path != "" {
		signal.Ignore(syscall.SIGXFSZ)
		lim := syscall.Rlimit{Cur: 50 << 10, Max: 50 << 10}
		if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &lim); err != nil {
			t.Fatal(err)
		}
		err := WriteFileAtomic(path, bytes.Repeat([]byte("RUN echo replaced\n"), 10000), 0o644)
		if err == nil {
			t.Fatal("WriteFileAtomic succeeded beyond the file size limit")
		}
		t.Log(err)
		return
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "Dockerfile")
	orig := bytes.Repeat([]byte("RUN echo original\n"), 8000) // 144,000 bytes
	if err := os.WriteFile(path, orig, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestWriteFileAtomicFileSizeLimit$", "-test.v")
	cmd.Env = append(os.Environ(), "SAFEIO_FSIZE_CHILD="+path)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	if !bytes.Contains(out, []byte("left unchanged")) {
		t.Errorf("child's error does not say the file was left unchanged:\n%s", out)
	}
	if got, _ := os.ReadFile(path); !bytes.Equal(got, orig) {
		t.Errorf("the original changed: %d bytes, want %d", len(got), len(orig))
	}
	assertNoTemp(t, dir)
}

// TestReadRegularAsOpened holds the system-call read to the general one:
// the same bytes or the same error, at the edges of the size cap.
func TestReadRegularAsOpened(t *testing.T) {
	dir := t.TempDir()
	const limit = 1000
	for _, size := range []int{0, 1, 511, 512, 513, limit - 1, limit, limit + 1, 5000} {
		p := filepath.Join(dir, fmt.Sprintf("f%d", size))
		if err := os.WriteFile(p, bytes.Repeat([]byte{'x'}, size), 0o644); err != nil {
			t.Fatal(err)
		}
		got, handled, gerr := readRegular(p, limit)
		want, werr := readOpened(p, limit)
		if !handled || !bytes.Equal(got, want) || fmt.Sprint(gerr) != fmt.Sprint(werr) {
			t.Errorf("size %d: readRegular %d bytes, %v (handled %v); readOpened %d bytes, %v", size, len(got), gerr, handled, len(want), werr)
		}
	}
	missing := filepath.Join(dir, "missing")
	_, handled, gerr := readRegular(missing, limit)
	_, werr := readOpened(missing, limit)
	if !handled || fmt.Sprint(gerr) != fmt.Sprint(werr) || !errors.Is(gerr, fs.ErrNotExist) {
		t.Errorf("missing file: readRegular %v (handled %v), readOpened %v", gerr, handled, werr)
	}
	if _, handled, _ := readRegular(dir, limit); handled {
		t.Error("readRegular handled a folder")
	}
}

// countingReader counts the calls to Read of the reader it wraps.
type countingReader struct {
	r     *fdReader
	calls int
}

func (c *countingReader) Read(b []byte) (int, error) {
	c.calls++
	return c.r.Read(b)
}

// TestReadSizedOneCall: a file is read in one call when it holds what it
// said when opened, without a second call to see its end; a /proc file,
// which says it is empty, is still read whole.
func TestReadSizedOneCall(t *testing.T) {
	dir := t.TempDir()
	for _, size := range []int{1, 511, 512, 513, 100_000} {
		p := filepath.Join(dir, fmt.Sprintf("f%d", size))
		want := bytes.Repeat([]byte{'x'}, size)
		if err := os.WriteFile(p, want, 0o644); err != nil {
			t.Fatal(err)
		}
		fd, err := syscall.Open(p, syscall.O_RDONLY, 0)
		if err != nil {
			t.Fatal(err)
		}
		c := &countingReader{r: &fdReader{fd, p}}
		got, err := readCapped(p, c, int64(size), 1<<20)
		syscall.Close(fd)
		if err != nil || !bytes.Equal(got, want) || c.calls != 1 {
			t.Errorf("size %d: %d bytes in %d calls, %v; want all in 1 call", size, len(got), c.calls, err)
		}
	}
	got, err := ReadRegularFile("/proc/self/status", 0)
	if err != nil || !bytes.Contains(got, []byte("\nPid:")) {
		t.Errorf("/proc/self/status: %q, %v; want its whole text", got, err)
	}
}

// TestReadRegularFileDirect: a file read at its own path says so, with the
// size os.Lstat gives; one read through a link is read as ReadRegularFile
// reads it and says it was not direct; what ReadRegularFile refuses (a
// FIFO, /dev/zero through a link, a file above the cap, a missing one) is
// refused alike, with the same error, and never blocks.
func TestReadRegularFileDirect(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "Dockerfile")
	if err := os.WriteFile(file, []byte("FROM scratch\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, l := range [][2]string{{"to-file", "Dockerfile"}, {"to-zero", "/dev/zero"}, {"dangling", "missing"}} {
		if err := os.Symlink(l[1], filepath.Join(dir, l[0])); err != nil {
			t.Fatal(err)
		}
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "fifo"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "folder"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"Dockerfile", "to-file", "to-zero", "dangling", "fifo", "folder", "missing"} {
		path := filepath.Join(dir, name)
		for _, max := range []int64{0, 5} {
			done := make(chan struct{})
			go func() {
				defer close(done)
				data, size, direct, err := ReadRegularFileDirect(path, max)
				wantData, wantErr := ReadRegularFile(path, max)
				if !bytes.Equal(data, wantData) || fmt.Sprint(err) != fmt.Sprint(wantErr) {
					t.Errorf("%s, max %d: %q, %v; ReadRegularFile: %q, %v", name, max, data, err, wantData, wantErr)
				}
				fi, lerr := os.Lstat(path)
				wantDirect := err == nil && lerr == nil && fi.Mode().IsRegular()
				if direct != wantDirect || direct && size != fi.Size() {
					t.Errorf("%s, max %d: direct %v size %d, want direct %v (lstat %v)", name, max, direct, size, wantDirect, fi)
				}
			}()
			select {
			case <-done:
			case <-time.After(10 * time.Second):
				t.Fatalf("%s: ReadRegularFileDirect blocked", name)
			}
		}
	}
}
