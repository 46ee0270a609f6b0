package rules

import (
	"fmt"
	"path"
	"regexp"
	"strings"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/buildctx"
	"github.com/berth-dev/berth/lint/syntax"
)

// BR043 reports a COPY or ADD that sends a heavy build context: folders
// the Dockerfile rebuilds itself (node_modules, target, .venv, ...), or
// more than BR043MaxBytes in all.
var BR043 = &lint.Rule{
	Code:     "BR043",
	Name:     "heavy-build-context",
	Title:    "Keep rebuilt folders and bulk out of the build context",
	Severity: lint.Warning,
	Fix:      lint.SometimesFix,
	Check:    checkBR043,
}

// BR043MaxBytes is the size of the files a COPY may send before BR043
// reports it.
var BR043MaxBytes int64 = 100_000_000

// br043Rebuilt are the folders that a RUN rebuilds, and the commands that
// rebuild them.
//
// Each pattern comes with words one of which a text it matches must hold
// (every alternative of the pattern contains one): most RUN lines hold
// none, and a substring test is far cheaper than the regexp (issue 10).
var br043Rebuilt = []struct {
	name  string
	needs []string
	re    func() *regexp.Regexp
}{
	{"node_modules", []string{"npm", "yarn", "bun"}, lazyRegexp(`\b(npm\s+(ci|install|i)|yarn(\s+install)?(\s|$|;|&)|pnpm\s+(i|install)|bun\s+(i|install))\b`)},
	{"target", []string{"cargo", "mvn", "gradle", "sbt"}, lazyRegexp(`\b(cargo\s+(build|install)|mvn|mvnw|gradle|gradlew|sbt)\b`)},
	{".venv", []string{"python", "virtualenv", "poetry", "uv", "pipenv"}, lazyRegexp(`\b(python3?\s+-m\s+venv|virtualenv|poetry\s+install|uv\s+(sync|venv)|pipenv\s+install)\b`)},
	{"venv", []string{"python", "virtualenv"}, lazyRegexp(`\b(python3?\s+-m\s+venv|virtualenv)\b`)},
	{"__pycache__", []string{"python", "pip", "uv", "poetry"}, lazyRegexp(`\b(python3?|pip3?|uv|poetry)\b`)},
	{"dist", []string{"build", "tsc"}, lazyRegexp(`\b((npm|pnpm|bun)\s+run\s+build|yarn\s+build|python3?\s+-m\s+build|vite\s+build|tsc)\b`)},
}

// br043Matches reports whether the i-th pattern of br043Rebuilt matches
// text: the regexp runs only on a text that holds one of its words.
func br043Matches(i int, text string) bool {
	r := br043Rebuilt[i]
	for _, w := range r.needs {
		if strings.Contains(text, w) {
			return r.re().MatchString(text)
		}
	}
	return false
}

func checkBR043(p *lint.Pass) {
	ctx := ctxLoad(p.Doc)
	if ctx == nil {
		return
	}
	// What the RUN instructions rebuild, and the first RUN that does:
	// found when a source first sends a folder of one of those names.
	var rebuiltMap map[string]*syntax.Instruction
	rebuilt := func(name string) *syntax.Instruction {
		if rebuiltMap == nil {
			rebuiltMap = br043RebuiltBy(p)
		}
		return rebuiltMap[name]
	}
	reported := false
	for _, s := range ctxSources(p.Doc) {
		m := ctx.Match(s.src)
		var dirs []br043Dir
		var sent int64
		var sentFiles int
		add := func(rel string, files int, size int64) {
			for _, d := range dirs {
				if strings.HasPrefix(rel, d.path+"/") {
					return
				}
			}
			dirs = append(dirs, br043Dir{rel, files, size})
		}
		for _, e := range m.Entries {
			if !e.Dir {
				sent += e.Size
				sentFiles++
				continue
			}
			files, size := ctxSize(ctx, e.Path)
			sent += size
			sentFiles += files
			if e.Path != "." && rebuilt(path.Base(e.Path)) != nil {
				add(e.Path, files, size)
				continue
			}
			for _, sub := range ctx.Under(e.Path) {
				if sub.Dir && !sub.Excluded && rebuilt(path.Base(sub.Path)) != nil {
					files, size := ctxSize(ctx, sub.Path)
					add(sub.Path, files, size)
				}
			}
		}
		kw := strings.ToUpper(s.ins.Cmd)
		switch {
		case len(dirs) > 0:
			var listed, lines, patterns []string
			// Safe when the folders lie inside what the source copies: a
			// source naming one would copy nothing once it is left out.
			safe := true
			for _, d := range dirs {
				listed = append(listed, fmt.Sprintf("%q (%s, %s)", d.path, ctxFiles(d.files), buildctx.FormatSize(d.size)))
				for _, e := range m.Entries {
					safe = safe && e.Path != d.path
				}
			}
			for _, r := range br043Rebuilt {
				for _, d := range dirs {
					if path.Base(d.path) == r.name {
						lines = append(lines, fmt.Sprintf("%q", "**/"+r.name))
						patterns = append(patterns, "**/"+r.name)
						break
					}
				}
			}
			diag := lint.Diagnostic{
				Range: s.rng,
				Message: fmt.Sprintf("%s source %q sends %s that the build rebuilds; add %s to %s",
					kw, s.src, ctxList(listed, 4), ctxList(lines, 6), ctxIgnoreName(ctx)),
			}
			if f, ok := ctxIgnoreFix(ctx, patterns, safe); ok {
				diag.Fixes = []lint.Fix{f}
			}
			p.Report(diag)
			reported = true
		case !reported && sent > BR043MaxBytes:
			p.Report(lint.Diagnostic{
				Range: s.rng,
				Message: fmt.Sprintf("%s source %q sends %s in %s to the builder (more than %s): exclude what the image does not need in %s",
					kw, s.src, buildctx.FormatSize(sent), ctxFiles(sentFiles), buildctx.FormatSize(BR043MaxBytes), ctxIgnoreName(ctx)),
			})
			reported = true
		}
	}
}

// br043RebuiltBy maps the folders that the RUN instructions of the file
// rebuild to the first RUN that does.
func br043RebuiltBy(p *lint.Pass) map[string]*syntax.Instruction {
	rebuilt := map[string]*syntax.Instruction{}
	for _, st := range p.Doc.Stages {
		for _, ins := range st.Instructions {
			if ins.Cmd != "run" {
				continue
			}
			text := p.Src(ins.Range)
			for i, r := range br043Rebuilt {
				if rebuilt[r.name] == nil && br043Matches(i, text) {
					rebuilt[r.name] = ins
				}
			}
		}
	}
	return rebuilt
}

// br043Dir is a rebuilt folder a source sends.
type br043Dir struct {
	path  string
	files int
	size  int64
}
