package lsp

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"slices"
	"strings"
	"sync"
	"weak"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/berth-dev/berth/internal/safeio"
	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/syntax"
)

// FixAllKind is the code action kind of "apply every safe fix", for
// editors' fix-on-save ("source.fixAll" includes it).
const FixAllKind protocol.CodeActionKind = "source.fixAll.berth"

// CodeAction offers, for each berth diagnostic in the request's context,
// its fixes (found in the current snapshot by the diagnostic's range and
// code: nothing is re-linted and no rule is known by name) and the two
// ignore pragmas; and the fix-all action over the current snapshot. A
// client that resolves code actions' edits gets each fix without its edit
// and a small key in data (see CodeActionResolve).
func (s *Server) CodeAction(ctx context.Context, params *protocol.CodeActionParams) ([]protocol.CommandOrCodeAction, error) {
	snap := s.snapshot(params.TextDocument.URI)
	if snap == nil {
		return nil, nil
	}
	only := params.Context.Only
	var out []protocol.CommandOrCodeAction
	if kindWanted(only, protocol.CodeActionKindQuickFix) {
		lazy := resolvesEdits(s)
		var preferredGiven bool
		ignored := map[string]bool{}
		for i := range params.Context.Diagnostics {
			d := &params.Context.Diagnostics[i]
			if src, _ := d.Source.Get(); src != Source {
				continue
			}
			code := codeOf(d.Code)
			var fixes []lint.Fix
			if ld := findDiagnostic(snap, code, d.Range); ld != nil {
				fixes = ld.Fixes
			}
			for j := range fixes {
				f := &fixes[j]
				a := &protocol.CodeAction{
					Title:       f.Title,
					Kind:        kindPtr(protocol.CodeActionKindQuickFix),
					Diagnostics: []protocol.Diagnostic{*d},
				}
				// The edit goes with the action (a handful of diagnostics
				// in range, and clients such as Neovim's apply it without
				// resolving); resolving clients also get the key that
				// finds it again.
				a.Edit = s.fixWorkspaceEdit(snap, f)
				if a.Edit == nil {
					continue // a file to create, and a client that cannot
				}
				if lazy {
					a.Data, _ = json.Marshal(resolveData{Berth: "fix", URI: snap.URI, Code: code, Range: d.Range, Fix: j})
				}
				if j == 0 && !preferredGiven {
					yes := true
					a.IsPreferred = &yes
				}
				out = append(out, a)
			}
			if len(fixes) > 0 {
				preferredGiven = true
			}
			if code == "" || ignored[code] {
				continue
			}
			ignored[code] = true
			if e, ok := ignoreHere(snap, d.Range.Start, code); ok {
				out = append(out, &protocol.CodeAction{
					Title:       "Ignore " + code + " for this instruction",
					Kind:        kindPtr(protocol.CodeActionKindQuickFix),
					Diagnostics: []protocol.Diagnostic{*d},
					Edit:        workspaceEdit(snap.URI, []protocol.TextEdit{e}),
				})
			}
			if e, ok := ignoreInFile(snap, code); ok {
				out = append(out, &protocol.CodeAction{
					Title:       "Ignore " + code + " in this file",
					Kind:        kindPtr(protocol.CodeActionKindQuickFix),
					Diagnostics: []protocol.Diagnostic{*d},
					Edit:        workspaceEdit(snap.URI, []protocol.TextEdit{e}),
				})
			}
		}
	}
	out = append(out, s.daemonActions(snap, params)...)
	if kindWanted(only, FixAllKind) {
		if edits := fixAllEdits(snap); len(edits) > 0 {
			out = append(out, &protocol.CodeAction{
				Title: "Apply all safe berth fixes",
				Kind:  kindPtr(FixAllKind),
				Edit:  workspaceEdit(snap.URI, edits),
			})
		}
	}
	return out, nil
}

// kindWanted reports whether actions of kind pass the client's filter.
func kindWanted(only []protocol.CodeActionKind, kind protocol.CodeActionKind) bool {
	if len(only) == 0 {
		return true
	}
	for _, o := range only {
		if kind == o || strings.HasPrefix(string(kind), string(o)+".") {
			return true
		}
	}
	return false
}

func kindPtr(k protocol.CodeActionKind) *protocol.CodeActionKind { return &k }

// codeOf returns a diagnostic's code as a string.
func codeOf(c protocol.ProgressToken) string {
	switch c := c.(type) {
	case protocol.String:
		return string(c)
	case *protocol.String:
		if c != nil {
			return string(*c)
		}
	}
	return ""
}

// resolveData is the data of a quick fix sent without its edit: what finds
// the fix again when the client resolves the action.
type resolveData struct {
	Berth string         `json:"berth"` // "fix"
	URI   uri.URI        `json:"uri"`
	Code  string         `json:"code"`
	Range protocol.Range `json:"range"`
	Fix   int            `json:"fix"`
}

// CodeActionResolve fills in the edit of a quick fix offered without it.
// The fix is looked up in the document's current snapshot; when the
// document changed so that it is gone, the answer is ContentModified and
// the client asks for code actions again. Actions that are not berth's
// lazy fixes come back as they are.
func (s *Server) CodeActionResolve(ctx context.Context, a *protocol.CodeAction) (*protocol.CodeAction, error) {
	var rd resolveData
	if a.Edit != nil || len(a.Data) == 0 || json.Unmarshal(a.Data, &rd) != nil || rd.Berth != "fix" {
		return a, nil
	}
	snap := s.snapshot(rd.URI)
	if snap == nil {
		return nil, protocol.ErrContentModified
	}
	d := findDiagnostic(snap, rd.Code, rd.Range)
	if d == nil || rd.Fix < 0 || rd.Fix >= len(d.Fixes) || d.Fixes[rd.Fix].Title != a.Title {
		return nil, protocol.ErrContentModified
	}
	a.Edit = s.fixWorkspaceEdit(snap, &d.Fixes[rd.Fix])
	if a.Edit == nil {
		return nil, protocol.ErrContentModified
	}
	return a, nil
}

// resolveClients records, for each server, whether its client resolves
// code actions' edits (codeAction.resolveSupport lists "edit").
var resolveClients sync.Map // weak.Pointer[Server] -> bool

func setResolvesEdits(s *Server, yes bool) { resolveClients.Store(weak.Make(s), yes) }

func resolvesEdits(s *Server) bool {
	v, _ := resolveClients.Load(weak.Make(s))
	yes, _ := v.(bool)
	return yes
}

// findDiagnostic finds the lint diagnostic of a snapshot with a code and
// a protocol range, or returns nil.
func findDiagnostic(snap *Snapshot, code string, r protocol.Range) *lint.Diagnostic {
	m := snap.Mapper()
	start := m.Offset(r.Start)
	diags := snap.Diagnostics()
	i, _ := slices.BinarySearchFunc(diags, start, func(d lint.Diagnostic, off int) int { return cmp.Compare(d.Range.Start, off) })
	for ; i < len(diags) && diags[i].Range.Start == start; i++ {
		if d := &diags[i]; d.Code == code && m.Range(d.Range) == r {
			return d
		}
	}
	return nil
}

// fixEdits returns a fix's edits of the Dockerfile in protocol ranges.
func fixEdits(f *lint.Fix, m *Mapper) []protocol.TextEdit {
	out := make([]protocol.TextEdit, 0, len(f.Edits))
	for _, e := range f.Edits {
		if e.Path == "" {
			out = append(out, protocol.TextEdit{Range: m.Range(e.Range), NewText: e.NewText})
		}
	}
	return out
}

// editClients records, for each server, what its client's workspace
// edits support.
var editClients sync.Map // weak.Pointer[Server] -> editCaps

// editCaps are the client's workspace edit capabilities.
type editCaps struct {
	// documentChanges: versioned TextDocumentEdits; create: CreateFile
	// operations among them.
	documentChanges, create bool
}

func setEditCaps(s *Server, c editCaps) { editClients.Store(weak.Make(s), c) }

func editCapsOf(s *Server) editCaps {
	v, _ := editClients.Load(weak.Make(s))
	c, _ := v.(editCaps)
	return c
}

// maxOtherFile bounds the other files a fix edits (a .dockerignore).
const maxOtherFile = 1 << 20

// fixWorkspaceEdit returns the workspace edit of a fix. Its edits of the
// Dockerfile are placed with the snapshot's mapper; its edits of other
// files (.dockerignore) with the text of those files: as open in the
// editor, else on disk. A file that does not exist is created first,
// which needs documentChanges with the create operation: without them
// the answer is nil.
func (s *Server) fixWorkspaceEdit(snap *Snapshot, f *lint.Fix) *protocol.WorkspaceEdit {
	others := lint.OtherFiles(f.Edits)
	if len(others) == 0 {
		return workspaceEdit(snap.URI, fixEdits(f, snap.Mapper()))
	}
	caps := editCapsOf(s)
	enc := snap.Mapper().Encoding()
	we := &protocol.WorkspaceEdit{}
	if own := fixEdits(f, snap.Mapper()); len(own) > 0 {
		if caps.documentChanges {
			v := snap.Version
			we.DocumentChanges = append(we.DocumentChanges, textDocumentEdit(snap.URI, &v, own))
		} else {
			we.Changes = map[uri.URI][]protocol.TextEdit{snap.URI: own}
		}
	}
	for _, p := range others {
		u := uri.File(p)
		edits, version, exists, ok := s.otherFileEdits(u, p, f.Edits, enc)
		if !ok {
			return nil
		}
		switch {
		case caps.documentChanges:
			if !exists {
				if !caps.create {
					return nil
				}
				yes := true
				we.DocumentChanges = append(we.DocumentChanges, &protocol.CreateFile{Kind: "create", URI: u, Options: &protocol.CreateFileOptions{IgnoreIfExists: &yes}})
			}
			we.DocumentChanges = append(we.DocumentChanges, textDocumentEdit(u, version, edits))
		case !exists:
			return nil // "changes" edits existing files only
		default:
			if we.Changes == nil {
				we.Changes = map[uri.URI][]protocol.TextEdit{}
			}
			we.Changes[u] = edits
		}
	}
	return we
}

// textDocumentEdit wraps the edits of one document (version nil: the file
// on disk).
func textDocumentEdit(u uri.URI, version *int32, edits []protocol.TextEdit) *protocol.TextDocumentEdit {
	td := &protocol.TextDocumentEdit{TextDocument: protocol.OptionalVersionedTextDocumentIdentifier{
		TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: u},
		Version:                version,
	}}
	for i := range edits {
		td.Edits = append(td.Edits, &edits[i])
	}
	return td
}

// otherFileEdits places a fix's edits of the file at path p (URI u) in
// the file's current text: the editor's when it is open there (its
// version returned), else the disk's. The edits were made against the
// disk's text when linted: an insertion at its end goes to the end of the
// current text, on a line of its own. exists is false for a file to
// create; ok is false when the file cannot be read or the edits no longer
// fit it.
func (s *Server) otherFileEdits(u uri.URI, p string, all []lint.Edit, enc Encoding) (edits []protocol.TextEdit, version *int32, exists, ok bool) {
	disk, err := safeio.ReadRegularFile(p, maxOtherFile) // a FIFO or a device is refused at once
	exists = err == nil
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, nil, false, false
	}
	text := disk
	if open := s.snapshot(u); open != nil {
		text, exists = open.Text, true
		v := open.Version
		version = &v
	}
	m := NewMapper(text, enc)
	moved := !bytes.Equal(text, disk)
	needBreak := moved && len(text) > 0 && text[len(text)-1] != '\n'
	for _, e := range all {
		if e.Path != p {
			continue
		}
		r := e.Range
		if moved {
			if r.Len() != 0 || r.Start != len(disk) {
				return nil, nil, false, false
			}
			if e.NewText == "\n" || e.NewText == "\r\n" {
				continue // the line break is decided here
			}
			r.Start, r.End = len(text), len(text)
		}
		if r.End > len(text) {
			return nil, nil, false, false
		}
		nt := e.NewText
		if needBreak {
			nt, needBreak = lineBreak(text)+nt, false
		}
		pr := m.Range(r)
		if n := len(edits); n > 0 && r.Len() == 0 && edits[n-1].Range == pr {
			// Insertions at one point make one edit: clients differ in
			// the order they apply them.
			edits[n-1].NewText += nt
			continue
		}
		edits = append(edits, protocol.TextEdit{Range: pr, NewText: nt})
	}
	return edits, version, exists, true
}

// workspaceEdit wraps edits of one document.
func workspaceEdit(u uri.URI, edits []protocol.TextEdit) *protocol.WorkspaceEdit {
	return &protocol.WorkspaceEdit{Changes: map[uri.URI][]protocol.TextEdit{u: edits}}
}

// fixAllEdits returns the edits of every safe fix of the snapshot that does
// not overlap another.
func fixAllEdits(snap *Snapshot) []protocol.TextEdit {
	edits := lint.SelectFixes(snap.Diagnostics(), false)
	m := snap.Mapper()
	out := make([]protocol.TextEdit, 0, len(edits))
	for _, e := range edits {
		if e.Path != "" {
			continue // fixing all on save edits the Dockerfile only
		}
		out = append(out, protocol.TextEdit{Range: m.Range(e.Range), NewText: e.NewText})
	}
	return out
}

// lineBreak returns the line break the document uses.
func lineBreak(src []byte) string {
	if bytes.Contains(src, []byte("\r\n")) {
		return "\r\n"
	}
	return "\n"
}

// pragmaList finds the code list of an ignore pragma ("berth ignore=A,B
// reason"; global when global is set) in a comment's text. It returns the
// codes and the offset in text just past the list.
func pragmaList(text string, global bool) (codes []string, end int, ok bool) {
	prefixes := []string{"berth ignore=", "hadolint ignore="}
	if global {
		prefixes = []string{"berth global ignore=", "hadolint global ignore="}
	}
	for _, p := range prefixes {
		rest, found := strings.CutPrefix(text, p)
		if !found {
			continue
		}
		n := strings.IndexAny(rest, " \t")
		if n < 0 {
			n = len(rest)
		}
		if n == 0 {
			return nil, 0, false
		}
		return strings.Split(rest[:n], ","), len(p) + n, true
	}
	return nil, 0, false
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(strings.TrimSpace(x), s) {
			return true
		}
	}
	return false
}

// ignoreHere returns the edit that ignores code for the instruction at
// pos: a "# berth ignore=CODE" line above it, indented like it, or CODE
// added to the ignore pragma already there.
func ignoreHere(snap *Snapshot, pos protocol.Position, code string) (protocol.TextEdit, bool) {
	m := snap.Mapper()
	f := snap.Document().File
	ins := f.InstructionAt(m.Offset(pos))
	if ins == nil {
		return protocol.TextEdit{}, false
	}
	line := f.Line(ins.Range.Start)
	if n := len(ins.Comments); n > 0 {
		c := ins.Comments[n-1]
		if f.Line(c.Range.Start) == line-1 {
			if codes, end, ok := pragmaList(c.Text, false); ok {
				if containsFold(codes, code) {
					return protocol.TextEdit{}, false
				}
				at := c.TextRange.Start + end
				return protocol.TextEdit{Range: m.Range(syntax.Range{Start: at, End: at}), NewText: "," + code}, true
			}
		}
	}
	start := f.LineStart(line)
	if line == 0 && f.BOM {
		start += 3
	}
	indent := f.Src[start:ins.Range.Start]
	if len(bytes.TrimLeft(indent, " \t")) > 0 {
		indent = nil
	}
	text := string(indent) + "# berth ignore=" + code + lineBreak(f.Src)
	return protocol.TextEdit{Range: m.Range(syntax.Range{Start: start, End: start}), NewText: text}, true
}

// ignoreInFile returns the edit that ignores code in the whole file: a
// "# berth global ignore=CODE" line at the top, after the parser
// directives, or CODE added to such a pragma already there.
func ignoreInFile(snap *Snapshot, code string) (protocol.TextEdit, bool) {
	m := snap.Mapper()
	f := snap.Document().File
	first := len(f.Src)
	if len(f.Instructions) > 0 {
		first = f.Instructions[0].Range.Start
	}
	for _, c := range f.Comments {
		if c.Range.Start > first {
			break
		}
		if codes, end, ok := pragmaList(c.Text, true); ok {
			if containsFold(codes, code) {
				return protocol.TextEdit{}, false
			}
			at := c.TextRange.Start + end
			return protocol.TextEdit{Range: m.Range(syntax.Range{Start: at, End: at}), NewText: "," + code}, true
		}
	}
	eol := lineBreak(f.Src)
	at, text := 0, "# berth global ignore="+code+eol
	if f.BOM {
		at = 3
	}
	if n := len(f.Directives); n > 0 {
		end := f.Directives[n-1].Range.End
		at = f.LineStart(f.Line(end) + 1)
		if at >= len(f.Src) && (len(f.Src) == 0 || f.Src[len(f.Src)-1] != '\n') {
			at, text = len(f.Src), eol+"# berth global ignore="+code
		}
	}
	return protocol.TextEdit{Range: m.Range(syntax.Range{Start: at, End: at}), NewText: text}, true
}
