package rules

import (
	"path"
	"strings"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/shell"
)

// DL3003 reports cd in RUN, where WORKDIR says the same thing once for
// every later instruction.
var DL3003 = &lint.Rule{
	Code:     "DL3003",
	Name:     "use-workdir-not-cd",
	Title:    "Use WORKDIR instead of cd",
	Severity: lint.Warning,
	Fix:      lint.NoFix,
	Check:    checkCdInRun,
}

func checkCdInRun(p *lint.Pass) {
	eachRunCalling(p, false, []string{"cd"}, func(r runScript) {
		s := r.Script
		scratch := false // a cd went into a scratch directory
		for c := range s.Calls("cd") {
			if c.Outer == nil && scopedInSubshell(s.Src, c.Name.Range.Start) {
				continue // (cd dir && make) or $(cd dir && pwd): scoped
			}
			ops := c.NonFlagArgs()
			target := ""
			if len(ops) > 0 {
				target = ops[0].Value
			}
			if scratchDir(s, c, target) {
				scratch = true
				continue
			}
			if scratch && (!strings.HasPrefix(target, "/") || target == "/") {
				continue // inside the scratch directory, or back from it
			}
			p.Report(lint.Diagnostic{
				Range:   r.fileRange(c.Name.Range),
				Message: "\"cd\" changes the directory for this RUN only: set it with WORKDIR",
			})
			return // one per RUN: the others follow from it
		}
	})
}

// scratchDir reports whether cd goes into a directory the RUN only
// uses as scratch space: a temporary one (/tmp, mktemp, $tempDir), or one
// that a later rm of the same RUN deletes or cleans out. WORKDIR would
// leave such a directory in the image.
func scratchDir(s *lint.Script, cd *shell.Command, target string) bool {
	if t := strings.ToLower(target); strings.Contains(t, "tmp") || strings.Contains(t, "temp") {
		return true
	}
	if target == "" || strings.Contains(target, "$") || target[0] == '-' {
		return false
	}
	dir := path.Clean(target)
	if dir == "/" || dir == "." || dir == ".." {
		return false
	}
	for _, o := range s.Commands {
		if o.Range.Start <= cd.Range.Start {
			continue
		}
		u := o.Unwrapped()
		if !u.Is("rm") {
			continue
		}
		for _, a := range u.Args {
			v := a.Value
			if v == "" || v[0] == '-' {
				continue
			}
			rm := path.Clean(strings.TrimSuffix(v, "*"))
			switch {
			case dir[0] != '/':
				// A relative cd: match the removed path by its end.
				if rm == dir || strings.HasSuffix(rm, "/"+dir) {
					return true
				}
			case rm != "/" && (pathUnder(rm, dir) || pathUnder(dir, rm)):
				return true
			}
		}
	}
	return false
}
