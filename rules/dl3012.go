package rules

import "github.com/berth-dev/berth/lint"

// DL3012 reports a repeated HEALTHCHECK in one stage.
var DL3012 = &lint.Rule{
	Code:     "DL3012",
	Name:     "multiple-healthcheck",
	Aliases:  []string{"MultipleInstructionsDisallowed"},
	Title:    "Use a single HEALTHCHECK per stage",
	Severity: lint.Error,
	Fix:      lint.NoFix,
	Check:    func(p *lint.Pass) { checkRepeated(p, "healthcheck") },
}
