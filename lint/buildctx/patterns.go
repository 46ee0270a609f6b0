package buildctx

import (
	"bytes"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/moby/patternmatcher"
	"github.com/moby/patternmatcher/ignorefile"
)

// ParsePatterns reads the content of an ignore file line by line, as
// ignorefile.ReadAll does, keeping line numbers.
func ParsePatterns(data []byte) ([]Pattern, error) {
	data = bytes.TrimPrefix(data, []byte{0xEF, 0xBB, 0xBF})
	var out []Pattern
	for i, line := range bytes.Split(data, []byte("\n")) {
		ps, err := ignorefile.ReadAll(bytes.NewReader(line))
		if err != nil {
			return nil, err
		}
		if len(ps) == 1 {
			out = append(out, Pattern{Line: i + 1, Text: ps[0], Raw: strings.TrimSpace(string(line))})
		}
	}
	return out, nil
}

// patternSet holds one matcher per pattern (of its text without "!"), so
// that what each pattern does can be told apart. A PatternMatcher is not
// safe for concurrent use: a set serves one call.
type patternSet struct {
	pats []Pattern
	one  []*patternmatcher.PatternMatcher // nil for an empty or invalid pattern
}

func compilePatterns(patterns []Pattern) patternSet {
	s := patternSet{pats: patterns, one: make([]*patternmatcher.PatternMatcher, len(patterns))}
	for i, p := range patterns {
		if t := strings.TrimPrefix(p.Text, "!"); t != "" {
			s.one[i], _ = patternmatcher.New([]string{t})
		}
	}
	return s
}

// matches reports whether pattern i (without "!") matches rel, itself or
// through a parent folder.
func (s patternSet) matches(i int, rel string) bool {
	if s.one[i] == nil {
		return false
	}
	ok, err := s.one[i].MatchesOrParentMatches(rel)
	return err == nil && ok
}

// decider returns the index of the pattern that decides rel's fate (the
// last that matches it, as BuildKit reads the file), or -1 for none.
func (s patternSet) decider(rel string) int {
	for j := len(s.pats) - 1; j >= 0; j-- {
		if s.matches(j, rel) {
			return j
		}
	}
	return -1
}

// excludedBefore reports whether the patterns above i leave rel out.
func (s patternSet) excludedBefore(i int, rel string) bool {
	for j := i - 1; j >= 0; j-- {
		if s.matches(j, rel) {
			return !s.pats[j].Negation()
		}
	}
	return false
}

// PatternFact is what one pattern of an ignore file does in a walked
// context.
type PatternFact struct {
	Pattern
	// Matches says the pattern (without "!") matches a path of the
	// context, itself or through a parent folder.
	Matches bool
	// Applies says, for a negation, that a pattern above it excludes one
	// of the paths it matches: it re-includes something.
	Applies bool
	// Unknown says the walk cannot tell: it stopped early, the pattern is
	// empty, or it may reach into a folder the walk did not enter.
	Unknown bool
}

// Dead reports whether the pattern surely matches nothing.
func (f PatternFact) Dead() bool { return !f.Unknown && !f.Matches }

// Idle reports whether the pattern is a negation that surely re-includes
// nothing.
func (f PatternFact) Idle() bool {
	return !f.Unknown && f.Matches && f.Negation() && !f.Applies
}

// PatternFacts says, for each of patterns (those of the ignore file in
// force, c.Patterns, or another version of its text), whether it matches
// anything in the context and, for a negation, whether it re-includes
// anything. BR044 and the language server's view of .dockerignore files
// both read it.
func (c *Context) PatternFacts(patterns []Pattern) []PatternFact {
	set := compilePatterns(patterns)
	out := make([]PatternFact, len(patterns))
	for i, p := range patterns {
		f := PatternFact{Pattern: p}
		text := strings.TrimPrefix(p.Text, "!")
		if text == "" || set.one[i] == nil || c.Truncated || c.MayReachPruned(text) {
			f.Unknown = true
			out[i] = f
			continue
		}
		for _, rel := range c.patternPaths(set, i, text) {
			f.Matches = true
			if !p.Negation() || set.excludedBefore(i, rel) {
				f.Applies = p.Negation()
				break
			}
		}
		out[i] = f
	}
	return out
}

// patternPaths returns the paths of the context that pattern i (text,
// without "!") matches, itself or through a parent folder.
func (c *Context) patternPaths(set patternSet, i int, text string) []string {
	if !strings.ContainsAny(text, "*?[\\") {
		if _, ok := c.Lookup(text); !ok {
			return nil
		}
		// The path and everything under it.
		out := []string{text}
		for _, e := range c.Under(text) {
			out = append(out, e.Path)
		}
		return out
	}
	var out []string
	for _, e := range c.Entries {
		if set.matches(i, e.Path) {
			out = append(out, e.Path)
		}
	}
	return out
}

// ExcludedBy returns the index of the pattern of patterns that leaves the
// COPY or ADD source src (cleaned, see Clean) out of the context, or -1
// when src is kept, names nothing, or only part of what a glob names is
// excluded.
func (c *Context) ExcludedBy(patterns []Pattern, src string) int {
	if src == "." || len(patterns) == 0 {
		return -1
	}
	set := compilePatterns(patterns)
	fate := func(rel string) int {
		if d := set.decider(rel); d >= 0 && !patterns[d].Negation() {
			return d
		}
		return -1
	}
	if !IsGlob(src) {
		if _, ok := c.Lookup(src); !ok && !c.InPruned(src) {
			return -1
		}
		return fate(src)
	}
	if _, err := path.Match(src, ""); err != nil {
		return -1
	}
	depth := strings.Count(src, "/")
	first := -1
	for _, e := range c.Entries {
		if strings.Count(e.Path, "/") != depth {
			continue
		}
		if ok, _ := path.Match(src, e.Path); !ok {
			continue
		}
		d := fate(e.Path)
		if d < 0 {
			return -1
		}
		if first < 0 {
			first = d
		}
	}
	return first
}

// PatternEffect is what one pattern does to the files of the context.
type PatternEffect struct {
	// Negation says the pattern re-includes rather than excludes.
	Negation bool
	// Files are the first files (and links) the pattern decides: those
	// it excludes, or for a negation those excluded above it that it
	// brings back. Count is how many there are, Bytes their total size.
	Files []string
	Count int
	Bytes int64
	// Overridden counts the files it matches whose fate a pattern below
	// it decides.
	Overridden int
	// AtLeast says the counts are lower bounds: the walk stopped early,
	// or a folder it did not enter held more than berth looks at.
	AtLeast bool
}

// effectBudget bounds the files Effect looks up on disk (the sizes of
// excluded files, the contents of folders the walk did not enter).
const effectBudget = 20_000

// Effect says what pattern i of patterns does in the context: the files
// it decides, the first of them (up to first) and their size. Excluded
// files' sizes and the contents of excluded folders the walk did not
// enter are looked up on disk, within a bound.
func (c *Context) Effect(patterns []Pattern, i, first int) PatternEffect {
	var ef PatternEffect
	if i < 0 || i >= len(patterns) {
		return ef
	}
	set := compilePatterns(patterns)
	p := patterns[i]
	ef.Negation = p.Negation()
	ef.AtLeast = c.Truncated
	if set.one[i] == nil {
		return ef
	}
	budget := effectBudget
	add := func(rel string, size int64) {
		ef.Count++
		ef.Bytes += size
		if len(ef.Files) < first {
			ef.Files = append(ef.Files, rel)
		}
	}
	for _, e := range c.Entries {
		if !set.matches(i, e.Path) {
			continue
		}
		if set.decider(e.Path) != i {
			if !e.Dir {
				ef.Overridden++
			}
			continue
		}
		if ef.Negation {
			if !e.Dir && set.excludedBefore(i, e.Path) {
				add(e.Path, e.Size)
			}
			continue
		}
		switch {
		case e.Pruned:
			ef.AtLeast = c.walkPruned(e.Path, &budget, add) || ef.AtLeast
		case e.Dir:
		case !e.Excluded:
			// Kept by the walk's version of the file, excluded by this
			// one: its size is known.
			add(e.Path, e.Size)
		default:
			var size int64
			if budget > 0 {
				budget--
				if fi, err := os.Lstat(filepath.Join(c.Root, filepath.FromSlash(e.Path))); err == nil {
					size = fi.Size()
				}
			} else {
				ef.AtLeast = true
			}
			add(e.Path, size)
		}
	}
	return ef
}

// walkPruned counts the files inside the folder rel, which the walk did
// not enter, within budget. It reports whether the budget ran out.
func (c *Context) walkPruned(rel string, budget *int, add func(string, int64)) bool {
	root := filepath.Join(c.Root, filepath.FromSlash(rel))
	out := false
	_ = filepath.WalkDir(root, func(full string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		if *budget <= 0 {
			out = true
			return fs.SkipAll
		}
		*budget--
		var size int64
		if fi, err := d.Info(); err == nil && d.Type().IsRegular() {
			size = fi.Size()
		}
		r, rerr := filepath.Rel(c.Root, full)
		if rerr != nil {
			return nil
		}
		add(filepath.ToSlash(r), size)
		return nil
	})
	return out
}
