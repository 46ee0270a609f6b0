package rules

import (
	"strings"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/shell"
	"github.com/berth-dev/berth/lint/syntax"
	"github.com/berth-dev/berth/rules/internal/pkgmgr"
)

// DL3047 reports wget printing its default progress display into the
// build log.
var DL3047 = &lint.Rule{
	Code:     "DL3047",
	Name:     "wget-progress",
	Title:    "Limit wget's progress output",
	Severity: lint.Info,
	Fix:      lint.SometimesFix,
	Check:    checkWgetProgress,
}

func checkWgetProgress(p *lint.Pass) {
	eachRunScriptWith(p, true, pkgmgr.WgetNeedles, func(r runScript) {
		var busybox *bool
		for c := range r.Script.Calls("wget") {
			if c.HasFlag("q", "quiet", "progress", "no-verbose", "output-file", "append-output", "spider", "background") ||
				c.HasFlag("nv") || c.HasFlag("o") || c.HasFlag("a") || c.HasFlag("b") {
				continue
			}
			if busybox == nil {
				b := busyboxWget(p.Doc, r.Ins)
				busybox = &b
			}
			d := lint.Diagnostic{
				Range:   r.fileRange(c.Name.Range),
				Message: "wget without --progress, -q or -nv fills the build log with its progress display",
			}
			if at, ok := r.rangeAfterWord(c.Name); ok {
				if *busybox {
					// BusyBox wget has no --progress; -q also hides errors.
					d.Fixes = []lint.Fix{{Title: "Add -q", Safe: false, Edits: []lint.Edit{{Range: at, NewText: " -q"}}}}
				} else {
					d.Fixes = []lint.Fix{{Title: "Add --progress=dot:giga", Safe: true, Edits: []lint.Edit{{Range: at, NewText: " --progress=dot:giga"}}}}
				}
			}
			p.Report(d)
		}
	})
}

// busyboxWget reports whether wget at ins is likely BusyBox's, which
// has no --progress option: the stage builds on an Alpine or BusyBox image
// and no earlier RUN of the stage installs GNU wget with apk.
func busyboxWget(doc *lint.Document, ins *syntax.Instruction) bool {
	small := false
	for _, img := range chainImages(doc, ins) {
		if strings.Contains(img, "alpine") || strings.Contains(img, "busybox") {
			small = true
		}
	}
	if !small {
		return false
	}
	for st := doc.StageOf(ins); st != nil; st = st.BaseStage {
		for _, in := range st.Instructions {
			if in.Range.Start >= ins.Range.Start {
				break
			}
			s := doc.Script(in)
			if s == nil {
				continue
			}
			installs := false
			eachSubcommand(s, "apk", pkgmgr.ApkValued, []string{"add"}, func(c *shell.Command, _ shell.Word, _ int) {
				if c.HasArg("wget") {
					installs = true
				}
			})
			if installs {
				return false
			}
		}
		if st.BaseStage != nil && st.BaseStage.Index >= st.Index {
			break
		}
	}
	return true
}
