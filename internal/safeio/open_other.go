//go:build !unix

package safeio

import "os"

// openNonblock opens path for reading; systems other than Unix have no
// FIFOs in the file system to block on.
func openNonblock(path string) (*os.File, error) {
	return os.Open(path)
}
