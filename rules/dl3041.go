package rules

import (
	"strings"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/shell"
)

// DL3041 reports dnf install of packages without a version.
var DL3041 = &lint.Rule{
	Code:     "DL3041",
	Name:     "dnf-install-unpinned",
	Title:    "Pin versions in dnf install",
	Severity: lint.Warning,
	Fix:      lint.NoFix,
	Check:    checkDnfPin,
}

func checkDnfPin(p *lint.Pass) {
	r2aScriptsWith(p, true, r2bDnfNeedles, func(r r2aRun) {
		for c := range r.Script.Calls("dnf", "dnf5", "dnf-3", "microdnf") {
			sub, i, ok := c.Subcommand(r2bDnfValued...)
			if !ok {
				continue
			}
			module := false
			switch sub.Value {
			case "module":
				ops := r2aOperandsAfter(c, i, r2bDnfValued)
				if len(ops) == 0 || ops[0].Value != "install" {
					continue
				}
				module, sub = true, ops[0]
				i = r2aIndexWord(c.Args, sub)
			case "install", "in", "localinstall":
			default:
				continue // groups have no versions
			}
			var loose []shell.Word
			for _, w := range r2aOperandsAfter(c, i, r2bDnfValued) {
				if module && !strings.Contains(w.Value, ":") && !r2aWholeExpansion(w) || !module && !r2bDnfPinned(w) {
					loose = append(loose, w)
				}
			}
			if len(loose) == 0 {
				continue
			}
			tool := c.Base()
			var msg string
			switch {
			case module && len(loose) == 1:
				msg = tool + " module install of " + r2aNames(loose) + " without a stream: name one as \"" + loose[0].Value + ":<stream>\""
			case module:
				msg = tool + " module install of " + r2aNames(loose) + " without streams: name each as module:<stream>"
			case len(loose) == 1:
				msg = tool + " install of unversioned package " + r2aNames(loose) + ": pin it as \"" + loose[0].Value + "-<version>\""
			default:
				msg = tool + " install of unversioned packages " + r2aNames(loose) + ": pin each as name-<version>"
			}
			p.Report(lint.Diagnostic{Range: r.r2aRange(loose[0].Range), Message: msg})
		}
	})
}

// r2bDnfPinned is r2aYumPinned, plus capabilities such as
// 'dnf-command(config-manager)' and file paths, which name no package
// version to pin.
func r2bDnfPinned(w shell.Word) bool {
	v := w.Value
	return r2aYumPinned(w) || strings.ContainsAny(v, "()") || strings.HasPrefix(v, "/") || !w.Literal && strings.Contains(v, "$")
}
