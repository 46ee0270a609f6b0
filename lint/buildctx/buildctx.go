// Package buildctx knows a Dockerfile's build context: the files of the
// context folder and the .dockerignore patterns that decide which of them
// are sent to the builder. It walks the folder once per context and
// ignore file, within bounds (a number of entries and of bytes), never
// following symbolic links and never reading a file's content; what it
// cannot read is skipped with a note.
//
// The ignore file is picked as BuildKit picks it: <Dockerfile>.dockerignore
// beside the Dockerfile when it exists, else .dockerignore at the root of
// the context, read with github.com/moby/patternmatcher.
package buildctx

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/moby/patternmatcher"

	"github.com/berth-dev/berth/internal/safeio"
)

// Limits bound a walk.
type Limits struct {
	// MaxEntries stops the walk after this many entries (files, folders,
	// links); 0 means no bound.
	MaxEntries int
	// MaxBytes stops the walk once the files kept by .dockerignore add up
	// to more than this; 0 means no bound.
	MaxBytes int64
}

// DefaultLimits are the bounds of Load.
var DefaultLimits = Limits{MaxEntries: 500_000, MaxBytes: 64 << 30}

// Entry is one path of the context.
type Entry struct {
	// Path is slash-separated and relative to the context root.
	Path string
	// Size is the size of a regular file kept by .dockerignore (0 for
	// the rest: sizes of excluded files are not looked up).
	Size int64
	Dir  bool
	Link bool
	// Excluded says .dockerignore leaves the entry out of the context.
	Excluded bool
	// Pruned marks an excluded folder that was not entered: nothing is
	// known of what it holds.
	Pruned bool
}

// Pattern is one line of the ignore file.
type Pattern struct {
	// Line is the 1-based line of the ignore file.
	Line int
	// Text is the pattern as BuildKit reads it (cleaned, "!" kept).
	Text string
	// Raw is the line as written, trimmed.
	Raw string
}

// Negation reports whether the pattern re-includes paths ("!").
func (p Pattern) Negation() bool { return strings.HasPrefix(p.Text, "!") }

// Context is the result of one walk. It never changes once returned and
// is safe for concurrent use.
type Context struct {
	// Root is the context folder, absolute and clean.
	Root string
	// IgnoreFile is the ignore file in force ("" for none).
	IgnoreFile string
	// Patterns are its patterns, in order.
	Patterns []Pattern
	// Entries are every path walked, sorted by Path.
	Entries []Entry
	// Truncated says a limit stopped the walk: what is missing is unknown.
	Truncated bool
	// Notes say what was skipped and why (unreadable folders, entries
	// that vanished, a limit reached).
	Notes []string
	// Took is how long the walk took.
	Took time.Duration
	// KeptFiles and KeptBytes count the regular files .dockerignore keeps.
	KeptFiles int
	KeptBytes int64

	mu sync.Mutex
	pm *patternmatcher.PatternMatcher

	// globs keeps what Match found for a glob source (Match values,
	// shared: never modified), up to maxGlobMemo of them: the files of a
	// folder often copy the same globs.
	globs     sync.Map
	globCount atomic.Int64

	// suggestions keeps what Suggest found for a source (shared slices:
	// never modified), up to maxSuggestMemo of them: the language server
	// lints the same sources again on every edit, and each suggestion
	// measures the distance to every kept path.
	suggestions  sync.Map
	suggestCount atomic.Int64

	// secrets keeps SecretKind's answer for the paths asked about (path to
	// kind): the Dockerfiles of a folder copy the same files.
	secrets sync.Map
}

// Lookup returns the entry at rel (a slash path relative to the root).
// Entries are sorted by path, so it is found by bisection: a map by path
// beside them cost a third of a big context's memory (153,142 entries of
// /usr: 23.4 MB live with it, 16.4 MB without).
func (c *Context) Lookup(rel string) (Entry, bool) {
	i := sort.Search(len(c.Entries), func(i int) bool { return c.Entries[i].Path >= rel })
	if i == len(c.Entries) || c.Entries[i].Path != rel {
		return Entry{}, false
	}
	return c.Entries[i], true
}

// Under returns the entries strictly inside the folder rel ("." for all).
func (c *Context) Under(rel string) []Entry {
	if rel == "." || rel == "" {
		return c.Entries
	}
	prefix := rel + "/"
	lo := sort.Search(len(c.Entries), func(i int) bool { return c.Entries[i].Path >= prefix })
	hi := lo + sort.Search(len(c.Entries)-lo, func(i int) bool { return !strings.HasPrefix(c.Entries[lo+i].Path, prefix) })
	return c.Entries[lo:hi]
}

// Excluded reports whether .dockerignore leaves rel (or a folder above
// it) out of the context.
func (c *Context) Excluded(rel string) bool {
	if c.pm == nil {
		return false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	m, err := c.pm.MatchesOrParentMatches(rel)
	return err == nil && m
}

// InPruned reports whether rel lies inside a folder that was not entered,
// so that nothing is known of it.
func (c *Context) InPruned(rel string) bool {
	for d := path.Dir(rel); d != "." && d != "/" && d != ""; d = path.Dir(d) {
		if e, ok := c.Lookup(d); ok && e.Pruned {
			return true
		}
	}
	return false
}

// Complete reports whether the walk saw every path of the context.
func (c *Context) Complete() bool { return !c.Truncated }

// IgnoreFileFor returns the ignore file that applies to a Dockerfile at
// dockerfile (may be "") built with context root, or "" when none exists.
func IgnoreFileFor(root, dockerfile string) string {
	return ignoreFileFor(root, dockerfile, statRegular)
}

// ignoreFileFor is IgnoreFileFor, asking regular whether a candidate is
// a regular file.
func ignoreFileFor(root, dockerfile string, regular func(string) bool) string {
	if dockerfile != "" && dockerfile != "-" {
		if p := dockerfile + ".dockerignore"; regular(p) {
			return p
		}
	}
	if p := filepath.Join(root, ".dockerignore"); regular(p) {
		return p
	}
	return ""
}

// statRegular reports whether p is a regular file, following a link.
func statRegular(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.Mode().IsRegular()
}

// maxIgnoreSize bounds the ignore file read.
const maxIgnoreSize = 1 << 20

// ReadIgnoreFile reads the patterns of an ignore file (see IgnoreFileFor),
// line by line, as ignorefile.ReadAll does, keeping line numbers. Only a
// regular file of at most 1 MiB is read, opened without blocking: a FIFO
// or a device put in its place is refused at once.
func ReadIgnoreFile(file string) ([]Pattern, error) {
	data, err := safeio.ReadRegularFile(file, maxIgnoreSize)
	if errors.Is(err, safeio.ErrTooLarge) {
		return nil, fmt.Errorf("%s is larger than %d bytes", filepath.Base(file), maxIgnoreSize)
	}
	if err != nil {
		return nil, err
	}
	return ParsePatterns(data)
}

// Matcher returns a matcher for patterns, nil when there are none. A
// PatternMatcher is not safe for concurrent use: each user makes its own.
func Matcher(patterns []Pattern) (*patternmatcher.PatternMatcher, error) {
	if len(patterns) == 0 {
		return nil, nil
	}
	texts := make([]string, len(patterns))
	for i, p := range patterns {
		texts[i] = p.Text
	}
	return patternmatcher.New(texts)
}

// Walk walks the context folder root for a Dockerfile at dockerfile (may
// be ""), within limits. It fails only when root is not a readable folder
// or the ignore file cannot be read; what it skips is in Notes.
func Walk(root, dockerfile string, limits Limits) (*Context, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	if df := dockerfile; df != "" && df != "-" {
		if d, err := filepath.Abs(df); err == nil {
			dockerfile = d
		}
	}
	return walk(key{abs, IgnoreFileFor(abs, dockerfile)}, root, limits, os.ReadDir, nil)
}

// walk is Walk for the context k names: its absolute root and the ignore
// file in force, which the cache has looked up already (asking for them
// again cost each walk six stats). root is the folder as named, for
// errors. list lists a folder as os.ReadDir does (a steady cache's
// ReadDir shares its listings); noted, when not nil, gives the sizes of
// regular files known already, by folder and name (a steady cache's
// NoteFile).
func walk(k key, root string, limits Limits, list func(string) ([]fs.DirEntry, error), noted func(dir, name string) (int64, bool)) (*Context, error) {
	start := time.Now()
	abs := k.root
	// The root as filepath.WalkDir sees it (not followed: a link to a
	// folder is walked as a link, holding nothing), and followed to check
	// it is a folder, which takes a second stat only for a link.
	lfi, lerr := os.Lstat(abs)
	fi, err := lfi, error(nil)
	if lerr != nil || lfi.Mode()&fs.ModeSymlink != 0 {
		if fi, err = os.Stat(abs); err != nil {
			return nil, err
		}
	}
	if !fi.IsDir() {
		return nil, fmt.Errorf("build context %s is not a folder", root)
	}
	if lerr != nil {
		return nil, lerr // as filepath.WalkDir's visit of the root
	}
	c := &Context{Root: abs}
	c.IgnoreFile = k.ignore
	if c.IgnoreFile != "" {
		if c.Patterns, err = ReadIgnoreFile(c.IgnoreFile); err != nil {
			return nil, fmt.Errorf("reading %s: %w", filepath.Base(c.IgnoreFile), err)
		}
		if c.pm, err = Matcher(c.Patterns); err != nil {
			return nil, fmt.Errorf("%s: %w", filepath.Base(c.IgnoreFile), err)
		}
	}
	w := walker{c: c, limits: limits, infos: map[string]patternmatcher.MatchInfo{}, list: list, noted: noted}
	if c.pm != nil {
		// The walk's own matcher: Excluded may be called during the
		// walk of another context.
		w.pm, _ = Matcher(c.Patterns)
	}
	err = w.walkDir(abs, ".", fs.FileInfoToDirEntry(lfi))
	if err != nil && err != fs.SkipDir && !errors.Is(err, fs.SkipAll) {
		return nil, err
	}
	sort.Slice(c.Entries, func(i, j int) bool { return c.Entries[i].Path < c.Entries[j].Path })
	c.Took = time.Since(start)
	return c, nil
}

type walker struct {
	c      *Context
	limits Limits
	pm     *patternmatcher.PatternMatcher
	infos  map[string]patternmatcher.MatchInfo
	notes  int
	list   func(string) ([]fs.DirEntry, error)
	noted  func(dir, name string) (int64, bool)
	// dir is the folder whose entries are visited.
	dir string
}

// walkDir is filepath.WalkDir's walk below the root, step for step (the
// same calls of visit, in the same order, with the same errors), with
// each path's slash path relative to the root built along (rel) instead
// of asked of filepath.Rel, and folders listed by w.list.
func (w *walker) walkDir(full, rel string, d fs.DirEntry) error {
	if err := w.visit(full, rel, d, nil); err != nil || !d.IsDir() {
		if err == fs.SkipDir && d.IsDir() {
			err = nil
		}
		return err
	}
	entries, err := w.list(full)
	if err != nil {
		if err = w.visit(full, rel, d, err); err != nil {
			if err == fs.SkipDir && d.IsDir() {
				err = nil
			}
			return err
		}
	}
	for _, d1 := range entries {
		name := d1.Name()
		rel1 := name
		if rel != "." {
			rel1 = rel + "/" + name
		}
		w.dir = full
		if err := w.walkDir(filepath.Join(full, name), rel1, d1); err != nil {
			if err == fs.SkipDir {
				break
			}
			return err
		}
	}
	return nil
}

// maxNotes bounds the notes kept.
const maxNotes = 20

func (w *walker) note(format string, args ...any) {
	w.notes++
	if w.notes <= maxNotes {
		w.c.Notes = append(w.c.Notes, fmt.Sprintf(format, args...))
	}
}

// visit is the walk's function for the path full, rel relative to the
// root ("." for the root), as filepath.WalkDir calls it.
func (w *walker) visit(full, rel string, d fs.DirEntry, err error) error {
	c := w.c
	if err != nil {
		switch {
		case errors.Is(err, fs.ErrNotExist):
			w.note("%s vanished during the walk", rel)
		default:
			w.note("cannot read %s: %v", rel, unwrap(err))
		}
		if rel == "." {
			return err
		}
		if d != nil && d.IsDir() {
			return fs.SkipDir
		}
		return nil
	}
	if rel == "." {
		return nil
	}
	if w.limits.MaxEntries > 0 && len(c.Entries) >= w.limits.MaxEntries {
		c.Truncated = true
		w.note("stopped after %d entries", w.limits.MaxEntries)
		return fs.SkipAll
	}
	e := Entry{Path: rel, Dir: d.IsDir(), Link: d.Type()&fs.ModeSymlink != 0}
	if w.pm != nil {
		m, info, merr := w.pm.MatchesUsingParentResults(rel, w.infos[path.Dir(rel)])
		if merr == nil {
			e.Excluded = m
			if e.Dir {
				w.infos[rel] = info
			}
		}
	}
	if e.Excluded && e.Dir && !w.mayKeepInside(rel) {
		e.Pruned = true
		c.Entries = append(c.Entries, e)
		return fs.SkipDir
	}
	if !e.Excluded && d.Type().IsRegular() {
		if size, ok := w.notedSize(d.Name()); ok {
			e.Size = size
		} else {
			info, ierr := d.Info()
			if ierr != nil {
				if errors.Is(ierr, fs.ErrNotExist) {
					w.note("%s vanished during the walk", rel)
				} else {
					w.note("cannot read %s: %v", rel, unwrap(ierr))
				}
				return nil
			}
			e.Size = info.Size()
		}
		c.KeptFiles++
		c.KeptBytes += e.Size
		if w.limits.MaxBytes > 0 && c.KeptBytes > w.limits.MaxBytes {
			c.Entries = append(c.Entries, e)
			c.Truncated = true
			w.note("stopped after %s", FormatSize(w.limits.MaxBytes))
			return fs.SkipAll
		}
	}
	c.Entries = append(c.Entries, e)
	return nil
}

// notedSize returns the size noted of the file name in the folder
// visited, if any.
func (w *walker) notedSize(name string) (int64, bool) {
	if w.noted == nil {
		return 0, false
	}
	return w.noted(w.dir, name)
}

// mayKeepInside reports whether an exception pattern may keep something
// inside the excluded folder dir (as Docker's archive code decides).
func (w *walker) mayKeepInside(dir string) bool {
	if !w.pm.Exclusions() {
		return false
	}
	for _, p := range w.pm.Patterns() {
		if !p.Exclusion() {
			continue
		}
		s := filepath.ToSlash(p.String())
		if strings.HasPrefix(s+"/", dir+"/") || strings.ContainsAny(s, "*?[") {
			return true
		}
	}
	return false
}

func unwrap(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// FormatSize renders a byte count for people: 12 B, 3.4 KB, 120 MB.
func FormatSize(n int64) string {
	const unit = 1000
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	v := float64(n) / float64(div)
	if v < 10 {
		return fmt.Sprintf("%.1f %cB", v, "KMGTPE"[exp])
	}
	return fmt.Sprintf("%.0f %cB", v, "KMGTPE"[exp])
}

// maxHead is how much of a file Head reads.
const maxHead = 64 << 10

// Head returns the first bytes of the regular file rel of the context
// (nil for links, folders and what cannot be read). It is used only to
// recognise credential files; their content is never shown.
func (c *Context) Head(rel string) []byte {
	full := filepath.Join(c.Root, filepath.FromSlash(rel))
	if fi, err := os.Lstat(full); err != nil || !fi.Mode().IsRegular() {
		return nil
	}
	// Checked again once open: a FIFO put in its place would block.
	f, fi, err := safeio.OpenRegular(full)
	if err != nil {
		return nil
	}
	defer f.Close()
	buf := make([]byte, min(fi.Size(), maxHead))
	n, _ := f.Read(buf)
	return buf[:n]
}
