// Package paritytest runs the checks that hold a function of berth's to
// the one it stands for (BuildKit's, containerd's, the standard
// library's): over a table of inputs as a test, and as a fuzz target
// seeded with the same table.
package paritytest

import "testing"

// Each runs check on every input.
func Each(t *testing.T, inputs []string, check func(t *testing.T, input string)) {
	t.Helper()
	for _, s := range inputs {
		check(t, s)
	}
}

// Fuzz seeds f with inputs and fuzzes check.
func Fuzz(f *testing.F, inputs []string, check func(t *testing.T, input string)) {
	for _, s := range inputs {
		f.Add(s)
	}
	f.Fuzz(check)
}
