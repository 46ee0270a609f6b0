//go:build unix

package safeio

import (
	"io"
	"io/fs"
	"os"
	"syscall"
)

// openNonblock opens path for reading with O_NONBLOCK, so that opening a
// FIFO without a writer returns at once; regular files ignore the flag.
func openNonblock(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
}

// readRegular is ReadRegularFile with system calls alone: open without
// blocking, fstat, read, close. An *os.File costs an allocation with a
// finalizer and a failed registration with the network poller (an
// epoll_ctl call) for every file the CLI reads. handled is false when the
// path is not a regular file (or cannot be examined): the caller then
// takes the general path, which says why in its words.
func readRegular(path string, limit int64) (data []byte, handled bool, err error) {
	data, _, handled, err = readRegularFlags(path, limit, 0)
	return data, handled, err
}

// readRegularDirect is readRegular for path itself: a symbolic link (or
// any path that cannot be opened so) is left to the caller (handled
// false). size is the file's size once open.
func readRegularDirect(path string, limit int64) (data []byte, size int64, handled bool, err error) {
	data, size, handled, err = readRegularFlags(path, limit, syscall.O_NOFOLLOW)
	if err != nil && !handled {
		return nil, 0, false, nil
	}
	return data, size, handled, err
}

// readRegularFlags is readRegular opening path with flags added.
func readRegularFlags(path string, limit int64, flags int) (data []byte, size int64, handled bool, err error) {
	var fd int
	for {
		fd, err = syscall.Open(path, syscall.O_RDONLY|syscall.O_NONBLOCK|syscall.O_CLOEXEC|flags, 0)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		return nil, 0, flags == 0, &fs.PathError{Op: "open", Path: path, Err: err}
	}
	defer syscall.Close(fd)
	var st syscall.Stat_t
	if err := syscall.Fstat(fd, &st); err != nil || st.Mode&syscall.S_IFMT != syscall.S_IFREG {
		return nil, 0, false, nil
	}
	data, err = readCapped(path, &fdReader{fd, path}, st.Size, limit)
	return data, st.Size, true, err
}

// fdReader reads an open file descriptor as an *os.File of that path
// would: interrupted reads again, io.EOF at the end, errors naming it.
type fdReader struct {
	fd   int
	path string
}

func (r *fdReader) Read(b []byte) (int, error) {
	for {
		n, err := syscall.Read(r.fd, b)
		switch {
		case err == syscall.EINTR:
			continue
		case err != nil:
			return 0, &fs.PathError{Op: "read", Path: r.path, Err: err}
		case n == 0 && len(b) > 0:
			return 0, io.EOF
		}
		return n, nil
	}
}
