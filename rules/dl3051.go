package rules

import (
	"github.com/berth-dev/berth/lint"
)

// DL3051 reports schema labels set to an empty value.
var DL3051 = &lint.Rule{
	Code:     "DL3051",
	Name:     "empty-label",
	Title:    "Do not leave a schema label empty",
	Severity: lint.Warning,
	Fix:      lint.NoFix,
	Check:    checkEmptyLabels,
}

func checkEmptyLabels(p *lint.Pass) {
	schema := labelSchema(p)
	if len(schema) == 0 {
		return
	}
	for _, ins := range p.Doc.File.Instructions {
		for _, l := range labelPairs(p.Doc, ins) {
			if _, ok := schema[l.Key]; ok && !l.Var && l.Pair.HasValue && l.Value == "" {
				p.Reportf(l.Pair.Range, "label %q is required by the label schema but set to an empty value", l.Key)
			}
		}
	}
}
