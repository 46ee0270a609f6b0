//go:build unix

package cli

import (
	"os"
	"syscall"
)

// execEngine replaces the process with berth-engine; it returns only when
// that failed.
func execEngine(path string, argv []string) error {
	return syscall.Exec(path, argv, os.Environ())
}
