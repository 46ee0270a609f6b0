package lsp

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
)

// A Command is a workspace/executeCommand command. Long commands (the
// daemon's build, pull and pin) set Progress: they then run with a
// work-done progress the user sees and can cancel, which cancels ctx.
type Command struct {
	// Name is the command's identifier, "berth.something".
	Name string
	// Title says what it does.
	Title string
	// Progress, when not empty, is the title of the progress shown while
	// the command runs.
	Progress string
	// Run does the work. args are the command's arguments as JSON; p is
	// nil unless Progress is set.
	Run func(ctx context.Context, s *Server, args []json.RawMessage, p *Progress) (any, error)
}

// builtinCommands lists the commands every server has.
func builtinCommands() []*Command {
	return []*Command{
		{
			Name:  "berth.applyFixes",
			Title: "Apply all safe fixes",
			Run:   runApplyFixes,
		},
		{
			Name:     "berth.build",
			Title:    "Build the image (or a stage) with the Docker daemon",
			Progress: "docker build",
			Run:      runBuild,
		},
		{
			Name:     "berth.pull",
			Title:    "Pull a base image",
			Progress: "docker pull",
			Run:      runPull,
		},
		{
			Name:     "berth.pin",
			Title:    "Pin base images to their digests",
			Progress: "Pinning base images",
			Run:      runPin,
		},
	}
}

// commandNames returns the names of the registered commands, sorted.
func (s *Server) commandNames() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	names := make([]string, 0, len(s.commands))
	for n := range s.commands {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// RegisterCommand adds a command; call it before serving.
func (s *Server) RegisterCommand(c *Command) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.commands[c.Name] = c
}

// ExecuteCommand runs a registered command.
func (s *Server) ExecuteCommand(ctx context.Context, params *protocol.ExecuteCommandParams) (protocol.LSPAny, error) {
	s.mu.Lock()
	c := s.commands[params.Command]
	s.mu.Unlock()
	if c == nil {
		return nil, jsonrpc2.Errorf(jsonrpc2.InvalidParams, "berth: unknown command %q", params.Command)
	}
	args := make([]json.RawMessage, len(params.Arguments))
	for i, a := range params.Arguments {
		args[i] = json.RawMessage(a)
	}
	var p *Progress
	if c.Progress != "" {
		var cancel context.CancelFunc
		ctx, cancel = context.WithCancel(ctx)
		defer cancel()
		p = s.beginProgress(ctx, params.WorkDoneToken, c.Progress, cancel)
		defer p.End("")
	}
	res, err := c.Run(ctx, s, args, p)
	if err != nil {
		p.End("Failed")
		return nil, err
	}
	if res == nil {
		return nil, nil
	}
	b, err := json.Marshal(res)
	if err != nil {
		return nil, err
	}
	return protocol.LSPAny(b), nil
}

// fileArg is the usual argument of berth's commands.
type fileArg struct {
	URI    uri.URI `json:"uri"`
	Unsafe bool    `json:"unsafe,omitempty"`
}

// runApplyFixes applies every safe fix of a document through
// workspace/applyEdit. Its argument is {"uri": "..."}.
func runApplyFixes(ctx context.Context, s *Server, args []json.RawMessage, _ *Progress) (any, error) {
	if len(args) != 1 {
		return nil, jsonrpc2.NewError(jsonrpc2.InvalidParams, `berth.applyFixes: want one argument, {"uri": "file:///..."}`)
	}
	var a fileArg
	if err := json.Unmarshal(args[0], &a); err != nil {
		return nil, jsonrpc2.Errorf(jsonrpc2.InvalidParams, "berth.applyFixes: %v", err)
	}
	snap := s.snapshot(a.URI)
	if snap == nil {
		return nil, jsonrpc2.Errorf(jsonrpc2.InvalidParams, "berth.applyFixes: %s is not open", a.URI)
	}
	edits := fixAllEdits(snap)
	if len(edits) == 0 {
		return nil, nil
	}
	label := "Apply all safe berth fixes"
	res, err := s.client.ApplyEdit(ctx, &protocol.ApplyWorkspaceEditParams{Label: &label, Edit: *workspaceEdit(snap.URI, edits)})
	if err != nil {
		return nil, err
	}
	if res != nil && !res.Applied {
		reason := ""
		if res.FailureReason != nil {
			reason = ": " + *res.FailureReason
		}
		return nil, fmt.Errorf("the editor did not apply the fixes%s", reason)
	}
	return nil, nil
}

// Progress reports the progress of a long command with $/progress. The
// zero of its methods' work happens when the client does not support
// progress. Cancelling it from the editor cancels the command's context.
type Progress struct {
	s      *Server
	token  protocol.ProgressToken
	key    string
	active bool
	ended  bool
}

// beginProgress starts a progress: with the client's token when the
// request carried one, else with one the server creates
// (window/workDoneProgress/create) when the client supports it.
func (s *Server) beginProgress(ctx context.Context, clientToken protocol.ProgressToken, title string, cancel context.CancelFunc) *Progress {
	p := &Progress{s: s}
	s.mu.Lock()
	supported := s.caps.workDoneProgress
	s.mu.Unlock()
	switch {
	case clientToken != nil:
		p.token = clientToken
	case supported:
		tok := protocol.String("berth/" + strconv.FormatUint(s.seq.Add(1), 10))
		cctx, stop := context.WithTimeout(ctx, 5*time.Second)
		err := s.client.WorkDoneProgressCreate(cctx, &protocol.WorkDoneProgressCreateParams{Token: tok})
		stop()
		if err != nil {
			s.log.Warn("workDoneProgress/create failed", "err", err)
			return p
		}
		p.token = tok
	default:
		return p
	}
	p.key = tokenKey(p.token)
	p.active = true
	s.mu.Lock()
	s.progress[p.key] = cancel
	s.mu.Unlock()
	yes := true
	p.send(&protocol.WorkDoneProgressBegin{Kind: "begin", Title: s.text(title), Cancellable: &yes})
	return p
}

// Report updates the progress message and percentage (0-100; negative
// for none).
func (p *Progress) Report(msg string, percent int) {
	if p == nil || !p.active || p.ended {
		return
	}
	msg = p.s.text(msg)
	r := &protocol.WorkDoneProgressReport{Kind: "report"}
	if msg != "" {
		r.Message = &msg
	}
	if percent >= 0 {
		pc := uint32(min(percent, 100))
		r.Percentage = &pc
	}
	p.send(r)
}

// End ends the progress; later calls do nothing.
func (p *Progress) End(msg string) {
	if p == nil || !p.active || p.ended {
		return
	}
	p.ended = true
	msg = p.s.text(msg)
	e := &protocol.WorkDoneProgressEnd{Kind: "end"}
	if msg != "" {
		e.Message = &msg
	}
	p.send(e)
	p.s.mu.Lock()
	delete(p.s.progress, p.key)
	p.s.mu.Unlock()
}

func (p *Progress) send(v any) {
	b, err := protocol.Marshal(v)
	if err != nil {
		return
	}
	if err := p.s.client.Progress(context.Background(), &protocol.ProgressParams{Token: p.token, Value: protocol.LSPAny(b)}); err != nil {
		p.s.log.Warn("$/progress failed", "err", err)
	}
}

// WorkDoneProgressCancel cancels the command behind a progress.
func (s *Server) WorkDoneProgressCancel(ctx context.Context, params *protocol.WorkDoneProgressCancelParams) error {
	key := tokenKey(params.Token)
	s.mu.Lock()
	cancel := s.progress[key]
	s.mu.Unlock()
	if cancel != nil {
		cancel()
	}
	return nil
}

func tokenKey(t protocol.ProgressToken) string {
	switch t := t.(type) {
	case protocol.String:
		return "s:" + string(t)
	case protocol.Integer:
		return "n:" + strconv.Itoa(int(t))
	}
	return fmt.Sprint(t)
}
