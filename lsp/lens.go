package lsp

import (
	"context"
	"encoding/json"
	"fmt"

	"go.lsp.dev/protocol"

	"github.com/berth-dev/berth/lsp/source"
)

// CodeLens puts above each stage's FROM: "Build image" (the last stage)
// or "Build stage NAME" (a named stage), which run berth.build; "Pull
// IMAGE" for a base image that can be pulled, which runs berth.pull; and
// how many later stages use the stage.
func (s *Server) CodeLens(ctx context.Context, params *protocol.CodeLensParams) ([]protocol.CodeLens, error) {
	snap := s.snapshot(params.TextDocument.URI)
	if snap == nil {
		return nil, nil
	}
	m := snap.Mapper()
	arg := func(v any) []protocol.LSPAny {
		b, _ := json.Marshal(v)
		return []protocol.LSPAny{protocol.LSPAny(b)}
	}
	lenses := source.StageLenses(snap.Document())
	out := []protocol.CodeLens{}
	for i, l := range lenses {
		r := m.Range(l.Range)
		st := l.Stage
		switch {
		case i == len(lenses)-1:
			out = append(out, protocol.CodeLens{Range: r, Command: protocol.Command{Title: "Build image", Command: "berth.build", Arguments: arg(buildArg{URI: snap.URI})}})
		case st.Name != "":
			title := "Build stage " + st.Name
			out = append(out, protocol.CodeLens{Range: r, Command: protocol.Command{Title: title, Command: "berth.build", Arguments: arg(buildArg{URI: snap.URI, Target: st.Name})}})
		}
		if ref, ok := pullable(st); ok {
			out = append(out, protocol.CodeLens{Range: r, Command: protocol.Command{Title: "Pull " + ref, Command: "berth.pull",
				Arguments: arg(pullArg{URI: snap.URI, Image: ref, Platform: st.LiteralPlatform()})}})
		}
		if l.Users > 0 {
			title := "used by 1 stage"
			if l.Users > 1 {
				title = fmt.Sprintf("used by %d stages", l.Users)
			}
			// A lens without a command id is shown as text.
			out = append(out, protocol.CodeLens{Range: r, Command: protocol.Command{Title: title}})
		}
	}
	return out, nil
}
