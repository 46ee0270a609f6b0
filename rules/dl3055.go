package rules

import (
	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/rules/internal/labels"
)

// DL3055 reports hash-typed schema labels whose value is not a git commit
// hash.
var DL3055 = &lint.Rule{
	Code:     "DL3055",
	Name:     "label-invalid-hash",
	Title:    "Use a git commit hash in hash labels",
	Severity: lint.Warning,
	Fix:      lint.NoFix,
	Check: func(p *lint.Pass) {
		checkLabelType(p, "hash", labels.ValidGitHash, "a git commit hash (7 to 40 lower-case hex digits, or 64 for SHA-256)")
	},
}
