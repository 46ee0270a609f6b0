package rules

import (
	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/syntax"
)

// DL3065 reports FROM --platform=$TARGETPLATFORM, which restates the
// default.
var DL3065 = &lint.Rule{
	Code:     "DL3065",
	Name:     "redundant-target-platform",
	Aliases:  []string{"RedundantTargetPlatform"},
	Title:    "Drop --platform=$TARGETPLATFORM from FROM",
	Severity: lint.Warning,
	Fix:      lint.AlwaysFix,
	Check:    checkRedundantPlatform,
}

func checkRedundantPlatform(p *lint.Pass) {
	src := p.Doc.File.Src
	for _, st := range p.Doc.Stages {
		f := st.Platform
		if f == nil || st.From.Err != nil {
			continue
		}
		switch lint.Unquote(f.Value) {
		case "$TARGETPLATFORM", "${TARGETPLATFORM}":
		default:
			continue
		}
		end := f.Range.End
		for end < len(src) && (src[end] == ' ' || src[end] == '\t') {
			end++
		}
		p.Report(lint.Diagnostic{
			Range:   f.Range,
			Message: "--platform=" + f.Value + " is the default: a stage is built for the target platform anyway",
			Tags:    []lint.Tag{lint.Unnecessary},
			Fixes: []lint.Fix{{
				Title: "Remove the --platform flag",
				Safe:  true,
				Edits: []lint.Edit{{Range: syntax.Range{Start: f.Range.Start, End: end}, NewText: ""}},
			}},
		})
	}
}
