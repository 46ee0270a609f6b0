package rules

import (
	"strings"

	"github.com/berth-dev/berth/lint"
)

// DL4000 reports the deprecated MAINTAINER instruction.
var DL4000 = &lint.Rule{
	Code:     "DL4000",
	Name:     "maintainer-deprecated",
	Aliases:  []string{"MaintainerDeprecated"},
	Title:    "MAINTAINER is deprecated",
	Severity: lint.Error,
	Fix:      lint.AlwaysFix,
	Check:    checkMaintainer,
}

func checkMaintainer(p *lint.Pass) {
	for _, ins := range p.Doc.File.Instructions {
		if ins.Cmd != "maintainer" {
			continue
		}
		d := lint.Diagnostic{
			Range:   ins.Keyword.Range,
			Message: "MAINTAINER is deprecated: record the author in a label",
			Tags:    []lint.Tag{lint.Deprecated},
		}
		author := lint.Unquote(strings.TrimSpace(ins.Rest.Value))
		if author != "" {
			d.Fixes = []lint.Fix{{
				Title: "Replace with LABEL org.opencontainers.image.authors",
				Safe:  true,
				Edits: []lint.Edit{{
					Range:   ins.Range,
					NewText: "LABEL org.opencontainers.image.authors=" + lint.Quote(author, p.Doc.File.Escape),
				}},
			}}
		}
		p.Report(d)
	}
}
