package rules

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/moby/patternmatcher"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/buildctx"
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
	scope := newVarScope(doc)
	var m *patternmatcher.PatternMatcher
	var name string
	loaded := false
	for _, st := range doc.Stages {
		for _, ins := range st.Instructions {
			if ins.Cmd != "copy" && ins.Cmd != "add" || ins.Cmd == "copy" && ins.Flag("from") != nil {
				continue
			}
			args := instructionArgs(ins)
			if len(args) < 2 {
				continue
			}
			if !loaded {
				var release func()
				m, name, release = ignoreMatcher(doc)
				defer release()
				loaded = true
				// Like BuildKit, give up when the file re-includes paths
				// with "!": whether a source survives is then too hard to
				// tell without the files.
				if m == nil || m.Exclusions() {
					return
				}
			}
			var env *stageEnv
			for _, w := range args[:len(args)-1] {
				if isHeredocMarker(ins, w) {
					continue
				}
				src := w.Text
				if hasDollar(src) || strings.ContainsAny(src, `"'`) || strings.Contains(src, string(doc.File.Escape)) {
					if env == nil {
						env = newStageEnv(scope, st, ins)
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
				if (src == "." || src == "/") && !rootIgnored(m) {
					continue
				}
				if ok, err := m.MatchesOrParentMatches(src); err != nil || !ok {
					continue
				}
				p.Report(lint.Diagnostic{
					Range:   w.sourceRange(ins, 0, len(w.Text)),
					Message: fmt.Sprintf("%s source %q is excluded from the build context by %s", strings.ToUpper(ins.Cmd), src, name),
				})
			}
		}
	}
}

func isHeredocMarker(ins *syntax.Instruction, w expandedWord) bool {
	if !strings.HasPrefix(w.Text, "<<") || w.Whole != nil {
		return false
	}
	r := w.sourceRange(ins, 0, len(w.Text))
	for _, h := range ins.Heredocs {
		if h.Marker.Start <= r.Start && r.Start < max(h.Marker.End, h.Marker.Start+1) {
			return true
		}
	}
	return false
}

// rootIgnored mirrors BuildKit's copySourceRootIgnored: "." is reported
// only when a pattern excludes every entry of the context.
func rootIgnored(m *patternmatcher.PatternMatcher) bool {
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

// ignoreFile is an ignore file's patterns, kept while its modification
// time and size do not change.
type ignoreFile struct {
	mod      time.Time
	size     int64
	patterns []buildctx.Pattern
	// matchers are matchers of patterns no document uses at the moment.
	matchers sync.Pool
}

// ignoreCache maps an ignore file's path to its patterns.
var ignoreCache sync.Map

// ignoreMatcher returns a matcher of the ignore file that applies to the
// document, picked and read as the build context's walk does (see
// buildctx.IgnoreFileFor and ReadIgnoreFile: a regular file, bounded),
// and its name: "<Dockerfile>.dockerignore" next to the Dockerfile, else
// ".dockerignore" at the root of the build context (the Dockerfile's
// folder unless the document says otherwise). The matcher is the
// caller's until it calls release (a PatternMatcher is not safe for
// concurrent use), which hands it to the next document with the same
// ignore file.
func ignoreMatcher(doc *lint.Document) (m *patternmatcher.PatternMatcher, name string, release func()) {
	release = func() {}
	path := ignoreFileOf(doc)
	if path == "" {
		return nil, "", release
	}
	fi, err := os.Stat(path)
	if err != nil {
		return nil, "", release
	}
	v, _ := ignoreCache.Load(path)
	e, _ := v.(*ignoreFile)
	if e == nil || !e.mod.Equal(fi.ModTime()) || e.size != fi.Size() {
		e = &ignoreFile{mod: fi.ModTime(), size: fi.Size()}
		e.patterns, _ = buildctx.ReadIgnoreFile(path)
		ignoreCache.Store(path, e)
	}
	if v := e.matchers.Get(); v != nil {
		m = v.(*patternmatcher.PatternMatcher)
	} else if m, err = buildctx.Matcher(e.patterns); err != nil || m == nil {
		return nil, "", release
	}
	return m, filepath.Base(path), func() { e.matchers.Put(m) }
}
