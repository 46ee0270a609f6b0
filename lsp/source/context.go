package source

import (
	"fmt"
	"net/url"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/buildctx"
	"github.com/berth-dev/berth/lint/syntax"
)

// This file holds the editor features that read the build context: path
// completion in COPY and ADD sources, links from sources to their files,
// and hover on a source. They read the walk the server has cached
// (buildctx.Default) and never walk themselves: until a walk is there,
// they have nothing to say.

// contextOf returns the cached walk of doc's build context, or nil.
func contextOf(doc *lint.Document) *buildctx.Context {
	if doc == nil || doc.Context == "" {
		return nil
	}
	c, _ := buildctx.Default.Peek(doc.Context, doc.Path)
	return c
}

// sourceWords returns the source words of a COPY or ADD that reads the
// build context (no --from; heredocs excluded): every word but the last.
func sourceWords(ins *syntax.Instruction) []syntax.Token {
	if ins == nil || ins.Cmd != "copy" && ins.Cmd != "add" || ins.JSON {
		return nil
	}
	for _, f := range ins.Flags {
		if f.Name == "from" {
			return nil
		}
	}
	if len(ins.Words()) < 2 {
		return nil
	}
	var out []syntax.Token
	for _, w := range ins.Words()[:len(ins.Words())-1] {
		if strings.HasPrefix(w.Value, "<<") {
			continue
		}
		out = append(out, w)
	}
	return out
}

// plainSource reports whether a source is written as a path berth can
// look up: no variable, quote, escape or URL.
func plainSource(s string) bool {
	return s != "" && !strings.ContainsAny(s, "$\"'\\") && !strings.Contains(s, "://") && !strings.HasPrefix(s, "git@")
}

// ContextCompletions proposes the files and folders of the build context
// (those .dockerignore keeps) for the COPY or ADD source at off: the
// entries of the folder typed so far whose names start with what follows
// its last "/".
func ContextCompletions(doc *lint.Document, off int) []CompletionItem {
	c := contextOf(doc)
	if c == nil {
		return nil
	}
	ins := doc.File.InstructionAt(off)
	if ins == nil || ins.Cmd != "copy" && ins.Cmd != "add" || off <= ins.Keyword.Range.End {
		return nil
	}
	for _, f := range ins.Flags {
		if f.Name == "from" || f.Range.Start <= off && off <= f.Range.End {
			return nil
		}
	}
	if ins.JSON {
		return nil
	}
	// The word at the cursor, if any; a new word otherwise.
	start, typed, last := off, "", true
	for i, w := range ins.Words() {
		if w.Range.Start <= off && off <= w.Range.End {
			start, typed = w.Range.Start, string(doc.File.Src[w.Range.Start:off])
			last = i == len(ins.Words())-1
			break
		}
		if w.Range.Start > off {
			last = false
			break
		}
	}
	// The destination is the last word of several: not a source.
	if last && len(ins.Words()) >= 2 && typed != "" && ins.Words()[len(ins.Words())-1].Range.Start <= off {
		return nil
	}
	if !plainSource(typed) && typed != "" || strings.HasPrefix(typed, "<<") || strings.HasPrefix(typed, "-") {
		return nil
	}
	dir, base := "", typed
	if i := strings.LastIndexByte(typed, '/'); i >= 0 {
		dir, base = typed[:i+1], typed[i+1:]
	}
	folder := buildctx.Clean(dir)
	if dir == "" {
		folder = "."
	}
	depth := 0
	if folder != "." {
		depth = strings.Count(folder, "/") + 1
	}
	var out []CompletionItem
	for _, e := range c.Under(folder) {
		if e.Excluded || strings.Count(e.Path, "/") != depth {
			continue
		}
		name := path.Base(e.Path)
		if !strings.HasPrefix(strings.ToLower(name), strings.ToLower(base)) {
			continue
		}
		it := CompletionItem{
			Label:      name,
			InsertText: dir + name,
			Kind:       ValueCompletion,
			Replace:    syntax.Range{Start: start, End: off},
			SortText:   "1" + name,
			Detail:     buildctx.FormatSize(e.Size),
		}
		if e.Dir {
			it.Label += "/"
			it.InsertText += "/"
			it.SortText = "0" + name
			it.Detail = "folder"
			it.Retrigger = true
		}
		if e.Link {
			it.Detail = "symbolic link"
		}
		out = append(out, it)
		if len(out) == 500 {
			break
		}
	}
	return out
}

// ContextLinks links the sources of COPY and ADD written as plain paths
// to the files and folders of the build context they name.
func ContextLinks(doc *lint.Document) []Link {
	c := contextOf(doc)
	if c == nil {
		return nil
	}
	var out []Link
	for _, ins := range doc.File.Instructions {
		for _, w := range sourceWords(ins) {
			if !plainSource(w.Value) || buildctx.IsGlob(w.Value) {
				continue
			}
			rel := buildctx.Clean(w.Value)
			if rel == "." {
				continue
			}
			if m := c.Match(rel); m.Found() {
				out = append(out, Link{Range: w.Range, Target: fileURL(filepath.Join(c.Root, filepath.FromSlash(rel)))})
			}
		}
	}
	return out
}

// fileURL turns an absolute path into a file:// URL.
func fileURL(p string) string {
	p = filepath.ToSlash(p)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // C:/x on Windows
	}
	return (&url.URL{Scheme: "file", Path: p}).String()
}

// ContextHover describes the COPY or ADD source at off: how many files
// of the build context it copies, their total size and the first of them;
// or that it matches nothing, or that .dockerignore excludes it.
func ContextHover(doc *lint.Document, off int) *Hover {
	c := contextOf(doc)
	if c == nil {
		return nil
	}
	ins := doc.File.InstructionAt(off)
	for _, w := range sourceWords(ins) {
		if off < w.Range.Start || off > w.Range.End || !plainSource(w.Value) {
			continue
		}
		rel := buildctx.Clean(w.Value)
		m := c.Match(rel)
		var b strings.Builder
		switch {
		case m.Excluded && !m.Found():
			fmt.Fprintf(&b, "%s is excluded from the build context by `%s`", code(rel), filepath.Base(c.IgnoreFile))
		case m.Unknown:
			fmt.Fprintf(&b, "berth did not see %s: the walk of the build context stopped early", code(rel))
		case !m.Found():
			fmt.Fprintf(&b, "%s matches nothing in the build context", code(rel))
		default:
			files := c.Files(m)
			var total int64
			for _, f := range files {
				total += f.Size
			}
			sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
			noun := "files"
			if len(files) == 1 {
				noun = "file"
			}
			fmt.Fprintf(&b, "%s copies **%d** %s, %s, from the build context", code(w.Value), len(files), noun, buildctx.FormatSize(total))
			if c.IgnoreFile != "" {
				fmt.Fprintf(&b, " (after `%s`)", filepath.Base(c.IgnoreFile))
			}
			b.WriteString(":\n")
			for i, f := range files {
				if i == 10 {
					fmt.Fprintf(&b, "- and %d more\n", len(files)-10)
					break
				}
				fmt.Fprintf(&b, "- %s (%s)\n", code(f.Path), buildctx.FormatSize(f.Size))
			}
		}
		return &Hover{Markdown: strings.TrimRight(b.String(), "\n"), Range: w.Range}
	}
	return nil
}
