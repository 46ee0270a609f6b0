package engine

import (
	"archive/tar"
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tonistiigi/fsutil"
)

// writeFiles creates files (slash paths → content) under dir.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// tarEntry is one entry of a context tar.
type tarEntry struct {
	typ     byte
	content string
	link    string
	uid     int
}

// contextTar builds opts' classic context tar and returns its entries
// and plan.
func contextTar(t *testing.T, opts BuildOptions) (map[string]tarEntry, tarPlan) {
	t.Helper()
	bc, err := newBuildContext(opts)
	if err != nil {
		t.Fatal(err)
	}
	p, err := bc.plan()
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := bc.writeTar(&buf, p); err != nil {
		t.Fatal(err)
	}
	entries := map[string]tarEntry{}
	tr := tar.NewReader(&buf)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		dt, _ := io.ReadAll(tr)
		if _, dup := entries[h.Name]; dup {
			t.Errorf("tar entry %s twice", h.Name)
		}
		entries[h.Name] = tarEntry{typ: h.Typeflag, content: string(dt), link: h.Linkname, uid: h.Uid}
	}
	return entries, p
}

func names(entries map[string]tarEntry) []string {
	var ns []string
	for n := range entries {
		ns = append(ns, n)
	}
	slices.Sort(ns)
	return ns
}

func TestContextTarDockerignore(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"miDockerfile":     "FROM scratch\nCOPY . /app\n",
		".dockerignore":    "secret.txt\nlogs\n*.tmp\n!keep.tmp\n",
		"secret.txt":       "s3cret",
		"app.txt":          "app",
		"logs/a.log":       "a",
		"x.tmp":            "x",
		"keep.tmp":         "k",
		"sub/secret.txt":   "not matched: patterns are anchored",
		"sub/deeper/b.txt": "b",
	})
	entries, p := contextTar(t, BuildOptions{ContextDir: dir, Dockerfile: filepath.Join(dir, "miDockerfile")})
	if p.dockerfile != "miDockerfile" || p.extra != nil {
		t.Errorf("plan = %+v, want the Dockerfile sent where it is", p)
	}
	for _, n := range []string{"secret.txt", "logs/", "logs/a.log", "x.tmp"} {
		if _, ok := entries[n]; ok {
			t.Errorf("%s is in the tar; .dockerignore excludes it", n)
		}
	}
	for _, n := range []string{"miDockerfile", "app.txt", "keep.tmp", "sub/", "sub/secret.txt", "sub/deeper/b.txt", ".dockerignore"} {
		if _, ok := entries[n]; !ok {
			t.Errorf("%s is missing from the tar %v", n, names(entries))
		}
	}
	if e := entries["app.txt"]; e.content != "app" || e.typ != tar.TypeReg || e.uid != 0 {
		t.Errorf("app.txt = %+v", e)
	}
	if got := entries[".dockerignore"].content; got != "secret.txt\nlogs\n*.tmp\n!keep.tmp\n" {
		t.Errorf(".dockerignore = %q, want the original", got)
	}
}

func TestContextTarDockerfileIgnorePrecedence(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"docker/api.Dockerfile":              "FROM scratch\n",
		"docker/api.Dockerfile.dockerignore": "other.txt\n",
		".dockerignore":                      "secret.txt\n",
		"secret.txt":                         "s",
		"other.txt":                          "o",
	})
	entries, p := contextTar(t, BuildOptions{ContextDir: dir, Dockerfile: filepath.Join(dir, "docker", "api.Dockerfile")})
	if p.dockerfile != "docker/api.Dockerfile" {
		t.Errorf("dockerfile = %q", p.dockerfile)
	}
	if _, ok := entries["other.txt"]; ok {
		t.Error("other.txt is in the tar; api.Dockerfile.dockerignore excludes it")
	}
	if _, ok := entries["secret.txt"]; !ok {
		t.Error("secret.txt is missing: .dockerignore must not apply when api.Dockerfile.dockerignore exists")
	}
}

func TestContextTarIgnoredDockerfile(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"Containerfile": "FROM scratch\n",
		".dockerignore": "Containerfile\n.dockerignore\n",
		"a":             "a",
	})
	entries, p := contextTar(t, BuildOptions{ContextDir: dir, Dockerfile: filepath.Join(dir, "Containerfile")})
	if e, ok := entries["Containerfile"]; !ok || e.content != "FROM scratch\n" {
		t.Fatalf("the ignored Dockerfile must still be sent: %v", names(entries))
	}
	if !slices.Equal(p.remove, []string{"Containerfile"}) {
		t.Errorf("remove = %v", p.remove)
	}
	di := entries[".dockerignore"].content
	if !strings.Contains(di, "Containerfile\n") || !strings.Contains(di, ".dockerignore\n") {
		t.Errorf(".dockerignore = %q: the builder must drop the Dockerfile and itself", di)
	}
}

func TestContextTarDockerfileOutsideAndText(t *testing.T) {
	dir, other := t.TempDir(), t.TempDir()
	writeFiles(t, dir, map[string]string{"a.txt": "a"})
	writeFiles(t, other, map[string]string{"Dockerfile.dev": "FROM disk\n"})
	for _, tc := range []struct {
		name string
		text []byte
		want string
	}{
		{"outside", nil, "FROM disk\n"},
		{"text", []byte("FROM text\n"), "FROM text\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			entries, p := contextTar(t, BuildOptions{ContextDir: dir, Dockerfile: filepath.Join(other, "Dockerfile.dev"), DockerfileText: tc.text})
			if !strings.HasPrefix(p.dockerfile, ".dockerfile.") {
				t.Fatalf("dockerfile = %q", p.dockerfile)
			}
			if got := entries[p.dockerfile].content; got != tc.want {
				t.Errorf("Dockerfile entry = %q, want %q", got, tc.want)
			}
			if got := entries[".dockerignore"].content; got != p.dockerfile+"\n.dockerignore\n" {
				t.Errorf(".dockerignore = %q", got)
			}
			if _, ok := entries["a.txt"]; !ok {
				t.Error("a.txt missing")
			}
		})
	}
	// Text for a Dockerfile inside the context: the text is sent, the
	// file on disk stays an ordinary context file.
	writeFiles(t, dir, map[string]string{"Dockerfile": "FROM disk\n"})
	entries, p := contextTar(t, BuildOptions{ContextDir: dir, Dockerfile: filepath.Join(dir, "Dockerfile"), DockerfileText: []byte("FROM text\n")})
	if entries[p.dockerfile].content != "FROM text\n" || entries["Dockerfile"].content != "FROM disk\n" {
		t.Errorf("entries %v, plan %+v", names(entries), p)
	}
}

func TestContextTarSymlinks(t *testing.T) {
	dir, outside := t.TempDir(), t.TempDir()
	writeFiles(t, dir, map[string]string{"Dockerfile": "FROM scratch\n", "real.txt": "r"})
	writeFiles(t, outside, map[string]string{"secret": "outside"})
	for link, target := range map[string]string{"rel": "real.txt", "out": filepath.Join(outside, "secret"), "outdir": outside} {
		if err := os.Symlink(target, filepath.Join(dir, link)); err != nil {
			t.Fatal(err)
		}
	}
	entries, _ := contextTar(t, BuildOptions{ContextDir: dir, Dockerfile: filepath.Join(dir, "Dockerfile")})
	for _, n := range []string{"rel", "out", "outdir"} {
		e := entries[n]
		if e.typ != tar.TypeSymlink || e.content != "" || e.link == "" {
			t.Errorf("%s = %+v, want a symlink", n, e)
		}
	}
	for n, e := range entries {
		if strings.Contains(e.content, "outside") || strings.HasPrefix(n, "outdir/") {
			t.Errorf("%s: a symlink was followed out of the context", n)
		}
	}
}

func TestContextTarUnreadable(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root reads unreadable files")
	}
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"Dockerfile": "FROM scratch\n", ".dockerignore": "private\n", "locked.txt": "x", "private/x": "x"})
	if err := os.Chmod(filepath.Join(dir, "private"), 0); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(filepath.Join(dir, "private"), 0o755) })
	// The ignored folder is not even opened.
	contextTar(t, BuildOptions{ContextDir: dir, Dockerfile: filepath.Join(dir, "Dockerfile")})

	if err := os.Chmod(filepath.Join(dir, "locked.txt"), 0); err != nil {
		t.Fatal(err)
	}
	bc, err := newBuildContext(BuildOptions{ContextDir: dir, Dockerfile: filepath.Join(dir, "Dockerfile")})
	if err != nil {
		t.Fatal(err)
	}
	p, _ := bc.plan()
	err = bc.writeTar(io.Discard, p)
	if err == nil || !strings.Contains(err.Error(), "cannot read locked.txt") || !errors.Is(err, os.ErrPermission) {
		t.Errorf("err = %v, want cannot read locked.txt: permission denied", err)
	}
}

func TestNewBuildContextErrors(t *testing.T) {
	dir := t.TempDir()
	for _, opts := range []BuildOptions{
		{},
		{ContextDir: filepath.Join(dir, "missing")},
		{ContextDir: dir, Dockerfile: filepath.Join(dir, "Dockerfile")}, // no such file
	} {
		if _, err := newBuildContext(opts); err == nil {
			t.Errorf("%+v: no error", opts)
		}
	}
	writeFiles(t, dir, map[string]string{"Dockerfile": "FROM scratch\n", ".dockerignore": "[\n"})
	if _, err := newBuildContext(BuildOptions{ContextDir: dir, Dockerfile: filepath.Join(dir, "Dockerfile")}); err == nil {
		t.Error("a bad pattern gave no error")
	}
}

func TestFilterSync(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"miDockerfile": "FROM scratch\n", ".dockerignore": "secret.txt\n"})
	bc, err := newBuildContext(BuildOptions{ContextDir: dir, Dockerfile: filepath.Join(dir, "miDockerfile")})
	if err != nil {
		t.Fatal(err)
	}
	// The frontend's own look for ignore files finds nothing.
	for _, inc := range [][]string{{".dockerignore"}, {"miDockerfile.dockerignore", ".dockerignore"}} {
		opt := &fsutil.FilterOpt{IncludePatterns: inc}
		bc.filterSync(localContext, opt)
		if !slices.Equal(opt.IncludePatterns, []string{hiddenPattern}) {
			t.Errorf("%v → %v", inc, opt.IncludePatterns)
		}
	}
	opt := &fsutil.FilterOpt{ExcludePatterns: []string{"a"}}
	bc.filterSync(localContext, opt)
	if !slices.Equal(opt.ExcludePatterns, []string{"a", "secret.txt"}) {
		t.Errorf("context excludes = %v", opt.ExcludePatterns)
	}
	opt = &fsutil.FilterOpt{IncludePatterns: []string{"miDockerfile", "miDockerfile.dockerignore"}}
	bc.filterSync(localDockerfile, opt)
	if !slices.Equal(opt.IncludePatterns, []string{"miDockerfile"}) {
		t.Errorf("dockerfile includes = %v", opt.IncludePatterns)
	}
}

// writeFile writes content to name.
func writeFile(name, content string) error { return os.WriteFile(name, []byte(content), 0o644) }
