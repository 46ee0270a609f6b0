package buildref

import (
	"runtime"
	"strings"
	"testing"

	"github.com/containerd/platforms"
	"github.com/moby/buildkit/frontend/dockerfile/dfgitutil"

	"github.com/berth-dev/berth/internal/paritytest"
)

// gitSources are sources of ADD and COPY: git references of every form,
// with good and bad queries, and what is not one.
var gitSources = []string{
	"", ".", "./x", "../x", "src", "src/app.py", "/abs/path", "*.txt", "$HOME/x", "C:\\x",
	"https://github.com/moby/buildkit.git", "https://github.com/moby/buildkit.git#v0.10.1:docs",
	"https://github.com/moby/buildkit", "https://example.com/file.tar.gz", "http://host/repo.git",
	"HTTPS://host/repo.git", "git://host/repo.git#main", "ssh://git@host:22/org/repo.git",
	"ftp://host/repo.git", "s3://bucket/key", "x://y", "1://host/a.git", "://host/a.git",
	"git@github.com:moby/buildkit.git", "git@github.com:moby/buildkit.git#main:sub/dir",
	"git@github.com:moby/buildkit.git?ref=main", "git@host:repo?tag=v1#x", "git@host:a#b?c=d",
	"user_1-x@host-1.example.com:path/to/repo", "us.er@host:repo", "@host:repo", "git@:repo",
	"git@ho_st:repo", "git@host:repo\nx", "git@host:repo%zz?x=%zz", "git@host:?subdir=",
	"github.com/moby/buildkit", "github.com/moby/buildkit#main:docs", "github.com/moby/buildkit?ref=x",
	"github.com/%zz", "https://host/r.git?ref=a&ref=b", "https://host/r.git?ref=a#b",
	"https://host/r.git?ref=a#a", "https://host/r.git?tag=v1&branch=main", "https://host/r.git?tag=v1",
	"https://host/r.git?branch=main", "https://host/r.git?branch=refs/heads/x&ref=refs/heads/x",
	"https://host/r.git?subdir=a#x:b", "https://host/r.git?keep-git-dir", "https://host/r.git?keep-git-dir=no",
	"https://host/r.git?keep-git-dir=false&submodules=1", "https://host/r.git?submodules=maybe",
	"https://host/r.git?mtime=commit", "https://host/r.git?mtime=now", "https://host/r.git?fetch-by-commit",
	"https://host/r.git?fetch-by-commit=2", "https://host/r.git?checksum=abc&commit=def",
	"https://host/r.git?unknown=1", "https://host/r.git?ref=", "https://host/r.git?", "https://host/r.git#",
	"https://host/r.git#%41", "https://host/r.git#a%zz", "https://us:pw@host/r.git", "https://[::1]:80/r.git",
	"https://host/r.git?a=%zz", "https://host:bad/r.git", "https://ho st/r.git", "git@host:r.git?a=1;b=2",
}

// TestParseGitRef holds ParseGitRef to BuildKit's dfgitutil.ParseGitRef,
// source by source.
func TestParseGitRef(t *testing.T) { paritytest.Each(t, gitSources, checkGitRef) }

// FuzzParseGitRef looks for a source on which ParseGitRef and BuildKit's
// ParseGitRef differ.
func FuzzParseGitRef(f *testing.F) { paritytest.Fuzz(f, gitSources, checkGitRef) }

func checkGitRef(t *testing.T, s string) {
	t.Helper()
	got, gotGit, gotErr := ParseGitRef(s)
	want, wantGit, wantErr := dfgitutil.ParseGitRef(s)
	if gotGit != wantGit || (gotErr == nil) != (wantErr == nil) || (got == nil) != (want == nil) {
		t.Fatalf("ParseGitRef(%q) = %+v, %v, %v; BuildKit gives %+v, %v, %v", s, got, gotGit, gotErr, want, wantGit, wantErr)
	}
	if gotErr != nil && gotGit {
		// BuildKit checks the query's keys in a map's order: with two wrong
		// keys, its message is either's.
		seen := map[string]bool{}
		for range 64 {
			_, _, err := dfgitutil.ParseGitRef(s)
			seen[err.Error()] = true
		}
		if !seen[gotErr.Error()] {
			t.Fatalf("ParseGitRef(%q) says %q; BuildKit says one of %v", s, gotErr, seen)
		}
	}
	if got == nil {
		return
	}
	// With both checksum and commit in the query, BuildKit keeps either,
	// by the map's order again.
	bothSums := strings.Contains(s, "checksum=") && strings.Contains(s, "commit=")
	same := got.Remote == want.Remote && got.ShortName == want.ShortName && got.Ref == want.Ref &&
		(got.Checksum == want.Checksum || bothSums) && got.SubDir == want.SubDir &&
		got.IndistinguishableFromLocal == want.IndistinguishableFromLocal &&
		got.UnencryptedTCP == want.UnencryptedTCP && sameFlag(got.KeepGitDir, want.KeepGitDir) &&
		sameFlag(got.Submodules, want.Submodules) && got.MTime == want.MTime && got.FetchByCommit == want.FetchByCommit
	if !same {
		t.Fatalf("ParseGitRef(%q) = %+v; BuildKit gives %+v", s, *got, *want)
	}
}

func sameFlag(a, b *bool) bool {
	return a == nil && b == nil || a != nil && b != nil && *a == *b
}

// platformSpecifiers are --platform values, good and bad.
var platformSpecifiers = []string{
	"", "linux", "LINUX", "macos", "windows", "amd64", "x86_64", "X86-64", "aarch64", "arm", "armhf", "armel",
	"i386", "arm64/v8", "riscv64", "nope", "linux/amd64", "linux/arm64", "linux/arm64/v8", "linux/arm/v7",
	"linux/arm/7", "linux/arm/5", "linux/arm64/8", "linux/arm64/9.0", "linux/amd64/v1", "linux/amd64/v3",
	"linux/i386/x", "linux/amd64/v2/x", "linux/", "/amd64", "linux//v7", "linux/*", "*", "linux/amd 64",
	"linux/amd64é", "windows(10.0.17763)/amd64", "windows(10.0.17763+win32k)/amd64", "windows(%zz)/amd64",
	"windows(1+%zz)/amd64", "windows(1+)/amd64", "windows(+a+b)/amd64", "windows()/amd64", "windows(/amd64",
	"windows)/amd64", "windows(1)(2)/amd64", "windows(1 )/amd64", "linux(5)", "amd64(1)", "_/-", "a.b/c",
	"$BUILDPLATFORM", "linux/amd64\n", "linux\n/amd64",
}

// TestParsePlatform holds ParsePlatform to containerd's platforms.Parse,
// specifier by specifier.
func TestParsePlatform(t *testing.T) { paritytest.Each(t, platformSpecifiers, checkPlatform) }

// FuzzParsePlatform looks for a specifier on which ParsePlatform and
// platforms.Parse differ.
func FuzzParsePlatform(f *testing.F) { paritytest.Fuzz(f, platformSpecifiers, checkPlatform) }

func checkPlatform(t *testing.T, s string) {
	t.Helper()
	got, gotErr := ParsePlatform(s)
	want, wantErr := platforms.Parse(s)
	if (gotErr == nil) != (wantErr == nil) {
		t.Fatalf("ParsePlatform(%q) = %+v, %v; platforms.Parse gives %+v, %v", s, got, gotErr, want, wantErr)
	}
	// An OS or architecture alone takes the rest from the host; berth
	// reads it as on linux/amd64, the platform images are most built for.
	if gotErr != nil || strings.Count(s, "/") == 0 && (runtime.GOOS != "linux" || runtime.GOARCH != "amd64") {
		return
	}
	if got.OS != want.OS || got.Architecture != want.Architecture || got.Variant != want.Variant {
		t.Fatalf("ParsePlatform(%q) = %+v; platforms.Parse gives %+v", s, got, want)
	}
}
