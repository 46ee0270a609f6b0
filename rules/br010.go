package rules

import (
	"fmt"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/shell"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/rules/internal/buildref"
)

// BR010 reports FROM --platform with a constant value.
var BR010 = &lint.Rule{
	Code:     "BR010",
	Name:     "from-platform-flag-const-disallowed",
	Aliases:  []string{"FromPlatformFlagConstDisallowed"},
	Title:    "Do not hardcode the platform in FROM",
	Severity: lint.Warning,
	Fix:      lint.NoFix,
	Check:    checkBR010,
}

func checkBR010(p *lint.Pass) {
	var lex *shell.Lex
	// A constant platform is one problem: when DL3029 runs and reports
	// this FROM, it alone does (it is hadolint's code, and says what to
	// write instead).
	dl3029 := p.Config.SeverityOf(DL3029) != lint.Off
	for _, st := range p.Doc.Stages {
		f := st.Platform
		if f == nil || !f.HasValue || dl3029 && dl3029Fires(p, st) {
			continue
		}
		if lex == nil {
			lex = lint.Lexer(rune(p.Doc.File.Escape))
			defer lint.ReleaseLexer(rune(p.Doc.File.Escape), lex)
		}
		res, err := p.Doc.Expand(lex, f.Value, lint.NewEnv())
		if err != nil || len(res.Matched) > 0 || len(res.Unmatched) > 0 {
			continue
		}
		plat, err := buildref.ParsePlatform(res.Result)
		if err != nil {
			continue
		}
		// A stage named after its platform is meant to be built for it.
		name := strings.ToLower(st.Name)
		if strings.Contains(name, plat.OS) || strings.Contains(name, plat.Architecture) {
			continue
		}
		p.Report(lint.Diagnostic{
			Range:   f.ValueRange,
			Message: fmt.Sprintf("FROM --platform is the constant %q: the stage is built for it whatever platform the build targets", res.Result),
		})
	}
}
