package rules

import (
	"fmt"
	"path"
	"path/filepath"
	"strings"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/buildctx"
	"github.com/berth-dev/berth/lint/syntax"
)

// This file holds what the build context rules (BR040 to BR044) share:
// the local sources of COPY and ADD, and the walk of the context.

// ctxSource is one local source of a COPY or ADD: not taken from another
// stage or image, not a URL, not a heredoc, its variables resolved.
type ctxSource struct {
	ins   *syntax.Instruction
	stage *lint.Stage
	// src is the source cleaned and relative to the context root.
	src string
	// rng is where the source is written.
	rng syntax.Range
	// literal says the source is written as is: no variable, quote or
	// escape, so a fix may replace its text.
	literal bool
}

// ctxLoad returns the walked build context of doc, or nil when the
// document has no context on disk or copies nothing from it: a Dockerfile
// with no COPY or ADD from its context never has its folder walked. The
// context rules share one lookup per document (finding the cached walk
// stats the ignore files).
func ctxLoad(doc *lint.Document) *buildctx.Context {
	if doc.Context == "" {
		return nil
	}
	return doc.Memo(ctxLoadKey{}, func() any {
		if !copiesFromContext(doc) {
			return (*buildctx.Context)(nil)
		}
		return buildctx.Default.LoadIgnoring(doc.Context, doc.Path, ignoreFileOf(doc))
	}).(*buildctx.Context)
}

type ctxLoadKey struct{}

// copiesFromContext reports whether an instruction of doc may have
// sources in the build context (readsContext).
func copiesFromContext(doc *lint.Document) bool {
	for _, st := range doc.Stages {
		for _, ins := range st.Instructions {
			if readsContext(ins) {
				return true
			}
		}
	}
	return false
}

// readsContext reports whether ins may copy from the build context: a
// COPY or ADD without --from, the instructions ctxSourcesOf reads.
func readsContext(ins *syntax.Instruction) bool {
	return (ins.Cmd == "copy" || ins.Cmd == "add") && ins.Flag("from") == nil
}

// ignoreFileOf returns the ignore file in force for doc (see
// buildctx.IgnoreFileFor), "" for none, looked up once per document: the
// context rules and BR011 share it. The root is the document's build
// context, else its folder.
func ignoreFileOf(doc *lint.Document) string {
	root := doc.Context
	if root == "" && doc.Path != "" && doc.Path != "-" {
		root = filepath.Dir(doc.Path)
	}
	if root == "" {
		return ""
	}
	return doc.Memo(ignoreFileKey{}, func() any { return buildctx.Default.IgnoreFileFor(root, doc.Path) }).(string)
}

type ignoreFileKey struct{}

// ctxSources lists the local sources of doc's COPY and ADD instructions.
// The five context rules share the list, once per document, unless a
// source had to be expanded (each expansion takes from the document's
// budget, as it always did). The list is shared: never modify it.
func ctxSources(doc *lint.Document) []ctxSource {
	computed := false
	v := doc.Memo(ctxSourcesKey{}, func() any {
		computed = true
		out, expanded := ctxSourcesOf(doc)
		return ctxSourcesMemo{out, expanded}
	}).(ctxSourcesMemo)
	if v.expanded && !computed {
		out, _ := ctxSourcesOf(doc)
		return out
	}
	return v.out
}

type ctxSourcesKey struct{}

type ctxSourcesMemo struct {
	out      []ctxSource
	expanded bool
}

// ctxSourcesOf lists the local sources of doc's COPY and ADD
// instructions, and says whether a variable was expanded.
func ctxSourcesOf(doc *lint.Document) (_ []ctxSource, expanded bool) {
	scope := newVarScope(doc)
	defer scope.release()
	var out []ctxSource
	for _, st := range doc.Stages {
		for _, ins := range st.Instructions {
			if !readsContext(ins) {
				continue
			}
			args := instructionArgs(ins)
			if len(args) < 2 {
				continue
			}
			var env *stageEnv
			for _, w := range args[:len(args)-1] {
				if strings.HasPrefix(w.Text, "<<") || isHeredocMarker(ins, w) {
					continue
				}
				src := w.Text
				literal := true
				if hasDollar(src) || strings.ContainsAny(src, `"'`) || strings.Contains(src, string(doc.File.Escape)) {
					literal = false
					if env == nil {
						env = newStageEnv(scope, st, ins)
					}
					expanded = true
					res, err := doc.Expand(scope.lexer(0), src, env)
					if err != nil || len(res.Unmatched) > 0 || res.Cut {
						continue
					}
					src = res.Result
				}
				if src == "" || strings.Contains(src, "://") || strings.HasPrefix(src, "git@") {
					continue
				}
				out = append(out, ctxSource{ins: ins, stage: st, src: buildctx.Clean(src), rng: w.sourceRange(ins, 0, len(w.Text)), literal: literal})
			}
		}
	}
	return out, expanded
}

// ctxIgnoreName is how messages name the ignore file: the one in force,
// else the one to create.
func ctxIgnoreName(c *buildctx.Context) string {
	if c.IgnoreFile != "" {
		return path.Base(strings.ReplaceAll(c.IgnoreFile, "\\", "/"))
	}
	return ".dockerignore"
}

// ctxPattern returns the .dockerignore line that excludes exactly rel.
func ctxPattern(rel string) string {
	var b strings.Builder
	for _, r := range rel {
		if strings.ContainsRune(`*?[]\`, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// ctxList quotes names, at most max of them, saying how many more.
func ctxList(names []string, max int) string {
	var parts []string
	for i, n := range names {
		if i == max {
			parts = append(parts, fmt.Sprintf("and %d more", len(names)-max))
			break
		}
		parts = append(parts, n)
	}
	return strings.Join(parts, ", ")
}

// ctxCount renders a count with thousands separators.
func ctxCount(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// ctxSize sums the sizes of the kept files under the folder rel.
func ctxSize(c *buildctx.Context, rel string) (files int, bytes int64) {
	for _, e := range c.Under(rel) {
		if !e.Excluded && !e.Dir {
			files++
			bytes += e.Size
		}
	}
	return files, bytes
}

// ctxFiles says "1 file" or "N files".
func ctxFiles(n int) string {
	if n == 1 {
		return "1 file"
	}
	return ctxCount(n) + " files"
}
