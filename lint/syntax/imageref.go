package syntax

import (
	"regexp"
	"strings"
	"sync"
)

// ImageRef is an image reference split into its parts. Each part's span
// is given as offsets into the string that was parsed; a missing part has
// an empty value and a zero span.
type ImageRef struct {
	Raw string
	// Registry is the host (and port) when the reference names one:
	// "localhost:5000", "ghcr.io"; empty for Docker Hub short names.
	Registry string
	// Path is the repository path: "library/alpine", "alpine", "org/app".
	Path string
	// Tag is the tag without its colon; Digest includes the algorithm.
	Tag, Digest string

	RegistrySpan, PathSpan, TagSpan, DigestSpan Range
}

// ParseImageRef splits an image reference such as
// "localhost:5000/team/app:1.0@sha256:…". It does not validate: odd input
// still yields a best-effort split.
func ParseImageRef(s string) ImageRef {
	r := ImageRef{Raw: s}
	rest, end := s, len(s)
	if at := strings.IndexByte(rest, '@'); at >= 0 {
		r.Digest = s[at+1:]
		r.DigestSpan = Range{at + 1, len(s)}
		end = at
	}
	name := s[:end]
	slash := strings.IndexByte(name, '/')
	start := 0
	if slash > 0 {
		first := name[:slash]
		if strings.ContainsAny(first, ".:") || first == "localhost" || strings.ToLower(first) != first {
			r.Registry = first
			r.RegistrySpan = Range{0, slash}
			start = slash + 1
		}
	}
	lastSlash := strings.LastIndexByte(name, '/')
	if colon := strings.LastIndexByte(name, ':'); colon > lastSlash && colon >= start {
		r.Tag = name[colon+1:]
		r.TagSpan = Range{colon + 1, end}
		end = colon
	}
	r.Path = s[start:end]
	r.PathSpan = Range{start, end}
	return r
}

// Name returns the reference without tag and digest.
func (r ImageRef) Name() string {
	if r.Registry != "" {
		return r.Registry + "/" + r.Path
	}
	return r.Path
}

// Familiar returns the repository as Docker Hub users know it: without a
// "docker.io/" registry and without "library/".
func (r ImageRef) Familiar() string {
	p := r.Path
	if r.Registry == "" || r.Registry == "docker.io" || r.Registry == "index.docker.io" {
		return strings.TrimPrefix(p, "library/")
	}
	return r.Registry + "/" + p
}

// The grammar of an image reference, as the builder checks it. Compiled
// on first use, so that programs that never validate a reference do not
// pay for it at start-up.
var referenceRe = sync.OnceValue(func() *regexp.Regexp {
	const (
		label     = `(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)`
		domain    = `(?:` + label + `(?:\.` + label + `)*|\[(?:[a-fA-F0-9:]+)\])(?::[0-9]+)?`
		component = `[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*`
		name      = `(?:` + domain + `/)?` + component + `(?:/` + component + `)*`
		tag       = `[\w][\w.-]{0,127}`
		digest    = `[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}`
	)
	return regexp.MustCompile(`^(` + name + `)(?::` + tag + `)?(?:@` + digest + `)?$`)
})

var hex64 = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[a-f0-9]{64}$`) })

// ValidReference reports whether s is an image reference the builder
// accepts as a base image name: a lower-case repository path, an optional
// registry, tag and digest, and no 64-character hex image ID.
func ValidReference(s string) bool {
	m := referenceRe().FindStringSubmatch(s)
	if m == nil || len(m[1]) > 255 || hex64().MatchString(s) {
		return false
	}
	// A registry host may have capitals; the repository may not.
	r := ParseImageRef(s)
	return strings.ToLower(r.Path) == r.Path
}
