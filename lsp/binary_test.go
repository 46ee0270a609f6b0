package lsp

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/berth-dev/berth/internal/testinputs"
)

var (
	buildOnce sync.Once
	buildDir  string
	buildBin  string
	buildErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if buildDir != "" {
		os.RemoveAll(buildDir)
	}
	os.Exit(code)
}

// berthBinary builds cmd/berth and cmd/berth-engine into one folder once
// and returns berth's path: "berth lsp" runs as editors run it, handed
// to the berth-engine beside it. It skips the test when the binary has no
// lsp command yet, unless BERTH_REQUIRE_LSP_BINARY=1 (as in CI), which
// makes that a failure.
func berthBinary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		// What cmd/berth links besides this package, and the editors'
		// plugins the end-to-end tests load.
		testinputs.Consult(t, "..")
		buildDir, buildErr = os.MkdirTemp("", "berth-lsp-test")
		if buildErr != nil {
			return
		}
		buildBin = filepath.Join(buildDir, "berth")
		out, err := exec.Command("go", "build", "-o", buildDir+string(filepath.Separator), "../cmd/berth", "../cmd/berth-engine").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build ./cmd/berth ./cmd/berth-engine: %v\n%s", err, out)
			return
		}
		out, err = exec.Command(buildBin, "lsp", "--help").CombinedOutput()
		if err != nil || !strings.Contains(string(out), "berth lsp") {
			buildErr = fmt.Errorf("berth has no lsp command: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		if os.Getenv("BERTH_REQUIRE_LSP_BINARY") == "1" {
			t.Fatal(buildErr)
		}
		t.Skip(buildErr)
	}
	return buildBin
}

// TestBinaryStdio runs the built "berth lsp" over stdin and stdout, as an
// editor does, with raw frames.
func TestBinaryStdio(t *testing.T) {
	bin := berthBinary(t)
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "lsp")
	cmd.Dir = dir
	in, _ := cmd.StdinPipe()
	out, _ := cmd.StdoutPipe()
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	r := bufio.NewReader(out)
	send := func(v any) {
		b, _ := json.Marshal(v)
		fmt.Fprintf(in, "Content-Length: %d\r\n\r\n%s", len(b), b)
	}
	// next reads messages until one satisfies ok.
	next := func(ok func(m map[string]json.RawMessage) bool) map[string]json.RawMessage {
		for {
			body, err := readTestFrame(r)
			if err != nil {
				t.Fatalf("reading from the server: %v\nstderr: %s", err, stderr.String())
			}
			var m map[string]json.RawMessage
			if err := json.Unmarshal(body, &m); err != nil {
				t.Fatalf("bad message %s: %v", body, err)
			}
			if ok(m) {
				return m
			}
		}
	}
	isResponse := func(id string) func(map[string]json.RawMessage) bool {
		return func(m map[string]json.RawMessage) bool { return string(m["id"]) == id && m["method"] == nil }
	}
	start := time.Now()
	send(map[string]any{"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": map[string]any{
		"processId": os.Getpid(), "rootUri": "file://" + dir, "capabilities": map[string]any{},
	}})
	init := next(isResponse("1"))
	t.Logf("initialize answered in %v", time.Since(start))
	if !strings.Contains(string(init["result"]), `"codeActionProvider"`) {
		t.Fatalf("initialize result: %s", init["result"])
	}
	send(map[string]any{"jsonrpc": "2.0", "method": "initialized", "params": map[string]any{}})
	// Junk on the wire is survived.
	fmt.Fprint(in, "Content-Length: 5\r\n\r\n{bad}")
	u := "file://" + filepath.Join(dir, "Dockerfile")
	send(map[string]any{"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": map[string]any{
		"textDocument": map[string]any{"uri": u, "languageId": "dockerfile", "version": 7, "text": "FROM alpine:3.19\nMAINTAINER me\n"},
	}})
	diags := next(func(m map[string]json.RawMessage) bool {
		return string(m["method"]) == `"textDocument/publishDiagnostics"`
	})
	var p struct {
		Version     int `json:"version"`
		Diagnostics []struct {
			Code string `json:"code"`
		} `json:"diagnostics"`
	}
	json.Unmarshal(diags["params"], &p)
	if p.Version != 7 || len(p.Diagnostics) == 0 || p.Diagnostics[0].Code != "DL4000" {
		t.Errorf("published %s", diags["params"])
	}
	send(map[string]any{"jsonrpc": "2.0", "id": 2, "method": "textDocument/nope", "params": map[string]any{}})
	if m := next(isResponse("2")); !strings.Contains(string(m["error"]), "-32601") {
		t.Errorf("unknown method answered %s", m["error"])
	}
	send(map[string]any{"jsonrpc": "2.0", "id": 3, "method": "shutdown"})
	next(isResponse("3"))
	send(map[string]any{"jsonrpc": "2.0", "method": "exit"})
	in.Close()
	if err := cmd.Wait(); err != nil {
		t.Errorf("berth lsp exited: %v\nstderr: %s", err, stderr.String())
	}
}
