package rules

import (
	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/shell"
	"github.com/berth-dev/berth/rules/internal/pkgmgr"
)

// DL3030 reports yum install that would stop at its confirmation prompt.
var DL3030 = &lint.Rule{
	Code:     "DL3030",
	Name:     "yum-install-missing-yes",
	Title:    "Use -y with yum install",
	Severity: lint.Warning,
	Fix:      lint.SometimesFix,
	Check:    checkYumYes,
}

var yumInstalls = []string{"install", "groupinstall", "localinstall"}

func checkYumYes(p *lint.Pass) {
	eachRunScriptWith(p, true, []string{"yum"}, func(r runScript) {
		eachSubcommand(r.Script, "yum", pkgmgr.YumValued, yumInstalls, func(c *shell.Command, sub shell.Word, _ int) {
			if c.HasFlag("y", "assumeyes") || pipedFromYes(r.Script, c) {
				return
			}
			d := lint.Diagnostic{
				Range:   r.fileSpan(c.Name, sub),
				Message: "\"yum " + sub.Value + "\" without -y stops at its confirmation prompt and fails the build",
			}
			if at, ok := r.rangeAfterWord(sub); ok {
				d.Fixes = []lint.Fix{{Title: "Add -y", Safe: true, Edits: []lint.Edit{{Range: at, NewText: " -y"}}}}
			}
			p.Report(d)
		})
	})
}
