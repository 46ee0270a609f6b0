package warmheap

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"testing"
)

// TestHuge: the memory Huge returns is in a mapping
// the kernel lists as marked for huge pages ("hg" in its VmFlags).
func TestHuge(t *testing.T) {
	addr := Huge(8 << 20)
	if addr == 0 {
		t.Skip("this kernel has no transparent huge pages")
	}
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		t.Skipf("no /proc/self/smaps: %v", err)
	}
	defer f.Close()
	in := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if lo, hi, ok := smapsRange(line); ok {
			in = lo <= addr && addr < hi
			continue
		}
		if in && strings.HasPrefix(line, "VmFlags:") {
			if !strings.Contains(line+" ", " hg ") {
				t.Fatalf("the mapping of %#x is not marked for huge pages: %s", addr, line)
			}
			return
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	t.Fatalf("no mapping holds %#x", addr)
}

// smapsRange reads the address range of a mapping's first line in smaps
// ("7f00-7f80 rw-p ...").
func smapsRange(line string) (lo, hi uintptr, ok bool) {
	r, _, found := strings.Cut(line, " ")
	a, b, dash := strings.Cut(r, "-")
	if !found || !dash {
		return 0, 0, false
	}
	x, err1 := strconv.ParseUint(a, 16, 64)
	y, err2 := strconv.ParseUint(b, 16, 64)
	if err1 != nil || err2 != nil {
		return 0, 0, false
	}
	return uintptr(x), uintptr(y), true
}
