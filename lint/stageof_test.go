package lint

import (
	"testing"

	"github.com/berth-dev/berth/lint/syntax"
)

// TestStageOf: every instruction of a stage, its FROM included, belongs to
// it; meta ARGs, ONBUILD triggers and instructions of another document
// belong to none.
func TestStageOf(t *testing.T) {
	src := "ARG V=1\nFROM a AS one\nRUN x\nONBUILD RUN y\nFROM b\nCOPY --from=one /x /y\nRUN z\n"
	doc := NewDocument("Dockerfile", []byte(src))
	for _, st := range doc.Stages {
		for _, ins := range append([]*syntax.Instruction{st.From}, st.Instructions...) {
			if got := doc.StageOf(ins); got != st {
				t.Errorf("StageOf(%q) = %v, want stage %d", ins.Logical, got, st.Index)
			}
		}
	}
	other := NewDocument("Dockerfile", []byte(src))
	for name, ins := range map[string]*syntax.Instruction{
		"meta ARG":              doc.File.Instructions[0],
		"ONBUILD trigger":       doc.File.Instructions[3].Sub,
		"other document's RUN":  other.File.Instructions[2],
		"other document's FROM": other.File.Instructions[1],
	} {
		if got := doc.StageOf(ins); got != nil {
			t.Errorf("%s: StageOf = stage %d, want nil", name, got.Index)
		}
	}
}

// TestStageAt: an offset belongs to the last stage whose FROM starts at or
// before it; before the first FROM, to none.
func TestStageAt(t *testing.T) {
	src := "ARG V=1\nFROM a AS one\nRUN x\nFROM b\nRUN z\n"
	doc := NewDocument("Dockerfile", []byte(src))
	second := len("ARG V=1\nFROM a AS one\nRUN x\n")
	for off, want := range map[int]int{0: -1, 7: -1, 8: 0, 9: 0, second - 1: 0, second: 1, len(src) - 1: 1} {
		got := doc.StageAt(off)
		if want < 0 && got != nil || want >= 0 && (got == nil || got.Index != want) {
			t.Errorf("StageAt(%d) = %v, want stage %d", off, got, want)
		}
	}
}
