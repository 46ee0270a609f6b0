package rules

import (
	"regexp"

	"github.com/berth-dev/berth/lint"
)

// DL3056 reports semver-typed schema labels whose value is not a semantic
// version.
var DL3056 = &lint.Rule{
	Code:     "DL3056",
	Name:     "label-invalid-semver",
	Title:    "Use a semantic version in version labels",
	Severity: lint.Warning,
	Fix:      lint.NoFix,
	Check: func(p *lint.Pass) {
		checkLabelType(p, "semver", semverRe.MatchString, "a semantic version such as 1.4.2")
	},
}

// semverRe is the expression semver.org gives for SemVer 2.0.0.
var semverRe = regexp.MustCompile(`^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)` +
	`(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?` +
	`(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$`)
