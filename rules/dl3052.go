package rules

import (
	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/rules/internal/labels"
)

// DL3052 reports url-typed schema labels whose value is not an absolute URL.
var DL3052 = &lint.Rule{
	Code:     "DL3052",
	Name:     "label-invalid-url",
	Title:    "Use an absolute URL in url labels",
	Severity: lint.Warning,
	Fix:      lint.NoFix,
	Check: func(p *lint.Pass) {
		checkLabelType(p, "url", labels.ValidURL, "an absolute URL (with a scheme such as https://)")
	},
}
