package lsp

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/syntax"
	"github.com/berth-dev/berth/rules"
)

// rawClient speaks to a server with raw bytes and collects whatever comes
// back, frame by frame.
type rawClient struct {
	t    *testing.T
	conn io.ReadWriteCloser

	mu      sync.Mutex
	changed chan struct{} // closed and replaced at each message
	msgs    []map[string]json.RawMessage
	readErr error
}

func newRawClient(t *testing.T, conn io.ReadWriteCloser) *rawClient {
	c := &rawClient{t: t, conn: conn, changed: make(chan struct{})}
	go c.read()
	return c
}

func (c *rawClient) read() {
	r := bufio.NewReader(c.conn)
	for {
		n := -1
		var err error
		for {
			var line string
			line, err = r.ReadString('\n')
			if err != nil {
				break
			}
			line = strings.TrimSpace(line)
			if line == "" {
				break
			}
			if k, v, ok := strings.Cut(line, ":"); ok && strings.EqualFold(k, "Content-Length") {
				n, _ = strconv.Atoi(strings.TrimSpace(v))
			}
		}
		var m map[string]json.RawMessage
		if err == nil {
			if n < 0 {
				err = fmt.Errorf("frame without Content-Length")
			} else {
				body := make([]byte, n)
				if _, err = io.ReadFull(r, body); err == nil {
					err = json.Unmarshal(body, &m)
				}
			}
		}
		c.mu.Lock()
		if err != nil {
			c.readErr = err
		} else {
			c.msgs = append(c.msgs, m)
		}
		close(c.changed)
		c.changed = make(chan struct{})
		c.mu.Unlock()
		if err != nil {
			return
		}
	}
}

// write sends raw bytes.
func (c *rawClient) write(s string) {
	c.t.Helper()
	if _, err := c.conn.Write([]byte(s)); err != nil {
		c.t.Fatalf("writing to the server: %v", err)
	}
}

// request sends a request with a numeric id.
func (c *rawClient) request(id int, method string, params any) {
	c.t.Helper()
	b, err := json.Marshal(map[string]any{"jsonrpc": "2.0", "id": id, "method": method, "params": params})
	if err != nil {
		c.t.Fatal(err)
	}
	c.write(frame(string(b)))
}

// response waits up to d for the response to id; nil when none came.
func (c *rawClient) response(id int, d time.Duration) map[string]json.RawMessage {
	deadline := time.After(d)
	want := strconv.Itoa(id)
	for {
		c.mu.Lock()
		for _, m := range c.msgs {
			if string(m["id"]) == want && m["method"] == nil {
				c.mu.Unlock()
				return m
			}
		}
		changed, err := c.changed, c.readErr
		c.mu.Unlock()
		if err != nil {
			return nil
		}
		select {
		case <-changed:
		case <-deadline:
			return nil
		}
	}
}

// serveRaw starts a server with Serve over an in-memory pipe and returns
// a raw client for it and the channel of its exit code.
func serveRaw(t *testing.T, opts Options) (*rawClient, <-chan int) {
	t.Helper()
	a, b := net.Pipe()
	if opts.Rules == nil {
		opts.Rules = rules.All()
	}
	srv := NewServer(opts)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() { done <- srv.Serve(ctx, a) }()
	c := newRawClient(t, b)
	t.Cleanup(func() {
		cancel()
		b.Close()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Error("server did not stop")
		}
	})
	return c, done
}

const initParams = `{"processId":null,"capabilities":{}}`

// malformedFrames are broken frames a client might send (or an attacker
// would), each to be followed by valid ones. They include the header
// mistakes of real clients (a wrong length, a missing blank line, a bare
// LF) and plain junk.
func malformedFrames() []string {
	body := `{"jsonrpc":"2.0","id":50,"method":"textDocument/documentSymbol","params":{"textDocument":{"uri":"file:///x/Dockerfile"}}}`
	n := len(body)
	return []string{
		fmt.Sprintf("Content-Length: %d\r\n\r\n%s", n-1, body),  // one byte short
		fmt.Sprintf("Content-Length: %d\r\n\r\n%s", n-2, body),  // two bytes short
		fmt.Sprintf("Content-Length: %d\r\n\r\n%s", n-40, body), // far too short
		fmt.Sprintf("Content-Length: %d\r\n\r\n%s", n+1, body),  // one byte long
		fmt.Sprintf("Content-Length: %d\r\n\r\n%s", n+5, body),
		fmt.Sprintf("Content-Length: %d\r\n\r\n%s", n+30, body), // swallows the next header
		fmt.Sprintf("Content-Length: %d\r\n%s", n, body),        // no blank line
		fmt.Sprintf("Content-Length %d\r\n\r\n%s", n, body),     // no colon
		fmt.Sprintf("Content-Length : %d\r\n\r\n%s", n, body),
		fmt.Sprintf("Content-Length: x%d\r\n\r\n%s", n, body),
		fmt.Sprintf("Content-Length: -%d\r\n\r\n%s", n, body),
		fmt.Sprintf("Content-Length: %d.0\r\n\r\n%s", n, body),
		"Content-Length: 0\r\n\r\n" + body,
		"Content-Length: 99999999999999999999999999\r\n\r\n" + body,
		"Content-Length: 1073741824\r\n\r\n" + body,
		"Content-Type: application/vscode-jsonrpc\r\n\r\n" + body, // no length
		"X-Junk: 1\r\nGarbage without a colon\r\n\r\n" + body,
		"\x00\x01\x02\xff\xfe binary junk \x00\r\n\r\n" + body,
		strings.Repeat("A", 100000) + "\r\n\r\n" + body, // a huge header line
		strings.Repeat("Content-Length: 5\r\n", 3) + "\r\n" + body,
		"Content-Length: 5\r\n\r\n{bad}",
		"Content-Length: 10\r\n\r\n{not json}",
		frame("[}"),
		frame(`{"jsonrpc":"2.0","id":51,"method":`),
		body, // a body without a header
		"\r\n\r\n\r\n",
		"Content-Length: 20\r\n\r\n", // a header whose body never comes whole
	}
}

// TestBadFrameResync sends each malformed frame, then valid requests: the
// server must answer them (it used to stay silent for good after a frame
// one byte short, or any invalid header with a body).
func TestBadFrameResync(t *testing.T) {
	for i, bad := range malformedFrames() {
		t.Run(strconv.Itoa(i), func(t *testing.T) {
			c, _ := serveRaw(t, Options{})
			c.write(frame(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":` + initParams + `}`))
			if c.response(1, 10*time.Second) == nil {
				t.Fatal("initialize not answered")
			}
			c.write(bad)
			// Valid requests: each is answered, even the first, whose header
			// a frame too long runs into.
			answered := 0
			for id := 100; id < 103; id++ {
				c.request(id, "workspace/executeCommand", map[string]any{"command": "berth.noSuchCommand"})
			}
			for id := 100; id < 103; id++ {
				if c.response(id, 3*time.Second) != nil {
					answered++
				}
			}
			if answered < 3 {
				t.Errorf("after %q: %d of 3 requests answered", truncate([]byte(bad), 80), answered)
			}
		})
	}
}

// TestHugeDeclaredLength declares a 1 GiB frame (over the limit) and a
// 60 MiB one (under it) and sends 16 bytes of each: the server must not
// reserve the declared size, and must go on reading. The allocations are
// counted once the server has taken more bytes after the header, which it
// asks for only when it has read the header and decided what to do with
// the body.
func TestHugeDeclaredLength(t *testing.T) {
	for _, declared := range []int{1 << 30, 60 << 20} {
		t.Run(strconv.Itoa(declared), func(t *testing.T) {
			c, _ := serveRaw(t, Options{})
			c.write(frame(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":` + initParams + `}`))
			if c.response(1, 10*time.Second) == nil {
				t.Fatal("initialize not answered")
			}
			runtime.GC()
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			c.write(fmt.Sprintf("Content-Length: %d\r\n\r\n{\"jsonrpc\":\"2.0\"", declared))
			// The pipe hands over one write per read, and a write returns
			// once it has all been read: the server is past the header when
			// this one returns. The deadline only keeps a server that stopped
			// reading from hanging the test.
			wrote := make(chan error, 1)
			go func() {
				_, err := c.conn.Write([]byte(`,"method":"x"`))
				wrote <- err
			}()
			select {
			case err := <-wrote:
				if err != nil {
					t.Fatalf("writing the rest: %v", err)
				}
			case <-time.After(20 * time.Second):
				t.Fatal("the server stopped reading after the header")
			}
			runtime.ReadMemStats(&after)
			if grew := after.TotalAlloc - before.TotalAlloc; grew > 8<<20 {
				t.Errorf("a declared %d-byte frame with 16 bytes sent allocated %d bytes", declared, grew)
			}
		})
	}
}

// blockingStdin is stdin as a process has it: a blocking file descriptor
// that Close does not interrupt. It serves its parts in turn, each once
// ready(part) says so (the client waits for the shutdown response before it
// sends exit), then blocks until the test ends, whatever the server does.
type blockingStdin struct {
	parts []string
	// ready reports whether part (its index in parts as given) may be
	// read yet.
	ready func(part int) bool
	r     *strings.Reader
	stop  chan struct{}
	// next is the index of the next part.
	next int
}

func (b *blockingStdin) Read(p []byte) (int, error) {
	for b.r == nil || b.r.Len() == 0 {
		if len(b.parts) == 0 {
			<-b.stop
			return 0, io.EOF
		}
		for b.ready != nil && !b.ready(b.next) {
			select {
			case <-b.stop:
				return 0, io.EOF
			case <-time.After(5 * time.Millisecond):
			}
		}
		b.r = strings.NewReader(b.parts[0])
		b.parts = b.parts[1:]
		b.next++
	}
	return b.r.Read(p)
}

// TestExitWhileStdinOpen sends exit while stdin stays open: Main must
// return at once, with 0 after shutdown and 1 without it.
func TestExitWhileStdinOpen(t *testing.T) {
	t.Setenv("GOMEMLIMIT", "off") // keep Main from setting the test's limit
	initReq := frame(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":` + initParams + `}`)
	exit := frame(`{"jsonrpc":"2.0","method":"exit"}`)
	for _, tc := range []struct {
		name  string
		parts []string
		want  int
	}{
		{"shutdown", []string{initReq + frame(`{"jsonrpc":"2.0","id":2,"method":"shutdown"}`), exit}, 0},
		// shutdown and exit at once, not waiting for the answer.
		{"pipelined", []string{initReq, frame(`{"jsonrpc":"2.0","id":3,"method":"shutdown"}`) + exit}, 0},
		{"no shutdown", []string{initReq, exit}, 1},
		{"exit first", []string{exit}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr lockedBuffer
			stdin := &blockingStdin{parts: tc.parts, stop: make(chan struct{})}
			stdin.ready = func(part int) bool {
				// Wait for the answers to what came before.
				out := stdout.String()
				return part == 0 || strings.Contains(out, `"id":1`) && (len(tc.parts[0]) == len(initReq) || strings.Contains(out, `"id":2`))
			}
			defer close(stdin.stop)
			done := make(chan int, 1)
			go func() { done <- Main(nil, stdin, &stdout, &stderr, Options{Rules: rules.All()}) }()
			select {
			case code := <-done:
				if code != tc.want {
					t.Errorf("exit code %d, want %d", code, tc.want)
				}
			case <-time.After(5 * time.Second):
				t.Fatalf("Main did not return after exit while stdin stayed open\nstderr: %s", stderr.String())
			}
		})
	}
}

// lockedBuffer is a strings.Builder safe for concurrent use.
type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestBinaryExitWhileStdinOpen runs the built binary, sends shutdown and
// exit, and keeps stdin open: the process must end at once, with 0.
func TestBinaryExitWhileStdinOpen(t *testing.T) {
	bin := berthBinary(t)
	for _, tc := range []struct {
		shutdown bool
		want     int
	}{{true, 0}, {false, 1}} {
		cmd := exec.Command(bin, "lsp")
		cmd.Dir = t.TempDir()
		in, _ := cmd.StdinPipe()
		out, _ := cmd.StdoutPipe()
		var stderr lockedBuffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		c := newRawClient(t, struct {
			io.Reader
			io.WriteCloser
		}{out, in})
		c.write(frame(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":` + initParams + `}`))
		if c.response(1, 20*time.Second) == nil {
			t.Fatalf("initialize not answered\nstderr: %s", stderr.String())
		}
		if tc.shutdown {
			c.write(frame(`{"jsonrpc":"2.0","id":2,"method":"shutdown"}`))
			if c.response(2, 10*time.Second) == nil {
				t.Fatalf("shutdown not answered\nstderr: %s", stderr.String())
			}
		}
		c.write(frame(`{"jsonrpc":"2.0","method":"exit"}`))
		waited := make(chan error, 1)
		go func() { waited <- cmd.Wait() }()
		select {
		case err := <-waited:
			code := 0
			if ee, ok := err.(*exec.ExitError); ok {
				code = ee.ExitCode()
			} else if err != nil {
				t.Fatal(err)
			}
			if code != tc.want {
				t.Errorf("shutdown=%v: exit code %d, want %d\nstderr: %s", tc.shutdown, code, tc.want, stderr.String())
			}
		case <-time.After(5 * time.Second):
			cmd.Process.Kill()
			<-waited
			t.Errorf("shutdown=%v: still running 5 s after exit with stdin open", tc.shutdown)
		}
		in.Close()
	}
}

// listening starts "berth lsp" with args and waits for its "listening"
// log line; it returns the command, the address and stderr.
func listening(t *testing.T, bin string, args ...string) (*exec.Cmd, string, *lockedBuffer, <-chan error) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Dir = t.TempDir()
	var stderr lockedBuffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	waited := make(chan error, 1)
	exited := make(chan struct{})
	go func() {
		waited <- cmd.Wait()
		close(exited)
	}()
	t.Cleanup(func() {
		cmd.Process.Kill()
		select {
		case <-exited:
		case <-time.After(5 * time.Second):
		}
	})
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		s := stderr.String()
		if _, rest, ok := strings.Cut(s, "addr="); ok {
			addr, _, _ := strings.Cut(rest, "\n")
			return cmd, strings.Trim(strings.Fields(addr)[0], `"`), &stderr, waited
		}
		select {
		case err := <-waited:
			t.Fatalf("berth lsp %v exited: %v\nstderr: %s", args, err, s)
		case <-time.After(20 * time.Millisecond):
		}
	}
	t.Fatalf("berth lsp %v is not listening\nstderr: %s", args, stderr.String())
	return nil, "", nil, nil
}

// initializeOver connects to addr and initializes a session; it reports
// whether the server answered.
func initializeOver(t *testing.T, network, addr string) bool {
	t.Helper()
	conn, err := net.DialTimeout(network, addr, 5*time.Second)
	if err != nil {
		t.Logf("dial %s: %v", addr, err)
		return false
	}
	defer conn.Close()
	c := newRawClient(t, conn)
	c.write(frame(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":` + initParams + `}`))
	return c.response(1, 10*time.Second) != nil
}

// TestListenLoopbackByDefault: --listen :PORT binds loopback only, and
// says so.
func TestListenLoopbackByDefault(t *testing.T) {
	bin := berthBinary(t)
	_, addr, stderr, _ := listening(t, bin, "lsp", "--listen", ":0")
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		t.Fatal(err)
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		t.Errorf("--listen :0 bound %s, want a loopback address", addr)
	}
	if !strings.Contains(stderr.String(), "loopback") {
		t.Errorf("stderr does not say the server listens on loopback only:\n%s", stderr.String())
	}
	if !initializeOver(t, "tcp", addr) {
		t.Error("no answer over TCP")
	}
}

// TestListenSurvivesAcceptFailure runs out of file descriptors: accepting
// fails (the server has 24 and is dialled 40 times), and the server must
// retry rather than end every session. The connections are closed once
// the server has logged the failure; then a new session must be served.
func TestListenSurvivesAcceptFailure(t *testing.T) {
	bin := berthBinary(t)
	sock := filepath.Join(t.TempDir(), "s")
	_, _, stderr, waited := listening(t, "/bin/sh", "-c", "ulimit -n 24 && exec "+bin+" lsp --listen unix:"+sock)
	var conns []net.Conn
	for i := 0; i < 40; i++ {
		c, err := net.Dial("unix", sock)
		if err != nil {
			break
		}
		conns = append(conns, c)
	}
	ended := func() {
		t.Helper()
		select {
		case err := <-waited:
			t.Fatalf("the server ended when accepting failed: %v\nstderr: %s", err, stderr.String())
		default:
		}
	}
	// The deadline only keeps a server that never fails from hanging the
	// test.
	for deadline := time.Now().Add(20 * time.Second); !strings.Contains(stderr.String(), "too many open files"); time.Sleep(5 * time.Millisecond) {
		ended()
		if time.Now().After(deadline) {
			t.Fatalf("accepting %d connections never failed\nstderr: %s", len(conns), stderr.String())
		}
	}
	for _, c := range conns {
		c.Close()
	}
	if !initializeOver(t, "unix", sock) {
		ended()
		t.Fatalf("no answer after the descriptors were freed\nstderr: %s", stderr.String())
	}
}

// TestUnixSocketLifecycle: SIGTERM removes the socket; a stale socket is
// replaced on start; a live one is never taken over.
func TestUnixSocketLifecycle(t *testing.T) {
	bin := berthBinary(t)
	sock := filepath.Join(t.TempDir(), "berth.sock")
	cmd, _, _, waited := listening(t, bin, "lsp", "--listen", "unix:"+sock)
	if !initializeOver(t, "unix", sock) {
		t.Fatal("no answer over the socket")
	}
	cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-waited:
	case <-time.After(5 * time.Second):
		t.Fatal("SIGTERM did not stop the server")
	}
	if _, err := os.Lstat(sock); err == nil {
		t.Error("the socket is left behind after SIGTERM")
	}

	// A stale socket: a file nobody answers on.
	ln, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	ln.(*net.UnixListener).SetUnlinkOnClose(false)
	ln.Close()
	if _, err := os.Lstat(sock); err != nil {
		t.Fatal(err)
	}
	_, _, _, _ = listening(t, bin, "lsp", "--listen", "unix:"+sock)
	if !initializeOver(t, "unix", sock) {
		t.Fatal("no answer after replacing a stale socket")
	}

	// A live socket (the server just started) is not taken over.
	second := exec.Command(bin, "lsp", "--listen", "unix:"+sock)
	out, err := second.CombinedOutput()
	if err == nil {
		t.Errorf("a second server took over a live socket:\n%s", out)
	}
	if !initializeOver(t, "unix", sock) {
		t.Error("the first server no longer answers")
	}
}

// churnDoc returns a Dockerfile of about size bytes with findings on most
// lines, different for each i.
func churnDoc(i, size int) string {
	var b strings.Builder
	b.WriteString("FROM alpine:3.19\nMAINTAINER me\n")
	for n := 0; b.Len() < size; n++ {
		fmt.Fprintf(&b, "RUN apt-get install -y pkg%d-%d && cd /tmp%d && echo $HOME\n", i, n, n)
	}
	return b.String()
}

// TestChurnMemoryFlat opens, edits and closes many different documents:
// what a closed document held must be freed, so the heap after 2N
// documents is about the heap after N. (It grew by about 80 times each
// document's size.) -short churns fewer, smaller documents.
func TestChurnMemoryFlat(t *testing.T) {
	n, size := 300, 60<<10
	if testing.Short() {
		n, size = 60, 16<<10
	}
	// The lint packages' parse caches and ShellCheck's results are shared
	// by every server in the process and bounded on their own (they fill,
	// then start afresh): they are turned off so that what is measured is
	// what the server keeps of each document.
	syntax.SetCacheBytes(0)
	lint.SetScriptCacheBytes(0)
	t.Cleanup(func() {
		syntax.SetCacheBytes(4 << 20) // the defaults
		lint.SetScriptCacheBytes(2 << 20)
	})
	s := newSession(t, sessionOptions{initOptions: `{"shellcheck": false}`})
	dir := t.TempDir()
	churn := func(from, to int) {
		for i := from; i < to; i++ {
			u := fileURI(fmt.Sprintf("%s/%d.Dockerfile", dir, i))
			text := churnDoc(i, size)
			s.open(u, text)
			s.edit(u, len(text), len(text), "RUN echo one\n")
			v := s.edit(u, 0, 0, "# two\n")
			s.waitDiags(u, v)
			s.notify("textDocument/didClose", map[string]any{"textDocument": map[string]any{"uri": u}})
			// Wait for the clearing publication, then forget the document on
			// the editor's side too: only the server's memory is measured.
			deadline := time.Now().Add(10 * time.Second)
			for {
				s.mu.Lock()
				p := s.diags[u]
				cleared := p != nil && len(p.Diagnostics) == 0
				if _, versioned := p.Version.Get(); versioned {
					cleared = false
				}
				if cleared || time.Now().After(deadline) {
					delete(s.diags, u)
					delete(s.versions, u)
					delete(s.texts, u)
					delete(s.nextVer, u)
					s.mu.Unlock()
					break
				}
				s.mu.Unlock()
				time.Sleep(time.Millisecond)
			}
		}
	}
	heap := func() uint64 {
		var ms runtime.MemStats
		for range 3 {
			runtime.GC()
		}
		runtime.ReadMemStats(&ms)
		return ms.HeapAlloc
	}
	start := time.Now()
	churn(0, n)
	h1 := heap()
	churn(n, 2*n)
	h2 := heap()
	if f := os.Getenv("HEAPPROF"); f != "" { // to see what is kept, if anything
		w, _ := os.Create(f)
		pprof.WriteHeapProfile(w)
		w.Close()
	}
	t.Logf("%d documents of %d KB in %v; heap after %d: %.1f MB, after %d: %.1f MB", 2*n, size>>10, time.Since(start).Round(time.Millisecond), n, float64(h1)/(1<<20), 2*n, float64(h2)/(1<<20))
	// Flat: the second N documents may not add more than a small fraction
	// of one document's text each.
	if h2 > h1 && h2-h1 > uint64(n*size/8)+(2<<20) {
		t.Errorf("heap grew by %.1f MB over %d closed documents (%.0f KB each)", float64(h2-h1)/(1<<20), n, float64(h2-h1)/float64(n)/1024)
	}
	// The last document's record goes with the next notification.
	s.notify("textDocument/didClose", map[string]any{"textDocument": map[string]any{"uri": fileURI(dir + "/none")}})
	s.call("shutdown", nil, nil)
	s.srv.mu.Lock()
	open := len(s.srv.docs)
	s.srv.mu.Unlock()
	if open > 0 {
		t.Errorf("%d closed documents still tracked", open)
	}
}

// TestLargeMessage opens a document bigger than the reader's first buffer
// over Serve: it arrives whole.
func TestLargeMessage(t *testing.T) {
	c, _ := serveRaw(t, Options{})
	c.write(frame(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":` + initParams + `}`))
	if c.response(1, 10*time.Second) == nil {
		t.Fatal("initialize not answered")
	}
	c.write(frame(`{"jsonrpc":"2.0","method":"initialized","params":{}}`))
	text := "FROM alpine:3.19\n" + strings.Repeat("# a comment line, to make the document big\n", 8000) + "MAINTAINER me\n"
	b, _ := json.Marshal(map[string]any{"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": map[string]any{
		"textDocument": map[string]any{"uri": "file:///big/Dockerfile", "languageId": "dockerfile", "version": 3, "text": text},
	}})
	c.write(frame(string(b)))
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		c.mu.Lock()
		for _, m := range c.msgs {
			if string(m["method"]) == `"textDocument/publishDiagnostics"` && strings.Contains(string(m["params"]), `"version":3`) {
				ok := strings.Contains(string(m["params"]), "DL4000")
				c.mu.Unlock()
				if !ok {
					t.Fatalf("diagnostics of the big document: %s", truncate(m["params"], 300))
				}
				return
			}
		}
		c.mu.Unlock()
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("no diagnostics for the big document")
}

// TestRequestPipelinedAfterInitialize: a request sent right behind
// initialize, before its answer (here a shutdown), is handled once the
// server is initialized, however long initialize takes: requests run
// concurrently, but initialize is answered first, on the read loop.
func TestRequestPipelinedAfterInitialize(t *testing.T) {
	a, b := net.Pipe()
	srv := NewServer(Options{Rules: rules.All()})
	srv.testHooks.initializing = func() { time.Sleep(100 * time.Millisecond) }
	done := make(chan int, 1)
	go func() { done <- srv.Serve(context.Background(), a) }()
	defer b.Close()
	go io.WriteString(b, frame(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":`+initParams+`}`)+
		frame(`{"jsonrpc":"2.0","id":2,"method":"shutdown"}`))
	r := bufio.NewReader(b)
	for seen := 0; seen < 2; {
		body, err := readTestFrame(r)
		if err != nil {
			t.Fatalf("reading a frame: %v", err)
		}
		msg := string(body)
		if !strings.Contains(msg, `"id":1`) && !strings.Contains(msg, `"id":2`) {
			continue // a notification of the server's
		}
		seen++
		if strings.Contains(msg, `"error"`) {
			t.Fatalf("answer %s: want no error", msg)
		}
	}
	io.WriteString(b, frame(`{"jsonrpc":"2.0","method":"exit"}`))
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("exit code %d, want 0: the shutdown did not count", code)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the server did not stop after exit")
	}
}

// readTestFrame reads one Content-Length framed message from r, as a
// client of the server reads it.
func readTestFrame(r *bufio.Reader) ([]byte, error) {
	n := -1
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return nil, err
		}
		line = strings.TrimSpace(line)
		if line == "" {
			break
		}
		if k, v, ok := strings.Cut(line, ":"); ok && strings.EqualFold(k, "Content-Length") {
			n, _ = strconv.Atoi(strings.TrimSpace(v))
		}
	}
	body := make([]byte, max(n, 0))
	if _, err := io.ReadFull(r, body); err != nil {
		return nil, err
	}
	return body, nil
}
