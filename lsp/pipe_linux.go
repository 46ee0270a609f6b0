package lsp

import (
	"os"
	"syscall"
)

// pipeSize is the buffer the server asks for on a stdin or stdout that is
// a pipe (Linux's default is 64 KiB, and a user may raise no pipe past
// /proc/sys/fs/pipe-max-size, 1 MiB by default).
const pipeSize = 1 << 20

// fSetPipeSize is Linux's F_SETPIPE_SZ.
const fSetPipeSize = 1031

// growPipes asks for pipeSize-byte buffers on the streams that are pipes:
// the publication of a big file's diagnostics (about a megabyte) then
// goes to the editor in one write instead of sixteen, each waiting for
// the editor to read, and a whole-text change comes in the same way. It
// is a request: a refusal (a lower limit, not a pipe) changes nothing.
func growPipes(streams ...any) {
	for _, s := range streams {
		f, ok := s.(*os.File)
		if !ok {
			continue
		}
		if st, err := f.Stat(); err != nil || st.Mode()&os.ModeNamedPipe == 0 {
			continue
		}
		// Through SyscallConn: Fd would set the file blocking.
		if rc, err := f.SyscallConn(); err == nil {
			rc.Control(func(fd uintptr) { syscall.Syscall(syscall.SYS_FCNTL, fd, fSetPipeSize, pipeSize) })
		}
	}
}
