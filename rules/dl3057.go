package rules

import (
	"github.com/berth-dev/berth/lint"
)

// DL3057 reports image stages without a HEALTHCHECK (opt-in).
var DL3057 = &lint.Rule{
	Code:     "DL3057",
	Name:     "missing-healthcheck",
	Title:    "Define a HEALTHCHECK",
	Severity: lint.Info,
	OptIn:    true,
	Fix:      lint.NoFix,
	Check:    checkMissingHealthcheck,
}

func checkMissingHealthcheck(p *lint.Pass) {
	if len(p.Doc.Stages) == 0 {
		return
	}
	has := make([]bool, len(p.Doc.Stages))
	for i, st := range p.Doc.Stages {
		for _, ins := range st.Instructions {
			has[i] = has[i] || ins.Cmd == "healthcheck"
		}
	}
	used := p.Doc.UsedStages()
	inherited := p.Doc.Inherited(func(st *lint.Stage) bool { return has[st.Index] })
	for _, st := range p.Doc.Stages {
		if used[st.Index] {
			continue
		}
		found := inherited[st.Index]
		if !found {
			p.Reportf(st.From.Keyword.Range, "%s builds an image without a HEALTHCHECK: add one, or HEALTHCHECK NONE to say none is wanted", stageDesc(st))
		}
	}
}
