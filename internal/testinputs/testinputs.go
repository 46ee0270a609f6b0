// Package testinputs tells the go command's test cache what an end-to-end
// test's programs read. The go command reuses a test's result when the
// test binary, its flags and the files and environment variables the test
// process consulted are unchanged; a test that builds berth with "go
// build", or drives an editor that loads the Neovim plugin or the VS Code
// extension, depends on files its own process never opens, and a change to
// them would otherwise be answered by a stale "(cached)" pass.
package testinputs

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// Consult opens every file below the module's root (root, a path to it),
// but for version control's (.git) and installed packages (node_modules),
// so that a change to any of them makes the go command run the test again.
// A build or an editor reads a few of them; which is not known here, and
// a few hundred opens cost milliseconds.
func Consult(tb testing.TB, root string) {
	tb.Helper()
	paths, err := files(root)
	if err != nil {
		tb.Fatalf("listing the module's files for the test cache: %v", err)
	}
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			tb.Fatalf("opening the module's files for the test cache: %v", err)
		}
		f.Close()
	}
}

// files lists the regular files Consult opens.
func files(root string) ([]string, error) {
	var out []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); path != root && (name == ".git" || name == "node_modules") {
				return filepath.SkipDir
			}
			return nil
		}
		if d.Type().IsRegular() {
			out = append(out, path)
		}
		return nil
	})
	return out, err
}
