package rules

import (
	"fmt"

	"github.com/berth-dev/berth/lint"
)

// BR044 reports .dockerignore patterns that match nothing in the build
// context and "!" patterns that re-include nothing.
var BR044 = &lint.Rule{
	Code:     "BR044",
	Name:     "dockerignore-unused-pattern",
	Title:    "Every .dockerignore pattern should match something",
	Severity: lint.Info,
	Fix:      lint.NoFix,
	Check:    checkBR044,
}

func checkBR044(p *lint.Pass) {
	ctx := ctxLoad(p.Doc)
	if ctx == nil || ctx.IgnoreFile == "" || !ctx.Complete() || len(ctx.Patterns) == 0 {
		return
	}
	// Findings go on the first instruction that reads the context.
	srcs := ctxSources(p.Doc)
	if len(srcs) == 0 {
		return
	}
	at := srcs[0].ins.Range
	at.End = at.Start + len(srcs[0].ins.Cmd)
	name := ctxIgnoreName(ctx)
	for _, f := range ctx.PatternFacts(ctx.Patterns) {
		switch {
		case f.Dead():
			p.Report(lint.Diagnostic{Range: at, Message: fmt.Sprintf("%s:%d: pattern %q matches nothing in the build context", name, f.Line, f.Raw)})
		case f.Idle():
			p.Report(lint.Diagnostic{Range: at, Message: fmt.Sprintf("%s:%d: pattern %q re-includes nothing: no pattern above it excludes what it matches", name, f.Line, f.Raw)})
		}
	}
}
