package rules

import (
	"testing"

	"github.com/moby/buildkit/frontend/dockerfile/dfgitutil"
)

// checkMayBeGit fails when bfMayBeGit rules out a source that
// dfgitutil.ParseGitRef would take for a git reference or parse.
func checkMayBeGit(t *testing.T, s string) {
	if bfMayBeGit(s) {
		return
	}
	if ref, isGit, err := dfgitutil.ParseGitRef(s); isGit || err == nil {
		t.Errorf("bfMayBeGit(%q) is false, ParseGitRef gives %+v, %v, %v", s, ref, isGit, err)
	}
}

var mayBeGitSources = []string{
	"./a", "../a", "a", "src/", "*.go", "github.com/a/b", "github.com/a/b.git#main", "https://x/y.git", "git://x/y",
	"git@github.com:a/b.git", "user@host:path", "x:y", "http://x", "ssh://git@x/y", "HTTPS://X/y.git", "a@b", "gitlab.com/a/b.git",
	"file:///x", "host:/path.git", ".", "/abs/path",
}

func TestMayBeGit(t *testing.T) {
	for _, s := range mayBeGitSources {
		checkMayBeGit(t, s)
	}
}

func FuzzMayBeGit(f *testing.F) {
	for _, s := range mayBeGitSources {
		f.Add(s)
	}
	f.Fuzz(checkMayBeGit)
}
