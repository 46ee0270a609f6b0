package rules

import (
	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/shell"
	"github.com/berth-dev/berth/rules/internal/pkgmgr"
)

// DL3038 reports dnf install that would stop at its confirmation prompt.
var DL3038 = &lint.Rule{
	Code:     "DL3038",
	Name:     "dnf-install-missing-yes",
	Title:    "Use -y with dnf install",
	Severity: lint.Warning,
	Fix:      lint.SometimesFix,
	Check:    checkDnfYes,
}

// dnfInstalls are the dnf commands that install packages and ask first.
var dnfInstalls = []string{"install", "in", "groupinstall", "localinstall", "reinstall", "rei"}

// dnfCalls calls f for every dnf (or dnf5, or microdnf when micro is
// set) command of the script whose subcommand is one of subs; for `dnf
// group install` and `dnf module install` sub is the word install.
func dnfCalls(s *lint.Script, micro bool, subs []string, f func(c *shell.Command, sub shell.Word, i int)) {
	names := []string{"dnf", "dnf5", "dnf-3"}
	if micro {
		names = append(names, "microdnf")
	}
	for c := range s.Calls(names...) {
		sub, i, ok := c.Subcommand(pkgmgr.DnfValued...)
		if !ok {
			continue
		}
		if wordIn(sub, "group", "groups", "module") {
			ops := operandsAfter(c, i, pkgmgr.DnfValued)
			if len(ops) == 0 {
				continue
			}
			sub, i = ops[0], indexWord(c.Args, ops[0])
		}
		if wordIn(sub, subs...) {
			f(c, sub, i)
		}
	}
}

func checkDnfYes(p *lint.Pass) {
	eachRunScriptWith(p, true, pkgmgr.DnfNeedles, func(r runScript) {
		// microdnf never asks: its -y is accepted and does nothing.
		dnfCalls(r.Script, false, dnfInstalls, func(c *shell.Command, sub shell.Word, _ int) {
			if c.HasFlag("y", "assumeyes") || pipedFromYes(r.Script, c) {
				return
			}
			d := lint.Diagnostic{
				Range:   r.fileSpan(c.Name, sub),
				Message: "\"" + c.Base() + " " + sub.Value + "\" without -y stops at its confirmation prompt and fails the build",
			}
			if at, ok := r.rangeAfterWord(sub); ok {
				d.Fixes = []lint.Fix{{Title: "Add -y", Safe: true, Edits: []lint.Edit{{Range: at, NewText: " -y"}}}}
			}
			p.Report(d)
		})
	})
}
