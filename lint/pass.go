package lint

import (
	"fmt"

	"github.com/berth-dev/berth/lint/syntax"
)

// Pass is what a rule sees while it checks one document.
type Pass struct {
	Rule   *Rule
	Doc    *Document
	Config *Config
	report func(Diagnostic)
}

// Report records a diagnostic. Code and severity are filled in from the
// rule when left empty.
func (p *Pass) Report(d Diagnostic) {
	if d.Code == "" {
		d.Code = p.Rule.Code
	}
	p.report(d)
}

// Reportf records a diagnostic with a formatted message and no fix. The
// diagnostic keeps format and args, so the message can be rendered in
// another language later.
func (p *Pass) Reportf(r syntax.Range, format string, args ...any) {
	p.Report(Diagnostic{Range: r, Message: fmt.Sprintf(format, args...), Format: format, Args: args})
}

// Src returns the source text of a range.
func (p *Pass) Src(r syntax.Range) string { return string(p.Doc.File.Src[r.Start:r.End]) }
