package rules

import (
	"slices"
	"strings"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/syntax"
)

// DL3061 reports instructions other than ARG before the first FROM.
var DL3061 = &lint.Rule{
	Code:     "DL3061",
	Name:     "invalid-instruction-order",
	Title:    "Start the Dockerfile with FROM or ARG",
	Severity: lint.Error,
	Fix:      lint.NoFix,
	Check:    checkInstructionOrder,
}

func checkInstructionOrder(p *lint.Pass) {
	for _, ins := range p.Doc.File.Instructions {
		if ins.Cmd == "from" {
			return
		}
		// Unknown keywords are syntax errors (DL1000), not misplaced ones.
		if ins.Cmd == "arg" || !slices.Contains(syntax.Instructions, ins.Cmd) {
			continue
		}
		p.Reportf(ins.Keyword.Range, "%s comes before the first FROM: only ARG may precede it", strings.ToUpper(ins.Cmd))
	}
}
