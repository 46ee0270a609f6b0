package lsp

import (
	"context"

	"go.lsp.dev/protocol"

	"github.com/berth-dev/berth/lsp/source"
)

// SignatureHelp shows the forms of the instruction under the cursor, with
// the flag or argument the cursor is on.
func (s *Server) SignatureHelp(ctx context.Context, params *protocol.SignatureHelpParams) (*protocol.SignatureHelp, error) {
	snap, off := s.at(params.TextDocument.URI, params.Position)
	if snap == nil {
		return nil, nil
	}
	h := source.SignatureAt(snap.Document(), off, s.locale())
	if h == nil {
		return nil, nil
	}
	out := &protocol.SignatureHelp{Signatures: make([]protocol.SignatureInformation, len(h.Signatures))}
	for i, sig := range h.Signatures {
		si := protocol.SignatureInformation{Label: sig.Label, Parameters: make([]protocol.ParameterInformation, len(sig.Params))}
		if sig.Doc != "" {
			si.Documentation = &protocol.MarkupContent{Kind: protocol.MarkupKindMarkdown, Value: sig.Doc}
		}
		for j, p := range sig.Params {
			// The labels are ASCII: byte offsets are UTF-16 offsets.
			pi := protocol.ParameterInformation{Label: protocol.ParameterInformationLabelTuple{uint32(p.Start), uint32(p.End)}}
			if p.Doc != "" {
				pi.Documentation = protocol.String(p.Doc)
			}
			si.Parameters[j] = pi
		}
		out.Signatures[i] = si
	}
	active := uint32(h.Active)
	out.ActiveSignature = &active
	if h.Param >= 0 {
		out.ActiveParameter = protocol.NewNullable(uint32(h.Param))
	} else {
		out.ActiveParameter = protocol.NullNullable[uint32]()
	}
	return out, nil
}
