package warmheap

import (
	"strconv"
	"strings"
	"syscall"
	"testing"
	"unsafe"
)

// TestHeapMapped: after the package's init, the heap from its first
// allocation on (Size bytes, or to the end of the runtime's mapped chunk)
// is resident (mincore). A kernel older than 5.14, without
// MADV_POPULATE_WRITE, skips the test; a newer one must have mapped it.
func TestHeapMapped(t *testing.T) {
	if !kernelAtLeast(t, 5, 14) {
		t.Skipf("this kernel has no MADV_POPULATE_WRITE (Err: %v)", Err)
	}
	if Err != nil {
		t.Fatalf("populating the heap [%#x, %#x): %v", Start, End, Err)
	}
	if End <= Start || End-Start > Size {
		t.Fatalf("range [%#x, %#x): want up to %d bytes", Start, End, Size)
	}
	pages := int(End-Start) / 4096
	vec := make([]byte, pages)
	if _, _, e := syscall.Syscall(syscall.SYS_MINCORE, Start, End-Start, uintptr(unsafe.Pointer(&vec[0]))); e != 0 {
		t.Fatalf("mincore: %v", e)
	}
	missing := 0
	for _, v := range vec {
		if v&1 == 0 {
			missing++
		}
	}
	if missing > 0 {
		t.Errorf("%d of the %d pages from %#x are not resident", missing, pages, Start)
	}
}

// kernelAtLeast reports whether the running kernel is major.minor or later.
func kernelAtLeast(t *testing.T, major, minor int) bool {
	var u syscall.Utsname
	if err := syscall.Uname(&u); err != nil {
		t.Fatalf("uname: %v", err)
	}
	var b strings.Builder
	for _, c := range u.Release {
		if c == 0 {
			break
		}
		b.WriteByte(byte(c))
	}
	parts := strings.SplitN(b.String(), ".", 3)
	if len(parts) < 2 {
		t.Fatalf("kernel release %q", b.String())
	}
	maj, _ := strconv.Atoi(parts[0])
	mn, _ := strconv.Atoi(strings.TrimFunc(parts[1], func(r rune) bool { return r < '0' || r > '9' }))
	return maj > major || maj == major && mn >= minor
}
