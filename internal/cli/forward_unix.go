//go:build unix

package cli

import "syscall"

// execEngine replaces the process with berth-engine; it returns only when
// that failed.
func execEngine(path string, argv, environ []string) error {
	return syscall.Exec(path, argv, environ)
}
