// Command lspbench drives any language server over stdio the way an editor
// does and measures how long each edit takes to come back as published
// diagnostics.
//
//	lspbench -file big.Dockerfile -edits 50 -- server args...
//	lspbench -file big.Dockerfile -type -cps 20 -- server args...
//
// The default mode sends whole-text edits, one at a time, each waiting for
// its diagnostics. With -type it types a line character by character, at
// -cps characters a second, with incremental (range) didChange
// notifications as an editor sends them, without waiting, and sends hover
// and completion requests at the cursor every -req-every keystrokes.
//
// It prints one JSON line: init time, first-diagnostics time, latency
// percentiles (per edit, or per keystroke and per request), the server's
// peak RSS (from /proc) and the number of diagnostics.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf16"
)

type msg struct {
	JSONRPC string          `json:"jsonrpc"`
	ID      *int            `json:"id,omitempty"`
	Method  string          `json:"method,omitempty"`
	Params  json.RawMessage `json:"params,omitempty"`
	Result  json.RawMessage `json:"result,omitempty"`
	Error   json.RawMessage `json:"error,omitempty"`

	at time.Time // when the answer arrived (set by read)
}

type conn struct {
	w      io.Writer
	mu     sync.Mutex
	nextID int
	resp   map[int]chan msg
	diags  chan diagEvent
}

// diagEvent is one publishDiagnostics: when it came, its version (-1
// when the server sends none) and how many diagnostics it had.
type diagEvent struct {
	at      time.Time
	version int
	count   int
}

func (c *conn) send(v any) {
	c.sendAt(v, nil)
}

// sendAt sends v; when at is not nil it is set to the time the encoded
// message started on the pipe, so that a latency leaves out the client's
// own encoding.
func (c *conn) sendAt(v any, at *time.Time) {
	b, _ := json.Marshal(v)
	c.mu.Lock()
	if at != nil {
		*at = time.Now()
	}
	fmt.Fprintf(c.w, "Content-Length: %d\r\n\r\n%s", len(b), b)
	c.mu.Unlock()
}

// call sends a request and waits for its answer (at most a minute).
func (c *conn) call(method string, params any) msg {
	m, _ := c.callAt(method, params)
	return m
}

// callAt is call, also returning when the request started on the pipe.
func (c *conn) callAt(method string, params any) (msg, time.Time) {
	c.mu.Lock()
	c.nextID++
	id := c.nextID
	ch := make(chan msg, 1)
	c.resp[id] = ch
	c.mu.Unlock()
	var sent time.Time
	c.sendAt(map[string]any{"jsonrpc": "2.0", "id": id, "method": method, "params": params}, &sent)
	select {
	case m := <-ch:
		return m, sent
	case <-time.After(60 * time.Second):
		fmt.Fprintln(os.Stderr, "timeout waiting for", method)
		os.Exit(3)
	}
	return msg{}, sent
}

func (c *conn) notify(method string, params any) {
	c.send(map[string]any{"jsonrpc": "2.0", "method": method, "params": params})
}

// notifyAt is notify, returning when the notification started on the
// pipe.
func (c *conn) notifyAt(method string, params any) time.Time {
	var sent time.Time
	c.sendAt(map[string]any{"jsonrpc": "2.0", "method": method, "params": params}, &sent)
	return sent
}

// frame is one message as it came off the pipe, and when.
type frame struct {
	buf []byte
	at  time.Time
}

// read reads the server's messages. One goroutine reads the frames off the
// pipe and notes when each arrived; this one decodes them: a message that
// follows a large one (a publication of 2,800 diagnostics takes this
// client several milliseconds to decode twice) is timed when it arrived,
// not when the client got round to it.
func (c *conn) read(r *bufio.Reader) {
	frames := make(chan frame, 4096)
	free := make(chan []byte, freeFrames)
	go readFrames(r, frames, free)
	for f := range frames {
		buf, arrived := f.buf, f.at
		// One pass: a publication's diagnostics are counted, not kept.
		var in struct {
			msg
			Params struct {
				Version     *int       `json:"version"`
				Diagnostics []struct{} `json:"diagnostics"`
			} `json:"params"`
		}
		err := json.Unmarshal(buf, &in) // copies what it keeps (RawMessage too)
		if cap(buf) >= reuseFrame {
			select {
			case free <- buf:
			default:
			}
		}
		if err != nil {
			continue
		}
		m := in.msg
		switch {
		case m.Method == "textDocument/publishDiagnostics":
			v := -1
			if in.Params.Version != nil {
				v = *in.Params.Version
			}
			c.diags <- diagEvent{arrived, v, len(in.Params.Diagnostics)}
		case m.Method != "" && m.ID != nil: // server->client request: answer null
			c.send(map[string]any{"jsonrpc": "2.0", "id": *m.ID, "result": nil})
		case m.Method == "" && m.ID != nil:
			c.mu.Lock()
			ch := c.resp[*m.ID]
			delete(c.resp, *m.ID)
			c.mu.Unlock()
			if ch != nil {
				m.at = arrived
				ch <- m
			}
		}
	}
	close(c.diags)
}

// Frames of reuseFrame bytes or more are read into buffers reused once
// decoded, at most freeFrames of them kept (see readFrames).
const (
	reuseFrame = 64 << 10
	freeFrames = 8
)

// readFrames sends the frames of r to out, closing it at the end. A large
// frame's body is read into a buffer from free, the buffers of large
// frames already decoded, when one is large enough: allocating a fresh buffer
// for each publication of a big file's diagnostics (0.6 MB) took this
// client up to 6 ms at times (its collector, fresh pages), between the
// frame's header coming off the pipe and its body being read, and so
// inside the latency measured.
func readFrames(r *bufio.Reader, out chan<- frame, free <-chan []byte) {
	defer close(out)
	for {
		n := -1
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				return
			}
			line = strings.TrimSpace(line)
			if line == "" {
				break
			}
			if k, v, ok := strings.Cut(line, ":"); ok && strings.EqualFold(k, "Content-Length") {
				n, _ = strconv.Atoi(strings.TrimSpace(v))
			}
		}
		if n < 0 {
			continue
		}
		var buf []byte
		if n >= reuseFrame {
			select {
			case b := <-free:
				if cap(b) >= n {
					buf = b[:n]
				}
			default:
			}
		}
		if buf == nil {
			buf = make([]byte, n)
		}
		if _, err := io.ReadFull(r, buf); err != nil {
			return
		}
		out <- frame{buf, time.Now()}
	}
}

func peakRSSKB(pid int) int {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return -1
	}
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, "VmHWM:") {
			f := strings.Fields(l)
			n, _ := strconv.Atoi(f[1])
			return n
		}
	}
	return -1
}

// pct returns the p-th quantile (0 to 1, nearest rank below) of d in
// milliseconds, or -1 when d is empty.
func pct(d []time.Duration, p float64) float64 {
	if len(d) == 0 {
		return -1
	}
	s := append([]time.Duration(nil), d...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	i := int(float64(len(s)-1) * p)
	return float64(s[i].Microseconds()) / 1000
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func main() {
	file := flag.String("file", "", "Dockerfile to open")
	edits := flag.Int("edits", 30, "number of edits, each waiting for diagnostics")
	wait := flag.Duration("wait", 5*time.Second, "max wait for diagnostics of one edit (with -type: of the last keystroke)")
	name := flag.String("name", "", "label for the output")
	typing := flag.Bool("type", false, "type a line character by character (incremental didChange) instead of whole-text edits")
	cps := flag.Float64("cps", 20, "with -type: characters typed a second")
	text := flag.String("text", "RUN apt-get update && apt-get install -y --no-install-recommends curl ca-certificates", "with -type: the line to type")
	at := flag.Int("line", -1, "with -type: 0-based line the typed line is inserted before (-1: the first FROM from the middle of the file on)")
	reqEvery := flag.Int("req-every", 5, "with -type: send a hover and a completion request at the cursor every N keystrokes (0: none)")
	pullFlag := flag.String("pull", "auto", "diagnostics: auto (pull them when the server offers textDocument/diagnostic, as VS Code does; else wait for publications), on, or off (never offer to pull)")
	settle := flag.Duration("settle", time.Second, "after the first diagnostics, wait until the server publishes nothing for this long (at most -wait) before editing: work it does in the background on opening (berth's ShellCheck) is then done")
	flag.Parse()
	args := flag.Args()
	if *file == "" || len(args) == 0 || *cps <= 0 {
		fmt.Fprintln(os.Stderr, "usage: lspbench -file FILE [-edits N | -type [-cps N]] -- SERVER ARGS...")
		os.Exit(2)
	}
	src, err := os.ReadFile(*file)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	abs, _ := filepath.Abs(*file)
	uri := "file://" + abs
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Dir = filepath.Dir(abs)
	in, _ := cmd.StdinPipe()
	out, _ := cmd.StdoutPipe()
	cmd.Stderr = io.Discard
	start := time.Now()
	if err := cmd.Start(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	c := &conn{w: in, resp: map[int]chan msg{}, diags: make(chan diagEvent, 1024)}
	go c.read(bufio.NewReaderSize(out, 1<<20))
	root := "file://" + filepath.Dir(abs)
	textCaps := map[string]any{
		"publishDiagnostics": map[string]any{"versionSupport": true},
		"synchronization":    map[string]any{"dynamicRegistration": false},
		"hover":              map[string]any{"contentFormat": []string{"markdown", "plaintext"}},
		"completion":         map[string]any{"completionItem": map[string]any{"snippetSupport": false}},
	}
	if *pullFlag != "off" {
		// As VS Code: it pulls, and shows a diagnostic's codeDescription
		// (Neovim, which waits for publications, does neither).
		textCaps["diagnostic"] = map[string]any{"dynamicRegistration": false}
		textCaps["publishDiagnostics"] = map[string]any{"versionSupport": true, "codeDescriptionSupport": true}
	}
	initRes := c.call("initialize", map[string]any{
		"processId": os.Getpid(), "rootUri": root,
		"workspaceFolders": []map[string]string{{"uri": root, "name": "ws"}},
		"capabilities": map[string]any{
			"textDocument": textCaps,
			"workspace":    map[string]any{"configuration": true},
		},
	})
	initDur := time.Since(start)
	c.notify("initialized", map[string]any{})
	content := string(src)
	t0 := time.Now()
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": uri, "languageId": "dockerfile", "version": 1, "text": content}})
	var offered struct {
		Capabilities struct {
			DiagnosticProvider json.RawMessage `json:"diagnosticProvider"`
		} `json:"capabilities"`
	}
	json.Unmarshal(initRes.Result, &offered)
	pull := *pullFlag != "off" && len(offered.Capabilities.DiagnosticProvider) > 0 && string(offered.Capabilities.DiagnosticProvider) != "null"
	if *pullFlag == "on" && !pull {
		fmt.Fprintln(os.Stderr, "lspbench: -pull on, but the server does not offer textDocument/diagnostic")
		os.Exit(2)
	}
	first := -1
	var firstDur time.Duration
	if pull {
		first = pullDiagnostics(c, uri, nil).count
		firstDur = time.Since(t0)
		// Work the server does in the background on opening (berth's
		// ShellCheck) ends before editing.
		time.Sleep(*settle)
	} else {
		if e, ok := waitFor(c, 1, *wait); ok {
			first = e.count
		}
		firstDur = time.Since(t0)
		if n := quiet(c, *settle, *wait); n >= 0 {
			first = n
		}
	}
	res := map[string]any{
		"name": *name, "bytes": len(src), "lines": strings.Count(content, "\n") + 1,
		"init_ms": ms(initDur), "first_diag_ms": ms(firstDur),
	}
	if *typing {
		line := *at
		if line < 0 {
			line = typingLine(content)
		}
		typeLine(c, uri, keystrokes(*text, line), *cps, *reqEvery, *wait, pull, res)
	} else {
		editMode(c, uri, content, *edits, *wait, first, pull, res)
	}
	res["peak_rss_kb"] = peakRSSKB(cmd.Process.Pid)
	c.call("shutdown", nil)
	c.notify("exit", nil)
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(3 * time.Second):
		cmd.Process.Kill()
	}
	b, _ := json.Marshal(res)
	fmt.Println(string(b))
}

// editMode sends whole-text edits, each appending a comment line to the
// original text (so the file keeps its size), and waits for the
// diagnostics of each: the publication of its version, or, when the
// client pulls (pull), the answer to a textDocument/diagnostic request
// sent right after the change, with the result id of the one before, as
// an editor that pulls does. A latency runs from the moment the change
// started on the pipe to the moment the diagnostics came off it.
func editMode(c *conn, uri, text string, edits int, wait time.Duration, first int, pull bool, res map[string]any) {
	var lat []time.Duration
	missed, unchanged := 0, 0
	lastCount := first
	var resultID *string
	if pull {
		r := pullDiagnostics(c, uri, nil)
		lastCount, resultID = r.count, r.resultID
	}
	for i := 0; i < edits; i++ {
		v := i + 2
		edited := text + fmt.Sprintf("\n# edit %d\n", i)
		t := c.notifyAt("textDocument/didChange", map[string]any{
			"textDocument":   map[string]any{"uri": uri, "version": v},
			"contentChanges": []map[string]any{{"text": edited}},
		})
		if pull {
			r := pullDiagnostics(c, uri, resultID)
			switch r.kind {
			case "":
				missed++
				continue
			case "unchanged":
				unchanged++
			default:
				lastCount = r.count
			}
			resultID = r.resultID
			lat = append(lat, r.at.Sub(t))
			continue
		}
		e, ok := waitFor(c, v, wait)
		if !ok {
			missed++
			continue
		}
		lastCount = e.count
		lat = append(lat, e.at.Sub(t))
	}
	res["mode"] = "edit"
	res["diagnostics_mode"] = map[bool]string{true: "pull", false: "push"}[pull]
	res["edit_p50_ms"] = pct(lat, 0.5)
	res["edit_p90_ms"] = pct(lat, 0.9)
	res["edit_max_ms"] = pct(lat, 1)
	res["edits_answered"] = len(lat)
	res["edits_missed"] = missed
	if pull {
		res["edits_unchanged"] = unchanged
	}
	res["diagnostics"] = lastCount
}

// report is the answer to a textDocument/diagnostic request.
type report struct {
	kind     string // "full" or "unchanged"; "" on an error
	count    int    // diagnostics in a full report
	resultID *string
	at       time.Time // when the answer came off the pipe
}

// pullDiagnostics sends textDocument/diagnostic for uri with the previous
// result id, as an editor that pulls does after a change.
func pullDiagnostics(c *conn, uri string, previous *string) report {
	params := map[string]any{"textDocument": map[string]any{"uri": uri}}
	if previous != nil {
		params["previousResultId"] = *previous
	}
	m := c.call("textDocument/diagnostic", params)
	var r struct {
		Kind     string     `json:"kind"`
		ResultID *string    `json:"resultId"`
		Items    []struct{} `json:"items"`
	}
	if len(m.Error) > 0 && string(m.Error) != "null" || json.Unmarshal(m.Result, &r) != nil {
		return report{at: m.at}
	}
	return report{kind: r.Kind, count: len(r.Items), resultID: r.ResultID, at: m.at}
}

// waitFor returns the first publication for version v (or any unversioned
// one); false on timeout.
func waitFor(c *conn, v int, d time.Duration) (diagEvent, bool) {
	deadline := time.After(d)
	for {
		select {
		case e, ok := <-c.diags:
			if !ok {
				return diagEvent{}, false
			}
			if e.version == v || e.version == -1 {
				return e, true
			}
		case <-deadline:
			return diagEvent{}, false
		}
	}
}

// quiet waits until the server has published nothing for d (at most
// max) and returns the count of the last publication, or -1 when none
// came.
func quiet(c *conn, d, max time.Duration) int {
	last := -1
	if d <= 0 {
		return last
	}
	deadline := time.After(max)
	for {
		select {
		case e, ok := <-c.diags:
			if !ok {
				return last
			}
			last = e.count
		case <-time.After(d):
			return last
		case <-deadline:
			return last
		}
	}
}

// keystroke is one incremental change: text inserted at a position
// (0-based line, UTF-16 character), as an editor sends a typed key.
type keystroke struct {
	Line, Char int
	Text       string
}

// keystrokes returns the changes that type s as a new line before line:
// Enter at the start of that line, then each character of s at the
// cursor.
func keystrokes(s string, line int) []keystroke {
	ks := []keystroke{{Line: line, Char: 0, Text: "\n"}}
	col := 0
	for _, r := range s {
		ks = append(ks, keystroke{Line: line, Char: col, Text: string(r)})
		col += len(utf16.Encode([]rune{r}))
	}
	return ks
}

// typingLine returns the line typing starts on: the first FROM from the
// middle of text on, so that the typed line ends a stage and does not
// land inside a continued instruction; the middle line when there is
// none.
func typingLine(text string) int {
	lines := strings.Split(text, "\n")
	mid := len(lines) / 2
	for i := mid; i < len(lines); i++ {
		if f := strings.Fields(lines[i]); len(f) > 0 && strings.EqualFold(f[0], "FROM") {
			return i
		}
	}
	return mid
}

// coverLatencies returns the keystroke-to-diagnostics latencies: for the
// keystroke sent at sent[i] as version firstVersion+i, the time to the
// first publication of its version or a later one (a server may skip the
// versions a later keystroke made stale), or, from a server that sends no
// versions (-1), the first publication after it was sent. missed counts
// the keystrokes no publication covered. pubs are in arrival order.
func coverLatencies(sent []time.Time, firstVersion int, pubs []diagEvent) (lat []time.Duration, missed int) {
	for i, t := range sent {
		v := firstVersion + i
		found := false
		for _, p := range pubs {
			if p.at.Before(t) {
				continue
			}
			if p.version >= v || p.version == -1 {
				lat = append(lat, p.at.Sub(t))
				found = true
				break
			}
		}
		if !found {
			missed++
		}
	}
	return lat, missed
}

// typeLine sends the keystrokes at cps a second without waiting for
// answers, with a hover and a completion request at the cursor every
// reqEvery keystrokes, then waits (at most wait) for the diagnostics of
// the last one, and records the latencies in res.
//
// When the client pulls, each keystroke is followed by a
// textDocument/diagnostic request with the latest result id, as VS Code
// sends one after each change, and its latency runs to that answer.
func typeLine(c *conn, uri string, ks []keystroke, cps float64, reqEvery int, wait time.Duration, pull bool, res map[string]any) {
	var (
		mu    sync.Mutex
		pubs  []diagEvent
		got   = make(chan struct{}, 1)
		reqWG sync.WaitGroup
		hover []time.Duration
		compl []time.Duration
		errs  int
	)
	go func() {
		for e := range c.diags {
			mu.Lock()
			pubs = append(pubs, e)
			mu.Unlock()
			select {
			case got <- struct{}{}:
			default:
			}
		}
	}()
	request := func(method string, pos map[string]int, into *[]time.Duration) {
		defer reqWG.Done()
		m, sent := c.callAt(method, map[string]any{"textDocument": map[string]any{"uri": uri}, "position": pos})
		d := m.at.Sub(sent)
		mu.Lock()
		defer mu.Unlock()
		if len(m.Error) > 0 && string(m.Error) != "null" {
			errs++
			return
		}
		*into = append(*into, d)
	}
	var (
		pullWG    sync.WaitGroup
		pullLat   = make([]time.Duration, len(ks))
		resultID  *string
		lastCount = -1
	)
	interval := time.Duration(float64(time.Second) / cps)
	sent := make([]time.Time, len(ks))
	start := time.Now()
	const firstVersion = 2
	for i, k := range ks {
		if d := time.Until(start.Add(time.Duration(i) * interval)); d > 0 {
			time.Sleep(d)
		}
		pos := map[string]int{"line": k.Line, "character": k.Char}
		sent[i] = c.notifyAt("textDocument/didChange", map[string]any{
			"textDocument":   map[string]any{"uri": uri, "version": firstVersion + i},
			"contentChanges": []map[string]any{{"range": map[string]any{"start": pos, "end": pos}, "text": k.Text}},
		})
		if pull {
			pullWG.Add(1)
			go func(i int) {
				defer pullWG.Done()
				mu.Lock()
				prev := resultID
				mu.Unlock()
				r := pullDiagnostics(c, uri, prev)
				mu.Lock()
				defer mu.Unlock()
				if r.kind == "" {
					pullLat[i] = -1
					return
				}
				pullLat[i] = r.at.Sub(sent[i])
				if r.kind == "full" {
					resultID, lastCount = r.resultID, r.count
				}
			}(i)
		}
		if reqEvery > 0 && i > 0 && i%reqEvery == 0 {
			cursor := map[string]int{"line": k.Line, "character": k.Char + len(utf16.Encode([]rune(k.Text)))}
			on := map[string]int{"line": k.Line, "character": max(k.Char-1, 0)}
			reqWG.Add(2)
			go request("textDocument/hover", on, &hover)
			go request("textDocument/completion", cursor, &compl)
		}
	}
	last := firstVersion + len(ks) - 1
	deadline := time.After(wait)
wait:
	for !pull {
		mu.Lock()
		done := len(pubs) > 0 && (pubs[len(pubs)-1].version >= last || pubs[len(pubs)-1].version == -1 && pubs[len(pubs)-1].at.After(sent[len(sent)-1]))
		mu.Unlock()
		if done {
			break
		}
		select {
		case <-got:
		case <-deadline:
			break wait
		}
	}
	reqWG.Wait()
	pullWG.Wait()
	mu.Lock()
	defer mu.Unlock()
	lat, missed := coverLatencies(sent, firstVersion, pubs)
	if pull {
		lat, missed = nil, 0
		for _, d := range pullLat {
			if d < 0 {
				missed++
				continue
			}
			lat = append(lat, d)
		}
		res["diagnostics"] = lastCount
	}
	res["mode"] = "type"
	res["diagnostics_mode"] = map[bool]string{true: "pull", false: "push"}[pull]
	res["cps"] = cps
	res["keystrokes"] = len(ks)
	res["type_p50_ms"] = pct(lat, 0.5)
	res["type_p90_ms"] = pct(lat, 0.9)
	res["type_max_ms"] = pct(lat, 1)
	res["keystrokes_missed"] = missed
	res["publications"] = len(pubs)
	res["hover_p50_ms"] = pct(hover, 0.5)
	res["hover_p90_ms"] = pct(hover, 0.9)
	res["completion_p50_ms"] = pct(compl, 0.5)
	res["completion_p90_ms"] = pct(compl, 0.9)
	res["requests"] = len(hover) + len(compl)
	res["request_errors"] = errs
	if len(pubs) > 0 {
		res["diagnostics"] = pubs[len(pubs)-1].count
	}
}
