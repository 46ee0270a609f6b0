package buildctx

import (
	"path"
	"slices"
	"strings"
)

// Clean turns a COPY or ADD source into a slash path relative to the
// context root, as BuildKit resolves it: absolute paths and ".." stay
// inside the context.
func Clean(src string) string {
	src = strings.ReplaceAll(src, "\\", "/")
	p := path.Clean("/" + src)
	if p == "/" {
		return "."
	}
	return p[1:]
}

// IsGlob reports whether a cleaned source holds wildcards.
func IsGlob(src string) bool { return strings.ContainsAny(src, "*?[") }

// Match is what a source names in the context.
type Match struct {
	// Entries are the kept entries the source names (for a folder, the
	// folder itself, not its contents).
	Entries []Entry
	// Excluded says the source exists but .dockerignore leaves it out.
	Excluded bool
	// Unknown says the walk cannot tell (a limit stopped it, or the
	// source lies in a folder it did not enter).
	Unknown bool
}

// Found reports whether the source names something the build sees.
func (m Match) Found() bool { return len(m.Entries) > 0 }

// Match resolves src (a cleaned source, see Clean).
func (c *Context) Match(src string) Match {
	if src == "." {
		return Match{Entries: []Entry{{Path: ".", Dir: true}}}
	}
	if !IsGlob(src) {
		e, ok := c.Lookup(src)
		switch {
		case ok && e.Excluded:
			return Match{Excluded: true}
		case ok:
			return Match{Entries: []Entry{e}}
		case c.InPruned(src):
			return Match{Excluded: true}
		case c.Truncated:
			return Match{Unknown: true}
		}
		return Match{}
	}
	if _, err := path.Match(src, ""); err != nil {
		return Match{Unknown: true}
	}
	if v, ok := c.globs.Load(src); ok {
		return v.(Match)
	}
	m := c.matchGlob(src)
	m.Entries = slices.Clip(m.Entries) // shared: an append copies
	if c.globCount.Add(1) <= maxGlobMemo {
		c.globs.Store(src, m)
	}
	return m
}

// maxGlobMemo bounds the glob results a context keeps.
const maxGlobMemo = 1024

// matchGlob resolves a glob against every entry at its depth.
func (c *Context) matchGlob(src string) Match {
	var m Match
	depth := strings.Count(src, "/")
	// Only entries below the glob's fixed leading folders can match.
	fixed := "."
	for _, seg := range strings.Split(src, "/") {
		if IsGlob(seg) {
			break
		}
		fixed = path.Join(fixed, seg)
	}
	for _, e := range c.Under(fixed) {
		if strings.Count(e.Path, "/") != depth {
			continue
		}
		if ok, _ := path.Match(src, e.Path); !ok {
			continue
		}
		if e.Excluded {
			m.Excluded = true
			continue
		}
		m.Entries = append(m.Entries, e)
	}
	if len(m.Entries) == 0 && (c.Truncated || c.MayReachPruned(src)) {
		m.Unknown = true
	}
	return m
}

// MayReachPruned reports whether a glob or ignore pattern could match
// inside a folder the walk did not enter, where nothing is known ("**"
// reaches into any of them).
func (c *Context) MayReachPruned(glob string) bool {
	segs := strings.Split(glob, "/")
	for _, e := range c.Entries {
		if !e.Pruned {
			continue
		}
		if strings.Contains(glob, "**") {
			return true
		}
		ds := strings.Split(e.Path, "/")
		if len(ds) >= len(segs) {
			continue
		}
		ok := true
		for i, d := range ds {
			if m, _ := path.Match(segs[i], d); !m {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// Files returns the kept files and links that the entries of m bring
// into the image: the entries themselves, and what their folders hold.
func (c *Context) Files(m Match) []Entry {
	var out []Entry
	for _, e := range m.Entries {
		if !e.Dir {
			out = append(out, e)
			continue
		}
		for _, f := range c.Under(e.Path) {
			if !f.Excluded && !f.Dir {
				out = append(out, f)
			}
		}
	}
	return out
}

// Suggest returns the kept paths nearest to a source that names nothing:
// in the same folder, or anywhere for a path of several folders, within
// an edit distance that grows with the name's length. Best first; at most
// three. The slice is shared: callers must not modify it.
func (c *Context) Suggest(src string) []string {
	if src == "." || IsGlob(src) {
		return nil
	}
	if v, ok := c.suggestions.Load(src); ok {
		return v.([]string)
	}
	out := c.suggest(src)
	if c.suggestCount.Add(1) <= maxSuggestMemo {
		c.suggestions.Store(src, out)
	}
	return out
}

// maxSuggestMemo bounds the suggestions a context keeps.
const maxSuggestMemo = 1024

// suggest is Suggest without the memo.
func (c *Context) suggest(src string) []string {
	limit := 1
	if n := len(path.Base(src)); n >= 5 {
		limit = 2
	}
	if len(src) >= 12 {
		limit = 3
	}
	type cand struct {
		p string
		d int
	}
	var best []cand
	var dist distancer
	lower := []rune(strings.ToLower(src))
	for _, e := range c.Entries {
		if e.Excluded || e.Pruned {
			continue
		}
		if d := len(e.Path) - len(src); d > limit || -d > limit {
			continue
		}
		d := dist.distance(lower, strings.ToLower(e.Path), limit)
		if d <= limit && e.Path != src {
			best = append(best, cand{e.Path, d})
		}
	}
	// Stable order: distance, then path.
	for i := 1; i < len(best); i++ {
		for j := i; j > 0 && (best[j].d < best[j-1].d || best[j].d == best[j-1].d && best[j].p < best[j-1].p); j-- {
			best[j], best[j-1] = best[j-1], best[j]
		}
	}
	var out []string
	for i := 0; i < len(best) && i < 3; i++ {
		out = append(out, best[i].p)
	}
	return slices.Clip(out)
}

// distancer computes distances in buffers it keeps from one call to the
// next: Suggest compares a source with every path of the context.
type distancer struct {
	rb               []rune
	prev2, prev, cur []int
}

// distance is the Damerau-Levenshtein (optimal string alignment)
// distance of ra and b, or limit+1 when it is larger than limit.
func (z *distancer) distance(ra []rune, b string, limit int) int {
	rb := z.rb[:0]
	for _, r := range b {
		rb = append(rb, r)
	}
	z.rb = rb
	if d := len(ra) - len(rb); d > limit || -d > limit {
		return limit + 1
	}
	n := len(rb) + 1
	if cap(z.cur) < n {
		z.prev2, z.prev, z.cur = make([]int, n), make([]int, n), make([]int, n)
	}
	prev2, prev, cur := z.prev2[:n], z.prev[:n], z.cur[:n]
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
			rowMin = min(rowMin, cur[j])
		}
		if rowMin > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}

// Secret kinds: what a credential file looks like, by name.
var secretNames = []struct{ glob, kind string }{
	{".env", "environment file"},
	{".env.*", "environment file"},
	{"*.env", "environment file"},
	{"*.pem", "private key or certificate"},
	{"*.key", "private key"},
	{"id_rsa*", "SSH key"},
	{"id_dsa*", "SSH key"},
	{"id_ecdsa*", "SSH key"},
	{"id_ed25519*", "SSH key"},
	{"*.p12", "PKCS#12 key store"},
	{"*.pfx", "PKCS#12 key store"},
	{".git-credentials", "Git credentials"},
	{".netrc", "netrc credentials"},
	{"kubeconfig", "kubeconfig"},
	{"*.kubeconfig", "kubeconfig"},
}

// globStar matches name against a glob whose only special character is
// at most one '*', as path.Match would, without its general machinery:
// it runs for every file of a build context.
func globStar(glob, name string) bool {
	pre, suf, star := strings.Cut(glob, "*")
	if !star {
		return glob == name
	}
	return len(name) >= len(pre)+len(suf) && strings.HasPrefix(name, pre) && strings.HasSuffix(name, suf)
}

// SecretKind returns what kind of credential file rel looks like, or ""
// for none. Public halves (id_rsa.pub) and examples (.env.example) are not
// credentials. read, when not nil, returns the first bytes of the file:
// .npmrc, .pypirc, .docker/config.json and kubeconfigs count only when
// they hold a token or a password.
func SecretKind(rel string, read func() []byte) string {
	base := path.Base(rel)
	lower := strings.ToLower(base)
	if strings.HasSuffix(lower, ".pub") {
		return ""
	}
	for _, s := range []string{".example", ".sample", ".template", ".dist", ".defaults"} {
		if strings.HasSuffix(lower, s) {
			return ""
		}
	}
	switch {
	case strings.HasSuffix(rel, ".aws/credentials") || rel == ".aws/credentials":
		return "AWS credentials"
	case rel == ".docker/config.json" || strings.HasSuffix(rel, "/.docker/config.json"):
		if holds(read, `"auth"`, `"identitytoken"`) {
			return "Docker credentials"
		}
		return ""
	case lower == ".npmrc":
		if holds(read, "_authtoken", "_auth", "_password") {
			return "npm token"
		}
		return ""
	case lower == ".pypirc":
		if holds(read, "password", "token") {
			return "PyPI token"
		}
		return ""
	case lower == "config" && strings.HasSuffix(rel, ".kube/config"):
		return "kubeconfig"
	}
	for _, s := range secretNames {
		if globStar(s.glob, lower) {
			if s.kind == "kubeconfig" && !holds(read, "client-key-data", "token:", "password:") {
				return ""
			}
			return s.kind
		}
	}
	return ""
}

// SecretKind is SecretKind for the file at rel, its first bytes read from
// the context (Head), answered once per path.
func (c *Context) SecretKind(rel string) string {
	if k, ok := c.secrets.Load(rel); ok {
		return k.(string)
	}
	k := SecretKind(rel, func() []byte { return c.Head(rel) })
	c.secrets.Store(rel, k)
	return k
}

// holds reports whether the bytes read hold one of words (ignoring case).
// Without a reader, it says yes: the name is enough.
func holds(read func() []byte, words ...string) bool {
	if read == nil {
		return true
	}
	data := strings.ToLower(string(read()))
	for _, w := range words {
		if strings.Contains(data, w) {
			return true
		}
	}
	return false
}
