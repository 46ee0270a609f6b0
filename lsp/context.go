package lsp

import (
	"path/filepath"

	"go.lsp.dev/protocol"

	"github.com/berth-dev/berth/lint/buildctx"
)

// The build context rules read a walk of the context folder, which may
// take a while: the server never lets linting wait for it. A snapshot
// gets its context only once the walk is cached; until then the context
// rules are silent, the walk runs in the background, and the open
// documents are linted again when it ends. A change to a file of a
// context (workspace/didChangeWatchedFiles) marks its walk stale: the old
// one serves until the new one is done.

// contextDir returns the build context folder of the Dockerfile at path
// (the build.context setting, else the file's folder) when its walk is
// cached, else "" after starting the walk.
func (s *Server) contextDir(path string) string {
	if path == "" {
		return ""
	}
	s.mu.Lock()
	setting, roots := s.settings.Build.Context, s.roots
	s.mu.Unlock()
	dir := buildContext(path, setting, roots)
	if filepath.Dir(dir) == dir {
		return "" // never walk a whole file system
	}
	c, fresh := buildctx.Default.Peek(dir, path)
	if !fresh {
		buildctx.Default.Refresh(dir, path, func(*buildctx.Context) {
			select {
			case <-s.done:
			default:
				s.relintAll()
			}
		})
	}
	if c == nil {
		return ""
	}
	return dir
}

// contextChanged marks stale the walks of the contexts that hold a changed
// file, and re-lints so that they are walked again.
func (s *Server) contextChanged(changes []protocol.FileEvent) {
	stale := false
	for _, ch := range changes {
		if p := uriPath(ch.URI); p != "" && len(buildctx.Default.Invalidate(p)) > 0 {
			stale = true
		}
	}
	if stale {
		s.relintAll()
	}
}
