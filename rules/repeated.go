package rules

import (
	"fmt"
	"strings"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/syntax"
)

// checkRepeated reports, in each stage, every instruction cmd after the
// first: the image keeps only the last one (DL4003, DL4004, DL3012).
func checkRepeated(p *lint.Pass, cmd string) {
	for _, st := range p.Doc.Stages {
		var prev *syntax.Instruction
		for _, ins := range st.Instructions {
			if ins.Cmd != cmd || ins.Err != nil {
				continue
			}
			if prev != nil {
				up := strings.ToUpper(cmd)
				p.Report(lint.Diagnostic{
					Range:   ins.Keyword.Range,
					Message: fmt.Sprintf("this %s replaces the one on line %d: a stage keeps only its last %s", up, prev.StartLine, up),
				})
			}
			prev = ins
		}
	}
}
