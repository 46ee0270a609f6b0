package rules

import (
	"github.com/berth-dev/berth/lint"
)

// DL3045 reports a COPY to a relative destination in a stage where no
// WORKDIR has been set.
var DL3045 = &lint.Rule{
	Code:     "DL3045",
	Name:     "copy-relative-dest-without-workdir",
	Title:    "Set WORKDIR before COPY to a relative path",
	Severity: lint.Warning,
	Fix:      lint.NoFix,
	Check:    checkCopyRelativeDest,
}

func checkCopyRelativeDest(p *lint.Pass) {
	esc := p.Doc.File.Escape
	inherited := p.Doc.Inherited(hasWorkdir)
	for _, st := range p.Doc.Stages {
		// A WORKDIR in a stage this one is built on counts from the start.
		workdir := false
		if b := st.Base(); b != nil {
			workdir = inherited[b.Index]
		}
		for _, ins := range st.Instructions {
			switch ins.Cmd {
			case "workdir":
				workdir = true
			case "copy":
				if workdir {
					continue
				}
				args := copyArgs(ins)
				if len(args) < 2 {
					continue
				}
				dest := args[len(args)-1]
				raw := dest.Value
				if !ins.JSON {
					raw = stripQuotes(raw)
				}
				if absoluteOrVar(raw, esc) {
					continue
				}
				p.Reportf(dest.Range, "COPY to the relative path %q depends on the base image's working directory: set WORKDIR first or use an absolute path", raw)
			}
		}
	}
}

func hasWorkdir(st *lint.Stage) bool {
	for _, ins := range st.Instructions {
		if ins.Cmd == "workdir" {
			return true
		}
	}
	return false
}

// absoluteOrVar reports whether a destination is absolute (Unix or
// Windows) or starts with a variable, so that it does not depend on the
// working directory.
func absoluteOrVar(s string, esc byte) bool {
	if s == "" {
		return true
	}
	switch s[0] {
	case '/', '$':
		return true
	case '\\':
		return esc == '`'
	}
	// C:\ or c:/ (a Windows drive).
	return len(s) >= 2 && isAlpha(s[0]) && s[1] == ':'
}
