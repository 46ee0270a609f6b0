package rules

import (
	"github.com/berth-dev/berth/lint"
)

// DL4005 reports ln that replaces /bin/sh.
var DL4005 = &lint.Rule{
	Code:     "DL4005",
	Name:     "relink-bin-sh",
	Title:    "Use SHELL instead of relinking /bin/sh",
	Severity: lint.Warning,
	Fix:      lint.NoFix,
	Check:    checkRelinkSh,
}

// lnValued are ln's options that take the next word as value.
var lnValued = []string{"S", "suffix", "t", "target-directory"}

func checkRelinkSh(p *lint.Pass) {
	eachRunCalling(p, true, []string{"ln"}, func(r runScript) {
		for c := range r.Script.Calls("ln") {
			ops := c.NonFlagArgs(lnValued...)
			if len(ops) < 2 || c.HasFlag("t", "target-directory") {
				continue
			}
			link := ops[len(ops)-1]
			if link.Value != "/bin/sh" && link.Value != "/usr/bin/sh" {
				continue
			}
			p.Report(lint.Diagnostic{
				Range:   r.fileRange(link.Range),
				Message: "\"ln\" replaces " + link.Value + " for every program in the image: change the shell of RUN with SHELL instead",
			})
		}
	})
}
