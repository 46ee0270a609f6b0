package rules

import "github.com/berth-dev/berth/lint"

// DL4004 reports a repeated ENTRYPOINT in one stage.
var DL4004 = &lint.Rule{
	Code:     "DL4004",
	Name:     "multiple-entrypoint",
	Aliases:  []string{"MultipleInstructionsDisallowed"},
	Title:    "Use a single ENTRYPOINT per stage",
	Severity: lint.Error,
	Fix:      lint.NoFix,
	Check:    func(p *lint.Pass) { checkRepeated(p, "entrypoint") },
}
