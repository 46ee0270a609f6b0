package engine

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"github.com/moby/moby/api/types/build"
)

// errTarUnread ends the context tar's writer once the build is over.
var errTarUnread = errors.New("the daemon stopped reading the build context")

// buildClassic runs the build with the classic builder: the context goes
// as a tar, and the daemon's text output becomes events.
func (c *Client) buildClassic(ctx context.Context, opts BuildOptions, bc *buildContext, progress func(BuildEvent)) (*BuildResult, error) {
	plan, err := bc.plan()
	if err != nil {
		return nil, err
	}
	bo, err := apiBuildOptions(opts)
	if err != nil {
		return nil, err
	}
	bo.Version = build.BuilderV1
	bo.Dockerfile = plan.dockerfile

	pr, pw := io.Pipe()
	tarDone := make(chan error, 1)
	go func() {
		err := bc.writeTar(pw, plan)
		pw.CloseWithError(err) // nil: io.EOF for the reader
		tarDone <- err
	}()
	// tarErr stops the writer and returns its error, if it failed on
	// its own (an unreadable file): that is the build's real cause.
	tarErr := func() error {
		pr.CloseWithError(errTarUnread)
		if err := <-tarDone; err != nil && !errors.Is(err, errTarUnread) && !errors.Is(err, io.ErrClosedPipe) {
			return err
		}
		return nil
	}

	resp, err := c.api.ImageBuild(ctx, pr, bo)
	if err != nil {
		if terr := tarErr(); terr != nil {
			return nil, terr
		}
		return nil, fmt.Errorf("build: %w", err)
	}
	defer resp.Body.Close()

	cl := &classicState{progress: progress}
	err = decodeMessages(resp.Body, cl.message)
	cl.flush()
	terr := tarErr()
	switch {
	case ctx.Err() != nil:
		return nil, ctx.Err()
	case terr != nil:
		return nil, terr
	case err != nil:
		return nil, fmt.Errorf("build: %w", err)
	case cl.errMsg != "":
		step := BuildStep{}
		if cl.cur != nil {
			cl.cur.Error, cl.cur.Done = cl.errMsg, true
			step = *cl.cur
			cp := step
			progress(BuildEvent{Step: &cp})
		}
		return nil, &BuildError{Step: step, Msg: cl.errMsg}
	case cl.imageID == "":
		return nil, errors.New("build: the daemon ended the build without an image")
	}
	cl.finishStep()
	res := &BuildResult{ImageID: cl.imageID, Steps: len(cl.steps), Builder: BuilderClassic}
	for _, s := range cl.steps {
		if s.Cached {
			res.Cached++
		}
	}
	return res, nil
}

// stepLine matches the classic builder's "Step 4/7 : RUN make" and
// Podman's "STEP 4/7: RUN make".
var stepLine = regexp.MustCompile(`^(?i:step) (\d+)/(\d+) ?: ?(.*)$`)

// classicState follows a classic build's output.
type classicState struct {
	progress func(BuildEvent)
	partial  string // text after the last newline
	steps    []*BuildStep
	cur      *BuildStep
	pulled   bool // the current step pulled an image
	imageID  string
	errMsg   string
}

// message applies one message of the response.
func (cl *classicState) message(m *jsonMessage) error {
	if t := m.errText(); t != "" {
		cl.flush()
		cl.errMsg = t
		return nil
	}
	if m.Aux != nil {
		var r build.Result
		if json.Unmarshal(m.Aux, &r) == nil && r.ID != "" {
			cl.imageID = r.ID
		}
		return nil
	}
	if m.Status != "" { // a pull's progress
		cl.pulled = true
		line := m.Status
		if m.ID != "" {
			line = m.ID + ": " + line
		}
		cl.progress(BuildEvent{Message: line})
		return nil
	}
	if m.Stream == "" {
		return nil
	}
	text := cl.partial + m.Stream
	i := strings.LastIndexByte(text, '\n')
	cl.partial = text[i+1:]
	for l := range strings.SplitSeq(text[:i+1], "\n") {
		cl.line(strings.TrimRight(l, "\r"))
	}
	return nil
}

// flush handles the text after the last newline.
func (cl *classicState) flush() {
	if cl.partial != "" {
		cl.line(cl.partial)
		cl.partial = ""
	}
}

// ansiEscape matches the terminal colour codes the classic builder wraps
// a command's stderr in.
var ansiEscape = regexp.MustCompile(`\x1b\[[0-9;]*[A-Za-z]`)

// line handles one line of output.
func (cl *classicState) line(l string) {
	l = ansiEscape.ReplaceAllString(l, "")
	if strings.TrimSpace(l) == "" {
		return
	}
	cl.progress(BuildEvent{Message: l})
	if m := stepLine.FindStringSubmatch(l); m != nil {
		cl.finishStep()
		idx, _ := strconv.Atoi(m[1])
		tot, _ := strconv.Atoi(m[2])
		cl.cur = &BuildStep{Name: l, Index: idx, Total: tot, Instruction: strings.TrimSpace(m[3]), Started: true}
		cl.steps = append(cl.steps, cl.cur)
		cl.pulled = false
		cl.emit()
		return
	}
	t := strings.TrimSpace(l)
	switch {
	case strings.HasPrefix(t, "---> Using cache"), strings.HasPrefix(t, "--> Using cache"):
		if cl.cur != nil && !cl.cur.Cached {
			cl.cur.Cached = true
			cl.emit()
		}
		return
	case strings.HasPrefix(t, "Successfully built "):
		if cl.imageID == "" {
			cl.imageID = strings.TrimSpace(strings.TrimPrefix(t, "Successfully built "))
		}
		return
	case strings.HasPrefix(t, "---> "), strings.HasPrefix(t, "--> "),
		strings.HasPrefix(t, "Removing intermediate container "),
		strings.HasPrefix(t, "Successfully tagged "):
		return
	}
	if cl.cur != nil {
		cl.cur.Logs = tailLogs(cl.cur.Logs, []byte(l+"\n"))
	}
}

// finishStep marks the current step done. A FROM step that pulled
// nothing counts as cached: the image store answered it.
func (cl *classicState) finishStep() {
	if cl.cur == nil || cl.cur.Done {
		return
	}
	cl.cur.Done = true
	if !cl.pulled && strings.HasPrefix(strings.ToUpper(cl.cur.Instruction), "FROM ") {
		cl.cur.Cached = true
	}
	cl.emit()
}

// emit reports the current step.
func (cl *classicState) emit() {
	cp := *cl.cur
	cl.progress(BuildEvent{Step: &cp})
}
