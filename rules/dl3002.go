package rules

import (
	"strings"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/syntax"
)

// DL3002 reports a final image whose last USER is root.
var DL3002 = &lint.Rule{
	Code:     "DL3002",
	Name:     "last-user-root",
	Title:    "Do not run the final image as root",
	Severity: lint.Warning,
	Fix:      lint.NoFix,
	Check:    checkLastUserRoot,
}

func checkLastUserRoot(p *lint.Pass) {
	if len(p.Doc.Stages) == 0 {
		return
	}
	// The image is the last stage; when it sets no USER, the user comes
	// from the stage of this file it is built FROM, if any.
	for _, st := range p.Doc.Stages[len(p.Doc.Stages)-1].Ancestors(64) {
		var last *syntax.Instruction
		for _, ins := range st.Instructions {
			if ins.Cmd == "user" && ins.Err == nil {
				last = ins
			}
		}
		if last == nil {
			continue
		}
		if user, ok := userIsRoot(p, last); ok {
			p.Reportf(last.Rest.Range, "the image runs as %q: switch to a non-root USER after the steps that need root", user)
		}
		return
	}
}

// userIsRoot reports whether a USER instruction selects root (by name or
// UID 0, with or without a group), resolving a single variable.
func userIsRoot(p *lint.Pass, ins *syntax.Instruction) (string, bool) {
	v := lint.Unquote(strings.TrimSpace(ins.Rest.Value))
	shown := v
	if name, ok := strings.CutPrefix(v, "$"); ok {
		name = strings.TrimSuffix(strings.TrimPrefix(name, "{"), "}")
		vr := p.Doc.Lookup(ins, name)
		if vr == nil || !vr.HasValue {
			return "", false
		}
		v = lint.Unquote(vr.Value)
	}
	user, _, _ := strings.Cut(v, ":")
	if user == "root" || user == "0" {
		return shown, true
	}
	return "", false
}
