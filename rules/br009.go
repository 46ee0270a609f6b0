package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/shell"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/syntax"
)

// BR009 reports a FROM whose image is empty or invalid when the global
// ARGs take their default values.
var BR009 = &lint.Rule{
	Code:     "BR009",
	Name:     "invalid-default-arg-in-from",
	Aliases:  []string{"InvalidDefaultArgInFrom"},
	Title:    "Give ARGs used in FROM a valid default",
	Severity: lint.Warning,
	Fix:      lint.NoFix,
	Check:    checkBR009,
}

func checkBR009(p *lint.Pass) {
	doc := p.Doc
	var env *lint.Env
	var lex *shell.Lex
	for _, st := range doc.Stages {
		// BuildKit checks every FROM; berth only those using variables,
		// since a constant invalid name is a plain syntax error.
		if !hasDollar(st.Image.Value) {
			continue
		}
		if env == nil {
			var ok bool
			lex = lint.Lexer(rune(doc.File.Escape))
			defer lint.ReleaseLexer(rune(doc.File.Escape), lex)
			if env, _, ok = doc.BuilderMetaEnv(); !ok {
				return // BuildKit gives up too
			}
		}
		res, err := doc.Expand(lex, st.Image.Value, env)
		if res.Cut {
			p.Report(lint.Diagnostic{
				Range: st.Image.Range,
				Message: fmt.Sprintf("base image %q grows past %d bytes with the ARG defaults: berth cut the expansion there (a bound against files that make it grow exponentially)",
					clipText(st.Image.Value), lint.MaxExpansion),
			})
			continue
		}
		if err != nil {
			continue
		}
		if syntax.ValidReference(res.Result) {
			continue
		}
		var empty []string
		for _, ref := range syntax.VarRefs(st.Image.Value, doc.File.Escape) {
			if v, ok := env.Get(ref.Name); (!ok || v == "") && !slices.Contains(empty, ref.Name) {
				empty = append(empty, ref.Name)
			}
		}
		why := ""
		if len(empty) > 0 {
			why = fmt.Sprintf(": %s no default value", nameList(empty))
		}
		p.Report(lint.Diagnostic{
			Range:   st.Image.Range,
			Message: fmt.Sprintf("base image %q is %q with the ARG defaults, not a valid image reference%s", clipText(st.Image.Value), clipText(res.Result), why),
		})
	}
}

// nameList quotes and joins names: `"A" has`, `"A" and "B" have`.
func nameList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	if len(q) == 1 {
		return q[0] + " has"
	}
	return strings.Join(q[:len(q)-1], ", ") + " and " + q[len(q)-1] + " have"
}

// clipText shortens text quoted in a message to 200 bytes.
func clipText(s string) string {
	if len(s) <= 200 {
		return s
	}
	return strings.ToValidUTF8(s[:200], "") + "…"
}
