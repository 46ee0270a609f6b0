package rules

import (
	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/shell"
)

// DL3032 reports yum install without cleaning the yum cache in the same
// RUN, in stages whose layers ship.
var DL3032 = &lint.Rule{
	Code:     "DL3032",
	Name:     "yum-clean-missing",
	Title:    "Run yum clean all after yum install",
	Severity: lint.Warning,
	Fix:      lint.NoFix,
	Check:    checkYumClean,
}

// r2aYumCaches are where yum (and dnf, which yum is on RHEL 8 and later) keep
// metadata and packages.
var r2aYumCaches = []string{"/var/cache/yum", "/var/cache/dnf"}

// r2aYumCacheFillers are the yum subcommands that download packages.
var r2aYumCacheFillers = []string{"install", "groupinstall", "localinstall", "reinstall"}

func checkYumClean(p *lint.Pass) {
	var ships []bool
	r2aScriptsWith(p, true, []string{"yum"}, func(r r2aRun) {
		var last *shell.Command
		var lastSub shell.Word
		r2aSubcommand(r.Script, "yum", r2aYumValued, r2aYumCacheFillers, func(c *shell.Command, sub shell.Word, _ int) {
			last, lastSub = c, sub
		})
		if last == nil || r2aMountCovers(r.Run, r2aYumCaches...) {
			return
		}
		for _, c := range r.Script.Commands {
			if c.Range.Start <= last.Range.Start {
				continue
			}
			u := c.Unwrapped()
			if r2aRemoves(u, r2aYumCaches...) {
				return
			}
			if u.Is("yum", "dnf") {
				if sub, i, ok := u.Subcommand(r2aYumValued...); ok && sub.Value == "clean" && len(u.Args) > i+1 && u.HasArg("all") {
					return
				}
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
			Message: "\"yum " + lastSub.Value + "\" leaves its cache in the layer: run \"yum clean all\" later in the same RUN",
		})
	})
}
