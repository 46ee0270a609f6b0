package syntax

import (
	// go-digest knows an algorithm once its hash is linked, as berth
	// links both; validateDigest assumes sha256, sha384 and sha512.
	_ "crypto/sha256"
	_ "crypto/sha512"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/distribution/reference"
	digest "github.com/opencontainers/go-digest"

	"github.com/berth-dev/berth/internal/corpus"
)

// sameAsLibrary fails t unless ParseNormalizedNamed and the library's give
// the same reference, or the same error.
func sameAsLibrary(t *testing.T, s string) {
	t.Helper()
	want, wantErr := reference.ParseNormalizedNamed(s)
	got, gotErr := ParseNormalizedNamed(s)
	if wantErr != nil || gotErr != nil {
		if wantErr == nil || gotErr == nil || wantErr.Error() != gotErr.Error() {
			t.Fatalf("ParseNormalizedNamed(%q): error %v, the library's %v", s, gotErr, wantErr)
		}
		for _, e := range [][2]error{
			{reference.ErrReferenceInvalidFormat, ErrReferenceInvalidFormat},
			{reference.ErrNameContainsUppercase, ErrNameContainsUppercase},
			{reference.ErrNameEmpty, ErrNameEmpty},
			{reference.ErrNameTooLong, ErrNameTooLong},
			{digest.ErrDigestInvalidFormat, ErrDigestInvalidFormat},
			{digest.ErrDigestInvalidLength, ErrDigestInvalidLength},
			{digest.ErrDigestUnsupported, ErrDigestUnsupported},
		} {
			if errors.Is(wantErr, e[0]) != errors.Is(gotErr, e[1]) {
				t.Fatalf("ParseNormalizedNamed(%q): error %v is not the library's value", s, gotErr)
			}
		}
		return
	}
	var tag, dgst string
	if r, ok := want.(reference.Tagged); ok {
		tag = r.Tag()
	}
	if r, ok := want.(reference.Digested); ok {
		dgst = r.Digest().String()
	}
	lib := NamedRef{Domain: reference.Domain(want), Path: reference.Path(want), Tag: tag, Digest: dgst}
	if got != lib || got.String() != want.String() || got.Name() != want.Name() {
		t.Fatalf("ParseNormalizedNamed(%q) = %+v (%s), the library's %+v (%s)", s, got, got, lib, want)
	}
}

// referenceSeeds are inputs at the edges of the grammar.
func referenceSeeds() []string {
	hex := func(n int) string { return strings.Repeat("a1", n)[:n] }
	seeds := []string{
		"", "alpine", "alpine:3.20", "Alpine", "alpine:", ":3.20", "@", "alpine@", "/", "a/", "/a", "a//b",
		"org/app:v1", "org/App", "ORG/app", "Org/app:v1", "org/app:V1", "a:b:c", "a:b/c",
		"localhost", "localhost/app", "localhost:5000/app:1.0", "localhost:/app", "localhost:50a/app", "LocalHost/app",
		"example.com/app", "Example.COM/app", "example.com./app", ".example.com/app", "ex--ample.com/app",
		"-example.com/app", "example-.com/app", "example.com:5000/org/app:v1", "example.com:5000", "example.com:5000:1/app",
		"127.0.0.1/app", "127.0.0.1:5000/app", "[::1]/app", "[::1]:5000/app", "[::1]", "[::1]:5000", "[::]/app",
		"[fe80::1%eth0]/app", "[::ffff:127.0.0.1]/app", "[]/app", "[::1/app", "::1/app", "[::1]x/app", "[:::1]:/app",
		"foo_bar.com/app", "foo_bar.com:5000/app", "a.b/c", "a:1/b", "a_b/c",
		"a.b", "a..b", "a__b", "a___b", "a-b", "a--b", "a._b", "a-.b", "a_-b", "a-", "-a", "_a", "a_", "a.", ".a",
		"a/b/c/d/e", "a/b.c/d__e/f---g", "a/B/c", "a/-b", "a/b-",
		"app:" + strings.Repeat("t", 128), "app:" + strings.Repeat("t", 129), "app:_x", "app:.x", "app:-x", "app:x.-_Y",
		"app@sha256:" + hex(64), "app:v1@sha256:" + hex(64), "app@sha256:" + hex(63), "app@sha256:" + hex(65),
		"app@sha256:" + strings.ToUpper(hex(64)), "app@sha384:" + hex(96), "app@sha512:" + hex(128), "app@sha512:" + hex(64),
		"app@md5:" + hex(32), "app@MD5:" + hex(32), "app@sha256+b64:" + hex(64), "app@a.b-c_d+e:" + hex(32),
		"app@a..b:" + hex(32), "app@1a:" + hex(32), "app@sha256:" + hex(31), "app@sha256:" + hex(64) + "@x",
		"app@sha256:" + hex(64) + ":", "@sha256:" + hex(64), "sha256:" + hex(64),
		hex(64), strings.ToUpper(hex(64)), hex(63), hex(65), hex(64) + ":v1", "org/" + hex(64),
		strings.Repeat("a", 255), strings.Repeat("a", 256), "org/" + strings.Repeat("a", 251), "org/" + strings.Repeat("a", 252),
		strings.Repeat("a", 300) + ".com/app", "x/" + strings.Repeat("a/", 127) + "a",
		"alpine\n", "alpine ", " alpine", "al pine", "alpine\x00", "\xff", "ä/app", "app:ä", "\u212a", "\u212aelvin/app",
		"K/app", "İ/app", "ſ/app",
		defaultDomain + "/alpine", defaultDomain + "/library/alpine:3", defaultDomain + "/org/app",
		legacyDefaultDomain + "/alpine", legacyDefaultDomain + "/org/app", legacyDefaultDomain + ":443/alpine",
		strings.ToUpper(defaultDomain) + "/alpine", defaultDomain, defaultDomain + ":443/alpine",
		"library/alpine", "library/org/app",
	}
	return seeds
}

// corpusFromNames lists the base names of the corpus's FROM lines, as
// written (variables and all).
func corpusFromNames(tb testing.TB) []string {
	if _, ok := corpus.Dir(); !ok {
		return nil
	}
	seen := map[string]bool{}
	var names []string
	for _, path := range corpus.Files(tb) {
		src, err := os.ReadFile(path)
		if err != nil {
			tb.Fatal(err)
		}
		for _, ins := range Parse(src).Instructions {
			if ins.Cmd != "from" || len(ins.Words()) == 0 || seen[ins.Words()[0].Value] {
				continue
			}
			seen[ins.Words()[0].Value] = true
			names = append(names, ins.Words()[0].Value)
		}
	}
	return names
}

// FuzzParseNormalizedNamed checks ParseNormalizedNamed against the
// library's on every input: the same reference or the same error.
func FuzzParseNormalizedNamed(f *testing.F) {
	for _, s := range referenceSeeds() {
		f.Add(s)
	}
	for _, s := range corpusFromNames(f) {
		f.Add(s)
		f.Add(strings.ToUpper(s))
	}
	f.Fuzz(func(t *testing.T, s string) {
		sameAsLibrary(t, s)
	})
}

func TestParseNormalizedNamed(t *testing.T) {
	for _, tc := range []struct{ in, want, err string }{
		{in: "alpine", want: defaultDomain + "/library/alpine"},
		{in: "org/app:v1", want: defaultDomain + "/org/app:v1"},
		{in: legacyDefaultDomain + "/alpine:3.20", want: defaultDomain + "/library/alpine:3.20"},
		{in: "localhost:5000/app", want: "localhost:5000/app"},
		{in: "[::1]:5000/org/app:v1", want: "[::1]:5000/org/app:v1"},
		{in: "Alpine", err: "invalid reference format: repository name (library/Alpine) must be lowercase"},
		{in: "Example.com/App", err: "invalid reference format: repository name (App) must be lowercase"},
		{in: "alpine:" + strings.Repeat("t", 129), err: "invalid reference format"},
		{in: "app@sha256:abc", err: "invalid reference format"},
		{in: "app@sha256:" + strings.Repeat("a", 40), err: "invalid checksum digest length"},
		{in: "app@md5:" + strings.Repeat("a", 32), err: "unsupported digest algorithm"},
		{in: strings.Repeat("0", 64), err: "invalid repository name (" + strings.Repeat("0", 64) + "), cannot specify 64-byte hexadecimal strings"},
		{in: "org/" + strings.Repeat("a", 252), err: "repository name must not be more than 255 characters"},
	} {
		got, err := ParseNormalizedNamed(tc.in)
		if tc.err != "" {
			if err == nil || err.Error() != tc.err {
				t.Errorf("ParseNormalizedNamed(%q) = %v, want error %q", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || got.String() != tc.want {
			t.Errorf("ParseNormalizedNamed(%q) = %s, %v, want %s", tc.in, got, err, tc.want)
		}
	}
}
