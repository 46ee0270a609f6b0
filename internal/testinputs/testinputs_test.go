package testinputs

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestFiles: Consult opens the regular files below the root, and none
// below .git or node_modules, nor what a link names.
func TestFiles(t *testing.T) {
	root := t.TempDir()
	for _, name := range []string{"go.mod", "cmd/x/main.go", "editors/nvim/lua/x.lua", ".git/HEAD", "node_modules/p/index.js", "editors/vscode/node_modules/q/index.js"} {
		p := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink("/etc/passwd", filepath.Join(root, "link")); err != nil {
		t.Fatal(err)
	}
	got, err := files(root)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"cmd/x/main.go", "editors/nvim/lua/x.lua", "go.mod"}
	for i := range want {
		want[i] = filepath.Join(root, want[i])
	}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("files: %q\nwant %q", got, want)
	}
	Consult(t, root)
}
