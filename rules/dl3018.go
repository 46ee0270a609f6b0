package rules

import (
	"strings"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/shell"
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
	r2aScriptsWith(p, true, []string{"apk"}, func(r r2aRun) {
		r2aSubcommand(r.Script, "apk", r2aApkValued, []string{"add"}, func(c *shell.Command, _ shell.Word, i int) {
			loose := r2aUnpinned(r2aOperandsAfter(c, i, r2aApkValued), r2aApkPinned)
			r2aReportUnpinned(p, r, loose, "apk add", "unpinned", "package",
				func(w shell.Word) string { return "pin it as \"" + w.Value + "=<version>\"" },
				"pin each as name=<version> or name~<version>")
		})
	})
}

// r2aApkPinned reports whether an apk add operand has a version constraint
// (=, ~, <, >), is a local .apk file, or is a variable whose value is not
// known.
func r2aApkPinned(w shell.Word) bool {
	v := w.Value
	return strings.ContainsAny(v, "=~<>") || strings.HasSuffix(v, ".apk") || r2aWholeExpansion(w)
}
