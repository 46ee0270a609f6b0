package lsp

import (
	"context"
	"io/fs"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/berth-dev/berth/internal/safeio"
	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lsp/source"
)

// Bounds of the workspace symbol search: it never reads more than this.
const (
	maxWorkspaceFiles   = 200     // Dockerfiles read from the workspace folders
	maxWorkspaceEntries = 20000   // directory entries visited
	maxWorkspaceFile    = 1 << 20 // bytes of one Dockerfile
	maxWorkspaceSymbols = 500     // symbols answered
	maxWorkspaceDepth   = 8       // folder depth below a workspace folder
)

// workspaceDocs caches the documents read from disk, by path, with the
// modification time and size they were read at.
var workspaceDocs = struct {
	mu     sync.Mutex
	byPath map[string]workspaceDoc
}{byPath: map[string]workspaceDoc{}}

type workspaceDoc struct {
	mod  time.Time
	size int64
	doc  *lint.Document
}

// diskDocument returns the document of a Dockerfile on disk, parsed once
// per version of the file.
func diskDocument(path string, info fs.FileInfo) *lint.Document {
	workspaceDocs.mu.Lock()
	c, ok := workspaceDocs.byPath[path]
	workspaceDocs.mu.Unlock()
	if ok && c.mod.Equal(info.ModTime()) && c.size == info.Size() {
		return c.doc
	}
	// Bounded, and refused when something else than a regular file (a
	// FIFO would block) took the place of the one listed.
	src, err := safeio.ReadRegularFile(path, maxWorkspaceFile)
	if err != nil {
		return nil
	}
	doc := lint.NewDocument(path, src)
	workspaceDocs.mu.Lock()
	if len(workspaceDocs.byPath) >= 2*maxWorkspaceFiles {
		clear(workspaceDocs.byPath)
	}
	workspaceDocs.byPath[path] = workspaceDoc{mod: info.ModTime(), size: info.Size(), doc: doc}
	workspaceDocs.mu.Unlock()
	return doc
}

// Symbols finds the stages and ARGs matching a query across the open
// documents and the Dockerfiles of the workspace folders (bounded: see
// maxWorkspaceFiles and its neighbours; hidden folders, node_modules and
// vendor are skipped).
func (s *Server) Symbols(ctx context.Context, params *protocol.WorkspaceSymbolParams) (protocol.WorkspaceSymbolResult, error) {
	out := protocol.WorkspaceSymbolSlice{}
	seen := map[string]bool{}
	add := func(u uri.URI, doc *lint.Document, m *Mapper) bool {
		for _, sym := range source.WorkspaceSymbols(doc, params.Query) {
			if len(out) >= maxWorkspaceSymbols {
				return false
			}
			ws := protocol.WorkspaceSymbol{Location: &protocol.Location{URI: u, Range: m.Range(sym.Range)}}
			ws.Name, ws.Kind = sym.Name, symbolKinds[sym.Kind]
			if sym.Container != "" {
				c := sym.Container
				ws.ContainerName = &c
			}
			out = append(out, ws)
		}
		return true
	}
	for _, u := range s.openURIs() {
		snap := s.snapshot(u)
		if snap == nil {
			continue
		}
		if snap.Path != "" {
			seen[filepath.Clean(snap.Path)] = true
		}
		if !add(u, snap.Document(), snap.Mapper()) {
			return out, nil
		}
	}
	s.mu.Lock()
	roots := append([]string(nil), s.roots...)
	enc := s.caps.enc
	s.mu.Unlock()
	files, entries := 0, 0
	for _, root := range roots {
		root = filepath.Clean(root)
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				if d != nil && d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			entries++
			if ctx.Err() != nil || entries > maxWorkspaceEntries || files >= maxWorkspaceFiles || len(out) >= maxWorkspaceSymbols {
				return filepath.SkipAll
			}
			if d.IsDir() {
				name := d.Name()
				if path != root && (strings.HasPrefix(name, ".") || name == "node_modules" || name == "vendor" ||
					strings.Count(path[len(root):], string(filepath.Separator)) > maxWorkspaceDepth) {
					return filepath.SkipDir
				}
				return nil
			}
			if !d.Type().IsRegular() || !lint.IsDockerfileName(d.Name()) || seen[path] {
				return nil
			}
			info, err := d.Info()
			if err != nil || info.Size() > maxWorkspaceFile {
				return nil
			}
			files++
			doc := diskDocument(path, info)
			if doc == nil {
				return nil
			}
			add(uri.File(path), doc, NewMapper(doc.File.Src, enc))
			return nil
		})
		if err != nil || ctx.Err() != nil {
			break
		}
	}
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	return out, nil
}
