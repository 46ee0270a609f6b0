package safeio

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// tempFile is what WriteFileAtomic needs of the temporary file it writes;
// tests substitute one that fails midway.
type tempFile interface {
	io.Writer
	Name() string
	Sync() error
	Chmod(fs.FileMode) error
	Close() error
}

// createTemp creates the temporary file; a variable for tests.
var createTemp = func(dir, pattern string) (tempFile, error) { return os.CreateTemp(dir, pattern) }

// WriteFileAtomic replaces the content of the file at path with data, or
// creates it with mode perm. The data goes to a temporary file in the same
// folder, which is synced and then renamed over the original, keeping the
// original's mode (and, when running as root, its owner). A symbolic link
// is followed: the file it points at is replaced, the link kept. On any
// failure the original is left untouched, the temporary file removed, and
// the error says so.
func WriteFileAtomic(path string, data []byte, perm fs.FileMode) (err error) {
	target := path
	if resolved, err := filepath.EvalSymlinks(path); err == nil {
		target = resolved
	}
	mode := perm
	st, statErr := os.Stat(target)
	switch {
	case statErr == nil && !st.Mode().IsRegular():
		return fmt.Errorf("%s: %w (%s); nothing written", path, ErrNotRegular, Kind(st.Mode()))
	case statErr == nil:
		mode = st.Mode().Perm() | st.Mode()&(fs.ModeSetuid|fs.ModeSetgid|fs.ModeSticky)
	case !errors.Is(statErr, fs.ErrNotExist):
		return fmt.Errorf("%w; nothing written", statErr)
	}
	fail := func(err error) error {
		// The temporary file's name means nothing to the user.
		var pe *fs.PathError
		var le *os.LinkError
		switch {
		case errors.As(err, &pe):
			err = pe.Err
		case errors.As(err, &le):
			err = le.Err
		}
		if statErr == nil {
			return fmt.Errorf("%s: %w; the file was left unchanged", path, err)
		}
		return fmt.Errorf("%s: %w; nothing written", path, err)
	}
	if statErr == nil {
		// Replacing a file needs only a writable folder: refuse, as
		// writing in place would, a file its owner made read-only.
		w, err := os.OpenFile(target, os.O_WRONLY, 0)
		if err != nil {
			if pe, ok := err.(*fs.PathError); ok {
				pe.Path = path
			}
			return fmt.Errorf("%w; the file was left unchanged", err)
		}
		w.Close()
	}
	dir, base := filepath.Split(target)
	if dir == "" {
		dir = "."
	}
	f, err := createTemp(dir, "."+base+".berth-*.tmp")
	if err != nil {
		return fail(err)
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	n, err := f.Write(data)
	if err == nil && n != len(data) {
		err = io.ErrShortWrite
	}
	if err != nil {
		return fail(err)
	}
	if err := f.Sync(); err != nil {
		return fail(err)
	}
	if statErr == nil {
		// Before Chmod: changing the owner can clear set-user-ID bits.
		if err := keepOwner(tmp, st); err != nil {
			return fail(err)
		}
	}
	if err := f.Chmod(mode); err != nil {
		return fail(err)
	}
	if err := f.Close(); err != nil {
		return fail(err)
	}
	if err := os.Rename(tmp, target); err != nil {
		return fail(err)
	}
	syncDir(dir)
	return nil
}

// syncDir flushes a folder's entries so that the rename survives a crash;
// failures are ignored (some file systems cannot sync folders).
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}
