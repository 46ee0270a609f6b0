package lsp

import (
	"context"
	"fmt"

	"go.lsp.dev/protocol"

	"github.com/berth-dev/berth/lint/buildctx"
	"github.com/berth-dev/berth/lsp/source"
)

// InlayHint shows the values variables resolve to, the image at the root
// of a stage built FROM another stage and, when the daemon has it, the
// size of a local base image.
func (s *Server) InlayHint(ctx context.Context, params *protocol.InlayHintParams) ([]protocol.InlayHint, error) {
	snap := s.snapshot(params.TextDocument.URI)
	if snap == nil {
		return nil, nil
	}
	m := snap.Mapper()
	r := m.Offsets(params.Range)
	yes := true
	out := []protocol.InlayHint{}
	for _, h := range source.InlayHints(snap.Document(), r) {
		ih := protocol.InlayHint{Position: m.Position(h.Pos), Label: protocol.String(h.Label), PaddingLeft: &yes}
		if h.Kind == source.BaseImageHint {
			ih.Kind = protocol.InlayHintKindType
		}
		out = append(out, ih)
	}
	doc := snap.Document()
	for _, st := range doc.Stages {
		if st.From.Range.End < r.Start || st.From.Range.Start > r.End {
			continue
		}
		ref, ok := pullable(st)
		if !ok {
			continue
		}
		img, ok := s.cachedImage(ref)
		if !ok || img == nil || img.Size <= 0 {
			continue
		}
		out = append(out, protocol.InlayHint{Position: m.Position(st.Image.Range.End), Label: protocol.String(buildctx.FormatSize(img.Size)), PaddingLeft: &yes,
			Tooltip: protocol.String(fmt.Sprintf("%s: %d bytes, local image %s", ref, img.Size, img.ID))})
	}
	return out, nil
}
