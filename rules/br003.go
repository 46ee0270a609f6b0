package rules

import (
	"fmt"
	"strings"

	"github.com/berth-dev/berth/lint"
)

// BR003 reports "FROM image as name" where AS is not in the case of FROM.
var BR003 = &lint.Rule{
	Code:     "BR003",
	Name:     "from-as-casing",
	Aliases:  []string{"FromAsCasing"},
	Title:    "Match the case of AS to FROM",
	Severity: lint.Warning,
	Fix:      lint.AlwaysFix,
	Check:    checkBR003,
}

func checkBR003(p *lint.Pass) {
	for _, st := range p.Doc.Stages {
		ins := st.From
		if len(ins.Words()) < 3 || !strings.EqualFold(ins.Words()[1].Value, "as") {
			continue
		}
		kw, as := ins.Keyword.Value, ins.Words()[1]
		var want string
		switch kw {
		case strings.ToLower(kw):
			want = "as"
		case strings.ToUpper(kw):
			want = "AS"
		default:
			continue // a mixed-case FROM is BR004's concern
		}
		if as.Value == want {
			continue
		}
		p.Report(lint.Diagnostic{
			Range:   as.Range,
			Message: fmt.Sprintf("%q does not match the case of %q", as.Value, kw),
			Fixes: []lint.Fix{{
				Title: fmt.Sprintf("Write %q", want),
				Safe:  true,
				Edits: []lint.Edit{{Range: as.Range, NewText: want}},
			}},
		})
	}
}
