package lint

import (
	"fmt"
	"slices"
	"sort"

	"github.com/berth-dev/berth/lint/syntax"
)

// Tag is extra information about a diagnostic that editors render.
type Tag int

const (
	// Deprecated marks use of something deprecated (drawn struck through).
	Deprecated Tag = iota + 1
	// Unnecessary marks code that can be removed (drawn faded).
	Unnecessary
)

// Diagnostic is one finding.
type Diagnostic struct {
	// Code is the code of the rule that reported it.
	Code string
	// Range is where it applies, in bytes of the source.
	Range syntax.Range
	// Message is the English text of the finding.
	Message string
	// Format and Args are what Pass.Reportf made Message from, kept so
	// that an output can render the message in another language (see
	// lint/i18n, whose catalogue is keyed by the English format). Both
	// are empty for diagnostics reported with a ready Message.
	Format   string
	Args     []any
	Severity Severity
	// Fixes are the ways to fix it; the first is the preferred one.
	Fixes []Fix
	Tags  []Tag
}

// Fix is a set of non-overlapping edits that resolve a diagnostic.
type Fix struct {
	// Title says what the fix does, in the imperative.
	Title string
	Edits []Edit
	// Safe fixes keep the meaning of the Dockerfile and are applied by
	// "berth lint --fix"; unsafe ones need --unsafe-fixes.
	Safe bool
}

// Edit replaces the bytes of Range with NewText.
type Edit struct {
	Range   syntax.Range
	NewText string
	// Path is the file the edit changes, when it is not the Dockerfile
	// ("" is the Dockerfile): such as the .dockerignore of its build
	// context. Range is then in bytes of that file as it was on disk
	// when linted; an edit at 0-0 of a file that does not exist creates
	// it.
	Path string
}

// Apply applies the Dockerfile's edits (those without a Path) to src,
// leaving out the edits of other files. The edits must not overlap.
func Apply(src []byte, edits []Edit) ([]byte, error) {
	return ApplyFile(src, edits, "")
}

// ApplyFile applies to src, the text of the file at path ("" for the
// Dockerfile), the edits of that file, leaving out the others. The edits
// must not overlap, but for insertions at the same point, applied in
// their order.
func ApplyFile(src []byte, edits []Edit, path string) ([]byte, error) {
	var sorted []Edit
	for _, e := range edits {
		if e.Path == path {
			sorted = append(sorted, e)
		}
	}
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Range.Start < sorted[j].Range.Start })
	var out []byte
	last := 0
	for _, e := range sorted {
		if e.Range.Start < last || e.Range.End < e.Range.Start || e.Range.End > len(src) {
			return nil, fmt.Errorf("edit at %d-%d overlaps another or lies outside the file", e.Range.Start, e.Range.End)
		}
		out = append(out, src[last:e.Range.Start]...)
		out = append(out, e.NewText...)
		last = e.Range.End
	}
	return append(out, src[last:]...), nil
}

// overlaps reports whether any edit of a overlaps any edit of b of the
// same file (in the Dockerfile, an insertion at the same point counts as
// overlapping, since the order of the two would be ambiguous; in another
// file, insertions at the same point are appended lines, applied in
// order).
func overlaps(a, b []Edit) bool {
	for _, x := range a {
		for _, y := range b {
			if x.Path != y.Path {
				continue
			}
			if x.Range.Start < y.Range.End && y.Range.Start < x.Range.End ||
				x.Range.Start == y.Range.Start && (x.Path == "" || x.Range.Len() > 0 || y.Range.Len() > 0) {
				return true
			}
		}
	}
	return false
}

// OtherFiles returns, in order of first appearance, the files other than
// the Dockerfile that edits change.
func OtherFiles(edits []Edit) []string {
	var out []string
	for _, e := range edits {
		if e.Path != "" && !slices.Contains(out, e.Path) {
			out = append(out, e.Path)
		}
	}
	return out
}

// SelectFixes picks, from the diagnostics' preferred fixes, the ones that
// are safe (or any, with unsafe) and do not overlap an earlier choice, and
// returns their edits. An edit of another file that an earlier choice
// already makes (two findings adding the same line to .dockerignore) is
// returned once.
func SelectFixes(diags []Diagnostic, unsafe bool) []Edit {
	var chosen []Edit
	for _, d := range diags {
		for _, f := range d.Fixes {
			if !f.Safe && !unsafe {
				continue
			}
			edits := f.Edits
			if slices.ContainsFunc(edits, func(e Edit) bool { return e.Path != "" }) {
				edits = slices.DeleteFunc(slices.Clone(edits), func(e Edit) bool {
					return e.Path != "" && slices.Contains(chosen, e)
				})
			}
			if !overlaps(chosen, edits) {
				chosen = append(chosen, edits...)
			}
			break
		}
	}
	return chosen
}
