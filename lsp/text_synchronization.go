package lsp

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
)

// DidOpen starts tracking a document.
func (s *Server) DidOpen(ctx context.Context, params *protocol.DidOpenTextDocumentParams) error {
	td := params.TextDocument
	st := s.doc(td.URI, true)
	s.update(st, s.newSnapshot(td.URI, td.Version, []byte(td.Text)))
	return nil
}

// DidChange applies edits, in order, each to the text the previous one
// left, and makes a new snapshot.
func (s *Server) DidChange(ctx context.Context, params *protocol.DidChangeTextDocumentParams) error {
	u := params.TextDocument.URI
	st := s.doc(u, false)
	if st == nil {
		return fmt.Errorf("didChange for %s, which is not open", u)
	}
	st.mu.Lock()
	prev := st.snap
	st.mu.Unlock()
	if prev == nil {
		return fmt.Errorf("didChange for %s, which is not open", u)
	}
	text := prev.Text
	for i, ch := range params.ContentChanges {
		switch ch := ch.(type) {
		case *protocol.TextDocumentContentChangeWholeDocument:
			text = []byte(ch.Text)
		case *protocol.TextDocumentContentChangePartial:
			var m *Mapper
			if i == 0 {
				m = prev.Mapper() // the text the previous snapshot has indexed
			}
			text = applyChange(text, prev.enc, m, ch.Range, ch.Text)
		}
	}
	snap := s.newSnapshot(u, params.TextDocument.Version, text)
	st.mu.Lock()
	snap.prev = st.converted
	st.mu.Unlock()
	s.update(st, snap)
	return nil
}

// applyChange replaces the range r of text with newText, in a new slice;
// m, when not nil, is a mapper of text.
func applyChange(text []byte, enc Encoding, m *Mapper, r protocol.Range, newText string) []byte {
	if m == nil {
		m = NewMapper(text, enc)
	}
	br := m.Offsets(r)
	out := make([]byte, 0, len(text)-br.Len()+len(newText))
	out = append(out, text[:br.Start]...)
	out = append(out, newText...)
	return append(out, text[br.End:]...)
}

// DidClose stops tracking a document and clears its diagnostics. Everything
// the document held (its snapshots, their parse and diagnostics, a failed
// build) is dropped; its record goes once its diagnostics are cleared.
func (s *Server) DidClose(ctx context.Context, params *protocol.DidCloseTextDocumentParams) error {
	u := params.TextDocument.URI
	st := s.doc(u, false)
	if st == nil {
		return nil
	}
	s.clearFailure(u)
	clear := !s.pulls()
	st.mu.Lock()
	st.snap = nil
	st.converted = nil
	st.pub = nil
	st.pending = false
	st.clear = clear
	if st.clear && !st.running {
		st.running = true
		go s.worker(st)
	}
	st.mu.Unlock()
	s.mu.Lock()
	s.closing = append(s.closing, u)
	s.pruneLocked()
	s.mu.Unlock()
	return nil
}

// pruneLocked forgets the records of closed documents whose worker is done
// (it publishes the cleared diagnostics first, and a document reopened
// meanwhile keeps its record, so that publications stay in order). s.mu
// is held.
func (s *Server) pruneLocked() {
	keep := s.closing[:0]
	for _, u := range s.closing {
		st := s.docs[u]
		if st == nil {
			continue
		}
		st.mu.Lock()
		reopened, done := st.snap != nil, !st.running
		st.mu.Unlock()
		switch {
		case reopened:
		case done:
			delete(s.docs, u)
		default:
			keep = append(keep, u)
		}
	}
	clear(s.closing[len(keep):])
	s.closing = keep
}

// DidSave re-reads configuration files when one is saved.
func (s *Server) DidSave(ctx context.Context, params *protocol.DidSaveTextDocumentParams) error {
	if isConfigFile(string(params.TextDocument.URI)) {
		s.configs.reset()
		s.relintAll()
	}
	return nil
}

// doc returns the record of a document, creating it when asked.
func (s *Server) doc(u uri.URI, create bool) *docState {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.closing) > 0 {
		s.pruneLocked()
	}
	st := s.docs[u]
	if st == nil && create {
		st = &docState{uri: u}
		s.docs[u] = st
	}
	return st
}

// snapshot returns the current snapshot of an open document, or nil.
func (s *Server) snapshot(u uri.URI) *Snapshot {
	st := s.doc(u, false)
	if st == nil {
		return nil
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.snap
}

// newSnapshot makes a snapshot of a document's text.
func (s *Server) newSnapshot(u uri.URI, version int32, text []byte) *Snapshot {
	s.mu.Lock()
	enc, links := s.caps.enc, s.caps.codeLinks
	hook := s.testHooks.beforeLint
	s.mu.Unlock()
	return &Snapshot{
		URI:     u,
		Version: version,
		Text:    text,
		Path:    uriPath(u),
		seq:     s.seq.Add(1),
		enc:     enc,
		links:   links,
		config:  s.configFor,
		rules:   s.opts.Rules,
		byCode:  s.rules,
		hook:    hook,
		local:   daemonImages{s},
		lang:    s.lang(),
		ctxDir:  s.contextDir,
		ignore:  s.ignoreDiagnostics,
	}
}

// relintAll makes new snapshots of every open document (same text, new
// configuration) and publishes their diagnostics.
func (s *Server) relintAll() {
	s.mu.Lock()
	docs := make([]*docState, 0, len(s.docs))
	for _, st := range s.docs {
		docs = append(docs, st)
	}
	refresh := s.caps.pullDiagnostics && s.caps.refreshDiags
	s.mu.Unlock()
	for _, st := range docs {
		st.mu.Lock()
		snap := st.snap
		st.mu.Unlock()
		if snap != nil {
			s.replace(st, snap, s.newSnapshot(snap.URI, snap.Version, snap.Text))
		}
	}
	if refresh {
		go func() {
			if err := s.client.DiagnosticRefresh(context.Background()); err != nil {
				s.log.Warn("diagnostic refresh failed", "err", err)
			}
		}()
	}
}

// openURIs returns the URIs of the open documents, sorted.
func (s *Server) openURIs() []uri.URI {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []uri.URI
	for u, st := range s.docs {
		st.mu.Lock()
		if st.snap != nil {
			out = append(out, u)
		}
		st.mu.Unlock()
	}
	slices.Sort(out)
	return out
}

func dirOf(path string) string { return filepath.Dir(path) }
