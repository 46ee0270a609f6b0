package syntax

import "sort"

// Line returns the 0-based line containing byte offset off.
func (f *File) Line(off int) int {
	return sort.Search(len(f.lines), func(i int) bool { return f.lines[i] > off }) - 1
}

// LineStart returns the byte offset at which 0-based line i starts.
func (f *File) LineStart(i int) int {
	if i < 0 {
		return 0
	}
	if i >= len(f.lines) {
		return len(f.Src)
	}
	return f.lines[i]
}

// LineCount returns the number of lines (a final line without a line break
// counts; an empty file has one line).
func (f *File) LineCount() int { return len(f.lines) }

// LineCol returns the 1-based line and 1-based byte column of off.
func (f *File) LineCol(off int) (line, col int) {
	l := f.Line(off)
	return l + 1, off - f.lines[l] + 1
}

// InstructionAt returns the instruction whose range contains off, or nil.
func (f *File) InstructionAt(off int) *Instruction {
	i := sort.Search(len(f.Instructions), func(i int) bool { return f.Instructions[i].Range.End >= off })
	if i < len(f.Instructions) && f.Instructions[i].Range.Contains(off) {
		return f.Instructions[i]
	}
	return nil
}
