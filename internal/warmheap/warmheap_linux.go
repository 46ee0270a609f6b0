package warmheap

import (
	"syscall"
	"unsafe"
)

// madvPopulateWrite is Linux's MADV_POPULATE_WRITE.
const madvPopulateWrite = 23

// chunk is the unit in which the Go runtime maps its heap (its
// pallocChunkBytes, 4 MiB, aligned): the chunk holding an allocation is
// mapped whole, and what lies past it may not be mapped yet.
const chunk = 4 << 20

// first is the package's first allocation, which tells where the heap's
// next objects go.
var first *[64]byte

func init() {
	first = new([64]byte)
	Start = uintptr(unsafe.Pointer(first)) &^ (4096 - 1)
	End = min(Start+Size, (Start+chunk)&^(chunk-1))
	if _, _, e := syscall.Syscall(syscall.SYS_MADVISE, Start, End-Start, madvPopulateWrite); e != 0 {
		Err = e
	}
}
