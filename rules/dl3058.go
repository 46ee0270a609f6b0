package rules

import (
	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/rules/internal/labels"
)

// DL3058 reports email-typed schema labels whose value is not an email
// address.
var DL3058 = &lint.Rule{
	Code:     "DL3058",
	Name:     "label-invalid-email",
	Title:    "Use an email address in email labels",
	Severity: lint.Warning,
	Fix:      lint.NoFix,
	Check: func(p *lint.Pass) {
		checkLabelType(p, "email", labels.ValidEmail, "an email address such as team@example.com")
	},
}
