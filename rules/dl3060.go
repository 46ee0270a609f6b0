package rules

import (
	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/shell"
	"github.com/berth-dev/berth/rules/internal/pkgmgr"
)

// DL3060 reports yarn install without yarn cache clean later in the same
// RUN, in stages whose layers ship.
var DL3060 = &lint.Rule{
	Code:     "DL3060",
	Name:     "yarn-cache-clean-missing",
	Title:    "Clean the yarn cache after yarn install",
	Severity: lint.Info,
	Fix:      lint.NoFix,
	Split:    yarnCleanSplit,
}

// yarnCleanSplit is DL3060 in two, as DL3009 is: the RUNs that leave the
// cache, which a stage's text tells, and whether their layers ship,
// which only the whole file does.
var yarnCleanSplit = &lint.Split{Stage: checkYarnClean, Finish: runAtShips}

// yarnValued are yarn's options that take the next word as value.
var yarnValued = []string{"cwd", "cache-folder", "modules-folder", "network-timeout", "mutex", "registry",
	"network-concurrency", "link-folder", "global-folder", "use-yarnrc", "preferred-cache-folder", "https-proxy", "proxy"}

// yarnCaches are where yarn keeps its cache: yarn 1 as root in the node
// images, yarn 1 elsewhere, and yarn 2+'s global cache.
var yarnCaches = []string{"/usr/local/share/.cache/yarn", "/root/.cache/yarn", "/root/.yarn/berry/cache"}

func checkYarnClean(p *lint.Pass) {
	eachRunScriptWith(p, true, pkgmgr.YarnNeedles, func(r runScript) {
		var last *shell.Command
		var lastSub shell.Word
		for c := range r.Script.Calls("yarn") {
			sub, _, ok := c.Subcommand(yarnValued...)
			switch {
			case ok && sub.Value == "install":
				last, lastSub = c, sub
			case !ok && !c.HasFlag("v", "version", "help") && !c.HasFlag("h"):
				// A bare `yarn` (or `yarn --frozen-lockfile`) installs.
				last, lastSub = c, c.Name
			}
		}
		if last == nil || mountHolds(r.Run, ".cache/yarn", ".yarn/berry", "/yarn") || mountCovers(r.Run, yarnCaches...) {
			return
		}
		if laterCommand(r.Script, last.Range.Start, func(c *shell.Command) bool {
			if removesDirs(c, yarnCaches...) {
				return true
			}
			if !c.Is("yarn") {
				return false
			}
			sub, i, ok := c.Subcommand(yarnValued...)
			return ok && sub.Value == "cache" && len(c.Args) > i+1 && c.Args[i+1].Value == "clean"
		}) {
			return
		}
		what := "\"yarn install\""
		if lastSub.Range == last.Name.Range {
			what = "\"yarn\""
		}
		p.Report(lint.Diagnostic{
			Range:   r.fileSpan(last.Name, lastSub),
			Message: what + " leaves the yarn cache in the layer: run \"yarn cache clean\" later in the same RUN",
		})
	})
}
