package syntax

import (
	"errors"
	"fmt"
	"strings"
)

// This file reads image references as github.com/distribution/reference
// (v0.6.0) does in ParseNormalizedNamed, which BuildKit calls on a FROM
// line's expanded base name, with the same grammar, normalisation and
// errors, word for word. The library compiles ten regular expressions
// when the program starts, about 0.6 ms of every run of berth; this code
// compiles none. FuzzParseNormalizedNamed compares the two on every input.
//
// The grammar, from the library:
//
//	reference        := name [ ":" tag ] [ "@" digest ]
//	name             := [domain '/'] remote-name
//	domain           := host [':' port-number]
//	host             := domain-name | IPv4address | \[ IPv6address \]
//	domain-name      := domain-component ['.' domain-component]*
//	domain-component := /([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])/
//	port-number      := /[0-9]+/
//	path-component   := alpha-numeric [separator alpha-numeric]*
//	remote-name      := path-component ['/' path-component]*
//	alpha-numeric    := /[a-z0-9]+/
//	separator        := /[_.]|__|[-]+/
//	tag              := /[\w][\w.-]{0,127}/
//	digest           := algorithm ":" /[0-9a-fA-F]{32,}/
//	algorithm        := /[A-Za-z][A-Za-z0-9]*/ [ /[-_+.]/ /[A-Za-z][A-Za-z0-9]*/ ]*
//	identifier       := /[a-f0-9]{64}/

// The library's errors, with the same text. A digest is checked as
// github.com/opencontainers/go-digest checks it, whose errors these
// ErrDigest values repeat (the reference library's own
// ErrDigestInvalidFormat, "invalid digest format", is not returned by
// parsing).
var (
	ErrReferenceInvalidFormat = errors.New("invalid reference format")
	ErrNameContainsUppercase  = errors.New("repository name must be lowercase")
	ErrNameEmpty              = errors.New("repository name must have at least one component")
	ErrNameTooLong            = fmt.Errorf("repository name must not be more than %v characters", RepositoryNameTotalLengthMax)

	ErrDigestInvalidFormat = errors.New("invalid checksum digest format")
	ErrDigestInvalidLength = errors.New("invalid checksum digest length")
	ErrDigestUnsupported   = errors.New("unsupported digest algorithm")
)

// RepositoryNameTotalLengthMax is the longest repository path (the name
// without its domain) a reference may have.
const RepositoryNameTotalLengthMax = 255

// The library's normalisation of Docker Hub names: "alpine" is
// "docker.io/library/alpine", and the legacy domain is folded into the
// default one.
const (
	defaultDomain       = "docker.io"
	legacyDefaultDomain = "index." + defaultDomain
	officialRepoPrefix  = "library/"
)

// A NamedRef is an image reference as ParseNormalizedNamed gives it back:
// Domain and Path are the name ("docker.io", "library/alpine"), Tag is
// without its colon, Digest includes its algorithm ("sha256:…").
type NamedRef struct {
	Domain, Path, Tag, Digest string
}

// Name returns the domain and path: "docker.io/library/alpine".
func (r NamedRef) Name() string {
	if r.Domain == "" {
		return r.Path
	}
	return r.Domain + "/" + r.Path
}

// String returns the whole reference: name, ":tag" and "@digest".
func (r NamedRef) String() string {
	s := r.Name()
	if r.Tag != "" {
		s += ":" + r.Tag
	}
	if r.Digest != "" {
		s += "@" + r.Digest
	}
	return s
}

// ParseNormalizedNamed parses s as distribution/reference's function of
// the same name does: a familiar name ("alpine:3.20", "org/app") gets the
// default domain and, for an official image, "library/"; the error, if
// any, has the library's text.
func ParseNormalizedNamed(s string) (NamedRef, error) {
	if isIdentifier(s) {
		return NamedRef{}, fmt.Errorf("invalid repository name (%s), cannot specify 64-byte hexadecimal strings", s)
	}
	domain, remainder := splitDockerDomain(s)
	var remote string
	if tagSep := strings.IndexRune(remainder, ':'); tagSep > -1 {
		remote = remainder[:tagSep]
	} else {
		remote = remainder
	}
	if strings.ToLower(remote) != remote {
		return NamedRef{}, fmt.Errorf("invalid reference format: repository name (%s) must be lowercase", remote)
	}
	// The library's Parse can return a reference without a name (a bare
	// digest), never here: the name starts with a domain and a slash.
	return parseReference(domain + "/" + remainder)
}

// splitDockerDomain splits a name into its domain and the rest, the
// default domain when the first component does not look like one.
func splitDockerDomain(name string) (domain, remoteName string) {
	maybeDomain, maybeRemoteName, ok := strings.Cut(name, "/")
	if !ok {
		return defaultDomain, officialRepoPrefix + name
	}
	switch {
	case maybeDomain == "localhost":
		domain, remoteName = maybeDomain, maybeRemoteName
	case maybeDomain == legacyDefaultDomain:
		domain, remoteName = defaultDomain, maybeRemoteName
	case strings.ContainsAny(maybeDomain, ".:"):
		domain, remoteName = maybeDomain, maybeRemoteName
	case strings.ToLower(maybeDomain) != maybeDomain:
		domain, remoteName = maybeDomain, maybeRemoteName
	default:
		domain, remoteName = defaultDomain, name
	}
	if domain == defaultDomain && !strings.ContainsRune(remoteName, '/') {
		remoteName = officialRepoPrefix + remoteName
	}
	return domain, remoteName
}

// parseReference is the library's Parse, for a string with a name.
func parseReference(s string) (NamedRef, error) {
	name, tag, dgst, ok := matchReference(s)
	if !ok {
		if s == "" {
			return NamedRef{}, ErrNameEmpty
		}
		if _, _, _, ok := matchReference(strings.ToLower(s)); ok {
			return NamedRef{}, ErrNameContainsUppercase
		}
		return NamedRef{}, ErrReferenceInvalidFormat
	}
	r := NamedRef{Tag: tag, Digest: dgst}
	r.Domain, r.Path, _ = splitName(name)
	if len(r.Path) > RepositoryNameTotalLengthMax {
		return NamedRef{}, ErrNameTooLong
	}
	if dgst != "" {
		if err := validateDigest(dgst); err != nil {
			return NamedRef{}, err
		}
	}
	return r, nil
}

// matchReference matches s against name [":" tag] ["@" digest] and gives
// back the three parts. Only a digest follows an '@', and only a domain's
// port or IPv6 address has a ':' before the last '/' (a tag has neither),
// so the parts are found by the last '/' and ':' and the first '@'.
func matchReference(s string) (name, tag, dgst string, ok bool) {
	if at := strings.IndexByte(s, '@'); at >= 0 {
		s, dgst = s[:at], s[at+1:]
		if !isReferenceDigest(dgst) {
			return "", "", "", false
		}
	}
	if colon := strings.LastIndexByte(s, ':'); colon > strings.LastIndexByte(s, '/') {
		s, tag = s[:colon], s[colon+1:]
		if !isTag(tag) {
			return "", "", "", false
		}
	}
	if _, _, ok := splitName(s); !ok {
		return "", "", "", false
	}
	return s, tag, dgst, true
}

// splitName matches a name, [domain '/'] remote-name, and splits it as
// the library's regular expression does: the first component is the
// domain whenever it can be.
func splitName(s string) (domain, path string, ok bool) {
	if first, rest, found := strings.Cut(s, "/"); found && isDomainAndPort(first) && isRemoteName(rest) {
		return first, rest, true
	}
	return "", s, isRemoteName(s)
}

// isDomainAndPort matches host [':' port-number].
func isDomainAndPort(s string) bool {
	host := s
	if strings.HasPrefix(s, "[") {
		end := strings.IndexByte(s, ']')
		if end < 0 {
			return false
		}
		host, s = s[:end+1], s[end+1:]
		if !isIPv6Literal(host) {
			return false
		}
	} else {
		var ok bool
		host, s, ok = strings.Cut(s, ":")
		if ok {
			s = ":" + s
		}
		if !isDomainName(host) {
			return false
		}
	}
	if s == "" {
		return true
	}
	return s[0] == ':' && len(s) > 1 && allBytes(s[1:], isDigit)
}

// isIPv6Literal matches \[[a-fA-F0-9:]+\].
func isIPv6Literal(s string) bool {
	return len(s) > 2 && s[0] == '[' && s[len(s)-1] == ']' &&
		allBytes(s[1:len(s)-1], func(c byte) bool { return isHex(c) || c == ':' })
}

// isDomainName matches domain-component ['.' domain-component]*.
func isDomainName(s string) bool {
	for {
		label, rest, more := strings.Cut(s, ".")
		if label == "" || label[0] == '-' || label[len(label)-1] == '-' ||
			!allBytes(label, func(c byte) bool { return isAlnum(c) || c == '-' }) {
			return false
		}
		if !more {
			return true
		}
		s = rest
	}
}

// isRemoteName matches path-component ['/' path-component]*.
func isRemoteName(s string) bool {
	for {
		comp, rest, more := strings.Cut(s, "/")
		if !isPathComponent(comp) {
			return false
		}
		if !more {
			return true
		}
		s = rest
	}
}

// isPathComponent matches [a-z0-9]+ ((?:[._]|__|[-]+) [a-z0-9]+)*.
func isPathComponent(s string) bool {
	i := 0
	for {
		start := i
		for i < len(s) && isLowerAlnum(s[i]) {
			i++
		}
		if i == start {
			return false // a component and every separator end in alpha-numerics
		}
		if i == len(s) {
			return true
		}
		start = i
		for i < len(s) && !isLowerAlnum(s[i]) {
			i++
		}
		switch sep := s[start:i]; {
		case sep == "." || sep == "_" || sep == "__":
		case allBytes(sep, func(c byte) bool { return c == '-' }):
		default:
			return false
		}
	}
}

// isTag matches [\w][\w.-]{0,127}.
func isTag(s string) bool {
	return len(s) >= 1 && len(s) <= 128 && isWord(s[0]) &&
		allBytes(s[1:], func(c byte) bool { return isWord(c) || c == '.' || c == '-' })
}

// isReferenceDigest matches the reference grammar's digest: an algorithm
// of letter-led alpha-numeric components joined by one of "-_+.", a colon
// and at least 32 hexadecimal digits.
func isReferenceDigest(s string) bool {
	alg, enc, ok := strings.Cut(s, ":")
	if !ok || len(enc) < 32 || !allBytes(enc, isHex) {
		return false
	}
	return isSeparated(alg, isLetter, isAlnum, "-_+.")
}

// isSeparated reports whether s is components joined by single bytes of
// seps, each component one byte for which first holds, then bytes for
// which rest holds.
func isSeparated(s string, first, rest func(byte) bool, seps string) bool {
	i := 0
	for {
		if i == len(s) || !first(s[i]) {
			return false
		}
		i++
		for i < len(s) && rest(s[i]) {
			i++
		}
		if i == len(s) {
			return true
		}
		if strings.IndexByte(seps, s[i]) < 0 {
			return false
		}
		i++
	}
}

// validateDigest is go-digest's Digest.Validate, with sha256, sha384 and
// sha512 available (berth links crypto/sha256 and crypto/sha512).
func validateDigest(s string) error {
	i := strings.Index(s, ":")
	if i <= 0 || i+1 == len(s) {
		return ErrDigestInvalidFormat
	}
	alg, enc := s[:i], s[i+1:]
	var size int
	switch alg {
	case "sha256":
		size = 32
	case "sha384":
		size = 48
	case "sha512":
		size = 64
	default:
		// go-digest's DigestRegexpAnchored:
		// ^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$
		if !isSeparated(alg, isLowerAlnum, isLowerAlnum, ".+_-") || enc == "" ||
			!allBytes(enc, func(c byte) bool { return isAlnum(c) || c == '=' || c == '_' || c == '-' }) {
			return ErrDigestInvalidFormat
		}
		return ErrDigestUnsupported
	}
	if len(enc) != 2*size {
		return ErrDigestInvalidLength
	}
	if !allBytes(enc, isLowerHex) {
		return ErrDigestInvalidFormat
	}
	return nil
}

// isIdentifier matches [a-f0-9]{64}, an image ID.
func isIdentifier(s string) bool {
	return len(s) == 64 && allBytes(s, isLowerHex)
}

func allBytes(s string, f func(byte) bool) bool {
	for i := 0; i < len(s); i++ {
		if !f(s[i]) {
			return false
		}
	}
	return true
}

func isDigit(c byte) bool      { return '0' <= c && c <= '9' }
func isAlnum(c byte) bool      { return isDigit(c) || isLetter(c) }
func isLowerAlnum(c byte) bool { return isDigit(c) || 'a' <= c && c <= 'z' }
func isLowerHex(c byte) bool   { return isDigit(c) || 'a' <= c && c <= 'f' }
func isHex(c byte) bool        { return isLowerHex(c) || 'A' <= c && c <= 'F' }
func isWord(c byte) bool       { return isAlnum(c) || c == '_' }
