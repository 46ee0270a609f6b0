package rules

import (
	"fmt"
	"strings"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/syntax"
)

// DL3000 reports a relative WORKDIR whose base directory the Dockerfile
// does not set.
var DL3000 = &lint.Rule{
	Code:     "DL3000",
	Name:     "absolute-workdir",
	Aliases:  []string{"WorkdirRelativePath"},
	Title:    "Use an absolute path in WORKDIR",
	Severity: lint.Error,
	Fix:      lint.AlwaysFix,
	Check:    checkWorkdirAbsolute,
}

func checkWorkdirAbsolute(p *lint.Pass) {
	// A WORKDIR before the first FROM is in no stage (the build stops
	// there, BR030): what it says is checked all the same.
	for _, ins := range p.Doc.Preamble() {
		if ins.Cmd == "workdir" && ins.Err == nil {
			reportRelativeWorkdir(p, ins)
		}
	}
	for _, st := range p.Doc.Stages {
		// As BuildKit: only the first WORKDIR of a stage and the stages it
		// is built from can be relative to a directory the file does not
		// set; fixing it fixes the ones after it.
		if inheritsWorkdir(st) {
			continue
		}
		for _, ins := range st.Instructions {
			if ins.Cmd != "workdir" {
				continue
			}
			if ins.Err == nil {
				reportRelativeWorkdir(p, ins)
			}
			break
		}
	}
}

// inheritsWorkdir reports whether a stage of this file that st is built
// FROM sets a WORKDIR.
func inheritsWorkdir(st *lint.Stage) bool {
	if st.BaseStage == nil {
		return false
	}
	for _, s := range st.Ancestors(64)[1:] {
		for _, ins := range s.Instructions {
			if ins.Cmd == "workdir" {
				return true
			}
		}
	}
	return false
}

func reportRelativeWorkdir(p *lint.Pass, ins *syntax.Instruction) {
	raw := ins.Rest.Value
	path := lint.Unquote(raw)
	if path == "" || !workdirIsRelative(path) {
		return
	}
	at := ins.Rest.Pos
	if len(path) < len(raw) {
		at++ // after the opening quote
	}
	edit := lint.Edit{Range: ins.SrcRange(at, at), NewText: "/"}
	if strings.HasPrefix(path, "./") {
		edit.Range = ins.SrcRange(at, at+2)
	}
	p.Report(lint.Diagnostic{
		Range:   ins.Rest.Range,
		Message: fmt.Sprintf("WORKDIR %q is relative to the base image's working directory: use an absolute path", path),
		Fixes: []lint.Fix{{
			Title: "Make the path absolute",
			Edits: []lint.Edit{edit},
		}},
	})
}

// workdirIsRelative reports whether a WORKDIR path is relative: not rooted, not
// a variable, not a Windows drive or rooted path.
func workdirIsRelative(p string) bool {
	switch {
	case p[0] == '/' || p[0] == '$' || p[0] == '\\':
		return false
	case len(p) >= 2 && p[1] == ':' && (p[0]|0x20 >= 'a' && p[0]|0x20 <= 'z'):
		return false
	}
	return true
}
