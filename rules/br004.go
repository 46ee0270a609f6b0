package rules

import (
	"fmt"
	"strings"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/syntax"
)

// BR004 reports instruction keywords that are not in the casing most of
// the file's instructions use.
var BR004 = &lint.Rule{
	Code:     "BR004",
	Name:     "consistent-instruction-casing",
	Aliases:  []string{"ConsistentInstructionCasing"},
	Title:    "Use one casing for all instructions",
	Severity: lint.Warning,
	Fix:      lint.AlwaysFix,
	Check:    checkBR004,
}

func checkBR004(p *lint.Pass) {
	// Count as BuildKit does: the FROMs and the instructions of stages,
	// written all in one case.
	var lower, upper int
	count := func(kw string) {
		switch letterCase(kw) {
		case 'l':
			lower++
		case 'u':
			upper++
		}
	}
	for _, st := range p.Doc.Stages {
		count(st.From.Keyword.Value)
		for _, ins := range st.Instructions {
			if syntax.IsInstruction(ins.Cmd) {
				count(ins.Keyword.Value)
			}
		}
	}
	majorityLower := lower > upper
	casing := "uppercase"
	if majorityLower {
		casing = "lowercase"
	}
	check := func(ins *syntax.Instruction) {
		kw := ins.Keyword.Value
		if c := letterCase(kw); c == 'l' && majorityLower || c == 'u' && !majorityLower || !syntax.IsInstruction(ins.Cmd) {
			return
		}
		want := strings.ToUpper(kw)
		if majorityLower {
			want = strings.ToLower(kw)
		}
		p.Report(lint.Diagnostic{
			Range:   ins.Keyword.Range,
			Message: fmt.Sprintf("instruction %q is not in the file's majority casing (%s)", kw, casing),
			Fixes: []lint.Fix{{
				Title: fmt.Sprintf("Write %q", want),
				Safe:  true,
				Edits: []lint.Edit{{Range: ins.Keyword.Range, NewText: want}},
			}},
		})
	}
	// Unlike BuildKit, berth also checks the instructions before the
	// first FROM (the global ARGs, and those the build stops at, BR030)
	// and the instruction an ONBUILD triggers, against the same majority.
	for _, ins := range p.Doc.File.Instructions {
		check(ins)
		if ins.Cmd == "onbuild" && ins.Sub != nil {
			check(ins.Sub)
		}
	}
}

// letterCase tells the case of an ASCII keyword: 'l' all lower, 'u' all
// upper, 'm' mixed.
func letterCase(s string) byte {
	var l, u bool
	for i := 0; i < len(s); i++ {
		c := s[i]
		l = l || c >= 'a' && c <= 'z'
		u = u || c >= 'A' && c <= 'Z'
		if c >= 0x80 {
			return 'm'
		}
	}
	switch {
	case l && u:
		return 'm'
	case u:
		return 'u'
	}
	return 'l'
}
