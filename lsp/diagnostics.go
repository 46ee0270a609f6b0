package lsp

import (
	"bytes"
	"context"
	"encoding/json"
	"hash/maphash"
	"slices"
	"strconv"
	"sync"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/berth-dev/berth/lint"
)

// Source is the source of every diagnostic berth reports.
const Source = "berth"

// diagData is what a diagnostic with fixes carries in its data field: the
// number of its fixes, nothing more. The fixes themselves are found again
// in the snapshot, from the diagnostic's range and code, when the client
// asks for code actions (and their edits only when it resolves one): a
// big file's thousands of findings would otherwise carry every edit in
// each publication, encoded by the server and decoded by the client on
// every keystroke.
type diagData struct {
	Fixes int `json:"fixes"`
}

// severity maps berth's severities to the protocol's.
func severity(s lint.Severity) protocol.DiagnosticSeverity {
	switch s {
	case lint.Error:
		return protocol.DiagnosticSeverityError
	case lint.Warning:
		return protocol.DiagnosticSeverityWarning
	case lint.Info:
		return protocol.DiagnosticSeverityInformation
	}
	return protocol.DiagnosticSeverityHint
}

// toProtocol converts a diagnostic; rule may be nil. With links, it
// carries the rule's page as its codeDescription: only a client that
// says it shows one gets it (VS Code does; Neovim does not, and for it the
// links were a quarter of each publication of a big file's findings).
func toProtocol(d *lint.Diagnostic, m *Mapper, rule *lint.Rule, links bool) protocol.Diagnostic {
	pd := protocol.Diagnostic{
		Range:    m.Range(d.Range),
		Severity: severity(d.Severity),
		Code:     protocol.String(d.Code),
		Source:   protocol.NewOptional(Source),
		Message:  protocol.String(d.Message),
	}
	if links && rule != nil && rule.URL != "" {
		pd.CodeDescription = protocol.CodeDescription{Href: uri.URI(rule.URL)}
	}
	var tags []protocol.DiagnosticTag
	for _, t := range d.Tags {
		switch t {
		case lint.Deprecated:
			tags = append(tags, protocol.DiagnosticTagDeprecated)
		case lint.Unnecessary:
			tags = append(tags, protocol.DiagnosticTagUnnecessary)
		}
	}
	if len(tags) > 0 {
		pd.Tags = protocol.NewDiagnosticTags(tags...)
	}
	if len(d.Fixes) > 0 {
		pd.Data = encodeFixes(d.Fixes)
	}
	return pd
}

// encodeFixes renders the data of a diagnostic with fixes.
func encodeFixes(fixes []lint.Fix) []byte {
	b := strconv.AppendInt(append(make([]byte, 0, 16), `{"fixes":`...), int64(len(fixes)), 10)
	return append(b, '}')
}

// docState is the server's record of one document: its latest snapshot and
// where its diagnostics stand. One worker goroutine at a time lints and
// publishes for a document, so publications go out in order.
type docState struct {
	uri uri.URI

	mu         sync.Mutex
	snap       *Snapshot // latest; nil when closed
	pending    bool      // snap has not been published
	clear      bool      // the document was closed: publish no diagnostics
	running    bool      // a worker is live
	linting    bool      // the worker is linting
	burst      bool      // an edit came while linting
	lastChange time.Time
	published  uint64    // seq of the last snapshot published
	converted  *Snapshot // the last snapshot whose diagnostics were converted
	// stopFollow gives up the wait for the deferred work (ShellCheck) of
	// the current snapshot; replace calls it, as the work is then stale.
	stopFollow context.CancelFunc
	// refreshDue is set when a client that pulls diagnostics may have
	// pulled some that lack the deferred findings.
	refreshDue bool
	// pub is the last publication of the document's diagnostics (see
	// publication), used by its worker; nil once the document is closed.
	pub *publication
}

// update installs a new snapshot and makes sure its diagnostics will be
// published. It never blocks.
func (s *Server) update(st *docState, snap *Snapshot) {
	s.replace(st, nil, snap)
}

// replace installs snap in place of old, the document's current snapshot,
// and reports whether it did: when old is not nil and the document has
// moved on (an edit came, or it was closed), nothing changes. Work that
// re-lints a document from another goroutine (settings, the daemon's
// answers, a finished context walk) goes through it, so that it never puts
// back the text of an older version.
func (s *Server) replace(st *docState, old, snap *Snapshot) bool {
	st.mu.Lock()
	defer st.mu.Unlock()
	if old != nil && st.snap != old {
		return false
	}
	if st.stopFollow != nil {
		st.stopFollow()
		st.stopFollow = nil
	}
	st.snap = snap
	st.clear = false
	st.pending = true
	st.lastChange = time.Now()
	if st.linting {
		st.burst = true
	}
	if !st.running {
		st.running = true
		go s.worker(st)
	}
	return true
}

// worker lints and publishes a document's latest snapshot until there is
// nothing left to do. When the editor is idle an edit is linted at once;
// when edits arrive while a lint runs (fast typing, a burst of changes) the
// worker waits until they pause for the debounce delay, then lints the
// latest. Stale snapshots are skipped, never published.
func (s *Server) worker(st *docState) {
	for {
		debounce := s.debounce() // before st.mu: s.mu is never taken under it
		st.mu.Lock()
		select {
		case <-s.done:
			st.running = false
			st.mu.Unlock()
			return
		default:
		}
		if st.clear {
			st.clear = false
			st.pub = nil
			st.mu.Unlock()
			s.publish(st.uri, nil, nil)
			continue
		}
		if !st.pending || st.snap == nil {
			st.running = false
			st.mu.Unlock()
			return
		}
		if st.burst {
			if wait := time.Until(st.lastChange.Add(debounce)); wait > 0 {
				st.mu.Unlock()
				select {
				case <-time.After(wait):
				case <-s.done:
				}
				continue
			}
			st.burst = false
		}
		snap := st.snap
		st.pending = false
		st.linting = true
		st.mu.Unlock()

		snap.convert()
		s.wantImages(snap)
		s.localImages()
		pulls := s.pulls()

		st.mu.Lock()
		st.linting = false
		if st.converted == nil || snap.seq > st.converted.seq {
			st.converted = snap
		}
		current := st.snap == snap && snap.seq > st.published
		if current {
			st.published = snap.seq
		}
		st.mu.Unlock()
		if current && !pulls {
			s.publishSnapshot(st, snap)
		}
		if df := snap.deferred; df != nil {
			s.noteMissing(df.Missing())
			switch {
			case current && snap.partial && snap.round < maxFollowUps:
				s.followUp(st, snap)
			case df.Pending():
				// A stale version's (or a second deferral's) work: give
				// it up, so that scripts not yet started are dropped.
				ctx, cancel := context.WithCancel(context.Background())
				cancel()
				df.Wait(ctx)
			}
			if current && pulls && !snap.partial {
				// The client pulled diagnostics that lacked the deferred
				// findings (see Diagnostic): now that a lint has them all
				// (a follow-up, or any re-lint that came first), it is
				// asked to pull again.
				st.mu.Lock()
				due := st.refreshDue
				st.refreshDue = false
				st.mu.Unlock()
				if due {
					s.refreshDiagnostics()
				}
			}
		}
	}
}

// maxFollowUps bounds the follow-ups of one version: a follow-up that
// finds work left for later again (scripts of an earlier version given up
// when it went stale, whose findings that version's lint reused) has
// another, up to this many.
const maxFollowUps = 3

// followUp waits in the background for the work the rules left for later
// in snap's lint (ShellCheck's findings on scripts it has not seen), then
// lints the same text again, the results ready, and installs that as a
// snapshot of the same version: its diagnostics go out as a second
// publication of the version (or, when the client pulls, with a
// workspace/diagnostic/refresh). An edit, closing the document or the
// end of the server gives the wait up, and its results are never
// published for a text they no longer describe.
func (s *Server) followUp(st *docState, snap *Snapshot) {
	ctx, cancel := context.WithCancel(context.Background())
	st.mu.Lock()
	if st.snap != snap {
		st.mu.Unlock()
		cancel()
		return
	}
	st.stopFollow = cancel
	st.mu.Unlock()
	go func() {
		defer cancel()
		go func() {
			select {
			case <-s.done:
				cancel()
			case <-ctx.Done():
			}
		}()
		if err := snap.deferred.Wait(ctx); err != nil {
			return
		}
		// No prev: the follow-up lints the whole text again, so that no
		// result of the lint that deferred (a stage's findings kept for
		// the next version) stands in for the rules that now have theirs.
		next := s.newSnapshot(snap.URI, snap.Version, snap.Text)
		next.deferred = snap.deferred
		next.round = snap.round + 1
		s.replace(st, snap, next)
	}()
}

// refreshDiagnostics asks a client that pulls diagnostics, and can be
// asked, to pull them again.
func (s *Server) refreshDiagnostics() {
	s.mu.Lock()
	refresh := s.caps.refreshDiags && s.client != nil
	s.mu.Unlock()
	if !refresh {
		return
	}
	go func() {
		if err := s.client.DiagnosticRefresh(context.Background()); err != nil {
			s.log.Warn("diagnostic refresh failed", "err", err)
		}
	}()
}

// publish sends diagnostics for a document.
func (s *Server) publish(u uri.URI, version *int32, diags []protocol.Diagnostic) {
	p := &protocol.PublishDiagnosticsParams{URI: u, Diagnostics: diags}
	if p.Diagnostics == nil {
		p.Diagnostics = []protocol.Diagnostic{}
	}
	if version != nil {
		p.Version = protocol.NewOptional(*version)
	}
	if err := s.client.PublishDiagnostics(context.Background(), p); err != nil {
		s.log.Warn("publishing diagnostics failed", "uri", u, "err", err)
	}
}

// publishSnapshot sends a snapshot's diagnostics, through the
// document's publication (see publication), which the worker of st owns.
func (s *Server) publishSnapshot(st *docState, snap *Snapshot) {
	st.mu.Lock()
	pub := st.pub
	st.mu.Unlock()
	if pub == nil {
		pub = new(publication)
	}
	frame, params := pub.frame(snap, s.daemonDiagnostics(snap))
	var err error
	if s.frames != nil {
		// Past conn's checks: not once the server is done (conn.Notify
		// would refuse when the connection is closing).
		select {
		case <-s.done:
			return
		default:
		}
		err = s.frames.writeFrame(context.Background(), frame)
	} else {
		err = s.conn.Notify(context.Background(), protocol.MethodTextDocumentPublishDiagnostics, jsonrpc2.RawMessage(params))
	}
	if err != nil {
		s.log.Warn("publishing diagnostics failed", "uri", snap.URI, "err", err)
	}
	st.mu.Lock()
	if st.snap != nil { // not closed meanwhile
		st.pub = pub
	}
	st.mu.Unlock()
}

// A publication is the last publishDiagnostics message sent for a
// document, whole, header included: an edit that changes no finding (a
// comment, a word retyped) shares the previous snapshot's encoded
// diagnostics (see Snapshot.convert), and its message differs from the
// previous one only in the version (and its length). The frame is then
// sent again with a new head, its diagnostics neither copied nor
// encoded: for a big file (2,801 findings, 0.9 MB) that was building the
// message, the connection copying it into a frame of its own and moving
// it behind the header, about 0.35 ms of each edit. A document has at most
// one, released when it is closed.
type publication struct {
	uri   []byte   // the document's URI, as JSON
	items [][]byte // the diagnostics' JSON the frame holds; never modified
	extra []byte   // the extra diagnostics' JSON after them
	// buf[tail:] is the end of the message, from the diagnostics on;
	// the head (header, envelope, URI and version) goes right before it.
	buf  []byte
	tail int
}

// publicationHead is where a publishDiagnostics message starts, as the
// jsonrpc2 connection encodes a notification's envelope.
const publicationHead = `{"jsonrpc":"2.0","method":"` + protocol.MethodTextDocumentPublishDiagnostics + `","params":`

// frame returns the frame of a publishDiagnostics notification of the
// snapshot's diagnostics followed by extra ones, header included, and
// the notification's params within it. Both are valid until the next
// call.
func (p *publication) frame(snap *Snapshot, extra []protocol.Diagnostic) (frame, params []byte) {
	snap.convert()
	if p.uri == nil {
		p.uri, _ = appendJSONString(nil, string(snap.URI))
	}
	var extraJSON []byte
	for i := range extra {
		b, err := protocol.Marshal(&extra[i])
		if err != nil {
			continue
		}
		if len(extraJSON) > 0 || len(snap.protoJSON) > 0 {
			extraJSON = append(extraJSON, ',')
		}
		extraJSON = append(extraJSON, b...)
	}
	// The head after the header: the envelope, the URI, the version.
	var h [128]byte
	head := append(h[:0], publicationHead...)
	head = append(head, `{"uri":`...)
	head = append(head, p.uri...)
	head = append(head, `,"version":`...)
	head = strconv.AppendInt(head, int64(snap.Version), 10)
	same := p.buf != nil && sameItems(p.items, snap.protoJSON) && bytes.Equal(p.extra, extraJSON)
	if !same || p.tail < maxFrameHeader+len(head) {
		p.build(snap.protoJSON, extraJSON, maxFrameHeader+len(head)+16)
	}
	// The head, then the header, right before the tail.
	start := p.tail - len(head)
	copy(p.buf[start:], head)
	start = putFrameHeader(p.buf[:start], len(p.buf)-start)
	return p.buf[start:], p.buf[p.tail-len(head)+len(publicationHead) : len(p.buf)-1]
}

// build encodes the end of the message, from the diagnostics on, after
// room bytes left for its head.
func (p *publication) build(items [][]byte, extra []byte, room int) {
	n := room + len(`,"diagnostics":[]}}`) + len(extra)
	for _, b := range items {
		n += len(b) + 1
	}
	buf := p.buf[:0]
	if cap(buf) > 4*n && cap(buf) > keepBuffer {
		buf = nil // the findings went: so does the memory they took
	}
	buf = slices.Grow(buf, n)[:room]
	buf = append(buf, `,"diagnostics":[`...)
	for i, b := range items {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = append(buf, b...)
	}
	buf = append(buf, extra...)
	p.buf = append(buf, "]}}"...)
	p.tail = room
	p.items = items
	p.extra = extra
}

// sameItems reports whether a and b are the same encoded diagnostics:
// the same slice, which convert shares between snapshots when no finding
// changed, and never modifies.
func sameItems(a, b [][]byte) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}

func appendJSONString(buf []byte, s string) ([]byte, error) {
	b, err := json.Marshal(s)
	return append(buf, b...), err
}

// debounce returns the debounce delay in force.
func (s *Server) debounce() time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.settings.debounce()
}

// pulls reports whether the client pulls diagnostics rather than being
// sent them.
func (s *Server) pulls() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.caps.pullDiagnostics
}

// Diagnostic answers textDocument/diagnostic (diagnostics pulled by the
// client) from the document's current snapshot. The result id is a hash
// of the diagnostics sent: when an edit leaves them as they were (a
// comment typed, a word retyped) the answer is an "unchanged" report, and
// nothing is sent again.
func (s *Server) Diagnostic(ctx context.Context, params *protocol.DocumentDiagnosticParams) (protocol.DocumentDiagnosticReport, error) {
	snap := s.snapshot(params.TextDocument.URI)
	if snap == nil {
		return &protocol.RelatedFullDocumentDiagnosticReport{FullDocumentDiagnosticReport: protocol.FullDocumentDiagnosticReport{
			Kind: string(protocol.DocumentDiagnosticReportKindFull), Items: []protocol.Diagnostic{},
		}}, nil
	}
	extra := s.daemonDiagnostics(snap)
	id := resultID(snap, extra)
	if snap.partial {
		s.pulledPartial(snap)
	}
	if params.PreviousResultID != nil && *params.PreviousResultID == id {
		return &protocol.RelatedUnchangedDocumentDiagnosticReport{UnchangedDocumentDiagnosticReport: protocol.UnchangedDocumentDiagnosticReport{
			Kind: string(protocol.DocumentDiagnosticReportKindUnchanged), ResultID: id,
		}}, nil
	}
	return &protocol.RelatedFullDocumentDiagnosticReport{FullDocumentDiagnosticReport: protocol.FullDocumentDiagnosticReport{
		Kind: string(protocol.DocumentDiagnosticReportKindFull), ResultID: &id, Items: append(slices.Clone(snap.protocolDiagnostics()), extra...),
	}}, nil
}

// pulledPartial records that the client pulled a snapshot's diagnostics
// while they lacked deferred findings, so that it is asked to pull again
// when they are in; when the document has already moved on, it is asked
// at once.
func (s *Server) pulledPartial(snap *Snapshot) {
	st := s.doc(snap.URI, false)
	if st == nil {
		return
	}
	st.mu.Lock()
	st.refreshDue = true
	moved := st.snap != snap
	st.mu.Unlock()
	if moved {
		s.refreshDiagnostics()
	}
}

// resultSeed seeds the hashes that make result ids: equal for equal
// diagnostics within one process.
var resultSeed = maphash.MakeSeed()

// resultID returns the result id of a snapshot's diagnostics followed by
// extra ones: a hash of their JSON.
func resultID(snap *Snapshot, extra []protocol.Diagnostic) string {
	snap.convert()
	var h maphash.Hash
	h.SetSeed(resultSeed)
	for _, b := range snap.protoJSON {
		h.Write(b)
		h.WriteByte(0)
	}
	for i := range extra {
		if b, err := protocol.Marshal(&extra[i]); err == nil {
			h.Write(b)
			h.WriteByte(0)
		}
	}
	return strconv.FormatUint(h.Sum64(), 36)
}
