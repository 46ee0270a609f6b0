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
			var loose []shell.Word
			for _, w := range r2aOperandsAfter(c, i, r2aApkValued) {
				if !r2aApkPinned(w) {
					loose = append(loose, w)
				}
			}
			if len(loose) == 0 {
				return
			}
			msg := "apk add of unpinned package " + r2aNames(loose) + ": pin it as \"" + loose[0].Value + "=<version>\""
			if len(loose) > 1 {
				msg = "apk add of unpinned packages " + r2aNames(loose) + ": pin each as name=<version> or name~<version>"
			}
			p.Report(lint.Diagnostic{Range: r.r2aRange(loose[0].Range), Message: msg})
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
