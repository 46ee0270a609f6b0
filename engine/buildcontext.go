package engine

import (
	"archive/tar"
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/moby/patternmatcher"
	"github.com/moby/patternmatcher/ignorefile"

	"github.com/berth-dev/berth/internal/safeio"
)

// dockerignoreName is the context's ignore file.
const dockerignoreName = ".dockerignore"

// buildContext is what a build sends: the context folder, the ignore
// patterns that apply to it, and the Dockerfile.
type buildContext struct {
	// dir is the context folder, symlinks resolved.
	dir string
	// dockerfile is the Dockerfile's path, its folder's symlinks resolved.
	dockerfile string
	// dockerfileText is what is built: opts.DockerfileText, or the
	// file's content.
	dockerfileText []byte
	// textOverride says dockerfileText is not the file on disk.
	textOverride bool
	// ignoreFile is the ignore file the patterns come from ("" for
	// none): <Dockerfile>.dockerignore beside the Dockerfile when it
	// exists, else the context's .dockerignore.
	ignoreFile string
	// excludes are the ignore file's patterns.
	excludes []string
	pm       *patternmatcher.PatternMatcher
}

// newBuildContext checks opts and reads the ignore file and the
// Dockerfile.
func newBuildContext(opts BuildOptions) (*buildContext, error) {
	if opts.ContextDir == "" {
		return nil, errors.New("build context: no context folder")
	}
	dir, err := filepath.Abs(opts.ContextDir)
	if err != nil {
		return nil, fmt.Errorf("build context %s: %w", opts.ContextDir, err)
	}
	if dir, err = filepath.EvalSymlinks(dir); err != nil {
		return nil, fmt.Errorf("build context: %w", err)
	}
	if fi, err := os.Stat(dir); err != nil {
		return nil, fmt.Errorf("build context: %w", err)
	} else if !fi.IsDir() {
		return nil, fmt.Errorf("build context %s is not a folder", dir)
	}
	bc := &buildContext{dir: dir}

	df := opts.Dockerfile
	if df == "" {
		df = filepath.Join(dir, "Dockerfile")
	}
	if !filepath.IsAbs(df) {
		df = filepath.Join(dir, df)
	}
	if d, err := filepath.EvalSymlinks(filepath.Dir(df)); err == nil {
		df = filepath.Join(d, filepath.Base(df))
	}
	bc.dockerfile = df
	if opts.DockerfileText != nil {
		bc.dockerfileText = opts.DockerfileText
		bc.textOverride = true
	} else {
		dt, err := safeio.ReadRegularFile(df, safeio.DefaultMaxSize)
		if err != nil {
			return nil, fmt.Errorf("reading the Dockerfile: %w", err)
		}
		bc.dockerfileText = dt
	}

	for _, name := range []string{df + ".dockerignore", filepath.Join(dir, dockerignoreName)} {
		dt, err := safeio.ReadRegularFile(name, safeio.DefaultMaxSize)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("reading the ignore file: %w", err)
		}
		patterns, err := ignorefile.ReadAll(bytes.NewReader(dt))
		if err != nil {
			return nil, fmt.Errorf("reading the ignore file %s: %w", name, err)
		}
		bc.ignoreFile, bc.excludes = name, patterns
		break
	}
	if bc.pm, err = patternmatcher.New(bc.excludes); err != nil {
		return nil, fmt.Errorf("ignore file %s: %w", bc.ignoreFile, err)
	}
	return bc, nil
}

// dockerfileName is the Dockerfile's base name: what the BuildKit
// frontend is told to read from the "dockerfile" folder.
func (bc *buildContext) dockerfileName() string { return filepath.Base(bc.dockerfile) }

// relDockerfile is the Dockerfile's slash path inside the context, or ""
// when it is outside.
func (bc *buildContext) relDockerfile() string {
	rel, err := filepath.Rel(bc.dir, bc.dockerfile)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return ""
	}
	return filepath.ToSlash(rel)
}

// excluded reports whether the ignore patterns leave out the slash path
// rel.
func (bc *buildContext) excluded(rel string) bool {
	m, err := bc.pm.MatchesOrParentMatches(rel)
	return err == nil && m
}

// tarPlan says how the classic builder's tar carries the Dockerfile.
type tarPlan struct {
	// dockerfile is the Dockerfile's path in the tar (the builder's
	// "dockerfile" parameter).
	dockerfile string
	// extra is the Dockerfile's entry when the tar carries it at a name
	// of its own (an edited text, or a file outside the context); nil
	// when the file is sent where it is.
	extra []byte
	// remove are the paths the builder drops from the context once it
	// has read the Dockerfile (through the tar's .dockerignore, as the
	// Docker CLI does).
	remove []string
}

// plan decides where the Dockerfile goes in the tar.
func (bc *buildContext) plan() (tarPlan, error) {
	rel := bc.relDockerfile()
	if rel != "" && !bc.textOverride {
		p := tarPlan{dockerfile: rel}
		if bc.excluded(rel) {
			p.remove = []string{rel}
		}
		return p, nil
	}
	var b [10]byte
	if _, err := rand.Read(b[:]); err != nil {
		return tarPlan{}, fmt.Errorf("naming the Dockerfile: %w", err)
	}
	name := ".dockerfile." + hex.EncodeToString(b[:])
	return tarPlan{dockerfile: name, extra: bc.dockerfileText, remove: []string{name}}, nil
}

// writeTar writes the classic builder's context tar to w: the context's
// files the ignore patterns keep (ignored files are not opened), the
// Dockerfile as p says, and a .dockerignore naming what the builder
// must drop after reading it.
func (bc *buildContext) writeTar(w io.Writer, p tarPlan) error {
	tw := tar.NewWriter(w)
	forced := ""
	if p.extra == nil {
		forced = p.dockerfile
	}
	if err := bc.walk(func(rel string, d fs.DirEntry, full string) error {
		if rel == dockerignoreName {
			return nil
		}
		return addFile(tw, rel, full, d)
	}, forced); err != nil {
		return err
	}
	if p.extra != nil {
		if err := addBytes(tw, p.dockerfile, p.extra); err != nil {
			return err
		}
	}
	if err := bc.addDockerignore(tw, p.remove); err != nil {
		return err
	}
	if err := tw.Close(); err != nil {
		return fmt.Errorf("build context: %w", err)
	}
	return nil
}

// addDockerignore writes the tar's .dockerignore: the context's own
// (when it is kept) with the paths to remove appended.
func (bc *buildContext) addDockerignore(tw *tar.Writer, remove []string) error {
	var buf bytes.Buffer
	orig := filepath.Join(bc.dir, dockerignoreName)
	keep := false
	if fi, err := os.Lstat(orig); err == nil && fi.Mode().IsRegular() && !bc.excluded(dockerignoreName) {
		dt, err := safeio.ReadRegularFile(orig, safeio.DefaultMaxSize)
		if err != nil {
			return fmt.Errorf("build context: cannot read %s: %w", dockerignoreName, err)
		}
		buf.Write(dt)
		keep = true
	}
	if len(remove) == 0 && !keep {
		return nil
	}
	if buf.Len() > 0 && !bytes.HasSuffix(buf.Bytes(), []byte("\n")) {
		buf.WriteByte('\n')
	}
	for _, r := range remove {
		buf.WriteString(escapePattern(r) + "\n")
	}
	if !keep {
		buf.WriteString(dockerignoreName + "\n")
	}
	return addBytes(tw, dockerignoreName, buf.Bytes())
}

// escapePattern makes name a pattern that matches only itself.
func escapePattern(name string) string {
	var b strings.Builder
	for _, r := range name {
		if strings.ContainsRune(`*?[]\`, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// walk calls fn for each path of the context the ignore patterns keep
// (slash path relative to the context, entry, full path), parents
// before children, and for forced even when ignored. Ignored folders are
// not entered unless an exception pattern may keep something in them.
func (bc *buildContext) walk(fn func(rel string, d fs.DirEntry, full string) error, forced string) error {
	infos := map[string]patternmatcher.MatchInfo{}
	return filepath.WalkDir(bc.dir, func(full string, d fs.DirEntry, err error) error {
		if err != nil {
			rel, _ := filepath.Rel(bc.dir, full)
			return fmt.Errorf("build context: cannot read %s: %w", filepath.ToSlash(rel), unwrapPathError(err))
		}
		if full == bc.dir {
			return nil
		}
		rel, err := filepath.Rel(bc.dir, full)
		if err != nil {
			return fmt.Errorf("build context: %w", err)
		}
		rel = filepath.ToSlash(rel)
		skip := false
		if len(bc.excludes) > 0 {
			var info patternmatcher.MatchInfo
			skip, info, err = bc.pm.MatchesUsingParentResults(rel, infos[path.Dir(rel)])
			if err != nil {
				return fmt.Errorf("ignore file %s: %w", bc.ignoreFile, err)
			}
			if d.IsDir() {
				infos[rel] = info
			}
		}
		if skip && rel != forced {
			if !d.IsDir() {
				return nil
			}
			if !bc.mayKeepInside(rel) && !strings.HasPrefix(forced, rel+"/") {
				return filepath.SkipDir
			}
			return nil // a folder entered only for what an exception keeps
		}
		return fn(rel, d, full)
	})
}

// mayKeepInside reports whether an exception pattern may keep something
// inside the ignored folder dir (the test Docker's archive code uses).
func (bc *buildContext) mayKeepInside(dir string) bool {
	if !bc.pm.Exclusions() {
		return false
	}
	for _, p := range bc.pm.Patterns() {
		if p.Exclusion() && strings.HasPrefix(filepath.ToSlash(p.String())+"/", dir+"/") {
			return true
		}
	}
	return false
}

// unwrapPathError drops the path from err (the caller names it).
func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// addFile writes the context entry rel to tw: folders, regular files
// (read now), symlinks as symlinks (never followed); sockets are left
// out. Owners are reset to root, as docker build does.
func addFile(tw *tar.Writer, rel, full string, d fs.DirEntry) error {
	fi, err := d.Info()
	if err != nil {
		return fmt.Errorf("build context: cannot read %s: %w", rel, unwrapPathError(err))
	}
	link := ""
	switch mode := fi.Mode(); {
	case mode&fs.ModeSocket != 0:
		return nil
	case mode&fs.ModeSymlink != 0:
		if link, err = os.Readlink(full); err != nil {
			return fmt.Errorf("build context: cannot read the symlink %s: %w", rel, unwrapPathError(err))
		}
	}
	hdr, err := tar.FileInfoHeader(fi, link)
	if err != nil {
		return fmt.Errorf("build context: %s: %w", rel, err)
	}
	hdr.Name = rel
	if fi.IsDir() {
		hdr.Name += "/"
	}
	hdr.Uid, hdr.Gid, hdr.Uname, hdr.Gname = 0, 0, "", ""
	hdr.AccessTime, hdr.ChangeTime = time.Time{}, time.Time{}
	if !fi.Mode().IsRegular() {
		if err := tw.WriteHeader(hdr); err != nil {
			return fmt.Errorf("build context: %s: %w", rel, err)
		}
		return nil
	}
	f, err := os.Open(full)
	if err != nil {
		return fmt.Errorf("build context: cannot read %s: %w", rel, unwrapPathError(err))
	}
	defer f.Close()
	if err := tw.WriteHeader(hdr); err != nil {
		return fmt.Errorf("build context: %s: %w", rel, err)
	}
	n, err := io.Copy(tw, f)
	if err != nil {
		return fmt.Errorf("build context: cannot read %s: %w", rel, unwrapPathError(err))
	}
	if n != hdr.Size {
		return fmt.Errorf("build context: %s changed while it was read", rel)
	}
	return nil
}

// addBytes writes a regular file named name holding dt.
func addBytes(tw *tar.Writer, name string, dt []byte) error {
	hdr := &tar.Header{Typeflag: tar.TypeReg, Name: name, Mode: 0o644, Size: int64(len(dt))}
	if err := tw.WriteHeader(hdr); err != nil {
		return fmt.Errorf("build context: %s: %w", name, err)
	}
	if _, err := tw.Write(dt); err != nil {
		return fmt.Errorf("build context: %s: %w", name, err)
	}
	return nil
}
