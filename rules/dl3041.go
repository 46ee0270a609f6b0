package rules

import (
	"strings"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/shell"
	"github.com/berth-dev/berth/rules/internal/pkgmgr"
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
	eachRunScriptWith(p, true, pkgmgr.DnfNeedles, func(r runScript) {
		for c := range r.Script.Calls("dnf", "dnf5", "dnf-3", "microdnf") {
			sub, i, ok := c.Subcommand(pkgmgr.DnfValued...)
			if !ok {
				continue
			}
			module := false
			switch sub.Value {
			case "module":
				ops := operandsAfter(c, i, pkgmgr.DnfValued)
				if len(ops) == 0 || ops[0].Value != "install" {
					continue
				}
				module, sub = true, ops[0]
				i = indexWord(c.Args, sub)
			case "install", "in", "localinstall":
			default:
				continue // groups have no versions
			}
			var loose []shell.Word
			for _, w := range operandsAfter(c, i, pkgmgr.DnfValued) {
				if module && !strings.Contains(w.Value, ":") && !wholeExpansion(w) || !module && !dnfPinned(p, r, w) {
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
				msg = tool + " module install of " + wordNames(loose) + " without a stream: name one as \"" + loose[0].Value + ":<stream>\""
			case module:
				msg = tool + " module install of " + wordNames(loose) + " without streams: name each as module:<stream>"
			case len(loose) == 1 && undeclaredVar(p, r, loose[0]) != "":
				msg = undeclaredVersionMessage(tool, p, r, loose[0])
			case len(loose) == 1:
				msg = tool + " install of unversioned package " + wordNames(loose) + ": pin it as \"" + loose[0].Value + "-<version>\""
			default:
				msg = tool + " install of unversioned packages " + wordNames(loose) + ": pin each as name-<version>"
			}
			p.Report(lint.Diagnostic{Range: r.fileRange(loose[0].Range), Message: msg})
		}
	})
}

// dnfPinned is yumPinned, plus capabilities such as
// 'dnf-command(config-manager)' and file paths, which name no package
// version to pin.
func dnfPinned(p *lint.Pass, r runScript, w shell.Word) bool {
	v := w.Value
	return yumPinned(p, r, w) || strings.ContainsAny(v, "()") || strings.HasPrefix(v, "/") || !w.Literal && strings.Contains(v, "$") && declaredExpansion(p, r, w)
}
