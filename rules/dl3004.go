package rules

import (
	"github.com/berth-dev/berth/lint"
)

// DL3004 reports sudo in RUN.
var DL3004 = &lint.Rule{
	Code:     "DL3004",
	Name:     "sudo-in-run",
	Title:    "Do not use sudo in RUN",
	Severity: lint.Error,
	Fix:      lint.NoFix,
	Check:    checkSudo,
}

func checkSudo(p *lint.Pass) {
	eachRunCalling(p, true, []string{"sudo"}, func(r runScript) {
		for c := range r.Script.Calls("sudo") {
			p.Report(lint.Diagnostic{
				Range:   r.fileRange(c.Name.Range),
				Message: "\"sudo\" in RUN: run the step as root with USER root, then switch back",
			})
		}
	})
}
