package rules

import (
	"strings"

	"github.com/berth-dev/berth/lint"
)

// DL1001 reports inline ignore pragmas (opt-in).
var DL1001 = &lint.Rule{
	Code:     "DL1001",
	Name:     "inline-ignore-pragma",
	Title:    "Do not silence rules with inline ignore pragmas",
	Severity: lint.Warning,
	OptIn:    true,
	Fix:      lint.NoFix,
	Check:    checkIgnorePragmas,
}

func checkIgnorePragmas(p *lint.Pass) {
	for _, c := range p.Doc.File.Comments {
		if scope, ok := ignorePragma(c.Text); ok {
			p.Reportf(c.Range, "this %s ignore pragma silences findings: fix them, or record the exception in the configuration file", scope)
		}
	}
}

// ignorePragma recognises "berth ignore=…", "hadolint ignore=…" and their
// "global" and "stage" forms, with the engine's own parser
// (lint.ParsePragma), so that what is reported is what silences.
func ignorePragma(text string) (scope string, ok bool) {
	_, global, ok := lint.ParsePragma(text)
	switch {
	case !ok:
		return "", false
	case global:
		return "global", true
	}
	if f := strings.Fields(text); len(f) > 1 && f[1] == "stage" {
		return "stage", true
	}
	return "inline", true
}
