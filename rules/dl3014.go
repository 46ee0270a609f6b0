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
	r2aScriptsWith(p, true, []string{"apt-get"}, func(r r2aRun) {
		r2aAptGetInstalls(r.Script, func(c *shell.Command, sub shell.Word, _ int) {
			if r2aAptAssumesYes(c) || r2aPipedFromYes(r.Script, c) ||
				r2aConfigured(p.Doc, r.Ins, "APT::Get::Assume-Yes", true) {
				return
			}
			d := lint.Diagnostic{
				Range:   r.r2aSpan(c.Name, sub),
				Message: "\"apt-get install\" without -y stops at its confirmation prompt and fails the build",
			}
			if at, ok := r.r2aAfter(sub); ok {
				d.Fixes = []lint.Fix{{Title: "Add -y", Safe: true, Edits: []lint.Edit{{Range: at, NewText: " -y"}}}}
			}
			p.Report(d)
		})
	})
}

// r2aAptAssumesYes reports whether apt-get answers yes on its own: -y, --yes,
// --assume-yes, quiet level 2 or more (-qq, -q=2, --quiet=2), or
// -o APT::Get::Assume-Yes=true.
func r2aAptAssumesYes(c *shell.Command) bool {
	if c.HasFlag("y", "yes", "assume-yes") {
		return true
	}
	if v, ok := r2aAptOption(c, "APT::Get::Assume-Yes"); ok {
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
