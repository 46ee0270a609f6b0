package rules

import (
	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/shell"
	"github.com/berth-dev/berth/rules/internal/pkgmgr"
)

// DL3040 reports dnf install without dnf clean all later in the same RUN,
// in stages whose layers ship.
var DL3040 = &lint.Rule{
	Code:     "DL3040",
	Name:     "dnf-clean-missing",
	Title:    "Run dnf clean all after dnf install",
	Severity: lint.Warning,
	Fix:      lint.NoFix,
	Split:    dnfCleanSplit,
}

// dnfCleanSplit is DL3040 in two, as DL3009 is: the RUNs that leave the
// cache, which a stage's text tells, and whether their layers ship,
// which only the whole file does.
var dnfCleanSplit = &lint.Split{Stage: checkDnfClean, Finish: runAtShips}

// dnfCaches are where dnf, dnf5 and microdnf keep metadata and packages.
var dnfCaches = []string{"/var/cache/dnf", "/var/cache/libdnf5", "/var/cache/yum"}

// dnfFillers are the dnf commands that download packages.
var dnfFillers = []string{"install", "in", "upgrade", "up", "update", "upgrade-minimal", "up-min", "reinstall", "rei",
	"groupinstall", "localinstall", "distro-sync", "dsync", "downgrade", "dg"}

func checkDnfClean(p *lint.Pass) {
	eachRunScriptWith(p, true, pkgmgr.DnfNeedles, func(r runScript) {
		if mountHolds(r.Run, "/var/cache/dnf", "/var/cache/libdnf5", ".cache/libdnf5", "/var/cache/yum") || mountCovers(r.Run, dnfCaches...) {
			return
		}
		// dnf and microdnf are checked apart: each needs its own clean.
		for _, tool := range [...]string{"dnf", "microdnf"} {
			var last *shell.Command
			var lastSub shell.Word
			dnfCalls(r.Script, tool == "microdnf", dnfFillers, func(c *shell.Command, sub shell.Word, _ int) {
				if c.Is("microdnf") == (tool == "microdnf") {
					last, lastSub = c, sub
				}
			})
			if last == nil {
				continue
			}
			if laterCommand(r.Script, last.Range.Start, func(c *shell.Command) bool {
				if removesDirs(c, dnfCaches...) {
					return true
				}
				if tool == "microdnf" && !c.Is("microdnf") || tool == "dnf" && !c.Is("dnf", "dnf5", "dnf-3", "yum") {
					return false
				}
				sub, i, ok := c.Subcommand(pkgmgr.DnfValued...)
				return ok && sub.Value == "clean" && len(c.Args) > i+1 && c.HasArg("all")
			}) {
				continue
			}
			p.Report(lint.Diagnostic{
				Range:   r.fileSpan(last.Name, lastSub),
				Message: "\"" + last.Base() + " " + lastSub.Value + "\" leaves its cache in the layer: run \"" + last.Base() + " clean all\" later in the same RUN",
			})
		}
	})
}
