package rules

import (
	"fmt"
	"strings"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/buildctx"
)

// BR040 reports COPY and ADD sources that match nothing in the build
// context, with the nearest names.
var BR040 = &lint.Rule{
	Code:     "BR040",
	Name:     "copy-source-missing",
	Title:    "COPY and ADD sources must exist in the build context",
	Severity: lint.Error,
	Fix:      lint.SometimesFix,
	Check:    checkBR040,
}

func checkBR040(p *lint.Pass) {
	ctx := ctxLoad(p.Doc)
	if ctx == nil {
		return
	}
	srcs := ctxSources(p.Doc)
	// A Dockerfile built from another folder (docker build -f
	// docker/Dockerfile .) would see all its sources missing: unless one
	// source other than "." is found, only near misses are reported.
	evidence := false
	for _, s := range srcs {
		if s.src != "." && ctx.Match(s.src).Found() {
			evidence = true
			break
		}
	}
	for _, s := range srcs {
		m := ctx.Match(s.src)
		if m.Found() || m.Excluded || m.Unknown {
			continue
		}
		near := ctx.Suggest(s.src)
		if !evidence && len(near) == 0 {
			continue
		}
		kw := strings.ToUpper(s.ins.Cmd)
		what := "is not in the build context"
		if buildctx.IsGlob(s.src) {
			what = "matches nothing in the build context"
		}
		d := lint.Diagnostic{Range: s.rng, Message: fmt.Sprintf("%s source %q %s", kw, s.src, what)}
		if len(near) > 0 {
			quoted := make([]string, len(near))
			for i, n := range near {
				quoted[i] = fmt.Sprintf("%q", n)
			}
			d.Message += "; did you mean " + strings.Join(quoted, " or ") + "?"
			if s.literal && p.Src(s.rng) == s.src {
				for _, n := range near {
					d.Fixes = append(d.Fixes, lint.Fix{
						Title: fmt.Sprintf("Copy %q instead", n),
						Edits: []lint.Edit{{Range: s.rng, NewText: n}},
					})
				}
			}
		}
		p.Report(d)
	}
}
