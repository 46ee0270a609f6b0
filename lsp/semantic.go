package lsp

import (
	"context"
	"strconv"
	"sync"
	"sync/atomic"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/berth-dev/berth/lint/syntax"
	"github.com/berth-dev/berth/lsp/source"
)

// semanticLegend is the legend of the semantic tokens: the standard token
// types and modifiers, so that themes colour them.
func semanticLegend() protocol.SemanticTokensLegend {
	return protocol.SemanticTokensLegend{TokenTypes: source.TokenTypes, TokenModifiers: source.TokenModifiers}
}

// tokenResults keeps the last full result sent for each document, so that
// a delta request can be answered with the difference.
var tokenResults = struct {
	mu    sync.Mutex
	byURI map[uri.URI]tokenResult
}{byURI: map[uri.URI]tokenResult{}}

type tokenResult struct {
	id   string
	data []uint32
}

// maxTokenResults bounds tokenResults: past it, older results are
// forgotten and a delta request gets the full tokens.
const maxTokenResults = 256

var tokenResultSeq atomic.Uint64

// encodeTokens converts tokens to the protocol's relative encoding.
func encodeTokens(snap *Snapshot, toks []source.SemanticToken) []uint32 {
	m := snap.Mapper()
	data := make([]uint32, 0, 5*len(toks))
	var line, char uint32
	for _, tk := range toks {
		r := m.Range(tk.Range)
		if r.End.Line != r.Start.Line || r.End.Character <= r.Start.Character {
			continue
		}
		dl := r.Start.Line - line
		dc := r.Start.Character
		if dl == 0 {
			dc -= char
		}
		data = append(data, dl, dc, r.End.Character-r.Start.Character, uint32(tk.Type), uint32(tk.Modifiers))
		line, char = r.Start.Line, r.Start.Character
	}
	return data
}

// fullTokens computes the tokens of a document and remembers them under a
// new result id.
func fullTokens(snap *Snapshot) *protocol.SemanticTokens {
	data := encodeTokens(snap, source.SemanticTokens(snap.Document(), syntax.Range{}))
	id := strconv.FormatUint(tokenResultSeq.Add(1), 10)
	tokenResults.mu.Lock()
	if len(tokenResults.byURI) >= maxTokenResults {
		clear(tokenResults.byURI)
	}
	tokenResults.byURI[snap.URI] = tokenResult{id: id, data: data}
	tokenResults.mu.Unlock()
	return &protocol.SemanticTokens{ResultID: &id, Data: data}
}

// SemanticTokensFull colours the whole document.
func (s *Server) SemanticTokensFull(ctx context.Context, params *protocol.SemanticTokensParams) (*protocol.SemanticTokens, error) {
	snap := s.snapshot(params.TextDocument.URI)
	if snap == nil {
		return nil, nil
	}
	return fullTokens(snap), nil
}

// SemanticTokensFullDelta answers with the edit from the previous result
// to the current tokens, or the full tokens when the previous result is
// not known.
func (s *Server) SemanticTokensFullDelta(ctx context.Context, params *protocol.SemanticTokensDeltaParams) (protocol.SemanticTokensDeltaResult, error) {
	snap := s.snapshot(params.TextDocument.URI)
	if snap == nil {
		return nil, nil
	}
	tokenResults.mu.Lock()
	prev, ok := tokenResults.byURI[snap.URI]
	tokenResults.mu.Unlock()
	cur := fullTokens(snap)
	if !ok || prev.id != params.PreviousResultID {
		return cur, nil
	}
	return &protocol.SemanticTokensDelta{ResultID: cur.ResultID, Edits: tokenEdits(prev.data, cur.Data)}, nil
}

// tokenEdits returns the one edit that turns old into cur: what lies
// between their common prefix and suffix; none when they are equal.
func tokenEdits(old, cur []uint32) []protocol.SemanticTokensEdit {
	p := 0
	for p < len(old) && p < len(cur) && old[p] == cur[p] {
		p++
	}
	if p == len(old) && p == len(cur) {
		return []protocol.SemanticTokensEdit{}
	}
	q := 0
	for q < len(old)-p && q < len(cur)-p && old[len(old)-1-q] == cur[len(cur)-1-q] {
		q++
	}
	return []protocol.SemanticTokensEdit{{Start: uint32(p), DeleteCount: uint32(len(old) - p - q), Data: cur[p : len(cur)-q]}}
}

// SemanticTokensRange colours the part of the document in a range.
func (s *Server) SemanticTokensRange(ctx context.Context, params *protocol.SemanticTokensRangeParams) (*protocol.SemanticTokens, error) {
	snap := s.snapshot(params.TextDocument.URI)
	if snap == nil {
		return nil, nil
	}
	r := snap.Mapper().Offsets(params.Range)
	if r.End <= r.Start {
		return &protocol.SemanticTokens{Data: []uint32{}}, nil
	}
	return &protocol.SemanticTokens{Data: encodeTokens(snap, source.SemanticTokens(snap.Document(), r))}, nil
}
