package lsp

import (
	"context"
	"io"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/berth-dev/berth/lint"
)

// Options configure a Server.
type Options struct {
	// Rules are the rules to run (rules.All() in the berth binary): the
	// server knows no rule by name.
	Rules []*lint.Rule
	// Version is reported to the client in serverInfo.
	Version string
	// Log receives the server's log; nil discards it.
	Log *slog.Logger
	// MaxMessageSize is the largest message, in bytes, the server reads
	// (DefaultMaxMessageSize when 0): a bigger one is answered with an
	// error and skipped.
	MaxMessageSize int
}

// state is where a server is in the protocol's lifecycle.
type state int32

const (
	stateNew state = iota
	stateInitialized
	stateShutdown
)

// Server is berth's language server: a thin adapter between the protocol
// and package lint. Each Server serves one connection.
type Server struct {
	protocol.UnimplementedServer

	opts  Options
	log   *slog.Logger
	rules map[string]*lint.Rule // by code

	conn   jsonrpc2.Conn
	client protocol.Client
	// frames is the connection's stream when it is berth's own, which
	// writes publications built whole (see publication); nil: they go
	// through conn.
	frames *framingStream
	// dispatch decodes a request and calls the matching method of the
	// Server.
	dispatch jsonrpc2.Handler

	state atomic.Int32
	seq   atomic.Uint64 // snapshot sequence numbers
	done  chan struct{} // closed on exit or when the connection ends
	once  sync.Once

	mu        sync.Mutex
	caps      clientCaps
	settings  Settings
	setCfg    *lint.Config // settings as a configuration
	roots     []string     // workspace folders, as paths
	docs      map[uri.URI]*docState
	closing   []uri.URI // closed documents whose record is still in docs
	inflight  map[jsonrpc2.ID]context.CancelFunc
	progress  map[string]context.CancelFunc
	commands  map[string]*Command
	exitCode  int
	shutdown  bool
	configs   configs
	testHooks testHooks
	daemon    *daemon
	sends     sendGroup // window messages being sent
}

// clientCaps are the client capabilities the server acts on.
type clientCaps struct {
	enc              Encoding
	pullDiagnostics  bool
	workDoneProgress bool
	applyEdit        bool
	diagnosticData   bool
	// codeLinks: the client shows a diagnostic's codeDescription (the
	// rule's page), publishDiagnostics.codeDescriptionSupport.
	codeLinks           bool
	locale              string
	refreshDiags        bool
	snippets            bool
	hierarchicalSymbols bool
}

// testHooks let tests reach into the server.
type testHooks struct {
	// beforeLint runs before each snapshot is linted.
	beforeLint func(*Snapshot)
	// initializing runs when initialize starts.
	initializing func()
}

// NewServer returns a server for one connection.
func NewServer(opts Options) *Server {
	s := &Server{
		opts:     opts,
		log:      opts.Log,
		rules:    map[string]*lint.Rule{},
		done:     make(chan struct{}),
		docs:     map[uri.URI]*docState{},
		inflight: map[jsonrpc2.ID]context.CancelFunc{},
		progress: map[string]context.CancelFunc{},
		commands: map[string]*Command{},
		exitCode: 1,
		daemon:   newDaemon(),
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	for _, r := range opts.Rules {
		s.rules[r.Code] = r
	}
	for _, c := range builtinCommands() {
		s.commands[c.Name] = c
	}
	s.setCfg = &lint.Config{}
	s.dispatch = protocol.ServerHandler(s, nil)
	return s
}

// Serve serves the protocol over rwc (stdin and stdout, or a socket) with
// LSP header framing until the client sends exit, the connection ends or
// ctx is done. It returns the exit code the process should end with: 0
// when shutdown came before exit, 1 otherwise. Malformed messages are
// skipped (the reader finds the next header), and no message may be
// larger than Options.MaxMessageSize.
func (s *Server) Serve(ctx context.Context, rwc io.ReadWriteCloser) int {
	return s.ServeStream(ctx, newFramingStream(rwc, s.opts.MaxMessageSize, s.log))
}

// closeWait is how long the server waits, after exit, for the connection
// to wind down: a read blocked on stdin cannot be interrupted, and the
// process must end anyway.
const closeWait = 250 * time.Millisecond

// ServeStream is Serve over a message stream.
func (s *Server) ServeStream(ctx context.Context, stream jsonrpc2.Stream) int {
	conn := jsonrpc2.NewConn(&tolerantStream{Stream: stream, log: s.log, direct: s.directDidChange}, jsonrpc2.WithCodec(codec{}))
	s.conn = conn
	s.frames, _ = stream.(*framingStream)
	s.client = protocol.ClientDispatcher(conn)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	conn.Go(ctx, s.handle)
	select {
	case <-conn.Done():
	case <-s.done:
	case <-ctx.Done():
	}
	s.stop()
	s.mu.Lock()
	for _, c := range s.inflight {
		c()
	}
	for _, c := range s.progress {
		c()
	}
	s.mu.Unlock()
	// Closing the connection waits for its reader, which may be blocked in
	// a read that closing the stream does not interrupt (stdin is a
	// blocking descriptor): wait a little, then give up on it.
	closed := make(chan struct{})
	go func() {
		defer close(closed)
		conn.Close()
	}()
	select {
	case <-closed:
		if err := conn.Err(); err != nil {
			s.log.Warn("connection ended", "err", err)
		}
	case <-time.After(closeWait):
		if err := stream.Close(); err != nil {
			s.log.Debug("closing the stream", "err", err)
		}
		s.log.Debug("the connection's reader is still blocked; leaving it")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.exitCode
}

// stop marks the server done: workers stop and no more diagnostics go
// out.
func (s *Server) stop() { s.once.Do(func() { close(s.done) }) }

// codec marshals payloads with the protocol package's union-aware codec.
type codec struct{}

func (codec) Marshal(v any) ([]byte, error) {
	switch m := v.(type) {
	case jsonrpc2.RawMessage:
		if m == nil {
			return []byte("null"), nil
		}
		return m, nil
	case nil:
		return []byte("null"), nil
	}
	return protocol.Marshal(v)
}

// Unmarshal decodes a private copy of data: the stream reads the next
// message into the same buffer, and the protocol package's decoders may
// keep strings that point into what they decode (a slice of union values,
// such as a []CommandOrCodeAction answer, is decoded in place).
func (codec) Unmarshal(data []byte, v any) error {
	data = slices.Clone(data)
	if p, ok := v.(*jsonrpc2.RawMessage); ok {
		*p = data
		return nil
	}
	return protocol.Unmarshal(data, v)
}

// path returns the file path of a file URI, or "" for other schemes.
func uriPath(u uri.URI) string {
	if !strings.HasPrefix(string(u), "file:") {
		return ""
	}
	return u.FsPath()
}
