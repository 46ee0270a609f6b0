package lsp

import (
	"context"

	"go.lsp.dev/protocol"

	"github.com/berth-dev/berth/lsp/source"
)

// SelectionRange answers "expand selection": for each position, the word,
// the flag or argument, the line, the instruction, the stage and the file.
func (s *Server) SelectionRange(ctx context.Context, params *protocol.SelectionRangeParams) ([]protocol.SelectionRange, error) {
	snap := s.snapshot(params.TextDocument.URI)
	if snap == nil {
		return nil, nil
	}
	m := snap.Mapper()
	out := make([]protocol.SelectionRange, 0, len(params.Positions))
	for _, pos := range params.Positions {
		rs := source.SelectionRanges(snap.Document(), m.Offset(pos))
		var parent *protocol.SelectionRange
		for i := len(rs) - 1; i >= 0; i-- {
			parent = &protocol.SelectionRange{Range: m.Range(rs[i]), Parent: parent}
		}
		if parent == nil {
			parent = &protocol.SelectionRange{Range: protocol.Range{Start: pos, End: pos}}
		}
		out = append(out, *parent)
	}
	return out, nil
}
