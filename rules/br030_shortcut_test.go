package rules

import (
	"fmt"
	"slices"
	"testing"

	"github.com/moby/buildkit/frontend/dockerfile/dfgitutil"
	"github.com/moby/buildkit/frontend/dockerfile/instructions"

	"github.com/berth-dev/berth/internal/corpus"
	"github.com/berth-dev/berth/internal/paritytest"
	"github.com/berth-dev/berth/lint"
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

func TestMayBeGit(t *testing.T) { paritytest.Each(t, mayBeGitSources, checkMayBeGit) }

func FuzzMayBeGit(f *testing.F) { paritytest.Fuzz(f, mayBeGitSources, checkMayBeGit) }

// TestPlainCopy holds bfPlainCopyOf to BuildKit's instruction parser over
// the corpus's COPY and ADD lines and those at the edges of the shortcuts:
// the sources and flags it gives are those of the parsed command,
// expanded with no variable.
func TestPlainCopy(t *testing.T) {
	srcs := map[string][]byte{}
	for i, l := range bfShortcutLines {
		srcs[fmt.Sprintf("line %d", i)] = []byte("FROM scratch\n" + l + "\n")
	}
	files := 0
	for path, src := range corpus.Sources(t) {
		srcs[path] = src
		files++
	}
	n := 0
	for path, src := range srcs {
		doc := lint.NewDocument(path, src)
		for _, ins := range doc.File.Instructions {
			got, ok := bfPlainCopyOf(ins, doc.File.Escape)
			if !ok || ins.Err != nil || !ins.Parsed() {
				continue
			}
			n++
			cmd, err := ins.Command()
			if err != nil {
				t.Errorf("%s: %q: BuildKit refuses it: %v", path, ins.Logical, err)
				continue
			}
			var want bfPlainCopy
			switch c := cmd.(type) {
			case *instructions.CopyCommand:
				want = bfPlainCopy{srcs: c.SourcePaths, from: c.From, chown: c.Chown, chmod: c.Chmod, link: c.Link}
			case *instructions.AddCommand:
				want = bfPlainCopy{srcs: c.SourcePaths, chown: c.Chown, chmod: c.Chmod, link: c.Link}
			}
			if !slices.Equal(got.srcs, want.srcs) || got.from != want.from || got.chown != want.chown || got.chmod != want.chmod || got.link != want.link {
				t.Errorf("%s: %q: %+v, BuildKit's %+v", path, ins.Logical, got, want)
			}
		}
	}
	if files > 5000 && n < 1000 {
		t.Errorf("only %d plain COPY and ADD lines in the corpus", n)
	}
}

// bfShortcutLines are lines at the edges of BR030's shortcuts.
var bfShortcutLines = []string{
	`ENV A="x`, `ENV A"=x"=y`, `ENV "A=B"=c`, `LABEL a='b c' d="e"`, `LABEL a="b=c"`, `WORKDIR "/a b"`, `USER 'x`,
	`VOLUME ""`, `VOLUME "/data"`, `EXPOSE "80"`, `ARG A="1"`, `ARG "B`, `ENV A 'b c`, `ENV A 'b c'`, `MAINTAINER "me`,
	`ENV A=''`, `LABEL "a"="b"`, `COPY "a b" c`, `COPY a`, `COPY https://example.org/x.git /x`, `ADD git@host:a/b.git /x`,
	`COPY github.com/a/b /x`, `ADD --checksum=sha256:00 https://example.org/f /f`, `STOPSIGNAL "SIGKILL`,
	`ENV A=$B`, `ENV A=${B:?x}`, `ENV A=${B`, `ENV A=$`, `ENV A=$1`, `ARG X=${Y}`, `LABEL a="$B c"`, `LABEL a="$B=c"`,
	`WORKDIR $HOME/x`, `USER ${U}:$G`, `ENV A='$1'`, `VOLUME $V`, `EXPOSE $P`, `ENV A=$B B=${A}x`, `ENV A=${B}}`,
	"ARG B=${X:?no}\nENV A=$B", "ENV B=${X:?no}\nWORKDIR /$B", "ARG B=\nVOLUME $B", "ENV A $B c",
	`COPY --from=a --from=b x y`, `COPY --from= x y`, `COPY --link=true x y`, `COPY --link x y`, `ADD --from=a x y`,
	`COPY --chown=1:1 --chmod=755 x y`, `COPY --chmod=999 x y`, `COPY --chmod=u+x x y`, `COPY --from=0 x y`,
	`COPY --from=9 x y`, `COPY --chown x y`, `COPY --parents x y`, `COPY --exclude=*.md x y`, "COPY --from=later x y\nFROM scratch AS later",
	`ADD --link --chown=a:b https://example.org/y /z`, `COPY --from=img:tag x y`, `COPY --from=a/b@sha256:00 x y`,
	`COPY --chown=user x y`, `COPY --chmod=0755 --link --from=x https://example.org/a /b`, `COPY --link --link x y`,
	`COPY --FROM=a x y`, `COPY -from=a x y`, `COPY --from=a=b x y`, `ADD --chmod=755 github.com/a/b /x`,
}

// TestBR030Shortcuts: over the corpus, BR030 finds the same with its ways
// around BuildKit's instruction parser and git-reference parser as
// without them.
func TestBR030Shortcuts(t *testing.T) {
	defer func() { bfShortcuts = true }()
	srcs := map[string][]byte{}
	for i, l := range bfShortcutLines {
		srcs[fmt.Sprintf("line %d", i)] = []byte("FROM scratch\n" + l + "\n")
	}
	for path, src := range corpus.Sources(t) {
		srcs[path] = src
	}
	for path, src := range srcs {
		var got [2]string
		for i, on := range []bool{false, true} {
			bfShortcuts = on
			ResetMemos()
			doc := lint.NewDocument(path, src)
			got[i] = fmt.Sprint(lint.Run(doc, []*lint.Rule{BR030}, nil))
		}
		if got[0] != got[1] {
			t.Errorf("%s: BR030 without shortcuts:\n%s\nwith:\n%s", path, got[0], got[1])
		}
	}
}
