package rules

import (
	"strings"

	"github.com/berth-dev/berth/lint"
)

// DL3063 reports a stage named after a reserved name.
var DL3063 = &lint.Rule{
	Code:     "DL3063",
	Name:     "reserved-stage-name",
	Aliases:  []string{"ReservedStageName"},
	Title:    "Do not name a stage scratch or context",
	Severity: lint.Warning,
	Fix:      lint.NoFix,
	Check:    checkReservedStageName,
}

func checkReservedStageName(p *lint.Pass) {
	for _, st := range p.Doc.Stages {
		if st.NameToken == nil {
			continue
		}
		// The builder lower-cases stage names, so "Scratch" is reserved too.
		switch n := strings.ToLower(st.Name); n {
		case "scratch", "context":
			p.Reportf(st.NameToken.Range, "stage name %q is reserved by the builder: choose another name", st.Name)
		}
	}
}
