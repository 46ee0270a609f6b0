package rules

import (
	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/rules/internal/pkgmgr"
)

// DL3027 reports apt, the interactive front end, in RUN.
var DL3027 = &lint.Rule{
	Code:     "DL3027",
	Name:     "apt-in-run",
	Title:    "Use apt-get or apt-cache instead of apt",
	Severity: lint.Warning,
	Fix:      lint.SometimesFix,
	Check:    checkApt,
}

// aptReplacement maps apt's subcommands to the stable tool that has them
// under the same name.
var aptReplacement = map[string]string{
	"install": "apt-get", "update": "apt-get", "upgrade": "apt-get", "dist-upgrade": "apt-get",
	"remove": "apt-get", "purge": "apt-get", "autoremove": "apt-get", "autopurge": "apt-get",
	"clean": "apt-get", "autoclean": "apt-get", "distclean": "apt-get", "build-dep": "apt-get",
	"source": "apt-get", "download": "apt-get", "satisfy": "apt-get", "check": "apt-get",
	"changelog": "apt-get", "reinstall": "apt-get",
	"search": "apt-cache", "show": "apt-cache", "showsrc": "apt-cache", "policy": "apt-cache",
	"depends": "apt-cache", "rdepends": "apt-cache", "madison": "apt-cache", "showpkg": "apt-cache",
}

func checkApt(p *lint.Pass) {
	eachRunScriptWith(p, true, []string{"apt"}, func(r runScript) {
		for c := range r.Script.Calls("apt") {
			sub, _, _ := c.Subcommand(pkgmgr.AptGetValued...)
			tool, known := aptReplacement[sub.Value]
			use := "\"" + tool + "\""
			switch {
			case sub.Value == "full-upgrade":
				use = "\"apt-get dist-upgrade\""
			case !known:
				use = "\"apt-get\" or \"apt-cache\""
			}
			d := lint.Diagnostic{
				Range:   r.fileRange(c.Name.Range),
				Message: "\"apt\" has no stable interface for scripts: use " + use,
			}
			if at, ok := r.plainWordRange(c.Name); ok && known && c.Name.Raw == "apt" {
				d.Fixes = []lint.Fix{{
					Title: "Replace apt with " + tool,
					Edits: []lint.Edit{{Range: at, NewText: tool}},
				}}
			}
			p.Report(d)
		}
	})
}
