package rules

import (
	"strconv"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/shell"
)

// DL3014 reports apt-get install that would stop at its confirmation
// prompt.
var DL3014 = &lint.Rule{
	Code:     "DL3014",
	Name:     "apt-get-missing-yes",
	Title:    "Use -y with apt-get install",
	Severity: lint.Warning,
	Fix:      lint.SometimesFix,
	Check:    checkAptGetYes,
}

func checkAptGetYes(p *lint.Pass) {
	eachRunScriptWith(p, true, []string{"apt-get"}, func(r runScript) {
		aptGetInstalls(r.Script, func(c *shell.Command, sub shell.Word, _ int) {
			if aptAssumesYes(c) || pipedFromYes(r.Script, c) ||
				aptConfigured(p.Doc, r.Ins, "APT::Get::Assume-Yes", true) {
				return
			}
			d := lint.Diagnostic{
				Range:   r.fileSpan(c.Name, sub),
				Message: "\"apt-get install\" without -y stops at its confirmation prompt and fails the build",
			}
			if at, ok := r.rangeAfterWord(sub); ok {
				d.Fixes = []lint.Fix{{Title: "Add -y", Safe: true, Edits: []lint.Edit{{Range: at, NewText: " -y"}}}}
			}
			p.Report(d)
		})
	})
}

// aptAssumesYes reports whether apt-get answers yes on its own: -y, --yes,
// --assume-yes, quiet level 2 or more (-qq, -q=2, --quiet=2), or
// -o APT::Get::Assume-Yes=true.
func aptAssumesYes(c *shell.Command) bool {
	if c.HasFlag("y", "yes", "assume-yes") {
		return true
	}
	if v, ok := aptOption(c, "APT::Get::Assume-Yes"); ok {
		return v
	}
	quiet := 0
	for _, a := range c.Args {
		v := a.Value
		if v == "--" {
			break
		}
		for _, prefix := range [...]string{"-q=", "--quiet="} {
			if len(v) > len(prefix) && v[:len(prefix)] == prefix {
				if n, err := strconv.Atoi(v[len(prefix):]); err == nil {
					quiet = max(quiet, n)
				}
			}
		}
	}
	return quiet >= 2 || c.CountFlag("q", "quiet") >= 2
}
