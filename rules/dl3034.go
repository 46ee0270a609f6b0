package rules

import (
	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/shell"
)

// DL3034 reports zypper commands that would stop at a confirmation prompt.
var DL3034 = &lint.Rule{
	Code:     "DL3034",
	Name:     "zypper-missing-non-interactive",
	Title:    "Run zypper non-interactively",
	Severity: lint.Warning,
	Fix:      lint.SometimesFix,
	Check:    checkZypperYes,
}

// zypperValued are zypper's options, global and of its package
// commands, that take the next word as value.
var zypperValued = []string{"R", "root", "c", "config", "D", "reposd-dir", "C", "cache-dir", "raw-cache-dir",
	"solv-cache-dir", "pkg-cache-dir", "userdata", "p", "plus-repo", "plus-content", "installroot",
	"r", "repo", "from", "t", "type", "download"}

// zypperAsks are the zypper commands that ask for confirmation.
var zypperAsks = []string{"install", "in", "remove", "rm", "source-install", "si", "patch", "update", "up",
	"dist-upgrade", "dup", "install-new-recommends", "inr"}

func checkZypperYes(p *lint.Pass) {
	eachRunScriptWith(p, true, zypperNeedles, func(r runScript) {
		eachSubcommand(r.Script, "zypper", zypperValued, zypperAsks, func(c *shell.Command, sub shell.Word, _ int) {
			if c.HasFlag("n", "non-interactive", "no-confirm") || c.HasFlag("y") || pipedFromYes(r.Script, c) {
				return
			}
			d := lint.Diagnostic{
				Range:   r.fileSpan(c.Name, sub),
				Message: "\"zypper " + sub.Value + "\" without -n (--non-interactive) stops at its confirmation prompt and fails the build",
			}
			if at, ok := r.rangeAfterWord(c.Name); ok {
				d.Fixes = []lint.Fix{{Title: "Add -n", Safe: true, Edits: []lint.Edit{{Range: at, NewText: " -n"}}}}
			}
			p.Report(d)
		})
	})
}
