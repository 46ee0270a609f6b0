//go:build unix

package safeio

import (
	"fmt"
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
// epoll_ctl call) for every file the CLI reads. handled is false when the path
// is not a regular file (or cannot be examined): the caller then takes
// the general path, which says why in its words.
func readRegular(path string, limit int64) (data []byte, handled bool, err error) {
	var fd int
	for {
		fd, err = syscall.Open(path, syscall.O_RDONLY|syscall.O_NONBLOCK|syscall.O_CLOEXEC, 0)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		return nil, true, &fs.PathError{Op: "open", Path: path, Err: err}
	}
	defer syscall.Close(fd)
	var st syscall.Stat_t
	if err := syscall.Fstat(fd, &st); err != nil || st.Mode&syscall.S_IFMT != syscall.S_IFREG {
		return nil, false, nil
	}
	if st.Size > limit {
		return nil, true, fmt.Errorf("%s: %w (%d bytes; the limit is %d, see --max-file-size)", path, ErrTooLarge, st.Size, limit)
	}
	// The size and one byte to see the end, as os.ReadFile; never more
	// than limit+1 bytes, however the file grows meanwhile.
	data = make([]byte, 0, max(min(st.Size+1, limit+1), 512))
	for int64(len(data)) <= limit {
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
		room := data[len(data):cap(data)]
		if left := limit + 1 - int64(len(data)); int64(len(room)) > left {
			room = room[:left]
		}
		n, err := syscall.Read(fd, room)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return nil, true, fmt.Errorf("reading %s: %w", path, &fs.PathError{Op: "read", Path: path, Err: err})
		}
		if n == 0 {
			break
		}
		data = data[:len(data)+n]
	}
	if int64(len(data)) > limit {
		return nil, true, fmt.Errorf("%s: %w (more than %d bytes, see --max-file-size)", path, ErrTooLarge, limit)
	}
	return data, true, nil
}
