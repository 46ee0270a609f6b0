package buildctx

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"testing"
)

// names lists the names of entries.
func names(entries []fs.DirEntry) []string {
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

// TestSteadyReadDir: a steady cache lists a folder once for every caller
// that names it, by a relative or an absolute path when the working
// folder has no link in its path; SetSteady and Forget drop the
// listings, and a cache that is not steady lists every time.
func TestSteadyReadDir(t *testing.T) {
	dir := tree(t, map[string]string{"ctx/Dockerfile": "", "ctx/a": ""})
	dir, err := filepath.EvalSymlinks(dir) // a temporary folder's path may hold links
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	c := NewCache()
	c.SetWorkDir(dir)
	c.SetSteady(true)
	want := []string{"Dockerfile", "a"}
	ctx := filepath.Join(dir, "ctx")
	if got, err := c.ReadDir("ctx/"); err != nil || !reflect.DeepEqual(names(got), want) {
		t.Fatalf("ReadDir(ctx/) = %v, %v", names(got), err)
	}
	if err := os.WriteFile(filepath.Join(ctx, "b"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"ctx", "ctx/", ctx, "./ctx/../ctx"} {
		got, err := c.ReadDir(p)
		w := want
		if p == "./ctx/../ctx" { // not clean: listed as given
			w = []string{"Dockerfile", "a", "b"}
		}
		if err != nil || !reflect.DeepEqual(names(got), w) {
			t.Errorf("ReadDir(%q) = %v, %v; want %v", p, names(got), err, w)
		}
	}
	if got, _ := c.ReadDir(""); !reflect.DeepEqual(names(got), []string{"ctx"}) {
		t.Errorf(`ReadDir("") = %v, want the working folder's listing`, names(got))
	}
	if _, err := c.ReadDir("missing"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("ReadDir(missing) = %v", err)
	}
	c.Forget()
	if got, _ := c.ReadDir(ctx); len(got) != 3 {
		t.Errorf("after Forget: %v", names(got))
	}
	if err := os.WriteFile(filepath.Join(ctx, "c"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	c.SetSteady(false)
	if got, _ := c.ReadDir(ctx); len(got) != 4 {
		t.Errorf("not steady: %v", names(got))
	}
}

// TestSteadyReadDirLinkedWorkDir: with a working folder reached through
// a link, "../x" is the folder the system finds (beside the link's
// target), not the one beside the link.
func TestSteadyReadDirLinkedWorkDir(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("links")
	}
	dir := tree(t, map[string]string{"real/wd/": "", "real/x/in-real": "", "x/beside-link": ""})
	link := filepath.Join(dir, "link")
	if err := os.Symlink(filepath.Join(dir, "real", "wd"), link); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	t.Chdir(link)
	c := NewCache()
	c.SetWorkDir(link)
	c.SetSteady(true)
	defer c.SetSteady(false)
	want, err := os.ReadDir("../x")
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if got, err := c.ReadDir("../x"); err != nil || !reflect.DeepEqual(names(got), names(want)) {
			t.Errorf("ReadDir(../x) = %v, %v; want %v", names(got), err, names(want))
		}
	}
	if got := c.IgnoreFileFor("../x", "../x/Dockerfile"); got != "" {
		t.Errorf("IgnoreFileFor = %q", got)
	}
}

// referenceWalk is what the walk found with filepath.WalkDir, for a
// context without an ignore file: every path, links not followed, the
// sizes of regular files.
func referenceWalk(t *testing.T, root string) []Entry {
	var out []Entry
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if d != nil && d.IsDir() && p != root {
				return fs.SkipDir
			}
			return err
		}
		if p == root {
			return nil
		}
		rel, _ := filepath.Rel(root, p)
		e := Entry{Path: filepath.ToSlash(rel), Dir: d.IsDir(), Link: d.Type()&fs.ModeSymlink != 0}
		if d.Type().IsRegular() {
			fi, err := d.Info()
			if err != nil {
				return err
			}
			e.Size = fi.Size()
		}
		out = append(out, e)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestWalkSteady: the walk finds what filepath.WalkDir finds, whether its
// folders are listed afresh or through a steady cache's listings, links
// to files, to folders, out of the context and in a loop included; a
// root that is a link to a folder holds nothing, as WalkDir has it; a
// root that is a file or missing fails.
func TestWalkSteady(t *testing.T) {
	dir := tree(t, map[string]string{
		"ctx/Dockerfile": "FROM scratch\n", "ctx/a/b/c.txt": "hello", "ctx/a/d/": "", "ctx/e f": "x",
		"ctx/z": "12345678", "outside/secret": "s",
	})
	ctx := filepath.Join(dir, "ctx")
	if runtime.GOOS != "windows" {
		for _, l := range [][2]string{{"ctx/to-file", "z"}, {"ctx/to-dir", "a"}, {"ctx/out", "../outside"}, {"ctx/a/loop", ".."}, {"link-ctx", "ctx"}} {
			if err := os.Symlink(l[1], filepath.Join(dir, l[0])); err != nil {
				t.Skip("no symbolic links here:", err)
			}
		}
	}
	want := referenceWalk(t, ctx)
	c := NewCache()
	for _, steady := range []bool{false, true} {
		c.SetSteady(steady)
		c.Forget()
		got := c.Load(ctx, filepath.Join(ctx, "Dockerfile"))
		if got == nil {
			t.Fatalf("steady %v: no context", steady)
		}
		if !reflect.DeepEqual(got.Entries, want) {
			t.Errorf("steady %v:\n got %+v\nwant %+v", steady, got.Entries, want)
		}
		if got.KeptFiles != 4 || got.KeptBytes != int64(len("FROM scratch\nhello")+1+8) {
			t.Errorf("steady %v: kept %d files, %d bytes", steady, got.KeptFiles, got.KeptBytes)
		}
		if runtime.GOOS != "windows" {
			linked, err := walk(key{filepath.Join(dir, "link-ctx"), ""}, "link-ctx", DefaultLimits, c.ReadDir, nil)
			if err != nil || len(linked.Entries) != 0 {
				t.Errorf("steady %v: a root that is a link: %v, %v", steady, err, linked)
			}
		}
		for _, bad := range []string{filepath.Join(ctx, "z"), filepath.Join(dir, "missing")} {
			if got, err := walk(key{bad, ""}, bad, DefaultLimits, c.ReadDir, nil); err == nil {
				t.Errorf("steady %v: walked %s: %+v", steady, bad, got.Entries)
			}
		}
	}
	c.SetSteady(false)
}

// TestNoteFile: a steady cache's walk takes the sizes noted of the files
// it lists (a size the file does not have shows that it did not ask
// again), by a relative or absolute path; a cache that is not steady
// ignores notes, and SetSteady forgets them.
func TestNoteFile(t *testing.T) {
	dir := tree(t, map[string]string{"ctx/Dockerfile": "FROM scratch\n", "ctx/a": "abc", "ctx/b": "defg"})
	dir, err := filepath.EvalSymlinks(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	ctx := filepath.Join(dir, "ctx")
	c := NewCache()
	c.SetWorkDir(dir)
	defer c.SetWorkDir("")
	c.NoteFile(filepath.Join(ctx, "b"), 99) // not steady: ignored
	c.SetSteady(true)
	defer c.SetSteady(false)
	c.NoteFile("ctx/Dockerfile", 1000)
	c.NoteFile(filepath.Join(ctx, "a"), 2000)
	got := c.Load(ctx, filepath.Join(ctx, "Dockerfile"))
	want := map[string]int64{"Dockerfile": 1000, "a": 2000, "b": 4}
	for _, e := range got.Entries {
		if e.Size != want[e.Path] {
			t.Errorf("%s: size %d, want %d", e.Path, e.Size, want[e.Path])
		}
	}
	if got.KeptBytes != 3004 {
		t.Errorf("kept %d bytes", got.KeptBytes)
	}
	c.SetSteady(true)
	c.Forget()
	if got := c.Load(ctx, ""); got.KeptBytes != int64(len("FROM scratch\nabcdefg")) {
		t.Errorf("after SetSteady: kept %d bytes", got.KeptBytes)
	}
}
