package rules

import (
	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/shell"
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

const r2aAptLists = "/var/lib/apt/lists"

func checkAptLists(p *lint.Pass) {
	var ships []bool
	r2aScriptsWith(p, true, []string{"update"}, func(r r2aRun) {
		// The last update decides: lists fetched after a cleanup stay.
		var last *shell.Command
		var lastSub shell.Word
		for _, tool := range [...]string{"apt-get", "apt", "aptitude"} {
			r2aSubcommand(r.Script, tool, r2aAptGetValued, []string{"update"}, func(c *shell.Command, sub shell.Word, _ int) {
				if last == nil || c.Range.Start > last.Range.Start {
					last, lastSub = c, sub
				}
			})
		}
		if last == nil || r2aMountCovers(r.Run, r2aAptLists) {
			return
		}
		for _, c := range r.Script.Commands {
			if c.Range.Start <= last.Range.Start {
				continue
			}
			u := c.Unwrapped()
			if r2aRemoves(u, r2aAptLists) || (u.Is("apt-get", "apt") && u.HasArg("distclean", "dist-clean")) {
				return
			}
		}
		if ships == nil {
			ships = r2aShips(p.Doc)
		}
		if !r2aShipsRun(p.Doc, ships, r) {
			return
		}
		p.Report(lint.Diagnostic{
			Range:   r.r2aSpan(last.Name, lastSub),
			Message: "\"" + last.Base() + " update\" leaves the package lists in the layer: remove " + r2aAptLists + "/* later in the same RUN",
		})
	})
}
