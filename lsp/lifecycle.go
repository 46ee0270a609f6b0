package lsp

import (
	"context"
	"encoding/json"
	"slices"
	"sync"
	"time"
	"weak"

	"go.lsp.dev/protocol"

	"github.com/berth-dev/berth/lint"
)

// Initialize negotiates the position encoding, reads the client's
// capabilities and settings and advertises what berth does.
func (s *Server) Initialize(ctx context.Context, params *protocol.InitializeParams) (*protocol.InitializeResult, error) {
	if h := s.testHooks.initializing; h != nil {
		h()
	}
	caps := clientCaps{enc: UTF16}
	c := params.Capabilities
	if c.General != nil && slices.Contains(c.General.PositionEncodings, protocol.PositionEncodingKindUTF8) {
		caps.enc = UTF8
	}
	if td := c.TextDocument; td != nil {
		caps.pullDiagnostics = td.Diagnostic != nil
		if pd := td.PublishDiagnostics; pd != nil && pd.DataSupport != nil {
			caps.diagnosticData = *pd.DataSupport
		}
		if pd := td.PublishDiagnostics; pd != nil && pd.CodeDescriptionSupport != nil {
			caps.codeLinks = *pd.CodeDescriptionSupport
		}
		resolve := false
		if ca := td.CodeAction; ca != nil {
			resolve = slices.Contains(ca.ResolveSupport.Properties, "edit")
		}
		setResolvesEdits(s, resolve)
		if c := td.Completion; c != nil && c.CompletionItem != nil && c.CompletionItem.SnippetSupport != nil {
			caps.snippets = *c.CompletionItem.SnippetSupport
		}
		if ds := td.DocumentSymbol; ds != nil && ds.HierarchicalDocumentSymbolSupport != nil {
			caps.hierarchicalSymbols = *ds.HierarchicalDocumentSymbolSupport
		}
	}
	if w := c.Window; w != nil && w.WorkDoneProgress != nil {
		caps.workDoneProgress = *w.WorkDoneProgress
	}
	var ec editCaps
	watch := false
	if w := c.Workspace; w != nil {
		caps.applyEdit = w.ApplyEdit != nil && *w.ApplyEdit
		caps.refreshDiags = w.Diagnostics != nil && w.Diagnostics.RefreshSupport != nil && *w.Diagnostics.RefreshSupport
		if we := w.WorkspaceEdit; we != nil {
			ec.documentChanges = we.DocumentChanges != nil && *we.DocumentChanges
			ec.create = slices.Contains(we.ResourceOperations, protocol.ResourceOperationKindCreate)
		}
		watch = w.DidChangeWatchedFiles != nil && w.DidChangeWatchedFiles.DynamicRegistration != nil && *w.DidChangeWatchedFiles.DynamicRegistration
	}
	setEditCaps(s, ec)
	setWatches(s, watch)
	if params.Locale != nil {
		caps.locale = *params.Locale
	}
	var roots []string
	if folders, ok := params.WorkspaceFolders.Get(); ok {
		for _, f := range folders {
			if p := uriPath(f.URI); p != "" {
				roots = append(roots, p)
			}
		}
	}
	if len(roots) == 0 && params.RootURI != nil {
		if p := uriPath(*params.RootURI); p != "" {
			roots = append(roots, p)
		}
	}
	if len(roots) == 0 {
		if p, ok := params.RootPath.Get(); ok && p != "" {
			roots = append(roots, p)
		}
	}
	settings, err := parseSettings(params.InitializationOptions)
	if err != nil {
		s.log.Warn("bad initializationOptions", "err", err)
	}
	s.mu.Lock()
	s.caps = caps
	s.roots = roots
	s.mu.Unlock()
	if err := s.applySettings(settings); err != nil {
		s.log.Warn("bad initializationOptions", "err", err)
	}
	s.state.Store(int32(stateInitialized))

	enc := protocol.PositionEncodingKindUTF16
	if caps.enc == UTF8 {
		enc = protocol.PositionEncodingKindUTF8
	}
	incremental := protocol.TextDocumentSyncKindIncremental
	yes := true
	no := false
	result := &protocol.InitializeResult{
		ServerInfo: protocol.ServerInfo{Name: "berth"},
		Capabilities: protocol.ServerCapabilities{
			PositionEncoding: enc,
			TextDocumentSync: &protocol.TextDocumentSyncOptions{
				OpenClose: &yes,
				Change:    &incremental,
				Save:      &protocol.SaveOptions{IncludeText: &no},
			},
			CodeActionProvider: &protocol.CodeActionOptions{
				CodeActionKinds: []protocol.CodeActionKind{protocol.CodeActionKindQuickFix, FixAllKind, BuildKind},
				ResolveProvider: &yes,
			},
			ExecuteCommandProvider: protocol.ExecuteCommandOptions{Commands: s.commandNames()},
		},
	}
	if s.opts.Version != "" {
		result.ServerInfo.Version = protocol.NewOptional(s.opts.Version)
	}
	if caps.pullDiagnostics {
		id := Source
		result.Capabilities.DiagnosticProvider = &protocol.DiagnosticOptions{Identifier: &id}
	}
	s.advertiseFeatures(&result.Capabilities)
	return result, nil
}

// Initialized is the client's acknowledgement. A client that registers
// file watchers dynamically is asked to watch the ignore files and the
// configuration files, so that the build context rules and the
// configuration follow their changes made outside the editor.
func (s *Server) Initialized(ctx context.Context, params *protocol.InitializedParams) error {
	if watches(s) && s.client != nil {
		go s.registerWatchers() // never block the reader on the answer
	}
	return nil
}

// WatchID is the id of the file watchers' registration.
const WatchID = "berth.watchedFiles"

// watchGlobs are the files the server asks the client to watch.
func watchGlobs() []string {
	globs := []string{"**/.dockerignore", "**/*.dockerignore"}
	for _, n := range lint.ConfigNames {
		globs = append(globs, "**/"+n)
	}
	return globs
}

// registerWatchers registers the file watchers (workspace/
// didChangeWatchedFiles) with the client.
func (s *Server) registerWatchers() {
	type watcher struct {
		GlobPattern string `json:"globPattern"`
	}
	var opts struct {
		Watchers []watcher `json:"watchers"`
	}
	for _, g := range watchGlobs() {
		opts.Watchers = append(opts.Watchers, watcher{g})
	}
	raw, err := json.Marshal(opts)
	if err != nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	err = s.client.RegisterCapability(ctx, &protocol.RegistrationParams{Registrations: []protocol.Registration{{
		ID:              WatchID,
		Method:          "workspace/didChangeWatchedFiles",
		RegisterOptions: raw,
	}}})
	if err != nil {
		s.log.Warn("registering file watchers failed", "err", err)
	}
}

// watchClients records, for each server, whether its client registers
// file watchers dynamically.
var watchClients sync.Map // weak.Pointer[Server] -> bool

func setWatches(s *Server, yes bool) { watchClients.Store(weak.Make(s), yes) }

func watches(s *Server) bool {
	v, _ := watchClients.Load(weak.Make(s))
	yes, _ := v.(bool)
	return yes
}

// Shutdown stops the server's work; exit follows. Its answer goes after
// the window messages still being sent (at most shutdownWait): a client
// that stops at the answer has seen every message said before.
func (s *Server) Shutdown(ctx context.Context) error {
	s.state.Store(int32(stateShutdown))
	s.mu.Lock()
	s.shutdown = true
	s.exitCode = 0
	s.mu.Unlock()
	s.sends.Wait(shutdownWait)
	return nil
}

// shutdownWait bounds how long shutdown waits for the window messages
// being sent: a client that stopped reading must not hold it.
const shutdownWait = time.Second

// exitWait bounds how long exit waits for the requests in flight: a
// shutdown sent just before exit, without waiting for its answer, still
// counts.
const exitWait = 500 * time.Millisecond

// Exit ends the connection, and so the process: Serve returns 0 when
// shutdown came first, 1 otherwise.
func (s *Server) Exit(ctx context.Context) error {
	deadline := time.Now().Add(exitWait)
	for time.Now().Before(deadline) {
		s.mu.Lock()
		n := len(s.inflight)
		s.mu.Unlock()
		if n == 0 {
			break
		}
		time.Sleep(time.Millisecond)
	}
	s.stop()
	return nil
}

// DidChangeConfiguration applies new settings and re-lints the open
// documents.
func (s *Server) DidChangeConfiguration(ctx context.Context, params *protocol.DidChangeConfigurationParams) error {
	settings, err := parseSettings(params.Settings)
	if err != nil {
		return err
	}
	if err := s.applySettings(settings); err != nil {
		s.sends.Go(func() { s.showMessage(protocol.MessageTypeWarning, "berth: "+err.Error()) })
	}
	s.relintAll()
	return nil
}

// DidChangeWatchedFiles drops the cached configuration files when one of
// them changes.
func (s *Server) DidChangeWatchedFiles(ctx context.Context, params *protocol.DidChangeWatchedFilesParams) error {
	s.contextChanged(params.Changes)
	for _, ch := range params.Changes {
		if isConfigFile(string(ch.URI)) {
			s.configs.reset()
			s.relintAll()
			return nil
		}
	}
	return nil
}

// applySettings installs settings. Invalid severities are reported and
// the rest applied.
func (s *Server) applySettings(settings Settings) error {
	cfg, err := settings.config()
	if err != nil {
		settings.Severity = nil
		cfg, _ = settings.config()
	}
	s.mu.Lock()
	s.settings = settings
	s.setCfg = cfg
	s.mu.Unlock()
	s.configs.reset()
	return err
}

// configFor returns the configuration for a document at path (possibly
// ""): the configuration file that applies, with the editor's settings
// laid over it.
func (s *Server) configFor(path string) *lint.Config {
	s.mu.Lock()
	setCfg, file, roots := s.setCfg, s.settings.ConfigFile, s.roots
	s.mu.Unlock()
	dir := ""
	switch {
	case path != "":
		dir = dirOf(path)
	case len(roots) > 0:
		dir = roots[0]
	}
	var fileCfg *lint.Config
	if dir != "" || file != "" {
		cfg, err := s.configs.forDir(dir, file, s.opts.Rules)
		if err != nil && s.configs.firstWarning(err) {
			s.warnConfig(err)
		}
		fileCfg = cfg
	}
	return fileCfg.Merge(setCfg)
}

// showMessage shows a message to the user.
func (s *Server) showMessage(typ protocol.MessageType, msg string) {
	if s.client == nil {
		return
	}
	if err := s.client.ShowMessage(context.Background(), &protocol.ShowMessageParams{Type: typ, Message: msg}); err != nil {
		s.log.Warn("showMessage failed", "err", err)
	}
}

// noteShellCheckOff is what the server says, once, when a document has
// RUN scripts, ShellCheck is not turned off and the shellcheck program is
// not on PATH: the words of berth lint's note, with the editor's setting.
const noteShellCheckOff = "shellcheck is not on PATH, so ShellCheck's checks of RUN scripts (SC codes) are off: install it (apt-get install shellcheck) to turn them on, or set the shellcheck setting to false to silence this"

// notesShown records the notes each server has given (noteKey -> true).
var notesShown sync.Map

type noteKey struct {
	server  weak.Pointer[Server]
	program string
}

// noteMissing tells the user, once per program and server, in the log
// (window/logMessage) and in a message (window/showMessage, Info), that
// the checks that need a program that is not installed are off, and how
// to turn them on. It never blocks.
func (s *Server) noteMissing(programs []string) {
	for _, p := range programs {
		if p != "shellcheck" {
			continue // no other program is needed
		}
		if _, shown := notesShown.LoadOrStore(noteKey{weak.Make(s), p}, true); shown || s.client == nil {
			continue
		}
		msg := "berth: " + s.text(noteShellCheckOff)
		s.log.Info(noteShellCheckOff)
		s.sends.Go(func() {
			if err := s.client.LogMessage(context.Background(), &protocol.LogMessageParams{Type: protocol.MessageTypeInfo, Message: msg}); err != nil {
				s.log.Warn("logMessage failed", "err", err)
			}
			s.showMessage(protocol.MessageTypeInfo, msg)
		})
	}
}
