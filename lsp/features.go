package lsp

import (
	"context"

	"golang.org/x/text/language"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/format"
	"github.com/berth-dev/berth/lint/i18n"
	"github.com/berth-dev/berth/lint/syntax"
	"github.com/berth-dev/berth/lsp/source"
)

// The language features: each handler finds the snapshot, converts the
// position with its mapper, calls a function of package source (or
// lint/format) and converts the answer back. Nothing here knows Dockerfiles.

// errRequestFailed is the protocol's RequestFailed code.
const errRequestFailed jsonrpc2.Code = -32803

// advertiseFeatures adds the capabilities of the language features to
// caps.
func (s *Server) advertiseFeatures(caps *protocol.ServerCapabilities) {
	yes := true
	caps.HoverProvider = protocol.Boolean(true)
	caps.CompletionProvider = &protocol.CompletionOptions{TriggerCharacters: []string{"-", "=", "$", "{", ","}}
	caps.DocumentSymbolProvider = protocol.Boolean(true)
	caps.FoldingRangeProvider = protocol.Boolean(true)
	caps.DefinitionProvider = protocol.Boolean(true)
	caps.ReferencesProvider = protocol.Boolean(true)
	caps.DocumentHighlightProvider = protocol.Boolean(true)
	caps.RenameProvider = &protocol.RenameOptions{PrepareProvider: &yes}
	caps.DocumentLinkProvider = &protocol.DocumentLinkOptions{}
	caps.DocumentFormattingProvider = protocol.Boolean(true)
	caps.DocumentRangeFormattingProvider = protocol.Boolean(true)
	caps.SignatureHelpProvider = &protocol.SignatureHelpOptions{TriggerCharacters: []string{" ", "=", ","}, RetriggerCharacters: []string{"-"}}
	caps.SemanticTokensProvider = &protocol.SemanticTokensOptions{
		Legend: semanticLegend(),
		Full:   &protocol.SemanticTokensFullDelta{Delta: &yes},
		Range:  protocol.Boolean(true),
	}
	caps.DocumentOnTypeFormattingProvider = protocol.DocumentOnTypeFormattingOptions{FirstTriggerCharacter: "\n", MoreTriggerCharacter: []string{"\\", "`"}}
	caps.SelectionRangeProvider = protocol.Boolean(true)
	caps.InlayHintProvider = protocol.Boolean(true)
	caps.CodeLensProvider = &protocol.CodeLensOptions{}
	caps.WorkspaceSymbolProvider = protocol.Boolean(true)
}

// at returns the snapshot of a document and the byte offset of pos in it.
func (s *Server) at(u uri.URI, pos protocol.Position) (*Snapshot, int) {
	snap := s.snapshot(u)
	if snap == nil {
		return nil, 0
	}
	return snap, snap.Mapper().Offset(pos)
}

// Hover describes what is under the cursor, in the client's language.
func (s *Server) Hover(ctx context.Context, params *protocol.HoverParams) (*protocol.Hover, error) {
	snap, off := s.at(params.TextDocument.URI, params.Position)
	if snap == nil {
		return nil, nil
	}
	if isIgnoreFile(snap.URI) {
		h := s.ignoreHover(snap, off)
		if h == nil {
			return nil, nil
		}
		r := snap.Mapper().Range(h.Range)
		return &protocol.Hover{Contents: &protocol.MarkupContent{Kind: protocol.MarkupKindMarkdown, Value: h.Markdown}, Range: &r}, nil
	}
	h := source.HoverAt(snap.Document(), snap.Diagnostics(), s.opts.Rules, off, s.locale())
	if md, rng := s.imageHover(snap, off); md != "" {
		if h == nil {
			h = &source.Hover{Markdown: md, Range: rng}
		} else {
			h.Markdown += "\n\n---\n\n" + md
		}
	}
	if h == nil {
		return nil, nil
	}
	r := snap.Mapper().Range(h.Range)
	return &protocol.Hover{Contents: &protocol.MarkupContent{Kind: protocol.MarkupKindMarkdown, Value: h.Markdown}, Range: &r}, nil
}

// locale returns the language the user reads: the locale setting, else
// the editor's.
func (s *Server) locale() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.settings.Locale != "" {
		return s.settings.Locale
	}
	return s.caps.locale
}

// lang returns the locale as a language of the message catalogue.
func (s *Server) lang() language.Tag {
	lang, _ := i18n.Parse(s.locale())
	return lang
}

// text returns an English text of berth's (a title, a message) in the
// user's language.
func (s *Server) text(msg string) string { return i18n.Text(s.lang(), msg) }

var completionKinds = map[source.CompletionKind]protocol.CompletionItemKind{
	source.KeywordCompletion:   protocol.CompletionItemKindKeyword,
	source.FlagCompletion:      protocol.CompletionItemKindProperty,
	source.ValueCompletion:     protocol.CompletionItemKindValue,
	source.StageCompletion:     protocol.CompletionItemKindModule,
	source.VariableCompletion:  protocol.CompletionItemKindVariable,
	source.DirectiveCompletion: protocol.CompletionItemKindConstant,
}

// Completion proposes keywords, flags, stages, variables and directives.
func (s *Server) Completion(ctx context.Context, params *protocol.CompletionParams) (protocol.CompletionResult, error) {
	snap, off := s.at(params.TextDocument.URI, params.Position)
	if snap == nil {
		return nil, nil
	}
	s.mu.Lock()
	snippets := s.caps.snippets
	s.mu.Unlock()
	items := source.Complete(snap.Document(), off, s.locale())
	m := snap.Mapper()
	out := make([]protocol.CompletionItem, 0, len(items))
	for _, it := range items {
		ci := protocol.CompletionItem{
			Label:            it.Label,
			Kind:             completionKinds[it.Kind],
			InsertTextFormat: protocol.InsertTextFormatPlainText,
		}
		if it.Detail != "" {
			ci.Detail = protocol.NewOptional(it.Detail)
		}
		if it.Documentation != "" {
			ci.Documentation = &protocol.MarkupContent{Kind: protocol.MarkupKindMarkdown, Value: it.Documentation}
		}
		if it.SortText != "" {
			ci.SortText = protocol.NewOptional(it.SortText)
		}
		if it.Deprecated {
			ci.Tags = []protocol.CompletionItemTag{protocol.CompletionItemTagDeprecated}
		}
		text := it.InsertText
		if it.Snippet {
			if snippets {
				ci.InsertTextFormat = protocol.InsertTextFormatSnippet
			} else {
				text = source.PlainText(text)
			}
		}
		ci.TextEdit = &protocol.TextEdit{Range: m.Range(it.Replace), NewText: text}
		if it.Retrigger {
			ci.Command = protocol.Command{Title: "Suggest", Command: "editor.action.triggerSuggest"}
		}
		out = append(out, ci)
	}
	out = append(out, s.imageCompletions(snap, off)...)
	return &protocol.CompletionList{Items: out}, nil
}

var symbolKinds = map[source.SymbolKind]protocol.SymbolKind{
	source.StageSymbol:       protocol.SymbolKindClass,
	source.InstructionSymbol: protocol.SymbolKindFunction,
	source.VariableSymbol:    protocol.SymbolKindVariable,
	source.DirectiveSymbol:   protocol.SymbolKindKey,
}

// DocumentSymbol returns the outline: stages with their instructions.
func (s *Server) DocumentSymbol(ctx context.Context, params *protocol.DocumentSymbolParams) (protocol.DocumentSymbolResult, error) {
	snap := s.snapshot(params.TextDocument.URI)
	if snap == nil {
		return nil, nil
	}
	s.mu.Lock()
	hierarchical := s.caps.hierarchicalSymbols
	s.mu.Unlock()
	syms := source.Symbols(snap.Document())
	m := snap.Mapper()
	if !hierarchical {
		var flat protocol.SymbolInformationSlice
		var walk func([]source.Symbol, string)
		walk = func(ss []source.Symbol, container string) {
			for _, sym := range ss {
				si := protocol.SymbolInformation{Location: protocol.Location{URI: snap.URI, Range: m.Range(sym.Range)}}
				si.Name, si.Kind = sym.Name, symbolKinds[sym.Kind]
				if container != "" {
					c := container
					si.ContainerName = &c
				}
				if sym.Deprecated {
					si.Tags = []protocol.SymbolTag{protocol.SymbolTagDeprecated}
				}
				flat = append(flat, si)
				walk(sym.Children, sym.Name)
			}
		}
		walk(syms, "")
		return flat, nil
	}
	var conv func([]source.Symbol) []protocol.DocumentSymbol
	conv = func(ss []source.Symbol) []protocol.DocumentSymbol {
		out := make([]protocol.DocumentSymbol, 0, len(ss))
		for _, sym := range ss {
			ds := protocol.DocumentSymbol{
				Name:           sym.Name,
				Kind:           symbolKinds[sym.Kind],
				Range:          m.Range(sym.Range),
				SelectionRange: m.Range(sym.SelectionRange),
				Children:       conv(sym.Children),
			}
			if ds.Name == "" {
				ds.Name = "?"
			}
			if sym.Detail != "" {
				d := sym.Detail
				ds.Detail = &d
			}
			if sym.Deprecated {
				ds.Tags = []protocol.SymbolTag{protocol.SymbolTagDeprecated}
			}
			out = append(out, ds)
		}
		return out
	}
	return protocol.DocumentSymbolSlice(conv(syms)), nil
}

// FoldingRanges folds stages, multi-line instructions, heredocs and
// comment blocks.
func (s *Server) FoldingRanges(ctx context.Context, params *protocol.FoldingRangeParams) ([]protocol.FoldingRange, error) {
	snap := s.snapshot(params.TextDocument.URI)
	if snap == nil {
		return nil, nil
	}
	m := snap.Mapper()
	var out []protocol.FoldingRange
	for _, f := range source.Folds(snap.Document()) {
		r := m.Range(f.Range)
		if r.End.Line <= r.Start.Line {
			continue
		}
		fr := protocol.FoldingRange{StartLine: r.Start.Line, EndLine: r.End.Line, Kind: protocol.FoldingRangeKindRegion}
		if f.Kind == source.CommentFold {
			fr.Kind = protocol.FoldingRangeKindComment
		}
		out = append(out, fr)
	}
	return out, nil
}

// locations converts byte ranges of a snapshot to locations.
func locations(snap *Snapshot, rs []syntax.Range) protocol.LocationSlice {
	if len(rs) == 0 {
		return nil
	}
	out := make(protocol.LocationSlice, len(rs))
	for i, r := range rs {
		out[i] = protocol.Location{URI: snap.URI, Range: snap.Mapper().Range(r)}
	}
	return out
}

// Definition goes to where a stage or variable is declared.
func (s *Server) Definition(ctx context.Context, params *protocol.DefinitionParams) (protocol.DefinitionResult, error) {
	snap, off := s.at(params.TextDocument.URI, params.Position)
	if snap == nil {
		return nil, nil
	}
	locs := locations(snap, source.Definition(snap.Document(), off))
	if locs == nil {
		return nil, nil
	}
	return locs, nil
}

// References lists the uses of a stage or variable.
func (s *Server) References(ctx context.Context, params *protocol.ReferenceParams) ([]protocol.Location, error) {
	snap, off := s.at(params.TextDocument.URI, params.Position)
	if snap == nil {
		return nil, nil
	}
	return locations(snap, source.References(snap.Document(), off, params.Context.IncludeDeclaration)), nil
}

// DocumentHighlight marks the occurrences of the symbol under the cursor.
func (s *Server) DocumentHighlight(ctx context.Context, params *protocol.DocumentHighlightParams) ([]protocol.DocumentHighlight, error) {
	snap, off := s.at(params.TextDocument.URI, params.Position)
	if snap == nil {
		return nil, nil
	}
	var out []protocol.DocumentHighlight
	for _, h := range source.Highlights(snap.Document(), off) {
		k := protocol.DocumentHighlightKindRead
		if h.Write {
			k = protocol.DocumentHighlightKindWrite
		}
		out = append(out, protocol.DocumentHighlight{Range: snap.Mapper().Range(h.Range), Kind: k})
	}
	return out, nil
}

// PrepareRename says whether the symbol under the cursor can be renamed.
func (s *Server) PrepareRename(ctx context.Context, params *protocol.PrepareRenameParams) (protocol.PrepareRenameResult, error) {
	snap, off := s.at(params.TextDocument.URI, params.Position)
	if snap == nil {
		return nil, nil
	}
	r, name, ok := source.PrepareRename(snap.Document(), off)
	if !ok {
		return nil, nil
	}
	return &protocol.PrepareRenamePlaceholder{Range: snap.Mapper().Range(r), Placeholder: name}, nil
}

// Rename renames a stage or variable across the file.
func (s *Server) Rename(ctx context.Context, params *protocol.RenameParams) (*protocol.WorkspaceEdit, error) {
	snap, off := s.at(params.TextDocument.URI, params.Position)
	if snap == nil {
		return nil, nil
	}
	edits, err := source.Rename(snap.Document(), off, params.NewName)
	if err != nil {
		return nil, jsonrpc2.NewError(errRequestFailed, err.Error())
	}
	return workspaceEdit(snap.URI, textEdits(snap, edits)), nil
}

// textEdits converts byte edits of a snapshot.
func textEdits(snap *Snapshot, edits []lint.Edit) []protocol.TextEdit {
	if len(edits) > maxTextEdits {
		// One edit of the whole text says as much, in far fewer bytes
		// than a million small ones.
		if text, err := lint.Apply(snap.Text, edits); err == nil {
			whole := syntax.Range{Start: 0, End: len(snap.Text)}
			return []protocol.TextEdit{{Range: snap.Mapper().Range(whole), NewText: string(text)}}
		}
	}
	out := make([]protocol.TextEdit, len(edits))
	for i, e := range edits {
		out[i] = protocol.TextEdit{Range: snap.Mapper().Range(e.Range), NewText: e.NewText}
	}
	return out
}

// DocumentLink links image references to their registry pages.
func (s *Server) DocumentLink(ctx context.Context, params *protocol.DocumentLinkParams) ([]protocol.DocumentLink, error) {
	snap := s.snapshot(params.TextDocument.URI)
	if snap == nil {
		return nil, nil
	}
	var out []protocol.DocumentLink
	for _, l := range source.Links(snap.Document()) {
		target, err := uri.Parse(l.Target)
		if err != nil {
			continue
		}
		out = append(out, protocol.DocumentLink{Range: snap.Mapper().Range(l.Range), Target: &target})
	}
	return out, nil
}

// maxTextEdits is the number of edits above which an answer replaces the
// whole text instead.
const maxTextEdits = 1000

// Formatting formats the document.
func (s *Server) Formatting(ctx context.Context, params *protocol.DocumentFormattingParams) ([]protocol.TextEdit, error) {
	snap := s.snapshot(params.TextDocument.URI)
	if snap == nil || isIgnoreFile(snap.URI) || len(snap.Text) > maxDocumentSize {
		return nil, nil
	}
	return textEdits(snap, format.Format(snap.Text)), nil
}

// RangeFormatting formats the lines of a range.
func (s *Server) RangeFormatting(ctx context.Context, params *protocol.DocumentRangeFormattingParams) ([]protocol.TextEdit, error) {
	snap := s.snapshot(params.TextDocument.URI)
	if snap == nil || isIgnoreFile(snap.URI) || len(snap.Text) > maxDocumentSize {
		return nil, nil
	}
	return textEdits(snap, format.FormatRange(snap.Text, snap.Mapper().Offsets(params.Range))), nil
}
