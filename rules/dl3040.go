package rules

import (
	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/shell"
)

// DL3040 reports dnf install without dnf clean all later in the same RUN,
// in stages whose layers ship.
var DL3040 = &lint.Rule{
	Code:     "DL3040",
	Name:     "dnf-clean-missing",
	Title:    "Run dnf clean all after dnf install",
	Severity: lint.Warning,
	Fix:      lint.NoFix,
	Check:    checkDnfClean,
}

// r2bDnfCaches are where dnf, dnf5 and microdnf keep metadata and packages.
var r2bDnfCaches = []string{"/var/cache/dnf", "/var/cache/libdnf5", "/var/cache/yum"}

// r2bDnfFillers are the dnf commands that download packages.
var r2bDnfFillers = []string{"install", "in", "upgrade", "up", "update", "upgrade-minimal", "up-min", "reinstall", "rei",
	"groupinstall", "localinstall", "distro-sync", "dsync", "downgrade", "dg"}

func checkDnfClean(p *lint.Pass) {
	var ships []bool
	r2aScriptsWith(p, true, r2bDnfNeedles, func(r r2aRun) {
		if r2bMountHolds(r.Run, "/var/cache/dnf", "/var/cache/libdnf5", ".cache/libdnf5", "/var/cache/yum") || r2aMountCovers(r.Run, r2bDnfCaches...) {
			return
		}
		// dnf and microdnf are checked apart: each needs its own clean.
		for _, tool := range [...]string{"dnf", "microdnf"} {
			var last *shell.Command
			var lastSub shell.Word
			r2bDnfCalls(r.Script, tool == "microdnf", r2bDnfFillers, func(c *shell.Command, sub shell.Word, _ int) {
				if c.Is("microdnf") == (tool == "microdnf") {
					last, lastSub = c, sub
				}
			})
			if last == nil {
				continue
			}
			if r2bLater(r.Script, last.Range.Start, func(c *shell.Command) bool {
				if r2aRemoves(c, r2bDnfCaches...) {
					return true
				}
				if tool == "microdnf" && !c.Is("microdnf") || tool == "dnf" && !c.Is("dnf", "dnf5", "dnf-3", "yum") {
					return false
				}
				sub, i, ok := c.Subcommand(r2bDnfValued...)
				return ok && sub.Value == "clean" && len(c.Args) > i+1 && c.HasArg("all")
			}) {
				continue
			}
			if ships == nil {
				ships = r2aShips(p.Doc)
			}
			if !r2aShipsRun(p.Doc, ships, r) {
				return
			}
			p.Report(lint.Diagnostic{
				Range:   r.r2aSpan(last.Name, lastSub),
				Message: "\"" + last.Base() + " " + lastSub.Value + "\" leaves its cache in the layer: run \"" + last.Base() + " clean all\" later in the same RUN",
			})
		}
	})
}
