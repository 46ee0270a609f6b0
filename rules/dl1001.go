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
// "global" and "stage" forms, the way the engine reads them.
func ignorePragma(text string) (scope string, ok bool) {
	tool, rest, found := strings.Cut(text, " ")
	if !found || tool != "berth" && tool != "hadolint" {
		return "", false
	}
	rest = strings.TrimSpace(rest)
	scope = "inline"
	for _, s := range []string{"global", "stage"} {
		if r, ok := strings.CutPrefix(rest, s); ok && (r == "" || r[0] == ' ') {
			scope, rest = s, strings.TrimSpace(r)
		}
	}
	r, ok := strings.CutPrefix(rest, "ignore")
	if !ok {
		return "", false
	}
	r, ok = strings.CutPrefix(strings.TrimSpace(r), "=")
	return scope, ok && strings.TrimSpace(r) != ""
}
