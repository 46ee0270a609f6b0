package buildctx

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"testing"
)

// tree writes files (path -> content; a path ending in "/" is a folder).
func tree(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for p, body := range files {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if p[len(p)-1] == '/' {
			if err := os.MkdirAll(full, 0o755); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func paths(es []Entry) []string {
	var out []string
	for _, e := range es {
		out = append(out, e.Path)
	}
	return out
}

func TestWalkIgnore(t *testing.T) {
	dir := tree(t, map[string]string{
		"Dockerfile":                  "FROM scratch\n",
		".dockerignore":               "# comment\nnode_modules\n*.log\n!keep.log\nmissing/\n",
		"app.py":                      "x",
		"a.log":                       "x",
		"keep.log":                    "xy",
		"node_modules/x/y.js":         "x",
		"src/main.go":                 "package main",
		"api.Dockerfile":              "FROM scratch\n",
		"api.Dockerfile.dockerignore": "src\n",
	})
	c, err := Walk(dir, filepath.Join(dir, "Dockerfile"), DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Base(c.IgnoreFile) != ".dockerignore" || len(c.Patterns) != 4 || c.Patterns[0].Line != 2 || c.Patterns[2].Text != "!keep.log" {
		t.Fatalf("patterns %+v from %s", c.Patterns, c.IgnoreFile)
	}
	if e, ok := c.Lookup("node_modules"); !ok || !e.Excluded || !e.Pruned {
		t.Errorf("node_modules: %+v %v", e, ok)
	}
	if _, ok := c.Lookup("node_modules/x"); ok {
		t.Error("walked into a pruned folder")
	}
	if e, _ := c.Lookup("a.log"); !e.Excluded {
		t.Error("a.log kept")
	}
	if e, _ := c.Lookup("keep.log"); e.Excluded || e.Size != 2 {
		t.Errorf("keep.log: %+v", e)
	}
	if got := paths(c.Under("src")); !slices.Equal(got, []string{"src/main.go"}) {
		t.Errorf("Under(src) = %v", got)
	}
	if !c.Match("node_modules/x/y.js").Excluded || !c.Match("a.log").Excluded {
		t.Error("excluded sources not seen as excluded")
	}
	if m := c.Match("*.py"); len(m.Entries) != 1 {
		t.Errorf("*.py: %+v", m)
	}
	if m := c.Match("nope.txt"); m.Found() || m.Excluded || m.Unknown {
		t.Errorf("nope.txt: %+v", m)
	}
	api, err := Walk(dir, filepath.Join(dir, "api.Dockerfile"), DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Base(api.IgnoreFile) != "api.Dockerfile.dockerignore" || !api.Excluded("src/main.go") || api.Excluded("a.log") {
		t.Errorf("NAME.dockerignore not preferred: %s", api.IgnoreFile)
	}
}

func TestWalkLimitsAndSymlinks(t *testing.T) {
	files := map[string]string{}
	for i := range 50 {
		files[fmt.Sprintf("d/f%02d", i)] = "0123456789"
	}
	dir := tree(t, files)
	c, err := Walk(dir, "", Limits{MaxEntries: 10})
	if err != nil {
		t.Fatal(err)
	}
	if !c.Truncated || len(c.Entries) != 10 || len(c.Notes) == 0 {
		t.Errorf("entries %d truncated %v notes %v", len(c.Entries), c.Truncated, c.Notes)
	}
	if m := c.Match("zzz"); !m.Unknown {
		t.Error("a truncated walk claims a path is missing")
	}
	c, _ = Walk(dir, "", Limits{MaxBytes: 100})
	if !c.Truncated {
		t.Error("byte limit not applied")
	}
	if runtime.GOOS == "windows" {
		return
	}
	outside := t.TempDir()
	os.WriteFile(filepath.Join(outside, "secret"), []byte("x"), 0o644)
	os.Symlink(outside, filepath.Join(dir, "out"))
	os.Symlink(dir, filepath.Join(dir, "d", "loop"))
	c, err = Walk(dir, "", DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	if e, ok := c.Lookup("out"); !ok || !e.Link || e.Dir {
		t.Errorf("symlink entry %+v", e)
	}
	if _, ok := c.Lookup("out/secret"); ok {
		t.Error("followed a symlink out of the context")
	}
	if len(c.Entries) != 53 { // d, 50 files, loop, out
		t.Errorf("%d entries: %v", len(c.Entries), paths(c.Entries))
	}
	if os.Getuid() != 0 {
		locked := filepath.Join(dir, "locked")
		os.Mkdir(locked, 0o000)
		defer os.Chmod(locked, 0o755)
		c, err = Walk(dir, "", DefaultLimits)
		if err != nil || len(c.Notes) == 0 {
			t.Errorf("unreadable folder: err %v notes %v", err, c.Notes)
		}
	}
}

func TestSuggest(t *testing.T) {
	dir := tree(t, map[string]string{"requirements.txt": "", "src/app.py": "", "package.json": ""})
	c, _ := Walk(dir, "", DefaultLimits)
	for src, want := range map[string]string{
		"requirments.txt":  "requirements.txt",
		"src/ap.py":        "src/app.py",
		"packge.json":      "package.json",
		"Requirements.txt": "requirements.txt",
	} {
		if got := c.Suggest(src); len(got) == 0 || got[0] != want {
			t.Errorf("Suggest(%q) = %v, want %s", src, got, want)
		}
	}
	if got := c.Suggest("totally-else"); got != nil {
		t.Errorf("Suggest(totally-else) = %v", got)
	}
	// Asked again, the same answer comes from the memo, which stays
	// bounded.
	first := c.Suggest("requirments.txt")
	if again := c.Suggest("requirments.txt"); &again[0] != &first[0] {
		t.Error("Suggest computed a known source again")
	}
	for i := 0; i < 2*maxSuggestMemo; i++ {
		c.Suggest(fmt.Sprintf("requirments-%d.txt", i))
	}
	n := 0
	c.suggestions.Range(func(any, any) bool { n++; return true })
	if n > maxSuggestMemo {
		t.Errorf("the memo keeps %d suggestions, more than %d", n, maxSuggestMemo)
	}
	if got := c.Suggest("packge.json"); len(got) == 0 || got[0] != "package.json" {
		t.Errorf("Suggest past the memo's bound = %v", got)
	}
}

func TestSecretKind(t *testing.T) {
	for p, want := range map[string]bool{
		".env": true, ".env.production": true, "prod.env": true, "certs/server.pem": true, "tls.key": true,
		"id_rsa": true, "home/.ssh/id_ed25519": true, "id_rsa.pub": false, ".env.example": false,
		".aws/credentials": true, ".git-credentials": true, "store.p12": true, "README.md": false,
		"keys.go": false, "monkey": false,
	} {
		if got := SecretKind(p, nil) != ""; got != want {
			t.Errorf("SecretKind(%q) = %v, want %v", p, got, want)
		}
	}
	content := func(s string) func() []byte { return func() []byte { return []byte(s) } }
	if SecretKind(".npmrc", content("registry=https://x\n")) != "" || SecretKind(".npmrc", content("//r/:_authToken=abc")) == "" {
		t.Error(".npmrc tokens")
	}
}

// TestContextSecretKind: a context's answer for a path is SecretKind's
// with the file's own bytes, and the same when asked again.
func TestContextSecretKind(t *testing.T) {
	dir := tree(t, map[string]string{".npmrc": "//r/:_authToken=abc", "app/.npmrc": "registry=https://x\n", ".env": "A=1", "main.go": ""})
	ctx, err := Walk(dir, "", DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		for p, want := range map[string]string{".npmrc": "npm token", "app/.npmrc": "", ".env": SecretKind(".env", nil), "main.go": ""} {
			if got := ctx.SecretKind(p); got != want {
				t.Errorf("SecretKind(%q) = %q, want %q", p, got, want)
			}
		}
	}
}

// TestSteadyIgnoreFileFor: a steady cache finds the same ignore files in
// its folder listings as IgnoreFileFor finds with stats.
func TestSteadyIgnoreFileFor(t *testing.T) {
	dir := tree(t, map[string]string{
		"a/Dockerfile": "", "a/Dockerfile.dockerignore": "x", "a/.dockerignore": "y",
		"b/Dockerfile": "", "b/.dockerignore": "y",
		"c/Dockerfile": "", "c/Dockerfile.dockerignore/": "", "c/.dockerignore/": "",
		"d/Dockerfile": "", "d/DOCKERFILE.dockerignore": "", "d/.DockerIgnore": "",
		"e/Dockerfile": "", "e/real": "", "e/target/": "",
		"f/Dockerfile": "",
	})
	for _, l := range [][2]string{{"e/Dockerfile.dockerignore", "real"}, {"e/.dockerignore", "target"}, {"f/.dockerignore", "missing"}} {
		if err := os.Symlink(l[1], filepath.Join(dir, l[0])); err != nil {
			t.Skip("no symbolic links here:", err)
		}
	}
	c := NewCache()
	c.SetSteady(true)
	for _, sub := range []string{"a", "b", "c", "d", "e", "f", "g"} {
		root := filepath.Join(dir, sub)
		for _, df := range []string{filepath.Join(root, "Dockerfile"), "", "-"} {
			want := IgnoreFileFor(root, df)
			for range 2 {
				if got := c.IgnoreFileFor(root, df); got != want {
					t.Errorf("IgnoreFileFor(%s, %q) = %q steady, %q with stats", sub, df, got, want)
				}
			}
		}
	}
	c.SetSteady(false)
	if err := os.WriteFile(filepath.Join(dir, "f", "Dockerfile.dockerignore"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if got := c.IgnoreFileFor(filepath.Join(dir, "f"), filepath.Join(dir, "f", "Dockerfile")); got == "" {
		t.Error("a cache no longer steady answered from an old listing")
	}
}

func TestCache(t *testing.T) {
	dir := tree(t, map[string]string{"a": "x"})
	c := NewCache()
	if ctx, _ := c.Peek(dir, ""); ctx != nil {
		t.Fatal("peek walked")
	}
	done := make(chan *Context, 1)
	if !c.Refresh(dir, "", func(ctx *Context) { done <- ctx }) {
		t.Fatal("no refresh")
	}
	first := <-done
	if ctx, fresh := c.Peek(dir, ""); ctx != first || !fresh {
		t.Fatal("refresh not installed")
	}
	if c.Load(dir, "") != first {
		t.Fatal("load walked again")
	}
	os.WriteFile(filepath.Join(dir, "b"), nil, 0o644)
	if roots := c.Invalidate(filepath.Join(dir, "b")); len(roots) != 1 {
		t.Fatalf("invalidate: %v", roots)
	}
	if ctx, fresh := c.Peek(dir, ""); ctx != first || fresh {
		t.Fatal("stale context not kept while refreshing")
	}
	c.Refresh(dir, "", func(ctx *Context) { done <- ctx })
	if second := <-done; len(second.Entries) != 2 {
		t.Fatalf("refresh saw %v", paths(second.Entries))
	}
	if c.Load("", "") != nil {
		t.Fatal("empty root loaded")
	}
}

func TestFormatSize(t *testing.T) {
	for n, want := range map[int64]string{12: "12 B", 3400: "3.4 KB", 120_000_000: "120 MB"} {
		if got := FormatSize(n); got != want {
			t.Errorf("FormatSize(%d) = %q, want %q", n, got, want)
		}
	}
}

// BenchmarkWalk100k walks a context of 100,000 files in 1,000 folders,
// with a .dockerignore.
func BenchmarkWalk100k(b *testing.B) {
	dir := b.TempDir()
	os.WriteFile(filepath.Join(dir, ".dockerignore"), []byte("*.tmp\n**/*.bak\n"), 0o644)
	for d := range 1000 {
		sub := filepath.Join(dir, fmt.Sprintf("pkg%03d", d/100), fmt.Sprintf("mod%03d", d))
		if err := os.MkdirAll(sub, 0o755); err != nil {
			b.Fatal(err)
		}
		for f := range 100 {
			if err := os.WriteFile(filepath.Join(sub, fmt.Sprintf("file%03d.go", f)), nil, 0o644); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ResetTimer()
	var c *Context
	for b.Loop() {
		var err error
		if c, err = Walk(dir, "", DefaultLimits); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	if c.KeptFiles != 100_001 { // 100,000 and .dockerignore
		b.Fatalf("kept %d files", c.KeptFiles)
	}
	b.ReportMetric(float64(len(c.Entries)), "entries")
}

// TestLookupEveryEntry: Lookup finds every entry of a walk by its path,
// among names that sort close together ("a", "a-b", "a.b", "a/b"), and
// nothing for a path that was not walked.
func TestLookupEveryEntry(t *testing.T) {
	files := map[string]string{}
	for _, p := range []string{"a", "a-b", "a.b", "a0/x", "b/a-b", "b/a.b", "b/a/b", "b/a/b.c", "c/", "d/e/f/g"} {
		files[p] = "x"
	}
	root := tree(t, files)
	c, err := Walk(root, "", DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Entries) < len(files) {
		t.Fatalf("%d entries for %d files", len(c.Entries), len(files))
	}
	for _, e := range c.Entries {
		if got, ok := c.Lookup(e.Path); !ok || got != e {
			t.Errorf("Lookup(%q) = %+v, %v; want %+v", e.Path, got, ok, e)
		}
		for _, absent := range []string{e.Path + "x", e.Path + "/", e.Path + "/zz", "0" + e.Path} {
			if _, ok := c.Lookup(absent); ok && !slices.ContainsFunc(c.Entries, func(f Entry) bool { return f.Path == absent }) {
				t.Errorf("Lookup(%q) found an entry that was not walked", absent)
			}
		}
	}
	if _, ok := c.Lookup("zzz"); ok {
		t.Error(`Lookup("zzz") found an entry`)
	}
}
