package rules

import (
	"slices"
	"strings"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/syntax"
)

// DL3059 reports a single-command RUN right after another one.
var DL3059 = &lint.Rule{
	Code:     "DL3059",
	Name:     "consecutive-run",
	Title:    "Merge consecutive RUN instructions",
	Severity: lint.Info,
	Fix:      lint.NoFix,
	Check:    checkConsecutiveRun,
}

func checkConsecutiveRun(p *lint.Pass) {
	var prev *syntax.Instruction
	prevSimple := false
	all := p.Doc.File.Instructions
	for i, ins := range all {
		if ins.Cmd != "run" {
			prev = nil
			continue
		}
		if (prev == nil || !prevSimple) && (i+1 == len(all) || all[i+1].Cmd != "run") {
			// Whether this RUN is simple matters to no pair: the RUN
			// before it is not a simple one, and no RUN follows.
			continue
		}
		simple := simpleRun(p.Doc, ins)
		if prev != nil && simple && prevSimple && sameFlags(prev, ins) {
			p.Report(lint.Diagnostic{
				Range:   ins.Keyword.Range,
				Message: "RUN runs a single command right after another single-command RUN: consider merging them into one RUN",
			})
		}
		prev, prevSimple = ins, simple
	}
}

// simpleRun reports whether a RUN runs at most one simple command. An
// exec-form RUN is one command; a RUN for a non-POSIX shell with operators
// is not judged.
func simpleRun(doc *lint.Document, ins *syntax.Instruction) bool {
	if ins.JSON {
		return true
	}
	if len(ins.Heredocs) == 0 && !strings.ContainsAny(ins.Rest.Value, ";&|\n`(") {
		return true // no operator, no substitution: one command at most
	}
	s := doc.Script(ins)
	if s == nil {
		return false
	}
	n := 0
	for _, c := range s.Commands {
		if c.Outer == nil {
			n++
		}
	}
	return n <= 1
}

// sameFlags reports whether two RUNs have the same flags (--mount,
// --network, --security), so that they could be merged as they are.
func sameFlags(a, b *syntax.Instruction) bool {
	fa, fb := flagTexts(a), flagTexts(b)
	return slices.Equal(fa, fb)
}

func flagTexts(ins *syntax.Instruction) []string {
	if len(ins.Flags) == 0 {
		return nil
	}
	out := make([]string, len(ins.Flags))
	for i, f := range ins.Flags {
		out[i] = f.Name + "=" + f.Value
	}
	slices.Sort(out)
	return out
}
