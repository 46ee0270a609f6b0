package rules

import (
	"strings"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/rules/internal/pkgmgr"
)

// DL3046 reports useradd with a large UID and without -l, which makes
// the lastlog and faillog files huge in the layer.
var DL3046 = &lint.Rule{
	Code:     "DL3046",
	Name:     "useradd-missing-l",
	Title:    "Use useradd -l with a high UID",
	Severity: lint.Warning,
	Fix:      lint.SometimesFix,
	Check:    checkUseraddLog,
}

func checkUseraddLog(p *lint.Pass) {
	eachRunScriptWith(p, true, pkgmgr.UseraddNeedles, func(r runScript) {
		for c := range r.Script.Calls("useradd") {
			if c.HasFlag("l", "no-log-init") {
				continue
			}
			uid, ok := c.FlagValue("u", "uid")
			if !ok || !uid.Literal || len(uid.Value) < 6 || strings.Trim(uid.Value, "0123456789") != "" {
				continue
			}
			d := lint.Diagnostic{
				Range:   r.fileRange(uid.Range),
				Message: "useradd with UID " + uid.Value + " and without -l writes lastlog and faillog entries that grow the layer by the UID's size: add -l (--no-log-init)",
			}
			if at, ok := r.rangeAfterWord(c.Name); ok {
				d.Fixes = []lint.Fix{{Title: "Add -l", Safe: true, Edits: []lint.Edit{{Range: at, NewText: " -l"}}}}
			}
			p.Report(d)
		}
	})
}
