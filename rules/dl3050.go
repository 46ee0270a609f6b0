package rules

import (
	"github.com/berth-dev/berth/lint"
)

// DL3050 reports labels outside the schema when strict-labels is on.
var DL3050 = &lint.Rule{
	Code:     "DL3050",
	Name:     "superfluous-label",
	Title:    "Only set labels listed in the schema",
	Severity: lint.Info,
	Fix:      lint.NoFix,
	Check:    checkStrictLabels,
}

func checkStrictLabels(p *lint.Pass) {
	if p.Config == nil || !p.Config.StrictLabels {
		return
	}
	schema := labelSchema(p)
	for _, ins := range p.Doc.File.Instructions {
		for _, l := range labelPairs(p.Doc, ins) {
			if _, ok := schema[l.Key]; !ok {
				p.Reportf(l.Pair.Key.Range, "label %q is not in the label schema, and strict-labels is on", l.Key)
			}
		}
	}
}
