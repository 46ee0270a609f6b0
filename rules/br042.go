package rules

import (
	"fmt"
	"path"
	"strings"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/buildctx"
)

// BR042 reports a COPY or ADD of a folder that brings the repository's
// .git folder into the image.
var BR042 = &lint.Rule{
	Code:     "BR042",
	Name:     "copy-git-folder",
	Title:    "Do not COPY the .git folder into the image",
	Severity: lint.Warning,
	Fix:      lint.SometimesFix,
	Check:    checkBR042,
}

func checkBR042(p *lint.Pass) {
	ctx := ctxLoad(p.Doc)
	if ctx == nil {
		return
	}
	seen := map[string]bool{}
	for _, s := range ctxSources(p.Doc) {
		m := ctx.Match(s.src)
		for _, e := range m.Entries {
			if !e.Dir {
				continue
			}
			git := path.Join(e.Path, ".git")
			g, ok := ctx.Lookup(git)
			if !ok || !g.Dir || g.Excluded || seen[git] {
				continue
			}
			seen[git] = true
			files, size := ctxSize(ctx, git)
			d := lint.Diagnostic{
				Range: s.rng,
				Message: fmt.Sprintf("%s source %q copies the Git folder %q (%s, %s) into the image; add %q to %s",
					strings.ToUpper(s.ins.Cmd), s.src, git, ctxFiles(files), buildctx.FormatSize(size), ctxPattern(git), ctxIgnoreName(ctx)),
			}
			// Safe unless a RUN of the Dockerfile may read the history.
			if f, ok := ctxIgnoreFix(ctx, []string{ctxPattern(git)}, !br042RunsGit(p)); ok {
				d.Fixes = []lint.Fix{f}
			}
			p.Report(d)
		}
	}
}

// br042RunsGit reports whether a RUN instruction mentions git, which may
// need the .git folder.
func br042RunsGit(p *lint.Pass) bool {
	for _, st := range p.Doc.Stages {
		for _, ins := range st.Instructions {
			if ins.Cmd == "run" && br042Git().MatchString(p.Src(ins.Range)) {
				return true
			}
		}
	}
	return false
}

var br042Git = lazyRegexp(`\bgit\b`)
