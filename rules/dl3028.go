package rules

import (
	"strings"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/shell"
)

// DL3028 reports gem install of gems without a version.
var DL3028 = &lint.Rule{
	Code:     "DL3028",
	Name:     "gem-install-unpinned",
	Title:    "Pin versions in gem install",
	Severity: lint.Warning,
	Fix:      lint.NoFix,
	Check:    checkGemPin,
}

// r2bGemValued are the options of gem install that take the next word as
// value.
var r2bGemValued = []string{"v", "version", "platform", "i", "install-dir", "n", "bindir", "build-root", "P",
	"trust-policy", "s", "source", "p", "http-proxy", "config-file", "B", "bulk-threshold", "without", "with", "g", "file"}

func checkGemPin(p *lint.Pass) {
	r2aScriptsWith(p, true, r2bGemNeedles, func(r r2aRun) {
		r2aSubcommand(r.Script, "gem", r2bGemValued, []string{"install", "i"}, func(c *shell.Command, sub shell.Word, i int) {
			if c.HasFlag("v", "version") {
				return
			}
			end := -1 // words after -- are build options of the gems
			for _, a := range c.Args {
				if a.Value == "--" {
					end = a.Range.Start
					break
				}
			}
			var loose []shell.Word
			for _, w := range r2bLiteralOperands(c, i, r2bGemValued) {
				if end >= 0 && w.Range.Start > end {
					break
				}
				if w.Literal && !strings.Contains(w.Value, ":") && !strings.HasSuffix(w.Value, ".gem") {
					loose = append(loose, w)
				}
			}
			if len(loose) == 0 {
				return
			}
			msg := "gem install of unpinned " + r2bPlural(len(loose), "gem ", "gems ") + r2aNames(loose) + ": "
			if len(loose) == 1 {
				msg += "pin it as \"" + loose[0].Value + ":<version>\" or with -v <version>"
			} else {
				msg += "pin each as name:<version>"
			}
			p.Report(lint.Diagnostic{Range: r.r2aRange(loose[0].Range), Message: msg})
		})
	})
}
