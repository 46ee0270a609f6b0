package rules

import (
	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/shell"
	"github.com/berth-dev/berth/rules/internal/pkgmgr"
)

// DL3036 reports zypper install without zypper clean later in the same
// RUN, in stages whose layers ship.
var DL3036 = &lint.Rule{
	Code:     "DL3036",
	Name:     "zypper-clean-missing",
	Title:    "Run zypper clean after zypper install",
	Severity: lint.Warning,
	Fix:      lint.NoFix,
	Split:    zypperCleanSplit,
}

// zypperCleanSplit is DL3036 in two, as DL3009 is: the RUNs that leave the
// cache, which a stage's text tells, and whether their layers ship,
// which only the whole file does.
var zypperCleanSplit = &lint.Split{Stage: checkZypperClean, Finish: runAtShips}

// zypperCache is where zypper keeps metadata and packages.
const zypperCache = "/var/cache/zypp"

func checkZypperClean(p *lint.Pass) {
	eachRunScriptWith(p, true, pkgmgr.ZypperNeedles, func(r runScript) {
		var last *shell.Command
		var lastSub shell.Word
		eachSubcommand(r.Script, "zypper", pkgmgr.ZypperValued, []string{"install", "in"}, func(c *shell.Command, sub shell.Word, _ int) {
			last, lastSub = c, sub
		})
		if last == nil || mountHolds(r.Run, zypperCache) || mountCovers(r.Run, zypperCache) {
			return
		}
		if laterCommand(r.Script, last.Range.Start, func(c *shell.Command) bool {
			if removesDirs(c, zypperCache) {
				return true
			}
			if !c.Is("zypper") {
				return false
			}
			sub, _, ok := c.Subcommand(pkgmgr.ZypperValued...)
			return ok && wordIn(sub, "clean", "cc")
		}) {
			return
		}
		p.Report(lint.Diagnostic{
			Range:   r.fileSpan(last.Name, lastSub),
			Message: "\"zypper " + lastSub.Value + "\" leaves its cache in the layer: run \"zypper clean --all\" later in the same RUN",
		})
	})
}
