package source

import (
	"strconv"
	"strings"
	"testing"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/syntax"
)

// Test sources carry markers instead of line and column numbers:
//
//	‸     the cursor
//	«…»   an expected range
//	⟦…⟧   an expected range that is a declaration (Write in highlights)
const (
	cursorMark    = "‸"
	openMark      = "«"
	closeMark     = "»"
	openDeclMark  = "⟦"
	closeDeclMark = "⟧"
)

// marked is a test source with its markers removed.
type marked struct {
	src    string
	cursor int
	ranges []syntax.Range
	// decls are the ranges marked as declarations.
	decls map[syntax.Range]bool
}

func mark(t testing.TB, s string) marked {
	t.Helper()
	m := marked{cursor: -1, decls: map[syntax.Range]bool{}}
	var b strings.Builder
	var open []int
	for i := 0; i < len(s); {
		switch {
		case strings.HasPrefix(s[i:], openDeclMark):
			open = append(open, -1-b.Len())
			i += len(openDeclMark)
		case strings.HasPrefix(s[i:], closeDeclMark):
			start := -1 - open[len(open)-1]
			r := syntax.Range{Start: start, End: b.Len()}
			m.ranges = append(m.ranges, r)
			m.decls[r] = true
			open = open[:len(open)-1]
			i += len(closeDeclMark)
		case strings.HasPrefix(s[i:], cursorMark):
			m.cursor = b.Len()
			i += len(cursorMark)
		case strings.HasPrefix(s[i:], openMark):
			open = append(open, b.Len())
			i += len(openMark)
		case strings.HasPrefix(s[i:], closeMark):
			if len(open) == 0 {
				t.Fatalf("unbalanced %s in %q", closeMark, s)
			}
			m.ranges = append(m.ranges, syntax.Range{Start: open[len(open)-1], End: b.Len()})
			open = open[:len(open)-1]
			i += len(closeMark)
		default:
			b.WriteByte(s[i])
			i++
		}
	}
	if len(open) > 0 {
		t.Fatalf("unbalanced %s in %q", openMark, s)
	}
	m.src = b.String()
	sortRanges(m.ranges)
	return m
}

func sortRanges(rs []syntax.Range) {
	for i := 1; i < len(rs); i++ {
		for j := i; j > 0 && rs[j].Start < rs[j-1].Start; j-- {
			rs[j], rs[j-1] = rs[j-1], rs[j]
		}
	}
}

func (m marked) doc() *lint.Document { return lint.NewDocument("Dockerfile", []byte(m.src)) }

// show prints ranges of src as the marked text they cover.
func show(src string, rs []syntax.Range) string {
	var parts []string
	for _, r := range rs {
		if r.Start < 0 || r.End > len(src) || r.End < r.Start {
			parts = append(parts, "<bad range>")
			continue
		}
		parts = append(parts, "«"+src[r.Start:r.End]+"»@"+strconv.Itoa(r.Start))
	}
	return strings.Join(parts, " ")
}
