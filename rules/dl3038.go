package rules

import (
	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/shell"
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

// r2bDnfValued are dnf's options that take the next word as value.
var r2bDnfValued = append([]string{"forcearch", "comment", "advisory", "advisories", "bz", "bzs", "cve", "cves",
	"sec-severity", "secseverity", "repofrompath", "best"}, r2aYumValued...)

// r2bDnfInstalls are the dnf commands that install packages and ask first.
var r2bDnfInstalls = []string{"install", "in", "groupinstall", "localinstall", "reinstall", "rei"}

// r2bDnfCalls calls f for every dnf (or dnf5, or microdnf when micro is
// set) command of the script whose subcommand is one of subs; for `dnf
// group install` and `dnf module install` sub is the word install.
func r2bDnfCalls(s *lint.Script, micro bool, subs []string, f func(c *shell.Command, sub shell.Word, i int)) {
	names := []string{"dnf", "dnf5", "dnf-3"}
	if micro {
		names = append(names, "microdnf")
	}
	for c := range s.Calls(names...) {
		sub, i, ok := c.Subcommand(r2bDnfValued...)
		if !ok {
			continue
		}
		if r2bSubIn(sub, "group", "groups", "module") {
			ops := r2aOperandsAfter(c, i, r2bDnfValued)
			if len(ops) == 0 {
				continue
			}
			sub, i = ops[0], r2aIndexWord(c.Args, ops[0])
		}
		if r2bSubIn(sub, subs...) {
			f(c, sub, i)
		}
	}
}

func checkDnfYes(p *lint.Pass) {
	r2aScriptsWith(p, true, r2bDnfNeedles, func(r r2aRun) {
		// microdnf never asks: its -y is accepted and does nothing.
		r2bDnfCalls(r.Script, false, r2bDnfInstalls, func(c *shell.Command, sub shell.Word, _ int) {
			if c.HasFlag("y", "assumeyes") || r2aPipedFromYes(r.Script, c) {
				return
			}
			d := lint.Diagnostic{
				Range:   r.r2aSpan(c.Name, sub),
				Message: "\"" + c.Base() + " " + sub.Value + "\" without -y stops at its confirmation prompt and fails the build",
			}
			if at, ok := r.r2aAfter(sub); ok {
				d.Fixes = []lint.Fix{{Title: "Add -y", Safe: true, Edits: []lint.Edit{{Range: at, NewText: " -y"}}}}
			}
			p.Report(d)
		})
	})
}
