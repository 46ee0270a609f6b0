//go:build !unix

package safeio

import "os"

// openNonblock opens path for reading; systems other than Unix have no
// FIFOs in the file system to block on.
func openNonblock(path string) (*os.File, error) {
	return os.Open(path)
}

// readRegular is the fast path of ReadRegularFile where there is one:
// none here.
func readRegular(string, int64) ([]byte, bool, error) { return nil, false, nil }

// readRegularDirect is readRegular for the path itself: none here.
func readRegularDirect(string, int64) ([]byte, int64, bool, error) { return nil, 0, false, nil }
