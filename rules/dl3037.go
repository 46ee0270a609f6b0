package rules

import (
	"strings"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/shell"
)

// DL3037 reports zypper install of packages without a version.
var DL3037 = &lint.Rule{
	Code:     "DL3037",
	Name:     "zypper-install-unpinned",
	Title:    "Pin versions in zypper install",
	Severity: lint.Warning,
	Fix:      lint.NoFix,
	Check:    checkZypperPin,
}

func checkZypperPin(p *lint.Pass) {
	r2aScriptsWith(p, true, r2bZypperNeedles, func(r r2aRun) {
		r2aSubcommand(r.Script, "zypper", r2bZypperValued, []string{"install", "in"}, func(c *shell.Command, sub shell.Word, i int) {
			if t, ok := c.FlagValue("t", "type"); ok && t.Value != "package" && t.Value != "srcpackage" {
				return // patterns, products and patches have no version to pin
			}
			loose := r2aUnpinned(r2bLiteralOperands(c, i, r2bZypperValued), r2bZypperPinned)
			r2aReportUnpinned(p, r, loose, "zypper install", "unversioned", "package",
				func(w shell.Word) string { return "pin it as \"" + w.Value + "=<version>\"" },
				"pin each as name=<version>")
		})
	})
}

// r2bZypperPinned reports whether a zypper install operand fixes its
// version (=, <, >), is an rpm file or URL, a pattern:, product: or
// patch: name, or comes from a variable.
func r2bZypperPinned(w shell.Word) bool {
	v := w.Value
	if !w.Literal || strings.ContainsAny(v, "=<>") || strings.HasSuffix(v, ".rpm") {
		return true
	}
	for _, kind := range [...]string{"pattern:", "product:", "patch:"} {
		if strings.HasPrefix(v, kind) {
			return true
		}
	}
	return false
}
