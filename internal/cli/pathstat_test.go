package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"

	"github.com/berth-dev/berth/lint/buildctx"
)

// TestStatAll holds statAll to os.Stat, path by path: folders, files,
// links to either, dangling links, a FIFO, names not there, names given
// with a trailing slash, ".." and the working folder, in a folder listed
// (many paths) and one stat'ed (few), one after the other and on several
// goroutines.
func TestStatAll(t *testing.T) {
	root := t.TempDir()
	t.Chdir(root)
	many := filepath.Join(root, "many")
	if err := os.Mkdir(many, 0o755); err != nil {
		t.Fatal(err)
	}
	var names []string
	for i := range 300 {
		p := filepath.Join(many, fmt.Sprintf("Dockerfile.%d", i))
		if err := os.WriteFile(p, []byte("FROM scratch\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		names = append(names, p)
	}
	mustDo := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	mustDo(os.Mkdir(filepath.Join(many, "sub"), 0o755))
	mustDo(os.Symlink("Dockerfile.1", filepath.Join(many, "to-file")))
	mustDo(os.Symlink("sub", filepath.Join(many, "to-dir")))
	mustDo(os.Symlink("nothing", filepath.Join(many, "dangling")))
	if runtime.GOOS != "windows" {
		mustDo(syscall.Mkfifo(filepath.Join(many, "fifo"), 0o644))
	}
	mustDo(os.WriteFile("Dockerfile", []byte("FROM scratch\n"), 0o644))
	odd := []string{"sub", "to-file", "to-dir", "dangling", "fifo", "missing", "Dockerfile.1/", "sub/", "Dockerfile.1/x", "..", ".", "DOCKERFILE.1"}
	var paths []string
	for _, n := range odd {
		paths = append(paths, filepath.Join(many, n), "many/"+n, "./many/"+n)
		if strings.HasSuffix(n, "/") {
			paths = append(paths, filepath.Join(many, n)+"/")
		}
	}
	paths = append(paths, "Dockerfile", ".", "..", "-", "", root, root+"/", "many", "many/")
	for _, n := range odd {
		paths = append(paths, n) // few paths of the working folder: stat'ed
	}
	// As berth lint runs it (its folders' listings kept for the run and
	// shared with the build contexts), and as berth fmt does.
	wd, err := os.Getwd()
	mustDo(err)
	buildctx.Default.SetWorkDir(wd)
	defer buildctx.Default.SetWorkDir("")
	for _, steady := range []bool{true, false} {
		buildctx.Default.SetSteady(steady)
		defer buildctx.Default.SetSteady(false)
		for _, list := range [][]string{paths, append(names, paths...), append(paths, names...)} {
			checkStatAll(t, list)
		}
	}
}

// checkStatAll holds statAll(list) to os.Stat, path by path.
func checkStatAll(t *testing.T, list []string) {
	t.Helper()
	got := statAll(list)
	for i, p := range list {
		if p == "-" {
			if got[i] != (pathStat{}) {
				t.Errorf("%q: %+v, want nothing", p, got[i])
			}
			continue
		}
		fi, err := os.Stat(p)
		want := pathStat{dir: err == nil && fi.IsDir(), err: err}
		if got[i].dir != want.dir || fmt.Sprint(got[i].err) != fmt.Sprint(want.err) {
			t.Errorf("%q (of %d paths): %+v, want %+v", p, len(list), got[i], want)
		}
	}
}
