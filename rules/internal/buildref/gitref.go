package buildref

import (
	"errors"
	"fmt"
	"maps"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
)

// GitRef is a git source of ADD as BuildKit's dfgitutil.ParseGitRef reads
// it: "https://host/org/repo.git#ref:subdir", "git@host:org/repo.git",
// or the deprecated "github.com/org/repo".
type GitRef struct {
	// Remote is the repository's address, without ref or subfolder.
	Remote string
	// ShortName is the repository's folder name ("repo").
	ShortName string
	// Ref is the commit, tag or branch asked for, if any.
	Ref string
	// Checksum is the commit the ref must be, if given.
	Checksum string
	// SubDir is the folder inside the repository, if any.
	SubDir string
	// IndistinguishableFromLocal is true for "github.com/org/repo", which
	// is also a local path.
	IndistinguishableFromLocal bool
	// UnencryptedTCP is true for git:// and http:// addresses.
	UnencryptedTCP bool
	// KeepGitDir and Submodules are the query's keep-git-dir and
	// submodules, when given.
	KeepGitDir, Submodules *bool
	// MTime is the query's mtime: "checkout" or "commit", if given.
	MTime string
	// FetchByCommit is the query's fetch-by-commit.
	FetchByCommit bool
}

// errNotGit is the error of a source that is no git reference.
var errNotGit = errors.New("not a git reference")

// ParseGitRef reads ref as dfgitutil.ParseGitRef does. isGit says that
// ref is a git reference; err, with isGit true, that its query is wrong
// (the message is BuildKit's); with isGit false, that it is no git
// reference. A query's keys are checked in sorted order, so that a source
// with two wrong keys always gets the same message (BuildKit checks them in
// a map's order).
func ParseGitRef(ref string) (res *GitRef, isGit bool, err error) {
	res = &GitRef{}
	var remote *gitURL
	switch {
	case strings.HasPrefix(ref, "./") || strings.HasPrefix(ref, "../"):
		return nil, false, errNotGit
	case strings.HasPrefix(ref, "github.com/"):
		res.IndistinguishableFromLocal = true
		u, err := url.Parse(ref)
		if err != nil {
			return nil, false, err
		}
		u.Scheme = "https"
		remote = fromURL(u)
	default:
		remote, err = parseGitURL(ref)
		if err != nil {
			return nil, false, err
		}
		switch remote.scheme {
		case "http", "git":
			res.UnencryptedTCP = true
		}
		switch remote.scheme {
		case "http", "https":
			if !strings.HasSuffix(remote.path, ".git") {
				return nil, false, errNotGit
			}
		}
	}
	res.Remote = remote.remote
	if res.IndistinguishableFromLocal {
		_, res.Remote, _ = strings.Cut(res.Remote, "://")
	}
	if remote.fragment != "" {
		r, subdir, _ := strings.Cut(remote.fragment, ":")
		res.Ref, res.SubDir = r, strings.TrimPrefix(path.Join("/", subdir), "/")
	}
	res.ShortName = strings.TrimSuffix(res.Remote[strings.LastIndexByte(res.Remote, '/')+1:], ".git")
	if err := res.loadQuery(remote.query); err != nil {
		return nil, true, err
	}
	return res, true, nil
}

// gitURL is what ParseGitRef reads of an address (BuildKit's
// gitutil.GitURL).
type gitURL struct {
	scheme, path, fragment string
	query                  url.Values
	remote                 string // the address without query and fragment
}

// parseGitURL reads remote as BuildKit's gitutil.ParseURL does: a URL of
// http, https, ssh or git, or an SCP-like user@host:path.
func parseGitURL(remote string) (*gitURL, error) {
	if proto, ok := urlScheme(remote); ok {
		switch strings.ToLower(proto) {
		case "http", "https", "ssh", "git":
		default:
			return nil, fmt.Errorf("%s: invalid protocol", strings.ToLower(proto))
		}
		u, err := url.Parse(remote)
		if err != nil {
			return nil, err
		}
		return fromURL(u), nil
	}
	if u, ok := parseSCP(remote); ok {
		return u, nil
	}
	return nil, errNotGit
}

// urlScheme returns the scheme of a remote that starts with
// ^[a-zA-Z0-9]+://.
func urlScheme(s string) (string, bool) {
	i := 0
	for i < len(s) && isAlnum(s[i]) {
		i++
	}
	if i == 0 || !strings.HasPrefix(s[i:], "://") {
		return "", false
	}
	return s[:i], true
}

func fromURL(u *url.URL) *gitURL {
	bare := *u
	bare.Fragment, bare.RawQuery = "", "" // and RawFragment kept, as BuildKit does
	q := u.Query()
	if len(q) == 0 {
		q = nil
	}
	return &gitURL{scheme: u.Scheme, path: u.Path, fragment: u.Fragment, query: q, remote: bare.String()}
}

// parseSCP reads an SCP-like address as BuildKit's sshutil does, with the
// pattern ^([a-zA-Z0-9-_]+)@([a-zA-Z0-9-.]+):(.*?)(?:\?(.*?))?(?:#(.*))?$:
// user@host:path[?query][#fragment], on one line. ok is false for
// anything else, or a query that does not parse.
func parseSCP(s string) (u *gitURL, ok bool) {
	if strings.ContainsRune(s, '\n') {
		return nil, false // the pattern's . is not a line break
	}
	at := strings.IndexByte(s, '@')
	if at <= 0 || !allBytes(s[:at], isOSNameByte) {
		return nil, false
	}
	user, rest := s[:at], s[at+1:]
	colon := strings.IndexByte(rest, ':')
	if colon <= 0 || !allBytes(rest[:colon], isHostByte) {
		return nil, false
	}
	host, rest := rest[:colon], rest[colon+1:]
	p, rawQuery, fragment := rest, "", ""
	if i := strings.IndexAny(rest, "?#"); i >= 0 {
		p = rest[:i]
		if rest[i] == '#' {
			fragment = rest[i+1:]
		} else {
			rawQuery = rest[i+1:]
			if j := strings.IndexByte(rawQuery, '#'); j >= 0 {
				rawQuery, fragment = rawQuery[:j], rawQuery[j+1:]
			}
		}
	}
	q := url.Values{}
	if rawQuery != "" {
		var err error
		if q, err = url.ParseQuery(rawQuery); err != nil {
			return nil, false
		}
	}
	if len(q) == 0 {
		q = nil
	}
	return &gitURL{scheme: "ssh", path: p, fragment: fragment, query: q, remote: url.User(user).String() + "@" + host + ":" + p}, true
}

// loadQuery reads a git source's query as dfgitutil does.
func (g *GitRef) loadQuery(query url.Values) error {
	if len(query) == 0 {
		return nil
	}
	var tag, branch string
	for _, k := range slices.Sorted(maps.Keys(query)) {
		v := query[k]
		switch len(v) {
		case 0, 1:
			if len(v) == 0 || v[0] == "" {
				switch k {
				case "submodules", "keep-git-dir", "fetch-by-commit":
					v = nil
				default:
					return fmt.Errorf("query %q has no value", k)
				}
			}
		default:
			return fmt.Errorf("query %q has multiple values", k)
		}
		flag := func(name string) (bool, error) {
			if len(v) == 0 {
				return true, nil
			}
			b, err := strconv.ParseBool(v[0])
			if err != nil {
				return false, fmt.Errorf("invalid %s value: %q", name, v[0])
			}
			return b, nil
		}
		switch k {
		case "ref":
			if g.Ref != "" && g.Ref != v[0] {
				return fmt.Errorf("ref conflicts: %q vs %q", g.Ref, v[0])
			}
			g.Ref = v[0]
		case "tag":
			tag = v[0]
		case "branch":
			branch = v[0]
		case "subdir":
			if g.SubDir != "" && g.SubDir != v[0] {
				return fmt.Errorf("subdir conflicts: %q vs %q", g.SubDir, v[0])
			}
			g.SubDir = v[0]
		case "checksum", "commit":
			g.Checksum = v[0]
		case "keep-git-dir":
			b, err := flag(k)
			if err != nil {
				return err
			}
			g.KeepGitDir = &b
		case "submodules":
			b, err := flag(k)
			if err != nil {
				return err
			}
			g.Submodules = &b
		case "mtime":
			switch v[0] {
			case "checkout", "commit":
				g.MTime = v[0]
			default:
				return fmt.Errorf("invalid mtime value: %q (must be \"checkout\" or \"commit\")", v[0])
			}
		case "fetch-by-commit":
			b, err := flag(k)
			if err != nil {
				return err
			}
			g.FetchByCommit = b
		default:
			return fmt.Errorf("unexpected query %q", k)
		}
	}
	if tag != "" {
		if !strings.HasPrefix(tag, "refs/tags/") {
			tag = "refs/tags/" + tag
		}
		if g.Ref != "" && g.Ref != tag {
			return fmt.Errorf("ref conflicts: %q vs %q", g.Ref, tag)
		}
		g.Ref = tag
	}
	if branch != "" {
		if tag != "" {
			return errors.New("branch conflicts with tag")
		}
		if !strings.HasPrefix(branch, "refs/heads/") {
			branch = "refs/heads/" + branch
		}
		if g.Ref != "" && g.Ref != branch {
			return fmt.Errorf("ref conflicts: %q vs %q", g.Ref, branch)
		}
		g.Ref = branch
	}
	return nil
}
