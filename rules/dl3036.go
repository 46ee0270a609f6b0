package rules

import (
	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/shell"
)

// DL3036 reports zypper install without zypper clean later in the same
// RUN, in stages whose layers ship.
var DL3036 = &lint.Rule{
	Code:     "DL3036",
	Name:     "zypper-clean-missing",
	Title:    "Run zypper clean after zypper install",
	Severity: lint.Warning,
	Fix:      lint.NoFix,
	Check:    checkZypperClean,
}

// r2bZypperCache is where zypper keeps metadata and packages.
const r2bZypperCache = "/var/cache/zypp"

func checkZypperClean(p *lint.Pass) {
	var ships []bool
	r2aScriptsWith(p, true, r2bZypperNeedles, func(r r2aRun) {
		var last *shell.Command
		var lastSub shell.Word
		r2aSubcommand(r.Script, "zypper", r2bZypperValued, []string{"install", "in"}, func(c *shell.Command, sub shell.Word, _ int) {
			last, lastSub = c, sub
		})
		if last == nil || r2bMountHolds(r.Run, r2bZypperCache) || r2aMountCovers(r.Run, r2bZypperCache) {
			return
		}
		if r2bLater(r.Script, last.Range.Start, func(c *shell.Command) bool {
			if r2aRemoves(c, r2bZypperCache) {
				return true
			}
			if !c.Is("zypper") {
				return false
			}
			sub, _, ok := c.Subcommand(r2bZypperValued...)
			return ok && r2bSubIn(sub, "clean", "cc")
		}) {
			return
		}
		if ships == nil {
			ships = r2aShips(p.Doc)
		}
		if !r2aShipsRun(p.Doc, ships, r) {
			return
		}
		p.Report(lint.Diagnostic{
			Range:   r.r2aSpan(last.Name, lastSub),
			Message: "\"zypper " + lastSub.Value + "\" leaves its cache in the layer: run \"zypper clean --all\" later in the same RUN",
		})
	})
}
