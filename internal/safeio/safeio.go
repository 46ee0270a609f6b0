// Package safeio reads and writes the files berth is pointed at, which may
// come from a repository nobody has reviewed: reads take regular files
// only, never block on a FIFO and stop at a size cap; writes replace a file
// atomically, so that a full disk or a file size limit never leaves it
// half written.
package safeio

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// DefaultMaxSize is the size cap used when none is configured: far above
// any real Dockerfile or configuration file.
const DefaultMaxSize int64 = 16 << 20

// ErrNotRegular is returned (wrapped) for a path that is not a regular file
// (a FIFO, a device, a socket or a folder).
var ErrNotRegular = errors.New("not a regular file")

// ErrTooLarge is returned (wrapped) for a file or stream larger than the
// size cap.
var ErrTooLarge = errors.New("too large")

// ReadRegularFile reads the regular file at path (following symbolic
// links), refusing anything else and anything larger than max bytes
// (max <= 0 means DefaultMaxSize). The file is opened without blocking, so
// a FIFO is refused at once instead of waiting for a writer. Errors name
// the path and say why it was not read.
func ReadRegularFile(path string, max int64) ([]byte, error) {
	if max <= 0 {
		max = DefaultMaxSize
	}
	if data, handled, err := readRegular(path, max); handled {
		return data, err
	}
	return readOpened(path, max)
}

// ReadRegularFileDirect is ReadRegularFile, and says besides whether the
// file was opened at path itself rather than through a symbolic link
// (direct), and then its size once open: what os.Lstat(path) would have
// said of it, without asking. A link is followed and read as
// ReadRegularFile reads it, direct false.
func ReadRegularFileDirect(path string, max int64) (data []byte, size int64, direct bool, err error) {
	if max <= 0 {
		max = DefaultMaxSize
	}
	if data, size, handled, err := readRegularDirect(path, max); handled {
		return data, size, err == nil, err
	}
	data, err = ReadRegularFile(path, max)
	return data, 0, false, err
}

// readOpened is ReadRegularFile through OpenRegular, on every system.
func readOpened(path string, max int64) ([]byte, error) {
	f, st, err := OpenRegular(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readCapped(path, f, st.Size(), max)
}

// readCapped reads the regular file at path from r, which was size bytes
// when opened: refused when larger than max, else read as it was then (see
// readSized). A file that says it is empty (a /proc file says so whatever
// it holds) is read to its end, up to max+1 bytes to see whether it holds
// more than max, and refused then.
func readCapped(path string, r io.Reader, size, max int64) ([]byte, error) {
	if size > max {
		return nil, fmt.Errorf("%s: %w (%d bytes; the limit is %d, see --max-file-size)", path, ErrTooLarge, size, max)
	}
	data, err := readSized(io.LimitReader(r, max+1), size)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	if int64(len(data)) > max {
		return nil, fmt.Errorf("%s: %w (more than %d bytes, see --max-file-size)", path, ErrTooLarge, max)
	}
	return data, nil
}

// OpenRegular opens the regular file at path (following symbolic links)
// for reading, and returns it with its information; anything else is
// refused. The file is opened without blocking and checked once open, so
// a FIFO is refused at once, even one put in the file's place after the
// caller looked at it. Errors name the path.
func OpenRegular(path string) (*os.File, fs.FileInfo, error) {
	f, err := openNonblock(path)
	if err != nil {
		return nil, nil, err // *fs.PathError names the path
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, fmt.Errorf("reading %s: %w", path, err)
	}
	if !st.Mode().IsRegular() {
		f.Close()
		return nil, nil, fmt.Errorf("%s: %w (%s)", path, ErrNotRegular, Kind(st.Mode()))
	}
	return f, st, nil
}

// readSized reads the size bytes a file had when it was opened, into one
// allocation, and stops there: asking for its end as well (as os.ReadFile
// does) would cost every file a second read call, and bytes appended after
// the open are no more the file's than bytes appended after its end was
// seen. It reads to the end of r when size is 0, or when r ends sooner
// (the file shrank, or said more than it holds).
func readSized(r io.Reader, size int64) ([]byte, error) {
	data := make([]byte, 0, max(size, 512))
	for {
		n, err := r.Read(data[len(data):cap(data)])
		data = data[:len(data)+n]
		if err == io.EOF || size > 0 && int64(len(data)) == size {
			return data, nil
		}
		if err != nil {
			return data, err
		}
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
	}
}

// ReadLimited reads r to its end, failing with ErrTooLarge once more than
// max bytes come (max <= 0 means DefaultMaxSize). It reads at most max+1
// bytes, so an endless stream such as /dev/zero costs no more than that.
func ReadLimited(r io.Reader, max int64) ([]byte, error) {
	if max <= 0 {
		max = DefaultMaxSize
	}
	data, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > max {
		return nil, fmt.Errorf("%w (more than %d bytes, see --max-file-size)", ErrTooLarge, max)
	}
	return data, nil
}

// Kind describes a file mode for people: "a named pipe", "a folder"...
func Kind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a folder"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a block device"
	}
	return "an irregular file"
}
