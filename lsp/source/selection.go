package source

import (
	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/syntax"
)

// SelectionRanges returns the ranges an editor's "expand selection" steps
// through from the cursor, smallest first, each strictly containing the
// one before: the word under the cursor; the flag, key=value pair, word,
// exec-form element, here-document body or comment it belongs to; the
// instruction's line (for an instruction of several lines); the
// instruction; the instruction with the comment lines above it; its stage;
// the whole file.
func SelectionRanges(doc *lint.Document, off int) []syntax.Range {
	f := doc.File
	off = max(0, min(off, len(f.Src)))
	var out []syntax.Range
	push := func(r syntax.Range) {
		if r.Start > off || r.End < off || r.End < r.Start {
			return
		}
		if n := len(out); n > 0 {
			last := out[n-1]
			if r == last || r.Start > last.Start || r.End < last.End {
				return
			}
		}
		out = append(out, r)
	}
	// The word: name characters, else a run of non-blank bytes.
	ws, we := off, off
	for ws > 0 && isNameChar(f.Src[ws-1]) {
		ws--
	}
	for we < len(f.Src) && isNameChar(f.Src[we]) {
		we++
	}
	if ws == we {
		for ws > 0 && !isSpaceByte(f.Src[ws-1]) {
			ws--
		}
		for we < len(f.Src) && !isSpaceByte(f.Src[we]) {
			we++
		}
	}
	if ws < we {
		push(syntax.Range{Start: ws, End: we})
	}
	for _, c := range f.Comments {
		push(c.TextRange)
		push(c.Range)
	}
	for _, d := range f.Directives {
		push(d.ValueRange)
		push(d.Range)
	}
	ins := f.InstructionAt(off)
	if ins != nil {
		for x := ins; x != nil; x = x.Sub {
			for _, fl := range x.Flags {
				if fl.Range.Contains(off) {
					if fl.HasValue && fl.ValueRange.Contains(off) {
						for _, fld := range fields(fl.Value) {
							s := fl.ValueRange.Start + fld.pos
							if contiguous(fl.ValueRange, fl.Value) {
								push(syntax.Range{Start: s, End: s + len(fld.text)})
							}
						}
						push(fl.ValueRange)
					}
					push(fl.Range)
				}
			}
			for _, kv := range x.Pairs {
				if kv.Range.Contains(off) {
					push(kv.Key.Range)
					push(kv.Value.Range)
					push(kv.Range)
				}
			}
			for _, w := range x.Words() {
				push(w.Range)
			}
			for _, e := range x.Elems {
				push(e.Range)
			}
			if x.JSON {
				push(x.Rest.Range)
			}
			for _, h := range x.Heredocs {
				push(h.Marker)
				push(h.Body)
				if h.Terminated {
					push(syntax.Range{Start: h.Body.Start, End: h.Terminator.End})
				}
			}
			if x != ins {
				push(x.Range)
			}
		}
		if ins.StartLine != ins.EndLine {
			l := f.Line(off)
			s, e := f.LineStart(l), f.LineStart(l+1)
			for e > s && (f.Src[e-1] == '\n' || f.Src[e-1] == '\r') {
				e--
			}
			push(syntax.Range{Start: max(s, ins.Range.Start), End: min(e, ins.Range.End)})
		}
		push(ins.Range)
		if n := len(ins.Comments); n > 0 {
			push(syntax.Range{Start: ins.Comments[0].Range.Start, End: ins.Range.End})
		}
		if st := doc.StageOf(ins); st != nil {
			push(stageRange(st))
		}
	}
	push(syntax.Range{Start: 0, End: len(f.Src)})
	return out
}
