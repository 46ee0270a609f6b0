// Package warmheap maps, in one system call at start-up, the heap that a
// short run of berth is about to touch.
//
// On a virtual machine each first touch of a 4 KiB page is a page fault
// that costs 10-30 us (a Firecracker guest measured 12 us; a hello-world
// in Go makes 200 of them). berth linting one small file touched about
// 230 fresh heap pages, a fault each. Linux's MADV_POPULATE_WRITE (5.14)
// maps a range in one call, at under 1 us a page. The package's init asks
// for the Size bytes of heap from its first allocation on, which the
// heap's next objects fill in address order; berth imports it first, so
// that its init runs before most of the packages that allocate. Where the
// kernel refuses (an older one, another system), nothing changes.
//
// The cost is Size bytes of memory resident from the start. A process
// that goes on to allocate tens of MB (a run over many files, the
// language server) marks its heap for huge pages besides (Huge).
package warmheap

// Size is how much heap the init maps at most: what linting a small file
// uses, with room. It stops short at the end of the heap the runtime has
// mapped so far.
const Size = 2 << 20

// Start and End bound the range the init mapped, and Err is what the
// kernel said: nil when it mapped the range, an error when it refused or
// the system has no such call.
var (
	Start, End uintptr
	Err        error
)
