//go:build !linux

package warmheap

// Huge does nothing here: transparent huge pages are Linux's.
func Huge(n int) uintptr { return 0 }
