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
	Split:    aptListsSplit,
}

// aptListsSplit is DL3009 in two: the RUNs that leave the lists, which a
// stage's text tells, and whether their layers ship, which only the whole
// file does (a later stage may copy from the stage, or build on it).
var aptListsSplit = &lint.Split{Stage: checkAptLists, Finish: runAtShips}

const aptLists = "/var/lib/apt/lists"

// checkAptLists reports the RUNs that fetch apt's lists and do not remove
// them, in any stage (runAtShips keeps those whose layers ship).
func checkAptLists(p *lint.Pass) {
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
		p.Report(lint.Diagnostic{
			Range:   r.fileSpan(last.Name, lastSub),
			Message: "\"" + last.Base() + " update\" leaves the package lists in the layer: remove " + aptLists + "/* later in the same RUN",
		})
	})
}

// runAtShips reports whether the layers of the RUN that finding d lies in
// end up in an image (runShips): the RUN of an ONBUILD always does, as
// does one before the first FROM.
func runAtShips(doc *lint.Document, d *lint.Diagnostic) bool {
	at := d.Range.Start
	if ins := doc.File.InstructionAt(at); ins != nil && ins.Cmd == "onbuild" {
		return true
	}
	st := doc.StageAt(at)
	if st == nil {
		return true
	}
	ships := stagesShipped(doc)
	return st.Index >= len(ships) || ships[st.Index]
}
