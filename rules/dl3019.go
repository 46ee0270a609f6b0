package rules

import (
	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/shell"
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

const r2aApkCache = "/var/cache/apk"

func checkApkNoCache(p *lint.Pass) {
	r2aScriptsWith(p, true, []string{"apk"}, func(r r2aRun) {
		if r2aMountCovers(r.Run, r2aApkCache) {
			return
		}
		r2aSubcommand(r.Script, "apk", r2aApkValued, []string{"add"}, func(c *shell.Command, sub shell.Word, _ int) {
			if c.HasFlag("", "no-cache") || r2aApkCacheRemovedAfter(r.Script, c) {
				return
			}
			d := lint.Diagnostic{
				Range:   r.r2aSpan(c.Name, sub),
				Message: "\"apk add\" without --no-cache leaves the package index in the layer",
			}
			if at, ok := r.r2aAfter(sub); ok {
				d.Fixes = []lint.Fix{{Title: "Add --no-cache", Safe: true, Edits: []lint.Edit{{Range: at, NewText: " --no-cache"}}}}
			}
			p.Report(d)
		})
	})
}

// r2aApkCacheRemovedAfter reports whether the script deletes /var/cache/apk
// after the command c.
func r2aApkCacheRemovedAfter(s *lint.Script, c *shell.Command) bool {
	for _, o := range s.Commands {
		if o.Range.Start > c.Range.Start && r2aRemoves(o.Unwrapped(), r2aApkCache) {
			return true
		}
	}
	return false
}
