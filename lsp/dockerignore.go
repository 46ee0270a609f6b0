package lsp

import (
	"bytes"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"go.lsp.dev/uri"
	"golang.org/x/text/language"

	"github.com/berth-dev/berth/internal/safeio"
	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/buildctx"
	"github.com/berth-dev/berth/lint/i18n"
	"github.com/berth-dev/berth/lint/syntax"
	"github.com/berth-dev/berth/lsp/source"
)

// The server reads .dockerignore files (and NAME.dockerignore beside a
// Dockerfile NAME) as what they are, never as Dockerfiles: their
// diagnostics are the patterns that match nothing or re-include nothing
// (BR044 seen from the file itself) and the patterns that exclude a COPY
// or ADD source of a Dockerfile of the same folder (BR011 seen from the
// other side); hover on a pattern says what it excludes. Everything comes
// from the cached walk of the context (see context.go): until it is
// there, the file has no diagnostics, and it is linted again once the
// walk ends.

// isIgnoreFile reports whether the document u is an ignore file.
func isIgnoreFile(u uri.URI) bool {
	return strings.HasSuffix(path.Base(string(u)), ".dockerignore")
}

// maxDockerfileSize bounds the Dockerfiles read from disk.
const maxDockerfileSize = 1 << 20

// ignoreWalk returns the cached walk of root for the Dockerfile df (may
// be ""), starting a walk when there is none or it is stale.
func (s *Server) ignoreWalk(root, df string) *buildctx.Context {
	c, fresh := buildctx.Default.Peek(root, df)
	if !fresh {
		buildctx.Default.Refresh(root, df, func(*buildctx.Context) {
			select {
			case <-s.done:
			default:
				s.relintAll()
			}
		})
	}
	return c
}

// ignoreDockerfiles returns the Dockerfiles of the folder dir an ignore
// file named base may serve: for NAME.dockerignore, NAME; for
// .dockerignore, the folder's Dockerfiles (lint.IsDockerfileName).
func ignoreDockerfiles(dir, base string) []string {
	if base != ".dockerignore" {
		name := strings.TrimSuffix(base, ".dockerignore")
		if fi, err := os.Stat(filepath.Join(dir, name)); err == nil && fi.Mode().IsRegular() {
			return []string{filepath.Join(dir, name)}
		}
		return nil
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range ents {
		if e.Type().IsRegular() && lint.IsDockerfileName(e.Name()) {
			out = append(out, filepath.Join(dir, e.Name()))
		}
	}
	return out
}

// dockerfileText returns the text of the Dockerfile at p: the open
// document's, else the file's.
func (s *Server) dockerfileText(p string) []byte {
	if snap := s.snapshot(uri.File(p)); snap != nil {
		return snap.Text
	}
	b, _ := safeio.ReadRegularFile(p, maxDockerfileSize)
	return b
}

// lineRange returns the byte range of the 1-based line n of text, without
// its surrounding blanks.
func lineRange(text []byte, n int) syntax.Range {
	start := 0
	for i := 1; i < n; i++ {
		j := bytes.IndexByte(text[start:], '\n')
		if j < 0 {
			return syntax.Range{Start: len(text), End: len(text)}
		}
		start += j + 1
	}
	end := len(text)
	if j := bytes.IndexByte(text[start:], '\n'); j >= 0 {
		end = start + j
	}
	for end > start && (text[end-1] == ' ' || text[end-1] == '\t' || text[end-1] == '\r') {
		end--
	}
	for start < end && (text[start] == ' ' || text[start] == '\t') {
		start++
	}
	return syntax.Range{Start: start, End: end}
}

// ignoreDiagnostics lints an ignore file: its patterns against the walk
// of its folder, and against the COPY and ADD sources of the Dockerfiles
// it serves.
func (s *Server) ignoreDiagnostics(snap *Snapshot, cfg *lint.Config) []lint.Diagnostic {
	if snap.Path == "" {
		return nil
	}
	patterns, err := buildctx.ParsePatterns(snap.Text)
	if err != nil || len(patterns) == 0 {
		return nil
	}
	dir, base := filepath.Dir(snap.Path), filepath.Base(snap.Path)
	if filepath.Dir(dir) == dir {
		return nil // never walk a whole file system
	}
	var out []lint.Diagnostic
	report := func(code string, line int, format string, args ...any) {
		r := snap.byCode[code]
		if r == nil {
			return
		}
		sev := cfg.SeverityOf(r)
		if sev == lint.Off {
			return
		}
		out = append(out, lint.Diagnostic{
			Code: code, Range: lineRange(snap.Text, line), Severity: sev,
			Message: fmt.Sprintf(format, args...), Format: format, Args: args,
		})
	}
	var self string
	if base != ".dockerignore" {
		self = filepath.Join(dir, strings.TrimSuffix(base, ".dockerignore"))
	}
	if c := s.ignoreWalk(dir, self); c != nil {
		for _, f := range c.PatternFacts(patterns) {
			switch {
			case f.Dead():
				report("BR044", f.Line, "pattern %q matches nothing in the build context", f.Raw)
			case f.Idle():
				report("BR044", f.Line, "pattern %q re-includes nothing: no pattern above it excludes what it matches", f.Raw)
			}
		}
	}
	s.mu.Lock()
	setting, roots := s.settings.Build.Context, s.roots
	s.mu.Unlock()
	for _, df := range ignoreDockerfiles(dir, base) {
		root := buildContext(df, setting, roots)
		if filepath.Dir(root) == root || buildctx.IgnoreFileFor(root, df) != snap.Path {
			continue // another ignore file is in force
		}
		c := s.ignoreWalk(root, df)
		text := s.dockerfileText(df)
		if c == nil || text == nil {
			continue
		}
		doc := lint.NewDocument(df, text)
		seen := map[string]bool{}
		for _, ins := range doc.File.Instructions {
			if ins.Cmd != "copy" && ins.Cmd != "add" || ins.JSON || len(ins.Words()) < 2 || ins.Flag("from") != nil {
				continue
			}
			line := bytes.Count(text[:ins.Range.Start], []byte("\n")) + 1
			for _, w := range ins.Words()[:len(ins.Words())-1] {
				src := w.Value
				if strings.HasPrefix(src, "-") || strings.HasPrefix(src, "<<") || src == "" ||
					strings.ContainsAny(src, "$\"'\\") || strings.Contains(src, "://") || strings.HasPrefix(src, "git@") {
					continue
				}
				i := c.ExcludedBy(patterns, buildctx.Clean(src))
				if i < 0 {
					continue
				}
				k := fmt.Sprint(i, "\x00", src, "\x00", df, "\x00", line)
				if seen[k] {
					continue
				}
				seen[k] = true
				report("BR011", patterns[i].Line, "pattern %q excludes %q, a source of %s at %s:%d: the build will not find it",
					patterns[i].Raw, src, strings.ToUpper(ins.Cmd), filepath.Base(df), line)
			}
		}
	}
	slices.SortStableFunc(out, func(a, b lint.Diagnostic) int { return a.Range.Start - b.Range.Start })
	return out
}

// ignoreHover says what the pattern under the cursor does: how many files
// it excludes (or re-includes), the first of them and their size.
func (s *Server) ignoreHover(snap *Snapshot, off int) *source.Hover {
	if snap.Path == "" {
		return nil
	}
	patterns, err := buildctx.ParsePatterns(snap.Text)
	if err != nil {
		return nil
	}
	line := bytes.Count(snap.Text[:min(off, len(snap.Text))], []byte("\n")) + 1
	idx := -1
	for i, p := range patterns {
		if p.Line == line {
			idx = i
		}
	}
	if idx < 0 {
		return nil
	}
	dir, base := filepath.Dir(snap.Path), filepath.Base(snap.Path)
	var self string
	if base != ".dockerignore" {
		self = filepath.Join(dir, strings.TrimSuffix(base, ".dockerignore"))
	}
	c, _ := buildctx.Default.Peek(dir, self)
	if c == nil {
		return nil
	}
	const first = 10
	ef := c.Effect(patterns, idx, first)
	return &source.Hover{Markdown: ignoreHoverText(s.lang(), patterns[idx], ef, first), Range: lineRange(snap.Text, line)}
}

// ignoreHoverText renders the hover of a pattern.
func ignoreHoverText(lang language.Tag, p buildctx.Pattern, ef buildctx.PatternEffect, first int) string {
	var b strings.Builder
	count := fmt.Sprint(ef.Count)
	if ef.AtLeast {
		count = i18n.Sprintf(lang, "at least %d", ef.Count)
	}
	switch {
	case ef.Count == 0 && ef.Overridden > 0:
		b.WriteString(i18n.Sprintf(lang, "`%s` matches %d files, but patterns below it decide their fate", p.Raw, ef.Overridden))
	case ef.Count == 0 && ef.Negation:
		b.WriteString(i18n.Sprintf(lang, "`%s` re-includes nothing", p.Raw))
	case ef.Count == 0:
		b.WriteString(i18n.Sprintf(lang, "`%s` excludes nothing", p.Raw))
	case ef.Negation:
		b.WriteString(i18n.Sprintf(lang, "`%s` re-includes %s files (%s) in the build context", p.Raw, count, buildctx.FormatSize(ef.Bytes)))
	default:
		b.WriteString(i18n.Sprintf(lang, "`%s` excludes %s files (%s) from the build context", p.Raw, count, buildctx.FormatSize(ef.Bytes)))
	}
	if len(ef.Files) > 0 {
		b.WriteString(":\n")
		for _, f := range ef.Files {
			fmt.Fprintf(&b, "- `%s`\n", f)
		}
		if ef.Count > first {
			b.WriteString(i18n.Sprintf(lang, "- and %d more", ef.Count-first))
			b.WriteString("\n")
		}
	}
	return strings.TrimRight(b.String(), "\n")
}
