package rules

import (
	"strconv"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/shell"
	"github.com/berth-dev/berth/rules/internal/pkgmgr"
)

// DL4001 reports the RUNs of a stage that uses both curl and wget.
var DL4001 = &lint.Rule{
	Code:     "DL4001",
	Name:     "curl-and-wget",
	Title:    "Use either curl or wget, not both",
	Severity: lint.Warning,
	Fix:      lint.NoFix,
	Check:    checkCurlAndWget,
}

// fetchCall is the first curl or wget command of a RUN, and the first of
// the other tool in the same RUN, if any.
type fetchCall struct {
	run   runScript
	cmd   *shell.Command
	other *shell.Command
}

func checkCurlAndWget(p *lint.Pass) {
	type group struct {
		stage   *lint.Stage
		onbuild bool
	}
	var order []group
	uses := map[group][]fetchCall{}
	eachRunScriptWith(p, true, pkgmgr.FetchNeedles, func(r runScript) {
		var f fetchCall
		for c := range r.Script.Calls("curl", "wget") {
			if f.cmd == nil {
				f = fetchCall{run: r, cmd: c}
			} else if c.Base() != f.cmd.Base() {
				f.other = c
				break
			}
		}
		if f.cmd == nil {
			return
		}
		// ONBUILD triggers run in another build: they form a group of
		// their own, as in hadolint.
		g := group{p.Doc.StageOf(r.Ins), r.OnBuild}
		if _, ok := uses[g]; !ok {
			order = append(order, g)
		}
		uses[g] = append(uses[g], f)
	})
	for _, g := range order {
		firstOf := map[string]fetchCall{}
		for _, u := range uses[g] {
			for _, c := range [...]*shell.Command{u.cmd, u.other} {
				if c == nil {
					continue
				}
				if _, ok := firstOf[c.Base()]; !ok {
					firstOf[c.Base()] = fetchCall{run: u.run, cmd: c}
				}
			}
		}
		if len(firstOf) < 2 {
			continue
		}
		for _, u := range uses[g] {
			tool, other := u.cmd.Base(), "curl"
			if tool == "curl" {
				other = "wget"
			}
			where := "in the same RUN"
			if u.other == nil {
				o := firstOf[other]
				line, _ := p.Doc.File.LineCol(o.run.Script.SrcRange(o.cmd.Name.Range).Start)
				where = "at line " + strconv.Itoa(line) + " of the same stage"
			}
			p.Report(lint.Diagnostic{
				Range:   u.run.fileRange(u.cmd.Name.Range),
				Message: "\"" + tool + "\" is used here and \"" + other + "\" " + where + ": pick one download tool",
			})
		}
	}
}
