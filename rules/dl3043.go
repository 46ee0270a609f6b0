package rules

import (
	"github.com/berth-dev/berth/lint"
)

// DL3043 reports ONBUILD triggers that the builder does not allow.
var DL3043 = &lint.Rule{
	Code:     "DL3043",
	Name:     "onbuild-forbidden-trigger",
	Title:    "Do not use ONBUILD, FROM or MAINTAINER inside ONBUILD",
	Severity: lint.Error,
	Fix:      lint.NoFix,
	Check:    checkOnbuildTrigger,
}

func checkOnbuildTrigger(p *lint.Pass) {
	for _, ins := range p.Doc.File.Instructions {
		if ins.Cmd != "onbuild" || ins.Sub == nil {
			continue
		}
		switch ins.Sub.Cmd {
		case "onbuild", "from", "maintainer":
			p.Reportf(ins.Sub.Keyword.Range, "ONBUILD cannot trigger %s: the build of the child image would fail", ins.Sub.Keyword.Value)
		}
	}
}
