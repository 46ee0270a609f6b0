package rules

import (
	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/rules/internal/labels"
)

// DL3053 reports rfc3339-typed schema labels whose value is not an RFC 3339
// date-time.
var DL3053 = &lint.Rule{
	Code:     "DL3053",
	Name:     "label-invalid-rfc3339",
	Title:    "Use an RFC 3339 timestamp in time labels",
	Severity: lint.Warning,
	Fix:      lint.NoFix,
	Check: func(p *lint.Pass) {
		checkLabelType(p, "rfc3339", labels.ValidRFC3339, "an RFC 3339 date-time such as 2024-11-05T14:03:00Z")
	},
}
