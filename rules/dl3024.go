package rules

import (
	"github.com/berth-dev/berth/lint"
)

// DL3024 reports a stage name used by an earlier stage.
var DL3024 = &lint.Rule{
	Code:     "DL3024",
	Name:     "duplicate-stage-name",
	Aliases:  []string{"DuplicateStageName"},
	Title:    "Give every stage a unique name",
	Severity: lint.Error,
	Fix:      lint.NoFix,
	Check:    checkDuplicateStageName,
}

func checkDuplicateStageName(p *lint.Pass) {
	for _, st := range p.Doc.Stages {
		if st.NameToken == nil {
			continue
		}
		if prev := p.Doc.StageByName(st.Name, st.Index); prev != nil {
			line, _ := p.Doc.File.LineCol(prev.From.Range.Start)
			p.Reportf(st.NameToken.Range, "stage name %q is already used by the stage on line %d", st.Name, line)
		}
	}
}
