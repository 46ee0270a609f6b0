package rules

import (
	"fmt"
	"strings"

	"github.com/berth-dev/berth/lint"
)

// BR041 reports COPY and ADD sources that bring credential files of the
// build context into the image.
var BR041 = &lint.Rule{
	Code:     "BR041",
	Name:     "copy-secret-file",
	Title:    "Do not COPY credential files into the image",
	Severity: lint.Error,
	Fix:      lint.SometimesFix,
	Check:    checkBR041,
}

func checkBR041(p *lint.Pass) {
	ctx := ctxLoad(p.Doc)
	if ctx == nil {
		return
	}
	kinds := map[string]string{} // path -> kind of the credential files found
	for _, s := range ctxSources(p.Doc) {
		m := ctx.Match(s.src)
		if !m.Found() {
			continue
		}
		var found []string
		for _, f := range ctx.Files(m) {
			if _, seen := kinds[f.Path]; seen {
				continue
			}
			kind := ctx.SecretKind(f.Path)
			if kind == "" {
				continue
			}
			kinds[f.Path] = kind
			found = append(found, f.Path)
		}
		if len(found) == 0 {
			continue
		}
		names := make([]string, len(found))
		lines := make([]string, len(found))
		patterns := make([]string, len(found))
		for i, f := range found {
			names[i] = fmt.Sprintf("%q (%s)", f, kinds[f])
			patterns[i] = ctxPattern(f)
			lines[i] = fmt.Sprintf("%q", patterns[i])
		}
		what := "a credential file"
		if len(found) > 1 {
			what = fmt.Sprintf("%d credential files", len(found))
		}
		d := lint.Diagnostic{
			Range: s.rng,
			Message: fmt.Sprintf("%s source %q copies %s into the image: %s; add %s to %s",
				strings.ToUpper(s.ins.Cmd), s.src, what, ctxList(names, 5), ctxList(lines, 5), ctxIgnoreName(ctx)),
		}
		// Leaving the files out keeps the build working when they come in
		// a folder; a source naming them (or a pattern only they match)
		// would then copy nothing and fail.
		safe := true
		for _, e := range m.Entries {
			safe = safe && e.Dir
		}
		if f, ok := ctxIgnoreFix(ctx, patterns, safe); ok {
			d.Fixes = []lint.Fix{f}
		}
		p.Report(d)
	}
}
