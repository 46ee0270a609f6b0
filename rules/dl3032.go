package rules

import (
	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/shell"
	"github.com/berth-dev/berth/rules/internal/pkgmgr"
)

// DL3032 reports yum install without cleaning the yum cache in the same
// RUN, in stages whose layers ship.
var DL3032 = &lint.Rule{
	Code:     "DL3032",
	Name:     "yum-clean-missing",
	Title:    "Run yum clean all after yum install",
	Severity: lint.Warning,
	Fix:      lint.NoFix,
	Split:    yumCleanSplit,
}

// yumCleanSplit is DL3032 in two, as DL3009 is: the RUNs that leave the
// cache, which a stage's text tells, and whether their layers ship,
// which only the whole file does.
var yumCleanSplit = &lint.Split{Stage: checkYumClean, Finish: runAtShips}

// yumCaches are where yum (and dnf, which yum is on RHEL 8 and later) keep
// metadata and packages.
var yumCaches = []string{"/var/cache/yum", "/var/cache/dnf"}

// yumCacheFillers are the yum subcommands that download packages.
var yumCacheFillers = []string{"install", "groupinstall", "localinstall", "reinstall"}

func checkYumClean(p *lint.Pass) {
	eachRunScriptWith(p, true, []string{"yum"}, func(r runScript) {
		var last *shell.Command
		var lastSub shell.Word
		eachSubcommand(r.Script, "yum", pkgmgr.YumValued, yumCacheFillers, func(c *shell.Command, sub shell.Word, _ int) {
			last, lastSub = c, sub
		})
		if last == nil || mountCovers(r.Run, yumCaches...) {
			return
		}
		for _, c := range r.Script.Commands {
			if c.Range.Start <= last.Range.Start {
				continue
			}
			u := c.Unwrapped()
			if removesDirs(u, yumCaches...) {
				return
			}
			if u.Is("yum", "dnf") {
				if sub, i, ok := u.Subcommand(pkgmgr.YumValued...); ok && sub.Value == "clean" && len(u.Args) > i+1 && u.HasArg("all") {
					return
				}
			}
		}
		p.Report(lint.Diagnostic{
			Range:   r.fileSpan(last.Name, lastSub),
			Message: "\"yum " + lastSub.Value + "\" leaves its cache in the layer: run \"yum clean all\" later in the same RUN",
		})
	})
}
