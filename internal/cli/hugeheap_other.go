//go:build !linux

package cli

// adviseHugeHeap does nothing here: transparent huge pages are Linux's.
func adviseHugeHeap(n int) uintptr { return 0 }
