package lsp

import (
	"context"

	"go.lsp.dev/protocol"

	"github.com/berth-dev/berth/lsp/source"
)

// OnTypeFormatting indents the line a line break opens the way berth fmt
// would: continuation lines by one level, here-document lines not at all.
func (s *Server) OnTypeFormatting(ctx context.Context, params *protocol.DocumentOnTypeFormattingParams) ([]protocol.TextEdit, error) {
	snap, off := s.at(params.TextDocument.URI, params.Position)
	if snap == nil {
		return nil, nil
	}
	return textEdits(snap, source.OnTypeFormat(snap.Document(), off, params.Ch)), nil
}
