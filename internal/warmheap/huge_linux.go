//go:build linux

package warmheap

import (
	"runtime"
	"sync"
	"syscall"
	"unsafe"
)

// Huge asks Linux to back the next n bytes of the Go heap with
// transparent huge pages, and returns where they start (0 when the
// kernel refused). A run over many files, or the language server editing
// a big file, touches tens of MB of fresh heap, and each 4 KiB page costs
// a page fault the first time; on a virtual machine a fault costs 10-15
// us, and a corpus run made 20,000 of them, a fifth of its CPU. With 2 MiB
// pages it makes 5,000.
//
// Where transparent huge pages are "always", the heap has them already;
// where they are "madvise" (Debian, Ubuntu), only memory marked so gets
// them. The runtime maps the heap as it grows and does not mark it:
// Huge allocates n bytes, which maps them untouched, and marks
// them; once the collector frees the allocation, the heap's next objects
// are put there, on huge pages.
//
// The heap keeps its pages once mapped: this is done once a process, with
// the first call's n, and later calls return the same address.
func Huge(n int) uintptr {
	hugeHeap.once.Do(func() {
		b := make([]byte, n)
		if syscall.Madvise(b, syscall.MADV_HUGEPAGE) == nil { // else no transparent huge pages in this kernel
			hugeHeap.addr = uintptr(unsafe.Pointer(unsafe.SliceData(b)))
		}
		runtime.KeepAlive(b)
	})
	return hugeHeap.addr
}

var hugeHeap struct {
	once sync.Once
	addr uintptr
}
