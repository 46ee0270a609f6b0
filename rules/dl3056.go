package rules

import (
	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/rules/internal/labels"
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
		checkLabelType(p, "semver", labels.ValidSemver, "a semantic version such as 1.4.2")
	},
}
