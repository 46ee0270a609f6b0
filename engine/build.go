package engine

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// Builder names, as BuildOptions.Builder and BuildResult.Builder spell
// them.
const (
	BuilderBuildKit = "buildkit"
	BuilderClassic  = "classic"
)

// maxStepLogs is how much of a step's output a BuildStep keeps.
const maxStepLogs = 4 << 10

// Build builds opts on the daemon: with BuildKit through a session, as
// docker build does, or with the classic builder when opts.Builder is
// "classic" or the daemon has no BuildKit. progress, when not nil, is
// called (from Build's goroutine) with every step change and every line
// of text. A failed step returns a *BuildError; when ctx is cancelled the
// build is stopped on the daemon and Build returns ctx.Err().
func (c *Client) Build(ctx context.Context, opts BuildOptions, progress func(BuildEvent)) (*BuildResult, error) {
	if progress == nil {
		progress = func(BuildEvent) {}
	}
	switch opts.Builder {
	case "", BuilderBuildKit, BuilderClassic:
	default:
		return nil, fmt.Errorf("build: unknown builder %q (want %q or %q)", opts.Builder, BuilderBuildKit, BuilderClassic)
	}
	bc, err := newBuildContext(opts)
	if err != nil {
		return nil, err
	}
	start := time.Now()
	var res *BuildResult
	if opts.Builder == BuilderClassic {
		res, err = c.buildClassic(ctx, opts, bc, progress)
	} else {
		useKit := opts.Builder == BuilderBuildKit
		if !useKit {
			if useKit, err = c.hasBuildKit(ctx); err != nil {
				return nil, err
			}
		}
		if useKit {
			res, err = c.buildKit(ctx, opts, bc, progress, opts.Builder == "")
			if errors.Is(err, errNoBuildKit) {
				res, err = c.buildClassic(ctx, opts, bc, progress)
			}
		} else {
			res, err = c.buildClassic(ctx, opts, bc, progress)
		}
	}
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, err
	}
	res.Duration = time.Since(start)
	res.Tags = append([]string(nil), opts.Tags...)
	return res, nil
}

// errNoBuildKit says the daemon refused a BuildKit session.
var errNoBuildKit = errors.New("the daemon has no BuildKit")

// hasBuildKit reports whether the daemon offers BuildKit, as Ping
// tells (Builder-Version 2, or a Docker daemon on Linux with API 1.39 or
// later; Podman's service never). A daemon that refuses the session
// anyway sends the build to the classic builder.
func (c *Client) hasBuildKit(ctx context.Context) (bool, error) {
	info, err := c.Ping(ctx)
	if err != nil {
		return false, fmt.Errorf("build: %w", err)
	}
	return info.BuildKit, nil
}

// jsonMessage is one message of the daemon's build response.
type jsonMessage struct {
	Stream      string    `json:"stream,omitempty"`
	Status      string    `json:"status,omitempty"`
	ID          string    `json:"id,omitempty"`
	ErrorMsg    string    `json:"error,omitempty"`
	ErrorDetail *struct { //
		Code    int    `json:"code,omitempty"`
		Message string `json:"message,omitempty"`
	} `json:"errorDetail,omitempty"`
	Aux json.RawMessage `json:"aux,omitempty"`
}

// errText is the message's error, "" for none.
func (m *jsonMessage) errText() string {
	if m.ErrorDetail != nil && m.ErrorDetail.Message != "" {
		return strings.TrimSpace(m.ErrorDetail.Message)
	}
	return strings.TrimSpace(m.ErrorMsg)
}

// decodeMessages calls fn for each JSON message of body until it ends.
// A body that breaks off (a lost connection) is an error.
func decodeMessages(body io.Reader, fn func(*jsonMessage) error) error {
	dec := json.NewDecoder(body)
	for {
		var m jsonMessage
		if err := dec.Decode(&m); err != nil {
			if err == io.EOF {
				return nil
			}
			return fmt.Errorf("reading the build's progress: %w", err)
		}
		if err := fn(&m); err != nil {
			return err
		}
	}
}

// watchCancel runs stop once when ctx is done before the returned
// function is called; that function returns once stop, if started, has
// returned.
func watchCancel(ctx context.Context, stop func()) (done func()) {
	ch, finished := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(finished)
		select {
		case <-ctx.Done():
			stop()
		case <-ch:
		}
	}()
	return func() {
		close(ch)
		<-finished
	}
}

// parseVertexName splits a BuildKit vertex name ("[stage-0 4/4] RUN
// make", "[linux/amd64 build 2/3] COPY . .", "[2/3] RUN x") into its
// parts. Names without a step prefix ("[internal] load build context")
// leave Stage, Index and Total empty and Instruction the whole name.
func parseVertexName(s *BuildStep, name string) {
	s.Name = name
	s.Instruction, s.Stage, s.Index, s.Total = name, "", 0, 0
	if !strings.HasPrefix(name, "[") {
		return
	}
	end := strings.Index(name, "] ")
	if end < 0 {
		return
	}
	fields := strings.Fields(name[1:end])
	if len(fields) == 0 {
		return
	}
	idx, tot, ok := parseFraction(fields[len(fields)-1])
	if !ok {
		return
	}
	stage := ""
	for _, f := range fields[:len(fields)-1] {
		if !strings.Contains(f, "/") { // platforms have slashes, stage names none
			stage = f
		}
	}
	s.Stage, s.Index, s.Total = stage, idx, tot
	s.Instruction = strings.TrimSpace(name[end+2:])
}

// parseFraction parses "4/7".
func parseFraction(s string) (int, int, bool) {
	a, b, ok := strings.Cut(s, "/")
	if !ok {
		return 0, 0, false
	}
	i, err1 := strconv.Atoi(a)
	n, err2 := strconv.Atoi(b)
	if err1 != nil || err2 != nil || i < 0 || n < 0 {
		return 0, 0, false
	}
	return i, n, true
}

// tailLogs appends dt to logs and keeps the last maxStepLogs bytes,
// starting at a line when it can.
func tailLogs(logs string, dt []byte) string {
	logs += string(dt)
	if len(logs) <= maxStepLogs {
		return logs
	}
	logs = logs[len(logs)-maxStepLogs:]
	if i := strings.IndexByte(logs, '\n'); i >= 0 && i < len(logs)-1 {
		logs = logs[i+1:]
	}
	return logs
}

// lines calls fn for each non-empty line of text.
func lines(text string, fn func(string)) {
	for l := range strings.SplitSeq(text, "\n") {
		if l = strings.TrimRight(l, "\r"); strings.TrimSpace(l) != "" {
			fn(l)
		}
	}
}
