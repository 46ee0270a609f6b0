package rules

import (
	"strings"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/shell"
	"github.com/berth-dev/berth/rules/internal/pkgmgr"
)

// DL3018 reports apk add of packages without a version constraint.
var DL3018 = &lint.Rule{
	Code:     "DL3018",
	Name:     "apk-add-unpinned",
	Title:    "Pin versions in apk add",
	Severity: lint.Warning,
	Fix:      lint.NoFix,
	Check:    checkApkPin,
}

func checkApkPin(p *lint.Pass) {
	eachRunScriptWith(p, true, []string{"apk"}, func(r runScript) {
		eachSubcommand(r.Script, "apk", pkgmgr.ApkValued, []string{"add"}, func(c *shell.Command, _ shell.Word, i int) {
			loose := unpinnedOperands(operandsAfter(c, i, pkgmgr.ApkValued), apkPinned)
			reportUnpinned(p, r, loose, "apk add", "unpinned", "package",
				func(w shell.Word) string { return "pin it as \"" + w.Value + "=<version>\"" },
				"pin each as name=<version> or name~<version>")
		})
	})
}

// apkPinned reports whether an apk add operand has a version constraint
// (=, ~, <, >), is a local .apk file, or is a variable whose value is not
// known.
func apkPinned(w shell.Word) bool {
	v := w.Value
	return strings.ContainsAny(v, "=~<>") || strings.HasSuffix(v, ".apk") || wholeExpansion(w)
}
