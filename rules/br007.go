package rules

import (
	"fmt"
	"slices"

	"github.com/moby/buildkit/frontend/dockerfile/shell"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/syntax"
)

// BR007 reports variables in FROM that no global ARG declares.
var BR007 = &lint.Rule{
	Code:     "BR007",
	Name:     "undefined-arg-in-from",
	Aliases:  []string{"UndefinedArgInFrom"},
	Title:    "Declare ARGs used in FROM",
	Severity: lint.Warning,
	Fix:      lint.NoFix,
	Check:    checkBR007,
}

func checkBR007(p *lint.Pass) {
	doc := p.Doc
	var env *lint.Env
	var declared map[string]bool
	var keys []string
	var lex *shell.Lex
	for _, st := range doc.Stages {
		words := []expandedWord{tokenWord(st.Image)}
		if st.Platform != nil && st.Platform.HasValue {
			words = append(words, flagWord(st.Platform))
		}
		for _, w := range words {
			if !hasDollar(w.Text) {
				continue
			}
			if env == nil {
				lex = lint.Lexer(rune(doc.File.Escape))
				defer lint.ReleaseLexer(rune(doc.File.Escape), lex)
				env, declared, _ = doc.BuilderMetaEnv()
				for k := range declared {
					keys = append(keys, k)
				}
				keys = append(keys, env.Keys()...)
				slices.Sort(keys)
				keys = slices.Compact(keys)
			}
			res, _ := doc.Expand(lex, w.Text, env)
			if len(res.Unmatched) == 0 {
				continue
			}
			refs := syntax.VarRefs(w.Text, doc.File.Escape)
			done := map[string]bool{}
			report := func(name string, r syntax.Range) {
				done[name] = true
				p.Report(lint.Diagnostic{
					Range:   r,
					Message: fmt.Sprintf("FROM uses %q, which no ARG before the first FROM declares", name) + didYouMean(syntax.Closest(name, keys)),
				})
			}
			for _, ref := range refs {
				if _, ok := res.Unmatched[ref.Name]; ok && !declared[ref.Name] && !done[ref.Name] {
					report(ref.Name, w.sourceRange(st.From, ref.Start, ref.End))
				}
			}
			var rest []string
			for name := range res.Unmatched {
				if !declared[name] && !done[name] {
					rest = append(rest, name)
				}
			}
			slices.Sort(rest)
			for _, name := range rest {
				report(name, w.sourceRange(st.From, 0, len(w.Text)))
			}
		}
	}
}
