package lsp

import (
	"bytes"
	"fmt"
	"path/filepath"
	"runtime/debug"
	"slices"
	"sort"
	"sync"
	"sync/atomic"

	"golang.org/x/text/language"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/buildctx"
	"github.com/berth-dev/berth/lint/i18n"
)

// A Snapshot is one version of one open document: its text and everything
// computed from it (the parsed lint.Document, the diagnostics and their
// protocol form), each computed once, on first use, and shared by every
// feature. A snapshot never changes; an edit makes a new one.
type Snapshot struct {
	URI     uri.URI
	Version int32
	// Text is the document's content; never modify it.
	Text []byte
	// Path is the file path for file URIs, else "".
	Path string

	seq uint64 // orders snapshots of one document
	enc Encoding
	// links: the diagnostics carry their rule's page (codeDescription),
	// for a client that says it shows it.
	links  bool
	config func(path string) *lint.Config
	rules  []*lint.Rule
	byCode map[string]*lint.Rule
	hook   func(*Snapshot)
	// ctxDir returns the build context when its walk is ready (see
	// Server.contextDir); nil: the file's folder.
	ctxDir func(path string) string
	// local answers what the daemon has of the base images, from the
	// server's cache (rules such as InvalidBaseImagePlatform need it).
	local lint.LocalImages
	// lang is the language of the diagnostics' messages and fix titles.
	lang language.Tag
	// ignore lints the snapshot when it is a .dockerignore file (see
	// dockerignore.go) in place of the Dockerfile rules; nil: never.
	ignore func(*Snapshot, *lint.Config) []lint.Diagnostic

	mapOnce sync.Once
	mapper  *Mapper

	lintOnce sync.Once
	doc      *lint.Document
	diags    []lint.Diagnostic
	// deferred is the work slow rules (ShellCheck) left for later in
	// this version's lint, set by analyze; a follow-up snapshot of the
	// same version (see Server.followUp) starts with its predecessor's.
	deferred *lint.Deferred
	// partial reports, once linted, that the diagnostics may lack what
	// slow rules left for later: in this lint, or in the earlier one whose
	// findings it reused (prev's Incremental).
	partial bool
	// round counts the follow-ups of a version: 0 for an edit's snapshot.
	round int

	// prev is the document's last snapshot whose diagnostics were
	// converted, if any: diagnostics that did not change, in text that did
	// not change, are taken from it rather than converted again. It is
	// dropped once used.
	prev *Snapshot
	// inc is what the lint run keeps for the next version's.
	inc       *lint.Incremental
	protoOnce sync.Once
	proto     []protocol.Diagnostic
	protoJSON [][]byte // each of proto, encoded
	protoDone atomic.Bool
}

// Mapper returns the mapper for the snapshot's text.
func (s *Snapshot) Mapper() *Mapper {
	s.mapOnce.Do(func() { s.mapper = NewMapper(s.Text, s.enc) })
	return s.mapper
}

// Document returns the parsed document, linting it if that was not done.
func (s *Snapshot) Document() *lint.Document {
	s.analyze()
	return s.doc
}

// Diagnostics returns the lint diagnostics, in byte offsets.
func (s *Snapshot) Diagnostics() []lint.Diagnostic {
	s.analyze()
	return s.diags
}

// analyze parses and lints the text, once. A panic (of the parser; the
// engine already contains panicking rules) becomes one diagnostic.
func (s *Snapshot) analyze() {
	s.lintOnce.Do(func() {
		defer func() {
			if p := recover(); p != nil {
				if s.doc == nil {
					s.doc = lint.NewDocument(s.Path, nil)
				}
				s.diags = []lint.Diagnostic{{
					Code:     lint.InternalErrorCode,
					Severity: lint.Error,
					Message:  fmt.Sprintf("internal error while linting: %v (please report this bug)\n%s", p, debug.Stack()),
				}}
			}
		}()
		if s.hook != nil {
			s.hook(s)
		}
		var cfg *lint.Config
		if s.config != nil {
			cfg = s.config(s.Path)
		}
		if s.ignore != nil && isIgnoreFile(s.URI) {
			s.doc = lint.NewDocument(s.Path, nil)
			s.diags = i18n.Localize(s.lang, s.ignore(s, cfg))
			return
		}
		if len(s.Text) > maxDocumentSize {
			s.doc = lint.NewDocument(s.Path, nil)
			s.diags = i18n.Localize(s.lang, []lint.Diagnostic{tooLarge(len(s.Text))})
			return
		}
		// Reuse the instructions of the last linted version that did not
		// change: an edit re-parses only what it touched.
		var prevDoc *lint.Document
		var prevInc *lint.Incremental
		if p := s.prev; p != nil && p.protoDone.Load() {
			prevDoc, prevInc = p.doc, p.inc
			s.partial = p.partial
		}
		doc := lint.NewDocumentIncremental(s.Path, s.Text, prevDoc)
		if s.Path != "" {
			doc.Context = filepath.Dir(s.Path)
			if s.ctxDir != nil {
				doc.Context = s.ctxDir(s.Path)
			}
		}
		doc.LocalImages = s.local
		if s.deferred == nil {
			s.deferred = new(lint.Deferred)
		}
		doc.Defer(s.deferred) // publish without waiting for ShellCheck
		s.doc = doc
		// and re-run the rules only over the stages an edit changed.
		diags, inc := lint.RunIncremental(doc, s.rules, cfg, prevInc)
		s.inc = inc
		s.partial = s.partial || s.deferred.Pending()
		s.diags = i18n.Localize(s.lang, capFindings(diags))
	})
}

// maxDocumentSize is the largest document the server lints and formats:
// 27 times the largest Dockerfile of the corpus (145 KB), while a hostile
// document of tens of megabytes would cost gigabytes on every edit (15 MB:
// 3 GB to lint and format). berth lint reads up to --max-file-size (16 MB).
const maxDocumentSize = 4 << 20

// maxPublished bounds the findings of one document the server keeps and
// publishes: beyond it, a file of a million findings would take hundreds
// of megabytes to encode, send and show.
const maxPublished = 10000

// tooLarge is the one diagnostic of a document over maxDocumentSize.
func tooLarge(n int) lint.Diagnostic {
	const format = "berth does not check this file as you type: it is %s, over the %s it checks in the editor; run berth lint on it"
	args := []any{buildctx.FormatSize(int64(n)), buildctx.FormatSize(int64(maxDocumentSize))}
	return lint.Diagnostic{Severity: lint.Info, Message: fmt.Sprintf(format, args...), Format: format, Args: args}
}

// capFindings keeps the first maxPublished findings, and says how many
// more there are.
func capFindings(diags []lint.Diagnostic) []lint.Diagnostic {
	if len(diags) <= maxPublished {
		return diags
	}
	const format = "berth shows the first %d of the %d findings in this file: run berth lint on it for all of them"
	args := []any{maxPublished, len(diags)}
	out := make([]lint.Diagnostic, 0, maxPublished+1)
	out = append(out, lint.Diagnostic{Severity: lint.Info, Message: fmt.Sprintf(format, args...), Format: format, Args: args})
	return append(out, diags[:maxPublished]...)
}

// protocolDiagnostics returns the diagnostics in protocol form, with
// their fixes bundled in data.
func (s *Snapshot) protocolDiagnostics() []protocol.Diagnostic {
	s.convert()
	return s.proto
}

// convert computes the protocol form of the diagnostics and its JSON, once.
// A diagnostic equal to one of the previous snapshot and lying (with its
// fixes) in the text the two share from the start is reused: an edit
// converts only what it changed.
func (s *Snapshot) convert() {
	s.protoOnce.Do(func() {
		diags := s.Diagnostics()
		prev := s.prev
		s.prev = nil
		common, tail, delta := -1, -1, 0
		if prev != nil && prev.protoDone.Load() && prev.enc == s.enc {
			common = commonPrefix(prev.Text, s.Text)
			tail, delta = unmovedTail(prev.Mapper(), s.Mapper(), common)
		}
		// While every diagnostic is the previous snapshot's at the same
		// index (an edit that changed no finding), the previous slices
		// are shared, never modified; they are copied from the first
		// diagnostic that differs.
		shared := prev != nil && len(diags) > 0 && len(prev.proto) == len(diags)
		alloc := func(shareTo int) {
			s.proto = make([]protocol.Diagnostic, len(diags))
			s.protoJSON = make([][]byte, len(diags))
			if shareTo > 0 {
				copy(s.proto, prev.proto[:shareTo])
				copy(s.protoJSON, prev.protoJSON[:shareTo])
			}
		}
		if !shared {
			alloc(0)
		}
		j := 0
		for i := range diags {
			d := &diags[i]
			k := reusable(prev, &j, d, common)
			if k < 0 {
				k = reusableMoved(prev, d, tail, delta)
			}
			if shared {
				if k == i {
					continue
				}
				shared = false
				alloc(i)
			}
			if k >= 0 {
				s.proto[i], s.protoJSON[i] = prev.proto[k], prev.protoJSON[k]
				continue
			}
			s.proto[i] = toProtocol(d, s.Mapper(), s.byCode[d.Code], s.links)
			b, err := protocol.Marshal(&s.proto[i])
			if err != nil {
				b = []byte(`{"range":{"start":{"line":0,"character":0},"end":{"line":0,"character":0}},"message":"berth: cannot encode a diagnostic"}`)
			}
			s.protoJSON[i] = b
		}
		if shared {
			s.proto, s.protoJSON = prev.proto, prev.protoJSON
		}
		s.protoDone.Store(true)
	})
}

// reusable returns the index in prev of a diagnostic equal to d, or -1.
// d must end before offset common, where the texts start to differ. j
// walks prev's diagnostics, which are sorted by position as d's are.
func reusable(prev *Snapshot, j *int, d *lint.Diagnostic, common int) int {
	if common < 0 || extent(d) >= common {
		return -1
	}
	pd := prev.diags
	for *j < len(pd) && pd[*j].Range.Start < d.Range.Start {
		*j++
	}
	for k := *j; k < len(pd) && pd[k].Range.Start == d.Range.Start; k++ {
		if sameDiagnostic(&pd[k], d) {
			return k
		}
	}
	return -1
}

// extent returns the largest offset a diagnostic or its fixes touch.
func extent(d *lint.Diagnostic) int {
	n := d.Range.End
	for _, f := range d.Fixes {
		for _, e := range f.Edits {
			n = max(n, e.Range.End)
		}
	}
	return n
}

func sameDiagnostic(a, b *lint.Diagnostic) bool {
	if a.Code != b.Code || a.Range != b.Range || a.Message != b.Message || a.Severity != b.Severity ||
		!slices.Equal(a.Tags, b.Tags) || len(a.Fixes) != len(b.Fixes) {
		return false
	}
	for i := range a.Fixes {
		fa, fb := &a.Fixes[i], &b.Fixes[i]
		if fa.Title != fb.Title || fa.Safe != fb.Safe || !slices.Equal(fa.Edits, fb.Edits) {
			return false
		}
	}
	return true
}

// unmovedTail returns where, in b, the text a and b end with starts on a
// line of its own, when the edit between them (after the first common
// bytes) left the number of lines as it was: a position from there on has
// the same line and column in both, delta bytes further in b. It returns
// -1 when there is no such tail. ma and mb are a's and b's mappers, whose
// lines are the protocol's (a lone "\r" ends one too).
func unmovedTail(ma, mb *Mapper, common int) (tail, delta int) {
	a, b := ma.text, mb.text
	n := min(len(a), len(b)) - common
	cs := 0
	for cs < n && a[len(a)-1-cs] == b[len(b)-1-cs] {
		cs++
	}
	start, delta := len(b)-cs, len(b)-len(a)
	// The tail starts a line in both texts, or from the next line: where
	// a line's first characters were deleted (or typed), the rest of it
	// is common to both but lies in another column. Past the tail's first
	// byte, the texts are the same, and so are their line breaks.
	for {
		lb, sb := mb.lineAt(start)
		la, sa := ma.lineAt(start - delta)
		if sb && sa {
			if la != lb {
				return -1, 0
			}
			return start, delta
		}
		if lb+1 >= len(mb.lines) {
			return -1, 0 // the last line
		}
		start = mb.lines[lb+1]
	}
}

// reusableMoved returns the index in prev of a diagnostic equal to d but
// delta bytes earlier, when d lies in the unmoved tail that starts at
// tail: its protocol form is then the same. Its fixes are not compared:
// the protocol form carries only their number.
func reusableMoved(prev *Snapshot, d *lint.Diagnostic, tail, delta int) int {
	if tail < 0 || d.Range.Start < tail {
		return -1
	}
	pd := prev.diags
	start := d.Range.Start - delta
	// By index: a comparison function taking the diagnostic by value
	// copied it at every step (5% of a keystroke in a file of 2,800
	// findings).
	k := sort.Search(len(pd), func(i int) bool { return pd[i].Range.Start >= start })
	for ; k < len(pd) && pd[k].Range.Start == start; k++ {
		p := &pd[k]
		if p.Range.End == d.Range.End-delta && p.Code == d.Code && p.Message == d.Message && p.Severity == d.Severity &&
			slices.Equal(p.Tags, d.Tags) && len(p.Fixes) == len(d.Fixes) {
			return k
		}
	}
	return -1
}

// commonPrefix returns the length of the longest common prefix of a and b.
func commonPrefix(a, b []byte) int {
	n := min(len(a), len(b))
	// Compare in large blocks first: texts are mostly equal.
	i := 0
	for i+512 <= n && bytes.Equal(a[i:i+512], b[i:i+512]) {
		i += 512
	}
	for i < n && a[i] == b[i] {
		i++
	}
	return i
}
