package rules

import (
	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/shell"
	"github.com/berth-dev/berth/rules/internal/pkgmgr"
)

// DL3009 reports apt-get update without removing the package lists in the
// same RUN, in stages whose layers ship.
var DL3009 = &lint.Rule{
	Code:     "DL3009",
	Name:     "apt-lists-not-removed",
	Title:    "Remove the apt lists after installing packages",
	Severity: lint.Info,
	Fix:      lint.NoFix,
	Check:    checkAptLists,
}

const aptLists = "/var/lib/apt/lists"

func checkAptLists(p *lint.Pass) {
	var ships []bool
	eachRunScriptWith(p, true, []string{"update"}, func(r runScript) {
		// The last update decides: lists fetched after a cleanup stay.
		var last *shell.Command
		var lastSub shell.Word
		for _, tool := range [...]string{"apt-get", "apt", "aptitude"} {
			eachSubcommand(r.Script, tool, pkgmgr.AptGetValued, []string{"update"}, func(c *shell.Command, sub shell.Word, _ int) {
				if last == nil || c.Range.Start > last.Range.Start {
					last, lastSub = c, sub
				}
			})
		}
		if last == nil || mountCovers(r.Run, aptLists) {
			return
		}
		for _, c := range r.Script.Commands {
			if c.Range.Start <= last.Range.Start {
				continue
			}
			u := c.Unwrapped()
			if removesDirs(u, aptLists) || (u.Is("apt-get", "apt") && u.HasArg("distclean", "dist-clean")) {
				return
			}
		}
		if ships == nil {
			ships = stagesShipped(p.Doc)
		}
		if !runShips(p.Doc, ships, r) {
			return
		}
		p.Report(lint.Diagnostic{
			Range:   r.fileSpan(last.Name, lastSub),
			Message: "\"" + last.Base() + " update\" leaves the package lists in the layer: remove " + aptLists + "/* later in the same RUN",
		})
	})
}
