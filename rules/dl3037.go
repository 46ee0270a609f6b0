package rules

import (
	"strings"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/shell"
	"github.com/berth-dev/berth/rules/internal/pkgmgr"
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
	eachRunScriptWith(p, true, pkgmgr.ZypperNeedles, func(r runScript) {
		eachSubcommand(r.Script, "zypper", pkgmgr.ZypperValued, []string{"install", "in"}, func(c *shell.Command, sub shell.Word, i int) {
			if t, ok := c.FlagValue("t", "type"); ok && t.Value != "package" && t.Value != "srcpackage" {
				return // patterns, products and patches have no version to pin
			}
			loose := unpinnedOperands(literalOperands(c, i, pkgmgr.ZypperValued), zypperPinned)
			reportUnpinned(p, r, loose, "zypper install", "unversioned", "package",
				func(w shell.Word) string { return "pin it as \"" + w.Value + "=<version>\"" },
				"pin each as name=<version>")
		})
	})
}

// zypperPinned reports whether a zypper install operand fixes its
// version (=, <, >), is an rpm file or URL, a pattern:, product: or
// patch: name, or comes from a variable.
func zypperPinned(w shell.Word) bool {
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
