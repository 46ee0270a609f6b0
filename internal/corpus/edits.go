package corpus

import (
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// MultiStage returns the texts of the corpus's Dockerfiles of fewer than
// max bytes that have two FROM lines or more, and skips the test when
// there are fewer than two.
func MultiStage(tb testing.TB, max int) [][]byte {
	tb.Helper()
	var srcs [][]byte
	for _, f := range Files(tb) {
		src, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		if len(src) < max && strings.Count(strings.ToUpper(string(src)), "FROM ") >= 2 {
			srcs = append(srcs, src)
		}
	}
	if len(srcs) < 2 {
		tb.Skip("no corpus file of several stages")
	}
	return srcs
}

// Edits makes random edits of Dockerfiles, as a user makes them version
// after version: a line deleted, moved or taken from another file, a
// character typed (some outside ASCII, one outside the Basic Multilingual
// Plane, whose UTF-16 length is 2) or deleted, a comment added at the
// end. The same seed gives the same edits.
type Edits struct {
	// Seed is the seed the edits are drawn from.
	Seed uint64
	rng  *rand.Rand
	srcs [][]byte
}

// NewEdits returns edits drawn from seed, or from the seed BERTH_EDIT_SEED
// gives, taking lines from srcs: a test that runs with one seed can be run
// with others, for a longer search.
func NewEdits(tb testing.TB, seed uint64, srcs [][]byte) *Edits {
	tb.Helper()
	if v := os.Getenv("BERTH_EDIT_SEED"); v != "" {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			tb.Fatalf("BERTH_EDIT_SEED: %v", err)
		}
		seed = n
	}
	return &Edits{Seed: seed, rng: rand.New(rand.NewPCG(seed, 8)), srcs: srcs}
}

// EditCount returns n, or the count BERTH_EDIT_FILES gives.
func EditCount(tb testing.TB, n int) int {
	tb.Helper()
	if v := os.Getenv("BERTH_EDIT_FILES"); v != "" {
		k, err := strconv.Atoi(v)
		if err != nil {
			tb.Fatalf("BERTH_EDIT_FILES: %v", err)
		}
		return k
	}
	return n
}

// Pick returns one of the texts, at random.
func (e *Edits) Pick() []byte { return e.srcs[e.rng.IntN(len(e.srcs))] }

// Chance returns true one time in n.
func (e *Edits) Chance(n int) bool { return e.rng.IntN(n) == 0 }

// typed are the characters Edit types.
var typed = []string{"a", "Z", "9", " ", "-", "$", "\\", "=", "\"", "{", "}", ":", "/", "\n", "é", "😀"}

// Edit returns text with one edit made at random.
func (e *Edits) Edit(text string) string {
	ls := strings.SplitAfter(text, "\n")
	i := e.rng.IntN(len(ls))
	switch e.rng.IntN(7) {
	case 0: // a line deleted
		ls = append(ls[:i], ls[i+1:]...)
	case 1: // a line from another file
		other := strings.SplitAfter(string(e.Pick()), "\n")
		ls = slices.Insert(ls, i, other[e.rng.IntN(len(other))])
	case 2, 3: // a character typed, at the start of one
		at := e.rng.IntN(len(ls[i]) + 1)
		for at > 0 && at < len(ls[i]) && ls[i][at]&0xC0 == 0x80 {
			at--
		}
		ls[i] = ls[i][:at] + typed[e.rng.IntN(len(typed))] + ls[i][at:]
	case 4: // a character deleted, whole
		if ls[i] != "" {
			at := e.rng.IntN(len(ls[i]))
			for at > 0 && ls[i][at]&0xC0 == 0x80 {
				at--
			}
			end := at + 1
			for end < len(ls[i]) && ls[i][end]&0xC0 == 0x80 {
				end++
			}
			ls[i] = ls[i][:at] + ls[i][end:]
		}
	case 5: // a line moved
		l := ls[i]
		ls = append(ls[:i], ls[i+1:]...)
		ls = slices.Insert(ls, e.rng.IntN(len(ls)+1), l)
	case 6: // a comment at the end
		ls = append(ls, "\n# edit\n")
	}
	return strings.Join(ls, "")
}
