package rules

import "github.com/berth-dev/berth/lint"

// DL4003 reports a repeated CMD in one stage.
var DL4003 = &lint.Rule{
	Code:     "DL4003",
	Name:     "multiple-cmd",
	Aliases:  []string{"MultipleInstructionsDisallowed"},
	Title:    "Use a single CMD per stage",
	Severity: lint.Warning,
	Fix:      lint.NoFix,
	Check:    func(p *lint.Pass) { checkRepeated(p, "cmd") },
}
