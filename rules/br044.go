package rules

import (
	"fmt"
	"strings"

	"github.com/moby/patternmatcher"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/buildctx"
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
	for i, pat := range ctx.Patterns {
		text := strings.TrimPrefix(pat.Text, "!")
		if text == "" || ctx.MayReachPruned(text) {
			continue
		}
		matched := br044Matching(ctx, text)
		switch {
		case len(matched) == 0:
			p.Report(lint.Diagnostic{Range: at, Message: fmt.Sprintf("%s:%d: pattern %q matches nothing in the build context", name, pat.Line, pat.Raw)})
		case pat.Negation():
			var before []string
			for _, q := range ctx.Patterns[:i] {
				before = append(before, q.Text)
			}
			pm, err := patternmatcher.New(before)
			if err != nil {
				continue
			}
			applies := false
			for _, rel := range matched {
				if ok, err := pm.MatchesOrParentMatches(rel); err == nil && ok {
					applies = true
					break
				}
			}
			if !applies {
				p.Report(lint.Diagnostic{Range: at, Message: fmt.Sprintf("%s:%d: pattern %q re-includes nothing: no pattern above it excludes what it matches", name, pat.Line, pat.Raw)})
			}
		}
	}
}

// br044Matching returns the paths of the context that pattern (without
// "!") matches, itself or through a parent folder, up to a few.
func br044Matching(ctx *buildctx.Context, pattern string) []string {
	if !strings.ContainsAny(pattern, "*?[\\") {
		if _, ok := ctx.Lookup(pattern); ok {
			return []string{pattern}
		}
		return nil
	}
	pm, err := patternmatcher.New([]string{pattern})
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range ctx.Entries {
		if ok, err := pm.MatchesOrParentMatches(e.Path); err == nil && ok {
			out = append(out, e.Path)
			if len(out) == 8 {
				break
			}
		}
	}
	return out
}
