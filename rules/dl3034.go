package rules

import (
	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/shell"
	"github.com/berth-dev/berth/rules/internal/pkgmgr"
)

// DL3034 reports zypper commands that would stop at a confirmation prompt.
var DL3034 = &lint.Rule{
	Code:     "DL3034",
	Name:     "zypper-missing-non-interactive",
	Title:    "Run zypper non-interactively",
	Severity: lint.Warning,
	Fix:      lint.SometimesFix,
	Check:    checkZypperYes,
}

// zypperAsks are the zypper commands that ask for confirmation.
var zypperAsks = []string{"install", "in", "remove", "rm", "source-install", "si", "patch", "update", "up",
	"dist-upgrade", "dup", "install-new-recommends", "inr"}

func checkZypperYes(p *lint.Pass) {
	eachRunScriptWith(p, true, pkgmgr.ZypperNeedles, func(r runScript) {
		eachSubcommand(r.Script, "zypper", pkgmgr.ZypperValued, zypperAsks, func(c *shell.Command, sub shell.Word, _ int) {
			if c.HasFlag("n", "non-interactive", "no-confirm") || c.HasFlag("y") || pipedFromYes(r.Script, c) {
				return
			}
			d := lint.Diagnostic{
				Range:   r.fileSpan(c.Name, sub),
				Message: "\"zypper " + sub.Value + "\" without -n (--non-interactive) stops at its confirmation prompt and fails the build",
			}
			if at, ok := r.rangeAfterWord(c.Name); ok {
				d.Fixes = []lint.Fix{{Title: "Add -n", Safe: true, Edits: []lint.Edit{{Range: at, NewText: " -n"}}}}
			}
			p.Report(d)
		})
	})
}
