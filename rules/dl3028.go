package rules

import (
	"strings"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/shell"
	"github.com/berth-dev/berth/rules/internal/pkgmgr"
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

// gemValued are the options of gem install that take the next word as
// value.
var gemValued = []string{"v", "version", "platform", "i", "install-dir", "n", "bindir", "build-root", "P",
	"trust-policy", "s", "source", "p", "http-proxy", "config-file", "B", "bulk-threshold", "without", "with", "g", "file"}

func checkGemPin(p *lint.Pass) {
	eachRunScriptWith(p, true, pkgmgr.GemNeedles, func(r runScript) {
		eachSubcommand(r.Script, "gem", gemValued, []string{"install", "i"}, func(c *shell.Command, sub shell.Word, i int) {
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
			ops := literalOperands(c, i, gemValued)
			for k, w := range ops {
				if end >= 0 && w.Range.Start > end {
					ops = ops[:k]
					break
				}
			}
			loose := unpinnedOperands(ops, func(w shell.Word) bool {
				return !w.Literal || strings.Contains(w.Value, ":") || strings.HasSuffix(w.Value, ".gem")
			})
			reportUnpinned(p, r, loose, "gem install", "unpinned", "gem",
				func(w shell.Word) string { return "pin it as \"" + w.Value + ":<version>\" or with -v <version>" },
				"pin each as name:<version>")
		})
	})
}
