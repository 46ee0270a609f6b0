package buildctx

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
)

// key names one walk: a context root and the ignore file in force.
type key struct{ root, ignore string }

// slot is a cache entry: the last walk done, and the walk under way.
type slot struct {
	done    chan struct{} // closed when the first walk ends
	ctx     *Context
	err     error
	stale   bool // a file of the context changed since ctx was walked
	walking bool // a refresh is under way
	used    uint64
}

// Cache holds walks by context root and ignore file. The zero value is
// not usable; use NewCache.
type Cache struct {
	// Limits bound the walks.
	Limits Limits
	// Max is how many contexts are kept.
	Max int

	mu    sync.Mutex
	slots map[key]*slot
	clock uint64
	// workDir, when set, is the working folder (see SetWorkDir).
	workDir atomic.Pointer[string]
	// realWD is workDir when it names the folder with no link in its
	// path (see SetWorkDir): a clean relative path then names the folder
	// its join with realWD names, and listings are kept by that.
	realWD atomic.Pointer[string]
	// steady is set while no file changes (see SetSteady); listings
	// then holds each folder listed, by absolute path where known.
	steady   atomic.Bool
	listMu   sync.Mutex
	listings map[string]*folderListing
	// listed counts the names listings and sizes hold (at most
	// maxListedNames).
	listed int
	// sizes holds the sizes of regular files noted while steady
	// (NoteFile), by folder key (see listKey) and name.
	sizes map[string]map[string]int64
}

// maxListedNames bounds the names a steady cache keeps in its folder
// listings: a folder listed beyond it is listed again when asked again.
const maxListedNames = 1 << 20

// folderListing is one folder's listing, kept while the cache is steady.
type folderListing struct {
	once    sync.Once
	entries []fs.DirEntry
	err     error
	// ignores is built from entries on first use (ignoreOnce).
	ignoreOnce sync.Once
	ignores    ignoreListing
}

// ignoreListing is what a folder's listing says of its ignore files: the
// entries whose name ends in ".dockerignore" in any case, by lower-cased
// name; nil when the folder could not be listed.
type ignoreListing map[string]listedEntry

// listedEntry is one listed name and its type bits.
type listedEntry struct {
	name string
	typ  fs.FileMode
}

// SetSteady tells the cache that no file changes while it is used (the
// CLI, for one run): each folder is then listed once (ReadDir), and
// IgnoreFileFor answers from that listing instead of two stats per
// Dockerfile, and walks list their folders through it. Turning it off, or
// Forget, forgets the listings.
func (c *Cache) SetSteady(on bool) {
	c.forgetListings()
	c.steady.Store(on)
}

// forgetListings drops the folder listings and sizes kept while steady.
func (c *Cache) forgetListings() {
	c.listMu.Lock()
	c.listings, c.sizes, c.listed = nil, nil, 0
	c.listMu.Unlock()
}

// NoteFile tells a steady cache that the file at path (not a symbolic
// link) is a regular file of size bytes, as os.Lstat would say: the CLI
// reads the Dockerfiles it lints, and a walk of a build context that
// lists them takes their sizes from here instead of asking again (an
// lstat each). A cache that is not steady ignores it.
func (c *Cache) NoteFile(path string, size int64) {
	if !c.steady.Load() {
		return
	}
	dir, name := filepath.Split(path)
	k, ok := c.listKey(filepath.Clean(dir))
	if !ok || name == "" {
		return
	}
	c.listMu.Lock()
	defer c.listMu.Unlock()
	if c.listed >= maxListedNames {
		return
	}
	if c.sizes == nil {
		c.sizes = map[string]map[string]int64{}
	}
	m := c.sizes[k]
	if m == nil {
		m = map[string]int64{}
		c.sizes[k] = m
	}
	if _, ok := m[name]; !ok {
		c.listed++
	}
	m[name] = size
}

// notedSize returns the size noted (NoteFile) of the file name in the
// folder dir (absolute and clean), if any.
func (c *Cache) notedSize(dir, name string) (int64, bool) {
	if !c.steady.Load() {
		return 0, false
	}
	c.listMu.Lock()
	defer c.listMu.Unlock()
	size, ok := c.sizes[dir][name]
	return size, ok
}

// ReadDir lists the folder dir as os.ReadDir does (sorted by name, the
// entries read before an error returned with it). While the cache is
// steady, a folder is listed once and its listing kept, shared by every
// caller that names it (the CLI's look-up of its paths, IgnoreFileFor,
// the walks of build contexts): by absolute path when the working folder
// is known (SetWorkDir) and dir is clean, so that "ctx" and the walk's
// "/abs/ctx" share one. The entries are shared: never modify them.
func (c *Cache) ReadDir(dir string) ([]fs.DirEntry, error) {
	if dir == "" {
		dir = "."
	}
	if !c.steady.Load() {
		return os.ReadDir(dir)
	}
	k, ok := c.listKey(dir)
	if !ok {
		return os.ReadDir(dir)
	}
	l := c.folder(k)
	return l.entries, l.err
}

// folder returns the listing of the folder at key k (see listKey),
// listing it the first time; concurrent first calls share one listing.
func (c *Cache) folder(k string) *folderListing {
	c.listMu.Lock()
	l, ok := c.listings[k]
	if !ok {
		l = &folderListing{}
		if c.listings == nil {
			c.listings = map[string]*folderListing{}
		}
		c.listings[k] = l
	}
	c.listMu.Unlock()
	l.once.Do(func() {
		l.entries, l.err = os.ReadDir(k)
		c.listMu.Lock()
		if c.listings[k] == l {
			c.listed += len(l.entries)
			if c.listed > maxListedNames {
				// Kept no longer: the next call lists it again.
				delete(c.listings, k)
				c.listed -= len(l.entries)
			}
		}
		c.listMu.Unlock()
	})
	return l
}

// listKey returns the key of dir's listing, which is also the path
// listed for it: dir cleaned (filepath.Clean leaves it as it is, but for
// a final separator), made absolute when it is relative and the working
// folder has no link in its path (there "../x" names the folder that
// "/abs/x" names). ok is false for a path that is not clean: it is
// listed as given, and not kept.
func (c *Cache) listKey(dir string) (key string, ok bool) {
	clean := filepath.Clean(dir)
	if clean != dir && clean+string(filepath.Separator) != dir {
		return "", false
	}
	if !filepath.IsAbs(clean) {
		if wd := c.realWD.Load(); wd != nil {
			return filepath.Join(*wd, clean), true
		}
	}
	return clean, true
}

// IgnoreFileFor is the package's IgnoreFileFor; while the cache is steady
// (SetSteady), it looks the candidates up in folder listings.
func (c *Cache) IgnoreFileFor(root, dockerfile string) string {
	if !c.steady.Load() {
		return IgnoreFileFor(root, dockerfile)
	}
	return ignoreFileFor(root, dockerfile, c.isRegular)
}

// isRegular reports whether p is a regular file (following a link), as
// os.Stat would, from the listing of its folder: a name listed as a
// regular file is one, a name not listed in any case is none, and any
// other (a link, a name listed in another case) is stat'ed.
func (c *Cache) isRegular(p string) bool {
	dir, name := filepath.Split(p)
	l := c.ignoreListing(filepath.Clean(dir))
	if l == nil {
		return statRegular(p)
	}
	e, ok := l[strings.ToLower(name)]
	switch {
	case !ok:
		return false
	case e.name == name && e.typ.IsRegular():
		return true
	}
	return statRegular(p)
}

// ignoreListing returns the ignore files listed in dir (clean), from its
// listing (ReadDir); nil when it cannot be listed.
func (c *Cache) ignoreListing(dir string) ignoreListing {
	k, ok := c.listKey(dir)
	if !ok {
		return listIgnores(os.ReadDir(dir))
	}
	l := c.folder(k)
	l.ignoreOnce.Do(func() { l.ignores = listIgnores(l.entries, l.err) })
	return l.ignores
}

// listIgnores keeps the entries of a listing whose name ends in
// ".dockerignore" in any case; nil for a listing that failed.
func listIgnores(entries []fs.DirEntry, err error) ignoreListing {
	if err != nil {
		return nil
	}
	l := ignoreListing{}
	for _, e := range entries {
		if lower := strings.ToLower(e.Name()); strings.HasSuffix(lower, ".dockerignore") {
			l[lower] = listedEntry{e.Name(), e.Type()}
		}
	}
	return l
}

// SetWorkDir tells the cache the working folder that relative paths are
// taken from, so that a lookup need not ask the system for it (two stats
// each); "" makes every lookup ask again. Only a program that does not
// change folder while it uses the cache may set it (the CLI, for one run).
//
// The folder's path is also checked for links once (a stat per part):
// without any, a clean relative path names the folder its join with dir
// names, and steady listings are shared between the two (see ReadDir).
func (c *Cache) SetWorkDir(dir string) {
	if dir == "" {
		c.workDir.Store(nil)
		c.realWD.Store(nil)
		return
	}
	c.workDir.Store(&dir)
	if r, err := filepath.EvalSymlinks(dir); err == nil && r == dir && filepath.IsAbs(dir) {
		c.realWD.Store(&dir)
	} else {
		c.realWD.Store(nil)
	}
}

// NewCache returns a cache with the default limits.
func NewCache() *Cache {
	return &Cache{Limits: DefaultLimits, Max: 16, slots: map[key]*slot{}}
}

// Default is the cache rules read through Load.
var Default = NewCache()

// Load returns the build context at root for a Dockerfile at dockerfile
// (may be ""), walking it the first time. It returns nil when root is ""
// or cannot be walked.
func Load(root, dockerfile string) *Context { return Default.Load(root, dockerfile) }

// keyFor returns the key of the context at root for the Dockerfile at
// dockerfile: both made absolute, and the ignore file in force.
func (c *Cache) keyFor(root, dockerfile string) (key, bool) {
	return c.keyIgnoring(root, dockerfile, "", false)
}

// keyIgnoring is keyFor with the ignore file already looked up, when
// known is set: ignore is IgnoreFileFor(root, dockerfile) for the paths as
// given.
func (c *Cache) keyIgnoring(root, dockerfile, ignore string, known bool) (key, bool) {
	if root == "" {
		return key{}, false
	}
	var wd string
	if w := c.workDir.Load(); w != nil {
		wd = *w
	}
	absPath := func(p string) (string, error) {
		// filepath.Abs, asking for the working folder (two stats) once.
		if filepath.IsAbs(p) {
			return filepath.Clean(p), nil
		}
		if wd == "" {
			w, err := os.Getwd()
			if err != nil {
				return "", err
			}
			wd = w
		}
		return filepath.Join(wd, p), nil
	}
	abs, err := absPath(root)
	if err != nil {
		return key{}, false
	}
	if dockerfile != "" && dockerfile != "-" {
		if d, err := absPath(dockerfile); err == nil {
			dockerfile = d
		}
	}
	if !known {
		return key{abs, c.IgnoreFileFor(abs, dockerfile)}, true
	}
	if ignore != "" {
		if a, err := absPath(ignore); err == nil {
			ignore = a
		}
	}
	return key{abs, ignore}, true
}

// Load returns the context at root, walking it unless a walk is cached
// (a stale one included: refreshing is Refresh's job). Concurrent calls
// for one context share one walk.
func (c *Cache) Load(root, dockerfile string) *Context {
	k, ok := c.keyFor(root, dockerfile)
	return c.load(k, ok, root)
}

// LoadIgnoring is Load for a caller that has looked up the ignore file
// already: ignore is IgnoreFileFor(root, dockerfile), which Load would
// look up again (two stats).
func (c *Cache) LoadIgnoring(root, dockerfile, ignore string) *Context {
	k, ok := c.keyIgnoring(root, dockerfile, ignore, true)
	return c.load(k, ok, root)
}

func (c *Cache) load(k key, ok bool, root string) *Context {
	if !ok {
		return nil
	}
	c.mu.Lock()
	c.clock++
	s := c.slots[k]
	if s == nil {
		s = &slot{done: make(chan struct{}), walking: true}
		c.insert(k, s)
		c.mu.Unlock()
		ctx, err := walk(k, root, c.Limits, c.ReadDir, c.notedSize)
		c.mu.Lock()
		s.ctx, s.err, s.walking = ctx, err, false
		close(s.done)
	}
	s.used = c.clock
	c.mu.Unlock()
	<-s.done
	c.mu.Lock()
	defer c.mu.Unlock()
	return s.ctx
}

// insert adds a slot, dropping the least recently used beyond Max.
func (c *Cache) insert(k key, s *slot) {
	c.slots[k] = s
	for len(c.slots) > max(c.Max, 1) {
		var oldest key
		var least uint64 = ^uint64(0)
		for k2, s2 := range c.slots {
			if s2.used < least && !s2.walking {
				oldest, least = k2, s2.used
			}
		}
		if least == ^uint64(0) {
			return
		}
		delete(c.slots, oldest)
	}
}

// Peek returns the cached context at root without walking: ctx is nil
// when there is none yet, fresh is false when it is stale or missing.
func (c *Cache) Peek(root, dockerfile string) (ctx *Context, fresh bool) {
	k, ok := c.keyFor(root, dockerfile)
	if !ok {
		return nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	s := c.slots[k]
	if s == nil || s.ctx == nil && s.err == nil {
		return nil, false
	}
	c.clock++
	s.used = c.clock
	return s.ctx, !s.stale
}

// Refresh walks the context at root in the background, unless a walk of
// it is under way, and calls done (if not nil) with the new result once
// it is installed. Until then Load and Peek return the previous walk.
// It reports whether a walk was started.
func (c *Cache) Refresh(root, dockerfile string, done func(*Context)) bool {
	k, ok := c.keyFor(root, dockerfile)
	if !ok {
		return false
	}
	c.mu.Lock()
	s := c.slots[k]
	if s != nil && s.walking {
		c.mu.Unlock()
		return false
	}
	first := s == nil
	if first {
		s = &slot{done: make(chan struct{})}
		c.clock++
		s.used = c.clock
		c.insert(k, s)
	}
	s.walking = true
	c.mu.Unlock()
	go func() {
		ctx, err := walk(k, root, c.Limits, c.ReadDir, c.notedSize)
		c.mu.Lock()
		s.walking = false
		s.ctx, s.err, s.stale = ctx, err, false
		if first {
			close(s.done)
		}
		c.mu.Unlock()
		if done != nil {
			done(ctx)
		}
	}()
	return true
}

// Invalidate marks stale every cached context that holds path (a file or
// folder that changed), or whose ignore file it is. It returns the roots
// marked.
func (c *Cache) Invalidate(path string) []string {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	var roots []string
	for k, s := range c.slots {
		if within(abs, k.root) || abs == k.ignore || strings.HasSuffix(abs, ".dockerignore") && filepath.Dir(abs) == k.root {
			s.stale = true
			roots = append(roots, k.root)
		}
	}
	return roots
}

// Forget drops every cached context, and the folder listings kept while
// steady (a file was written).
func (c *Cache) Forget() {
	c.forgetListings()
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, s := range c.slots {
		if !s.walking {
			delete(c.slots, k)
		}
	}
}

// within reports whether p is dir or lies inside it.
func within(p, dir string) bool {
	return p == dir || strings.HasPrefix(p, dir+string(os.PathSeparator))
}
