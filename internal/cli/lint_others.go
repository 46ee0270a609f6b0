package cli

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/rogpeppe/go-internal/diff"

	"github.com/berth-dev/berth/internal/safeio"
	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/buildctx"
)

// otherFixes is what --fix and --diff did to other files than the
// Dockerfiles: the .dockerignore lines of the build context rules.
type otherFixes struct {
	diff bool
	// wrote says a file was written (--fix): the contexts walked before
	// are stale, and an input linted before is linted again.
	wrote bool
	// files are the files changed (or, with --diff, to change), in order;
	// edits their edits, for --diff, against the files on disk.
	files []string
	edits map[string][]lint.Edit
	// problems counts the findings fixed; failed says a fix could not be
	// applied.
	problems int
	failed   bool
}

// fixOthers applies the chosen fixes of in's findings that edit other
// files, when those files lie in in's build context (or are the
// NAME.dockerignore of in). With --fix each file is written atomically
// and in is linted again; with --diff the edits are kept for writeDiffs.
func (l *linter) fixOthers(x *otherFixes, in *input, out *outcome) {
	if in.file == "" || in.context == "" || out.result.Err != nil {
		return
	}
	diags := out.result.Diagnostics
	if x.wrote {
		diags = l.check(in, out.result.Src)
	}
	for pass := 0; pass < maxFixPasses; pass++ {
		edits := lint.SelectFixes(diags, l.unsafe)
		paths := lint.OtherFiles(edits)
		if len(paths) == 0 {
			break
		}
		for _, p := range paths {
			if err := otherFileAllowed(in, p); err != nil {
				out.fixErr = fmt.Errorf("fixing %s: %w", in.path, err)
				x.failed = true
				return
			}
		}
		x.problems += countOther(diags, edits, l.unsafe)
		if x.diff {
			if x.edits == nil {
				x.edits = map[string][]lint.Edit{}
			}
			for _, e := range edits {
				if e.Path != "" && !slices.Contains(x.edits[e.Path], e) {
					x.edits[e.Path] = append(x.edits[e.Path], e)
				}
			}
			for _, p := range paths {
				if !slices.Contains(x.files, p) {
					x.files = append(x.files, p)
				}
			}
			return
		}
		for _, p := range paths {
			old, err := readOther(p)
			if err == nil {
				var data []byte
				if data, err = lint.ApplyFile(old, edits, p); err == nil {
					err = safeio.WriteFileAtomic(p, data, 0o644)
				}
			}
			if err != nil {
				out.fixErr = fmt.Errorf("fixing %s: writing %s: %w", in.path, p, err)
				x.failed = true
				return
			}
			x.wrote = true
			if !slices.Contains(x.files, p) {
				x.files = append(x.files, p)
			}
		}
		// The walks cached before are of the old ignore file.
		buildctx.Default.Forget()
		diags = l.check(in, out.result.Src)
	}
	out.result.Diagnostics = diags
}

// readOther reads a file a fix edits: nil when it does not exist yet.
func readOther(p string) ([]byte, error) {
	data, err := safeio.ReadRegularFile(p, safeio.DefaultMaxSize)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	return data, err
}

// otherFileAllowed checks that a fix of in may edit the file p: inside
// in's build context (also once symbolic links are followed), or the
// NAME.dockerignore beside it.
func otherFileAllowed(in *input, p string) error {
	df, err1 := filepath.Abs(in.file)
	root, err2 := filepath.Abs(in.context)
	if err1 != nil || err2 != nil || !filepath.IsAbs(p) {
		return fmt.Errorf("refusing to edit %s, outside the build context", p)
	}
	if filepath.Clean(p) == df+".dockerignore" {
		return nil
	}
	if !inside(root, p) {
		return fmt.Errorf("refusing to edit %s, outside the build context %s", p, in.context)
	}
	if resolved, err := filepath.EvalSymlinks(p); err == nil {
		if realRoot, err := filepath.EvalSymlinks(root); err != nil || !inside(realRoot, resolved) {
			return fmt.Errorf("refusing to edit %s, a link to outside the build context %s", p, in.context)
		}
	}
	return nil
}

// inside reports whether p lies in the folder dir.
func inside(dir, p string) bool {
	rel, err := filepath.Rel(dir, filepath.Clean(p))
	return err == nil && rel != "." && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// countOther counts the findings whose fix of other files SelectFixes
// chose: every edit of it is among edits.
func countOther(diags []lint.Diagnostic, edits []lint.Edit, unsafe bool) int {
	n := 0
	for _, d := range diags {
		for _, f := range d.Fixes {
			if !f.Safe && !unsafe {
				continue
			}
			if len(lint.OtherFiles(f.Edits)) > 0 && !slices.ContainsFunc(f.Edits, func(e lint.Edit) bool { return !slices.Contains(edits, e) }) {
				n++
			}
			break
		}
	}
	return n
}

// writeDiffs prints, for --diff, the diff of each other file.
func (x *otherFixes) writeDiffs(w io.Writer, cwd string) error {
	for _, p := range x.files {
		old, err := readOther(p)
		if err != nil {
			x.failed = true
			continue
		}
		data, err := lint.ApplyFile(old, x.edits[p], p)
		if err != nil {
			x.failed = true
			continue
		}
		name := p
		if rel, err := filepath.Rel(cwd, p); err == nil && !strings.HasPrefix(rel, "..") {
			name = rel
		}
		name = safeio.Printable(filepath.ToSlash(name))
		oldName := "a/" + name
		if _, err := os.Lstat(p); errors.Is(err, fs.ErrNotExist) {
			oldName = "/dev/null"
		}
		if _, err := w.Write(diff.Diff(oldName, old, "b/"+name, data)); err != nil {
			return err
		}
	}
	return nil
}

// dropOtherFileFixes leaves out the fixes that edit other files than the
// Dockerfile, for the report formats whose edits are positions in the
// Dockerfile (JSON, SARIF); the findings stay.
func dropOtherFileFixes(diags []lint.Diagnostic) []lint.Diagnostic {
	for i := range diags {
		d := &diags[i]
		if slices.ContainsFunc(d.Fixes, func(f lint.Fix) bool { return len(lint.OtherFiles(f.Edits)) > 0 }) {
			d.Fixes = slices.DeleteFunc(slices.Clone(d.Fixes), func(f lint.Fix) bool { return len(lint.OtherFiles(f.Edits)) > 0 })
		}
	}
	return diags
}
