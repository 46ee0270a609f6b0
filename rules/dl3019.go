package rules

import (
	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/shell"
	"github.com/berth-dev/berth/rules/internal/pkgmgr"
)

// DL3019 reports apk add without --no-cache.
var DL3019 = &lint.Rule{
	Code:     "DL3019",
	Name:     "apk-add-missing-no-cache",
	Title:    "Use --no-cache with apk add",
	Severity: lint.Info,
	Fix:      lint.SometimesFix,
	Check:    checkApkNoCache,
}

const apkCache = "/var/cache/apk"

func checkApkNoCache(p *lint.Pass) {
	eachRunScriptWith(p, true, []string{"apk"}, func(r runScript) {
		if mountCovers(r.Run, apkCache) {
			return
		}
		eachSubcommand(r.Script, "apk", pkgmgr.ApkValued, []string{"add"}, func(c *shell.Command, sub shell.Word, _ int) {
			if c.HasFlag("", "no-cache") || apkCacheRemovedAfter(r.Script, c) {
				return
			}
			d := lint.Diagnostic{
				Range:   r.fileSpan(c.Name, sub),
				Message: "\"apk add\" without --no-cache leaves the package index in the layer",
			}
			if at, ok := r.rangeAfterWord(sub); ok {
				d.Fixes = []lint.Fix{{Title: "Add --no-cache", Safe: true, Edits: []lint.Edit{{Range: at, NewText: " --no-cache"}}}}
			}
			p.Report(d)
		})
	})
}

// apkCacheRemovedAfter reports whether the script deletes /var/cache/apk
// after the command c.
func apkCacheRemovedAfter(s *lint.Script, c *shell.Command) bool {
	for _, o := range s.Commands {
		if o.Range.Start > c.Range.Start && removesDirs(o.Unwrapped(), apkCache) {
			return true
		}
	}
	return false
}
