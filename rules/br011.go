package rules

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/moby/patternmatcher"
	"github.com/moby/patternmatcher/ignorefile"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/syntax"
)

// BR011 reports COPY and ADD sources that .dockerignore excludes from the
// build context.
var BR011 = &lint.Rule{
	Code:     "BR011",
	Name:     "copy-ignored-file",
	Aliases:  []string{"CopyIgnoredFile"},
	Title:    "Do not COPY files excluded by .dockerignore",
	Severity: lint.Warning,
	Fix:      lint.NoFix,
	Check:    checkBR011,
}

func checkBR011(p *lint.Pass) {
	doc := p.Doc
	scope := newR4Scope(doc)
	var m *patternmatcher.PatternMatcher
	var name string
	loaded := false
	for _, st := range doc.Stages {
		for _, ins := range st.Instructions {
			if ins.Cmd != "copy" && ins.Cmd != "add" || ins.Cmd == "copy" && r4Flag(ins, "from") != nil {
				continue
			}
			args := r4Args(ins)
			if len(args) < 2 {
				continue
			}
			if !loaded {
				m, name = r4IgnoreMatcher(doc)
				loaded = true
				// Like BuildKit, give up when the file re-includes paths
				// with "!": whether a source survives is then too hard to
				// tell without the files.
				if m == nil || m.Exclusions() {
					return
				}
			}
			var env *r4StageEnv
			for _, w := range args[:len(args)-1] {
				if r4IsHeredocMarker(ins, w) {
					continue
				}
				src := w.Text
				if r4HasDollar(src) || strings.ContainsAny(src, `"'`) || strings.Contains(src, string(doc.File.Escape)) {
					if env == nil {
						env = newR4StageEnv(scope, st, ins)
					}
					res, err := doc.Expand(scope.lexer(0), src, env)
					if err != nil || len(res.Unmatched) > 0 {
						continue
					}
					src = res.Result
				}
				if strings.Contains(src, "://") || strings.HasPrefix(src, "git@") {
					continue
				}
				src = filepath.ToSlash(filepath.Clean(src))
				if (src == "." || src == "/") && !r4RootIgnored(m) {
					continue
				}
				if ok, err := m.MatchesOrParentMatches(src); err != nil || !ok {
					continue
				}
				p.Report(lint.Diagnostic{
					Range:   w.r4Range(ins, 0, len(w.Text)),
					Message: fmt.Sprintf("%s source %q is excluded from the build context by %s", strings.ToUpper(ins.Cmd), src, name),
				})
			}
		}
	}
}

func r4IsHeredocMarker(ins *syntax.Instruction, w r4Word) bool {
	if !strings.HasPrefix(w.Text, "<<") || w.Whole != nil {
		return false
	}
	r := w.r4Range(ins, 0, len(w.Text))
	for _, h := range ins.Heredocs {
		if h.Marker.Start <= r.Start && r.Start < max(h.Marker.End, h.Marker.Start+1) {
			return true
		}
	}
	return false
}

// r4RootIgnored mirrors BuildKit's copySourceRootIgnored: "." is reported
// only when a pattern excludes every entry of the context.
func r4RootIgnored(m *patternmatcher.PatternMatcher) bool {
	for _, p := range m.Patterns() {
		if p.Exclusion() {
			continue
		}
		switch p.String() {
		case "*", "**", "**/*":
			return true
		}
	}
	return false
}

type r4IgnoreFile struct {
	mod     time.Time
	size    int64
	matcher *patternmatcher.PatternMatcher
}

// r4Absent remembers for a short while the ignore files found missing, so
// that linting many files of one folder does not stat them every time.
var r4Absent sync.Map // path -> time.Time of the check

const r4AbsentTTL = 2 * time.Second

// r4IgnoreCache maps an ignore file's path to its parsed patterns, kept
// while its modification time and size do not change.
var r4IgnoreCache sync.Map

// r4IgnoreMatcher returns the patterns of the ignore file that applies to
// the document, as BuildKit picks it: "<Dockerfile>.dockerignore" next to
// the Dockerfile, else ".dockerignore" at the root of the build context
// (the Dockerfile's folder unless the document says otherwise).
func r4IgnoreMatcher(doc *lint.Document) (*patternmatcher.PatternMatcher, string) {
	var candidates []string
	if doc.Path != "" && doc.Path != "-" {
		candidates = append(candidates, doc.Path+".dockerignore")
	}
	ctx := doc.Context
	if ctx == "" && doc.Path != "" && doc.Path != "-" {
		ctx = filepath.Dir(doc.Path)
	}
	if ctx != "" {
		candidates = append(candidates, filepath.Join(ctx, ".dockerignore"))
	}
	now := time.Now()
	for _, path := range candidates {
		if t, ok := r4Absent.Load(path); ok && now.Sub(t.(time.Time)) < r4AbsentTTL {
			continue
		}
		fi, err := os.Stat(path)
		if err != nil || fi.IsDir() {
			r4Absent.Store(path, now)
			continue
		}
		name := filepath.Base(path)
		if v, ok := r4IgnoreCache.Load(path); ok {
			e := v.(*r4IgnoreFile)
			if e.mod.Equal(fi.ModTime()) && e.size == fi.Size() {
				return e.matcher, name
			}
		}
		data, err := os.ReadFile(path)
		if err != nil {
			continue
		}
		e := &r4IgnoreFile{mod: fi.ModTime(), size: fi.Size()}
		if patterns, err := ignorefile.ReadAll(bytes.NewReader(data)); err == nil && len(patterns) > 0 {
			e.matcher, _ = patternmatcher.New(patterns)
		}
		r4IgnoreCache.Store(path, e)
		return e.matcher, name
	}
	return nil, ""
}
