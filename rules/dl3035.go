package rules

import (
	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/shell"
	"github.com/berth-dev/berth/rules/internal/pkgmgr"
)

// DL3035 reports zypper dist-upgrade in a RUN.
var DL3035 = &lint.Rule{
	Code:     "DL3035",
	Name:     "zypper-dist-upgrade",
	Title:    "Do not run zypper dist-upgrade",
	Severity: lint.Warning,
	Fix:      lint.NoFix,
	Check:    checkZypperDup,
}

func checkZypperDup(p *lint.Pass) {
	eachRunScriptWith(p, true, pkgmgr.ZypperNeedles, func(r runScript) {
		eachSubcommand(r.Script, "zypper", pkgmgr.ZypperValued, []string{"dist-upgrade", "dup"}, func(c *shell.Command, sub shell.Word, _ int) {
			p.Report(lint.Diagnostic{
				Range:   r.fileSpan(c.Name, sub),
				Message: "\"zypper " + sub.Value + "\" upgrades the whole base image at build time: use a newer base image instead",
			})
		})
	})
}
