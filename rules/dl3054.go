package rules

import (
	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/rules/internal/labels"
)

// DL3054 reports spdx-typed schema labels whose value is not an SPDX
// license expression.
var DL3054 = &lint.Rule{
	Code:     "DL3054",
	Name:     "label-invalid-spdx",
	Title:    "Use an SPDX licence identifier in licence labels",
	Severity: lint.Warning,
	Fix:      lint.NoFix,
	Check: func(p *lint.Pass) {
		checkLabelType(p, "spdx", labels.ValidSPDX, "an SPDX license expression such as Apache-2.0 or MIT OR Apache-2.0")
	},
}
