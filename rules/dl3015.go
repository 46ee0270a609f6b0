package rules

import (
	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/shell"
)

// DL3015 reports apt-get install that also installs recommended packages.
var DL3015 = &lint.Rule{
	Code:     "DL3015",
	Name:     "apt-get-install-recommends",
	Title:    "Use --no-install-recommends with apt-get install",
	Severity: lint.Info,
	Fix:      lint.SometimesFix,
	Check:    checkAptGetRecommends,
}

func checkAptGetRecommends(p *lint.Pass) {
	eachRunScriptWith(p, true, []string{"apt-get"}, func(r runScript) {
		aptGetInstalls(r.Script, func(c *shell.Command, sub shell.Word, _ int) {
			if c.HasFlag("", "no-install-recommends") {
				return
			}
			if v, ok := aptOption(c, "APT::Install-Recommends"); ok && !v {
				return
			}
			if w, ok := c.FlagValue("", "install-recommends"); ok {
				if v, isBool := aptBool(w.Value); isBool && !v {
					return
				}
			}
			if aptConfigured(p.Doc, r.Ins, "APT::Install-Recommends", false) {
				return
			}
			d := lint.Diagnostic{
				Range:   r.fileSpan(c.Name, sub),
				Message: "\"apt-get install\" also installs recommended packages: add --no-install-recommends",
			}
			if at, ok := r.plainWordRange(sub); ok {
				// Rewrite the word itself rather than insert at its end, so
				// that DL3014's -y can be inserted there in the same pass.
				d.Fixes = []lint.Fix{{
					Title: "Add --no-install-recommends",
					Edits: []lint.Edit{{Range: at, NewText: sub.Raw + " --no-install-recommends"}},
				}}
			}
			p.Report(d)
		})
	})
}
