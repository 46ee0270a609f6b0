package lsp

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/berth-dev/berth/engine"
	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/buildctx"
	"github.com/berth-dev/berth/lint/syntax"
)

// pullArg is the argument of berth.pull.
type pullArg struct {
	URI uri.URI `json:"uri"`
	// Image is the reference to pull, variables resolved.
	Image string `json:"image"`
	// Platform is the stage's --platform, when it has one.
	Platform string `json:"platform,omitempty"`
}

// pinArg is the argument of berth.pin.
type pinArg struct {
	URI uri.URI `json:"uri"`
	// Line is the 0-based line of the FROM to pin; nil pins every FROM.
	Line *int `json:"line,omitempty"`
}

// runPull pulls an image with layer progress.
func runPull(ctx context.Context, s *Server, args []json.RawMessage, p *Progress) (any, error) {
	var a pullArg
	if err := oneArg("berth.pull", args, &a); err != nil {
		return nil, err
	}
	if a.Image == "" {
		return nil, jsonrpc2.NewError(jsonrpc2.InvalidParams, "berth.pull: no image")
	}
	img, err := s.pull(ctx, a.Image, a.Platform, p)
	if err != nil {
		return nil, s.actionFailed(err)
	}
	msg := "Pulled " + a.Image
	if len(img.RepoDigests) > 0 {
		msg += " (" + digestOf(img.RepoDigests[0]) + ")"
	}
	msg = s.text(msg)
	p.End(msg)
	s.sends.Go(func() { s.showMessage(protocol.MessageTypeInfo, msg) })
	return map[string]any{"image": a.Image, "id": img.ID, "repoDigests": img.RepoDigests}, nil
}

// pull pulls ref and returns the local image.
func (s *Server) pull(ctx context.Context, ref, platform string, p *Progress) (*engine.Image, error) {
	c, _, err := s.engineClient(ctx)
	if err != nil {
		return nil, daemonError("pull "+ref, err)
	}
	p.Report("Pulling "+ref, 0)
	layers := newLayerProgress()
	err = c.Pull(ctx, ref, platform, func(ev engine.PullEvent) {
		if msg, pct, ok := layers.add(ev); ok {
			p.Report(msg, pct)
		}
	})
	if err != nil {
		return nil, daemonError("pull "+ref, err)
	}
	s.forgetImages()
	img, err := c.Image(ctx, ref)
	if err != nil {
		return nil, daemonError("pull "+ref, err)
	}
	s.republishAll()
	return img, nil
}

// layerProgress sums a pull's layer progress into one line and
// percentage, at most a few reports a second.
type layerProgress struct {
	cur, total map[string]int64
	last       time.Time
}

func newLayerProgress() *layerProgress {
	return &layerProgress{cur: map[string]int64{}, total: map[string]int64{}}
}

func (l *layerProgress) add(ev engine.PullEvent) (string, int, bool) {
	if ev.Layer != "" {
		switch {
		case ev.Total > 0 && strings.HasPrefix(ev.Status, "Downloading"):
			l.total[ev.Layer], l.cur[ev.Layer] = ev.Total, ev.Current
		case strings.HasPrefix(ev.Status, "Download complete"), strings.HasPrefix(ev.Status, "Pull complete"), strings.HasPrefix(ev.Status, "Already exists"):
			if t := l.total[ev.Layer]; t > 0 {
				l.cur[ev.Layer] = t
			} else {
				l.total[ev.Layer], l.cur[ev.Layer] = 1, 1
			}
		}
	}
	if time.Since(l.last) < 200*time.Millisecond && ev.Layer != "" {
		return "", 0, false
	}
	l.last = time.Now()
	var cur, total int64
	for k, t := range l.total {
		total += t
		cur += l.cur[k]
	}
	pct := -1
	if total > 0 {
		pct = int(100 * cur / total)
	}
	msg := ev.Status
	if ev.Layer != "" {
		msg = fmt.Sprintf("%s %s (%d layers)", ev.Status, ev.Layer, len(l.total))
	}
	return msg, pct, true
}

// digestOf returns the digest of "name@sha256:...".
func digestOf(repoDigest string) string {
	if i := strings.LastIndexByte(repoDigest, '@'); i >= 0 {
		return repoDigest[i+1:]
	}
	return repoDigest
}

// runPin pins FROM lines to the digest of their base image, pulling the
// images the daemon does not have, and applies the edit.
func runPin(ctx context.Context, s *Server, args []json.RawMessage, p *Progress) (any, error) {
	var a pinArg
	if err := oneArg("berth.pin", args, &a); err != nil {
		return nil, err
	}
	snap := s.snapshot(a.URI)
	if snap == nil {
		return nil, jsonrpc2.Errorf(jsonrpc2.InvalidParams, "berth.pin: %s is not open", a.URI)
	}
	doc := snap.Document()
	var stages []*lint.Stage
	for _, st := range doc.Stages {
		if a.Line != nil && st.From.StartLine-1 != *a.Line {
			continue
		}
		if _, ok := pinnable(st); ok {
			stages = append(stages, st)
		}
	}
	if len(stages) == 0 {
		return nil, s.actionFailed(fmt.Errorf("pin: no FROM to pin here (stages, scratch, images with a digest or with variables are left alone)"))
	}
	c, _, err := s.engineClient(ctx)
	if err != nil {
		return nil, s.actionFailed(daemonError("pin", err))
	}
	var edits []protocol.TextEdit
	for _, st := range stages {
		ref, _ := pinnable(st)
		digest, err := c.RepoDigest(ctx, ref)
		if engine.IsNotFound(err) {
			if _, err = s.pull(ctx, ref, st.LiteralPlatform(), p); err == nil {
				digest, err = c.RepoDigest(ctx, ref)
			}
		}
		if err != nil {
			return nil, s.actionFailed(daemonError("pin "+ref, err))
		}
		r, text := PinEdit(st, digest)
		edits = append(edits, protocol.TextEdit{Range: snap.Mapper().Range(r), NewText: text})
	}
	if !unchangedSince(s.snapshot(a.URI), snap) {
		return nil, s.actionFailed(fmt.Errorf("pin: the document changed while the digests were looked up: run it again"))
	}
	label := "Pin base images to their digests"
	res, err := s.client.ApplyEdit(ctx, &protocol.ApplyWorkspaceEditParams{Label: &label, Edit: *workspaceEdit(snap.URI, edits)})
	if err != nil {
		return nil, s.actionFailed(fmt.Errorf("pin: %w", err))
	}
	if res != nil && !res.Applied {
		return nil, s.actionFailed(fmt.Errorf("pin: the editor did not apply the edit"))
	}
	return map[string]any{"pinned": len(edits)}, nil
}

// unchangedSince reports whether cur, a document's snapshot now, holds
// the text snap held: the same version and text. A snapshot that only
// followed up on snap (ShellCheck's findings arriving, a build's or a
// pull's results) has a new sequence number but the same text, and an
// edit computed on snap still applies to it.
func unchangedSince(cur, snap *Snapshot) bool {
	return cur != nil && cur.Version == snap.Version && bytes.Equal(cur.Text, snap.Text)
}

// pinnable returns the reference to pin of a stage whose base image is
// written as a plain reference without a digest.
func pinnable(st *lint.Stage) (string, bool) {
	ref, ok := pullable(st)
	if !ok || st.Ref.Digest != "" || strings.Contains(st.Image.Value, "$") {
		return "", false
	}
	return ref, true
}

// PinEdit returns the edit that adds digest to a stage's base image:
// "image:tag" becomes "image:tag@sha256:...".
func PinEdit(st *lint.Stage, digest string) (syntax.Range, string) {
	end := st.Image.Range.End
	return syntax.Range{Start: end, End: end}, "@" + digest
}

// pinCodes are the findings the "Pin to digest" quick fix answers.
var pinCodes = map[string]bool{"DL3006": true, "DL3007": true, "BR001": true}

// daemonActions returns the code actions that use the engine for a range:
// build the image and, on a FROM, pull its base image and build its
// stage; and the pin quick fix of the diagnostics that ask for a pinned
// base image. They are listed whether or not a daemon answers: running
// one without a daemon says what to do.
func (s *Server) daemonActions(snap *Snapshot, params *protocol.CodeActionParams) []protocol.CommandOrCodeAction {
	only := params.Context.Only
	doc := snap.Document()
	m := snap.Mapper()
	sel := m.Offsets(params.Range)
	var out []protocol.CommandOrCodeAction
	arg := func(v any) []protocol.LSPAny {
		b, _ := json.Marshal(v)
		return []protocol.LSPAny{protocol.LSPAny(b)}
	}
	if kindWanted(only, protocol.CodeActionKindQuickFix) {
		for i := range params.Context.Diagnostics {
			d := &params.Context.Diagnostics[i]
			if !pinCodes[codeOf(d.Code)] {
				continue
			}
			line := int(d.Range.Start.Line)
			for _, st := range doc.Stages {
				ref, ok := pinnable(st)
				if !ok || st.From.StartLine-1 > line || st.From.EndLine-1 < line {
					continue
				}
				out = append(out, &protocol.CodeAction{
					Title:       s.text("Pin " + ref + " to its digest"),
					Kind:        kindPtr(protocol.CodeActionKindQuickFix),
					Diagnostics: []protocol.Diagnostic{*d},
					Command:     protocol.Command{Title: s.text("Pin " + ref + " to its digest"), Command: "berth.pin", Arguments: arg(pinArg{URI: snap.URI, Line: &line})},
				})
				break
			}
		}
	}
	if len(only) == 0 {
		for _, st := range doc.Stages {
			if st.From.Range.End < sel.Start || st.From.Range.Start > sel.End {
				continue
			}
			if ref, ok := pullable(st); ok {
				out = append(out, &protocol.Command{Title: s.text("Pull " + ref), Command: "berth.pull",
					Arguments: arg(pullArg{URI: snap.URI, Image: ref, Platform: st.LiteralPlatform()})})
			}
		}
		for _, st := range doc.Stages {
			last := st.From
			if n := len(st.Instructions); n > 0 {
				last = st.Instructions[n-1]
			}
			if st.Name == "" || last.Range.End < sel.Start || st.From.Range.Start > sel.End {
				continue
			}
			out = append(out, &protocol.Command{Title: s.text("Build stage " + st.Name), Command: "berth.build",
				Arguments: arg(buildArg{URI: snap.URI, Target: st.Name})})
		}
	}
	if kindWanted(only, BuildKind) && len(doc.Stages) > 0 {
		out = append(out, &protocol.CodeAction{Title: s.text("Build image"), Kind: kindPtr(BuildKind),
			Command: protocol.Command{Title: s.text("Build image"), Command: "berth.build", Arguments: arg(buildArg{URI: snap.URI})}})
	}
	return out
}

// imageHover describes what the daemon has of the base image under the
// cursor, from the cache; "" when the cursor is not on one or the daemon
// was not heard from.
func (s *Server) imageHover(snap *Snapshot, off int) (string, syntax.Range) {
	for _, st := range snap.Document().Stages {
		if !st.Image.Range.Contains(off) || st.Image.Range.Len() == 0 {
			continue
		}
		ref, ok := pullable(st)
		if !ok {
			return "", syntax.Range{}
		}
		img, known := s.cachedImage(ref)
		if !known {
			return "", syntax.Range{}
		}
		if img == nil {
			return s.text(fmt.Sprintf("**%s** is not present locally: the code action *Pull %s* pulls it.", ref, ref)), st.Image.Range
		}
		var b strings.Builder
		fmt.Fprintf(&b, "%s\n\n", s.text(fmt.Sprintf("**%s** is present locally", ref)))
		fmt.Fprintf(&b, "- ID: `%s`\n", shortID(img.ID))
		fmt.Fprintf(&b, "%s\n", s.text("- Size: "+buildctx.FormatSize(img.Size)))
		if !img.Created.IsZero() {
			fmt.Fprintf(&b, "%s\n", s.text("- Created: "+img.Created.UTC().Format("2006-01-02 15:04 MST")))
		}
		if img.OS != "" {
			fmt.Fprintf(&b, "%s\n", s.text("- Platform: "+img.Platform()))
		}
		for _, d := range img.RepoDigests {
			fmt.Fprintf(&b, "- Digest: `%s`\n", d)
		}
		return strings.TrimRight(b.String(), "\n"), st.Image.Range
	}
	return "", syntax.Range{}
}

// imageCompletions proposes the local images when the cursor is on the
// base image of a FROM: tags of the repository being typed first.
func (s *Server) imageCompletions(snap *Snapshot, off int) []protocol.CompletionItem {
	doc := snap.Document()
	var ins *syntax.Instruction
	for _, st := range doc.Stages {
		if st.From.Range.Start <= off && off <= st.From.Range.End {
			ins = st.From
			break
		}
	}
	if ins == nil {
		return nil
	}
	// The word under the cursor must be the first word after the flags.
	r := syntax.Range{Start: off, End: off}
	var typed string
	words := ins.Words()
	switch {
	case len(words) > 0 && words[0].Range.Start <= off && off <= words[0].Range.End:
		r = words[0].Range
		typed = string(snap.Text[r.Start:off])
	case len(words) == 0 && off > ins.Keyword.Range.End:
		for _, f := range ins.Flags {
			if f.Range.Start <= off && off <= f.Range.End {
				return nil
			}
		}
	default:
		return nil
	}
	if strings.HasPrefix(typed, "-") {
		return nil
	}
	list := s.localImages()
	repo := typed
	if i := strings.LastIndexByte(repo, ':'); i > strings.LastIndexByte(repo, '/') {
		repo = repo[:i]
	}
	var out []protocol.CompletionItem
	seen := map[string]bool{}
	m := snap.Mapper()
	for _, img := range list {
		for _, tag := range img.RepoTags {
			if tag == "<none>:<none>" || seen[tag] {
				continue
			}
			seen[tag] = true
			sort := "1"
			if repo != "" && strings.HasPrefix(tag, repo+":") {
				sort = "0"
			}
			detail := s.text(fmt.Sprintf("local image %s, %s", shortID(img.ID), buildctx.FormatSize(img.Size)))
			out = append(out, protocol.CompletionItem{
				Label:            tag,
				Kind:             protocol.CompletionItemKindReference,
				Detail:           protocol.NewOptional(detail),
				SortText:         protocol.NewOptional(sort + tag),
				FilterText:       protocol.NewOptional(tag),
				InsertTextFormat: protocol.InsertTextFormatPlainText,
				TextEdit:         &protocol.TextEdit{Range: m.Range(r), NewText: tag},
			})
		}
	}
	slices.SortFunc(out, func(a, b protocol.CompletionItem) int {
		x, _ := a.SortText.Get()
		y, _ := b.SortText.Get()
		return strings.Compare(x, y)
	})
	return out
}
