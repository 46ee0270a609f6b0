package rules

import (
	"strings"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/shell"
	"github.com/berth-dev/berth/rules/internal/pkgmgr"
)

// DL3008 reports apt-get install of packages without a version.
var DL3008 = &lint.Rule{
	Code:     "DL3008",
	Name:     "apt-get-unpinned",
	Title:    "Pin versions in apt-get install",
	Severity: lint.Warning,
	Fix:      lint.NoFix,
	Check:    checkAptGetPin,
}

func checkAptGetPin(p *lint.Pass) {
	eachRunScriptWith(p, true, []string{"apt-get"}, func(r runScript) {
		aptGetInstalls(r.Script, func(c *shell.Command, _ shell.Word, i int) {
			loose := unpinnedOperands(operandsAfter(c, i, pkgmgr.AptGetValued), aptPinned)
			reportUnpinned(p, r, loose, "apt-get install", "unpinned", "package",
				func(w shell.Word) string { return "pin it as \"" + w.Value + "=<version>\"" },
				"pin each as name=<version>")
		})
	})
}

// aptPinned reports whether an apt-get install operand names a version
// (pkg=1.2), a release (pkg/bookworm-backports) or a file (./x.deb), or
// is a variable whose value is not known.
func aptPinned(w shell.Word) bool {
	v := w.Value
	return strings.ContainsAny(v, "=/") || strings.HasSuffix(v, ".deb") || wholeExpansion(w)
}
