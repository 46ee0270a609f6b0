package lsp

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/berth-dev/berth/engine"
	"github.com/berth-dev/berth/internal/testdaemon"
)

// wireMsg is one JSON-RPC message as read from the server.
type wireMsg struct {
	ID     json.RawMessage `json:"id,omitempty"`
	Method string          `json:"method,omitempty"`
	Params json.RawMessage `json:"params,omitempty"`
	Result json.RawMessage `json:"result,omitempty"`
	Error  json.RawMessage `json:"error,omitempty"`
}

// stdioClient talks to "berth lsp" over its stdin and stdout as an editor
// does: it answers the server's requests and hands everything else to the
// test in order.
type stdioClient struct {
	t      *testing.T
	mu     sync.Mutex // guards writes to in
	in     io.WriteCloser
	msgs   chan wireMsg
	errc   chan error
	errs   *lockedWriter // the server's stderr
	exited chan error    // the server's exit status, once
	nextI  int
}

func startStdio(t *testing.T, ctx context.Context, bin, dir string) *stdioClient {
	cmd := exec.CommandContext(ctx, bin, "lsp")
	cmd.Dir = dir
	cmd.WaitDelay = 5 * time.Second
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	c := &stdioClient{t: t, in: in, msgs: make(chan wireMsg, 1024), errc: make(chan error, 1), errs: &lockedWriter{}, exited: make(chan error, 1)}
	cmd.Stderr = c.errs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go c.read(bufio.NewReader(out))
	go func() { c.exited <- cmd.Wait() }()
	return c
}

// lockedWriter lets the test read the server's stderr while it writes.
type lockedWriter struct {
	mu sync.Mutex
	w  strings.Builder
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

func (l *lockedWriter) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.String()
}

func (c *stdioClient) read(r *bufio.Reader) {
	for {
		body, err := readTestFrame(r)
		if err != nil {
			c.errc <- err
			close(c.msgs)
			return
		}
		var m wireMsg
		if err := json.Unmarshal(body, &m); err != nil {
			c.errc <- fmt.Errorf("bad message %s: %v", body, err)
			close(c.msgs)
			return
		}
		if m.Method != "" && len(m.ID) > 0 {
			// A request of the server's: progress creation, edits,
			// configuration. Answer as an editor that accepts.
			var result any
			switch m.Method {
			case "workspace/applyEdit":
				result = map[string]any{"applied": true}
			case "workspace/configuration":
				result = []any{nil}
			}
			c.send(map[string]any{"jsonrpc": "2.0", "id": m.ID, "result": result})
		}
		c.msgs <- m
	}
}

func (c *stdioClient) send(v any) {
	b, err := json.Marshal(v)
	if err != nil {
		c.t.Fatal(err)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	fmt.Fprintf(c.in, "Content-Length: %d\r\n\r\n%s", len(b), b)
}

func (c *stdioClient) notify(method string, params any) {
	c.send(map[string]any{"jsonrpc": "2.0", "method": method, "params": params})
}

// request sends a request and returns its id.
func (c *stdioClient) request(method string, params any) string {
	c.nextI++
	c.send(map[string]any{"jsonrpc": "2.0", "id": c.nextI, "method": method, "params": params})
	return strconv.Itoa(c.nextI)
}

// until returns the messages read up to and including the first one that
// satisfies ok, failing the test after d.
func (c *stdioClient) until(d time.Duration, what string, ok func(wireMsg) bool) []wireMsg {
	c.t.Helper()
	timer := time.NewTimer(d)
	defer timer.Stop()
	var seen []wireMsg
	for {
		select {
		case m, open := <-c.msgs:
			if !open {
				c.t.Fatalf("the server closed its output while waiting for %s: %v\nstderr: %s", what, <-c.errc, c.errs.String())
			}
			seen = append(seen, m)
			if ok(m) {
				return seen
			}
		case <-timer.C:
			c.t.Fatalf("no %s within %v; read %d messages\nstderr: %s", what, d, len(seen), c.errs.String())
		}
	}
}

func responseTo(id string) func(wireMsg) bool {
	return func(m wireMsg) bool { return m.Method == "" && string(m.ID) == id }
}

// progressOf returns the $/progress values sent for token, in order.
func progressOf(msgs []wireMsg, token string) []map[string]any {
	var out []map[string]any
	for _, m := range msgs {
		if m.Method != "$/progress" {
			continue
		}
		var p struct {
			Token any            `json:"token"`
			Value map[string]any `json:"value"`
		}
		if json.Unmarshal(m.Params, &p) == nil && fmt.Sprint(p.Token) == token {
			out = append(out, p.Value)
		}
	}
	return out
}

// checkProgress checks a work-done progress: one begin (with its title,
// cancellable), reports, one end, in that order; it returns the reports'
// messages and the end's.
func checkProgress(t *testing.T, name string, values []map[string]any, title string) ([]string, string) {
	t.Helper()
	var kinds, reports []string
	var end string
	for _, v := range values {
		kind, _ := v["kind"].(string)
		kinds = append(kinds, kind)
		switch kind {
		case "begin":
			if v["title"] != title || v["cancellable"] != true {
				t.Errorf("%s: begin %v, want title %q, cancellable", name, v, title)
			}
		case "report":
			if msg, ok := v["message"].(string); ok {
				reports = append(reports, msg)
			}
			if pc, ok := v["percentage"].(float64); ok && (pc < 0 || pc > 100) {
				t.Errorf("%s: report %v: percentage out of 0-100", name, v)
			}
		case "end":
			end, _ = v["message"].(string)
		}
	}
	seq := strings.Join(kinds, ",")
	if len(kinds) < 3 || kinds[0] != "begin" || kinds[len(kinds)-1] != "end" ||
		strings.Count(seq, "begin") != 1 || strings.Count(seq, "end") != 1 {
		t.Errorf("%s: progress %s, want begin, reports, end", name, seq)
	}
	return reports, end
}

// TestBinaryDaemon runs berth.pull and berth.build (with BuildKit and
// the classic builder) through the built "berth lsp" over stdio against
// the test daemon, with the editor's work-done tokens, and checks the
// progress each sends (begin, reports with each step, end) and the
// results (the image ID the daemon has under the tag).
func TestBinaryDaemon(t *testing.T) {
	host := testdaemon.Docker(t)
	bin := berthBinary(t)
	image := testdaemon.FreshImage(t, host, "berth-binary-daemon")
	dir := t.TempDir()
	text := "FROM " + image + "\nCOPY hello.txt /hello.txt\nRUN grep -q hello /hello.txt\n"
	file := filepath.Join(dir, "Dockerfile")
	if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "hello.txt"), []byte("hello\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	c := startStdio(t, ctx, bin, dir)
	defer func() {
		cancel() // kills the server if the test ended early
		<-c.exited
	}()

	id := c.request("initialize", map[string]any{
		"processId": os.Getpid(),
		"rootUri":   "file://" + dir,
		"capabilities": map[string]any{
			"window": map[string]any{"workDoneProgress": true},
		},
		"initializationOptions": map[string]any{
			"docker": map[string]any{"host": host},
			"build":  map[string]any{"network": "none"},
		},
	})
	msgs := c.until(30*time.Second, "the initialize answer", responseTo(id))
	if r := msgs[len(msgs)-1]; !strings.Contains(string(r.Result), "berth.build") || !strings.Contains(string(r.Result), "berth.pull") {
		t.Fatalf("initialize result lacks the daemon's commands: %s %s", r.Result, r.Error)
	}
	c.notify("initialized", map[string]any{})
	u := "file://" + file
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": u, "languageId": "dockerfile", "version": 1, "text": text}})
	c.until(30*time.Second, "diagnostics", func(m wireMsg) bool { return m.Method == "textDocument/publishDiagnostics" })

	// Pull.
	start := time.Now()
	id = c.request("workspace/executeCommand", map[string]any{
		"command": "berth.pull", "workDoneToken": "pull-1",
		"arguments": []any{map[string]any{"uri": u, "image": image}},
	})
	msgs = c.until(2*time.Minute, "the pull's answer", responseTo(id))
	resp := msgs[len(msgs)-1]
	t.Logf("pull answered in %v: %s %s", time.Since(start).Round(time.Millisecond), resp.Result, resp.Error)
	if len(resp.Error) > 0 {
		t.Fatalf("pull: %s", resp.Error)
	}
	var pulled struct {
		Image       string   `json:"image"`
		ID          string   `json:"id"`
		RepoDigests []string `json:"repoDigests"`
	}
	if err := json.Unmarshal(resp.Result, &pulled); err != nil || pulled.Image != image || !strings.HasPrefix(pulled.ID, "sha256:") || len(pulled.RepoDigests) == 0 {
		t.Errorf("pull result %s (%v)", resp.Result, err)
	}
	reports, end := checkProgress(t, "pull", progressOf(msgs, "pull-1"), "docker pull")
	t.Logf("pull reports: %q; end: %q", reports, end)
	if len(reports) == 0 || !strings.Contains(reports[0], "Pulling "+image) {
		t.Errorf("pull reports %q, want the first to say Pulling %s", reports, image)
	}
	if !strings.HasPrefix(end, "Pulled "+image) || !strings.Contains(end, "sha256:") {
		t.Errorf("pull ended with %q, want Pulled %s (digest)", end, image)
	}

	// Build, with a tag of its own, with each builder.
	eng, err := engine.New(engine.Endpoint{Host: host})
	if err != nil {
		t.Fatal(err)
	}
	defer eng.Close()
	for _, builder := range []string{"buildkit", "classic"} {
		c.notify("workspace/didChangeConfiguration", map[string]any{"settings": map[string]any{"berth": map[string]any{
			"docker": map[string]any{"host": host}, "build": map[string]any{"network": "none", "builder": builder}}}})
		tag := "berth-binary-daemon-test:" + builder
		token := "build-" + builder
		start = time.Now()
		id = c.request("workspace/executeCommand", map[string]any{
			"command": "berth.build", "workDoneToken": token,
			"arguments": []any{map[string]any{"uri": u, "tag": tag}},
		})
		msgs = c.until(3*time.Minute, "the build's answer", responseTo(id))
		resp = msgs[len(msgs)-1]
		t.Logf("%s build answered in %v: %s %s", builder, time.Since(start).Round(time.Millisecond), resp.Result, resp.Error)
		if len(resp.Error) > 0 {
			t.Fatalf("%s build: %s", builder, resp.Error)
		}
		var built buildResult
		if err := json.Unmarshal(resp.Result, &built); err != nil {
			t.Fatalf("build result %s: %v", resp.Result, err)
		}
		if !strings.HasPrefix(built.ImageID, "sha256:") || len(built.ImageID) != len("sha256:")+64 {
			t.Errorf("%s build result imageId %q", builder, built.ImageID)
		}
		if len(built.Tags) != 1 || built.Tags[0] != tag || built.Steps != 3 || built.Builder != builder {
			t.Errorf("%s build result %s: want tags [%s], 3 steps, builder %s", builder, resp.Result, tag, builder)
		}
		reports, end := checkProgress(t, builder+" build", progressOf(msgs, token), "docker build")
		t.Logf("%s build reports: %q; end: %q", builder, reports, end)
		var steps []string
		for _, r := range reports {
			if strings.Contains(r, "Step ") {
				steps = append(steps, r)
			}
		}
		for _, want := range []string{"Step 1/3: FROM " + image, "Step 2/3: COPY hello.txt /hello.txt", "Step 3/3: RUN grep -q hello /hello.txt"} {
			found := false
			for _, s := range steps {
				found = found || strings.HasSuffix(s, want)
			}
			if !found {
				t.Errorf("%s build reports %q lack %q", builder, steps, want)
			}
		}
		if !strings.HasPrefix(end, "Built "+tag) || !strings.Contains(end, shortID(built.ImageID)) {
			t.Errorf("%s build ended with %q, want Built %s (%s)", builder, end, tag, shortID(built.ImageID))
		}
		// The daemon has the image the result names.
		img, err := eng.Image(ctx, tag)
		if err != nil {
			t.Fatalf("the built image %s: %v", tag, err)
		}
		if img == nil || img.ID != built.ImageID {
			t.Errorf("the daemon's %s is %v, the build said %s", tag, img, built.ImageID)
		}
	}

	id = c.request("shutdown", nil)
	c.until(30*time.Second, "the shutdown answer", responseTo(id))
	c.notify("exit", nil)
	c.in.Close()
	select {
	case err := <-c.exited:
		c.exited <- err // for the deferred wait
		if err != nil {
			t.Errorf("berth lsp exited: %v\nstderr: %s", err, c.errs.String())
		}
	case <-time.After(30 * time.Second):
		t.Errorf("berth lsp did not exit after exit")
	}
}
