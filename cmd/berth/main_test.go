package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/berth-dev/berth/internal/testinputs"
)

// heavy are the packages berth must not link: Go runs the init of every
// linked package at each start, and these (the Docker client, gRPC,
// berth's language server and engine client, which bring BuildKit's
// session, protobuf and OpenTelemetry) took about 1 ms of each
// "berth lint" (issue 10). Their commands run in berth-engine.
var heavy = []string{
	"github.com/moby/moby/client",
	"google.golang.org/grpc",
	"github.com/berth-dev/berth/lsp",
	"github.com/berth-dev/berth/engine",
}

// TestLinksNoDaemonPackages fails when berth links a package of heavy,
// and says through which import.
func TestLinksNoDaemonPackages(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "-f", `{{.ImportPath}}{{range .Imports}} {{.}}{{end}}`, ".").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	linked := map[string]bool{}
	importers := map[string][]string{}
	for line := range strings.Lines(string(out)) {
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		linked[f[0]] = true
		for _, imp := range f[1:] {
			importers[imp] = append(importers[imp], f[0])
		}
	}
	if !linked["github.com/berth-dev/berth/internal/cli"] {
		t.Fatalf("go list -deps lacks internal/cli:\n%s", out)
	}
	for _, p := range heavy {
		if linked[p] {
			t.Errorf("berth links %s (imported by %s): its commands belong in berth-engine (internal/cli/enginecmd)", p, strings.Join(importers[p], ", "))
		}
	}
}

var (
	pairOnce sync.Once
	pairDir  string
	pairErr  error
)

// binaries builds berth and berth-engine into one folder, once, and
// returns it.
func binaries(t *testing.T) string {
	t.Helper()
	pairOnce.Do(func() {
		// berth-engine's packages are not the test binary's.
		testinputs.Consult(t, "../..")
		pairDir, pairErr = os.MkdirTemp("", "berth-pair")
		if pairErr != nil {
			return
		}
		out, err := exec.Command("go", "build", "-o", pairDir+string(filepath.Separator), ".", "../berth-engine").CombinedOutput()
		if err != nil {
			pairErr = &buildError{err, out}
		}
	})
	if pairErr != nil {
		t.Fatal(pairErr)
	}
	return pairDir
}

type buildError struct {
	err error
	out []byte
}

func (e *buildError) Error() string { return "go build: " + e.err.Error() + "\n" + string(e.out) }

func TestMain(m *testing.M) {
	code := m.Run()
	if pairDir != "" {
		os.RemoveAll(pairDir)
	}
	os.Exit(code)
}

// berth runs a built binary with PATH set to path alone, in dir, and
// returns its exit status and output.
func berth(t *testing.T, bin, path, dir string, args ...string) (int, string, string) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "PATH="+path, "LANG=", "LC_ALL=", "LC_MESSAGES=")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("%s %v: %v", bin, args, err)
	}
	return code, stdout.String(), stderr.String()
}

// TestForwardsToEngine runs the built pair: berth hands lsp and pin to the
// berth-engine beside it (as run, or behind a link), with the arguments,
// stdin, output and exit status passing through; without berth-engine it
// says how to install it and exits 2. "pin --check" needs no engine and
// runs in berth.
func TestForwardsToEngine(t *testing.T) {
	dir := binaries(t)
	work := t.TempDir()
	if err := os.WriteFile(filepath.Join(work, "Dockerfile"), []byte("FROM alpine:3.19\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	noPath := filepath.Join(work, "empty")
	if err := os.Mkdir(noPath, 0o755); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "berth")
	engine := filepath.Join(dir, "berth-engine")

	// The language server over stdin and stdout: berth-engine's, with
	// its exit status.
	frame := func(m string) string { return fmt.Sprintf("Content-Length: %d\r\n\r\n%s", len(m), m) }
	cmd := exec.Command(bin, "lsp")
	cmd.Env = append(os.Environ(), "PATH="+noPath)
	stdin, _ := cmd.StdinPipe()
	stdoutPipe, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	read := make(chan string)
	go func() {
		var got []byte
		buf := make([]byte, 4096)
		for {
			n, err := stdoutPipe.Read(buf)
			got = append(got, buf[:n]...)
			read <- string(got)
			if err != nil {
				close(read)
				return
			}
		}
	}()
	until := func(want string) string {
		deadline := time.After(30 * time.Second)
		for {
			select {
			case got, ok := <-read:
				if !ok || strings.Contains(got, want) {
					return got
				}
			case <-deadline:
				cmd.Process.Kill()
				t.Fatalf("berth lsp: no %s in 30 s", want)
			}
		}
	}
	io.WriteString(stdin, frame(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"rootUri":null,"capabilities":{}}}`))
	if got := until(`"capabilities"`); !strings.Contains(got, `"capabilities"`) {
		t.Errorf("berth lsp answered initialize with %q", got)
	}
	io.WriteString(stdin, frame(`{"jsonrpc":"2.0","id":2,"method":"shutdown"}`)+frame(`{"jsonrpc":"2.0","method":"exit"}`))
	for range read {
	}
	if err := cmd.Wait(); err != nil {
		t.Errorf("berth lsp after shutdown and exit: %v", err)
	}
	code, stdout, stderr := berth(t, bin, noPath, work, "lsp", "--help")
	if code != 0 || !strings.Contains(stdout+stderr, "berth lsp") {
		t.Errorf("berth lsp --help = %d, output %q %q", code, stdout, stderr)
	}
	// pin goes to berth-engine, which says why it cannot reach the
	// engine (exit 2)...
	code, _, stderr = berth(t, bin, noPath, work, "pin", "--host", "unix://"+filepath.Join(work, "no.sock"), "Dockerfile")
	if code != 2 || !strings.HasPrefix(stderr, "berth pin: ") || strings.Contains(stderr, "berth-engine") {
		t.Errorf("berth pin with no engine listening = %d, stderr %q", code, stderr)
	}
	// ...but "pin --check" and pin's help need no engine: berth answers
	// them, even alone (below).
	code, stdout, stderr = berth(t, bin, noPath, work, "pin", "--check", "Dockerfile")
	if code != 1 || stdout != "Dockerfile:1:6: FROM alpine:3.19 is not pinned to a digest\n" || stderr != "" {
		t.Errorf("berth pin --check = %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	cmd = exec.Command(bin, "pin", "--check", "-")
	cmd.Env = append(os.Environ(), "PATH="+noPath)
	cmd.Stdin = strings.NewReader("FROM debian:12\n")
	if out, _ := cmd.Output(); string(out) != "-:1:6: FROM debian:12 is not pinned to a digest\n" {
		t.Errorf("berth pin --check - printed %q", out)
	}
	code, stdout, _ = berth(t, bin, noPath, work, "help", "pin")
	if code != 0 || !strings.HasPrefix(stdout, "usage: berth pin") {
		t.Errorf("berth help pin = %d, stdout %q", code, stdout)
	}

	// berth-engine answers berth's other commands, with the same version.
	_, v1, _ := berth(t, bin, noPath, work, "--version")
	_, v2, _ := berth(t, engine, noPath, work, "--version")
	if v1 == "" || v1 != v2 {
		t.Errorf("berth --version = %q, berth-engine --version = %q", v1, v2)
	}
	if code, stdout, _ := berth(t, engine, noPath, work, "lint", "--shellcheck=off", "--format", "gnu", "Dockerfile"); code != 0 || stdout != "" {
		t.Errorf("berth-engine lint = %d, %q", code, stdout)
	}

	// Behind a link (hadolint may be one), berth-engine is found beside the
	// link's target; and beside the link itself, where the target has none.
	links := filepath.Join(work, "links")
	if err := os.Mkdir(links, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(bin, filepath.Join(links, "berth")); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := berth(t, filepath.Join(links, "berth"), noPath, work, "lsp", "--help"); code != 0 {
		t.Errorf("berth lsp --help through a link = %d, stderr %q", code, stderr)
	}
	alone := filepath.Join(work, "alone")
	if err := os.Mkdir(alone, 0o755); err != nil {
		t.Fatal(err)
	}
	copyFile(t, bin, filepath.Join(alone, "berth"))
	if err := os.Symlink(engine, filepath.Join(links, "berth-engine")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(alone, "berth"), filepath.Join(links, "berth2")); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := berth(t, filepath.Join(links, "berth2"), noPath, work, "lsp", "--help"); code != 0 {
		t.Errorf("berth lsp --help through a link beside berth-engine = %d, stderr %q", code, stderr)
	}
	// On PATH.
	if code, _, stderr := berth(t, filepath.Join(alone, "berth"), dir, work, "lsp", "--help"); code != 0 {
		t.Errorf("berth lsp --help with berth-engine on PATH = %d, stderr %q", code, stderr)
	}

	// Missing: the error says where berth looked and how to install it.
	for _, tc := range []struct{ lang, want string }{
		{"en", "berth lsp: berth-engine not found in " + alone + " nor on PATH: berth lsp runs in berth-engine, which is installed next to berth: go install github.com/berth-dev/berth/cmd/...@latest\n"},
		{"es", "berth lsp: no se encontró berth-engine en " + alone + " ni en el PATH: berth lsp se ejecuta en berth-engine, que se instala junto a berth: go install github.com/berth-dev/berth/cmd/...@latest\n"},
	} {
		code, stdout, stderr := berth(t, filepath.Join(alone, "berth"), noPath, work, "lsp", "--lang", tc.lang)
		if code != 2 || stdout != "" || stderr != tc.want {
			t.Errorf("berth lsp --lang %s without berth-engine = %d, stdout %q, stderr %q, want %q", tc.lang, code, stdout, stderr, tc.want)
		}
	}
	if code, _, stderr := berth(t, filepath.Join(alone, "berth"), noPath, work, "pin", "Dockerfile"); code != 2 || !strings.Contains(stderr, "berth pin: berth-engine not found") {
		t.Errorf("berth pin without berth-engine = %d, stderr %q", code, stderr)
	}
	// A copy of berth named berth-engine says so instead of handing the
	// command back and forth.
	fake := filepath.Join(work, "fake")
	if err := os.Mkdir(fake, 0o755); err != nil {
		t.Fatal(err)
	}
	copyFile(t, bin, filepath.Join(fake, "berth"))
	copyFile(t, bin, filepath.Join(fake, "berth-engine"))
	want := "berth lsp: " + filepath.Join(fake, "berth-engine") + " is berth, not berth-engine: reinstall both with go install github.com/berth-dev/berth/cmd/...@latest\n"
	if code, _, stderr := berth(t, filepath.Join(fake, "berth"), noPath, work, "lsp", "--help"); code != 2 || stderr != want {
		t.Errorf("berth lsp with berth as berth-engine = %d, stderr %q, want %q", code, stderr, want)
	}
	// Linting and checking pins need no berth-engine.
	if code, _, stderr := berth(t, filepath.Join(alone, "berth"), noPath, work, "pin", "--check=true", "Dockerfile"); code != 1 {
		t.Errorf("berth pin --check without berth-engine = %d, stderr %q", code, stderr)
	}
	if code, _, stderr := berth(t, filepath.Join(alone, "berth"), noPath, work, "lint", "--shellcheck=off", "Dockerfile"); code != 0 {
		t.Errorf("berth lint without berth-engine = %d, stderr %q", code, stderr)
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, data, 0o755); err != nil {
		t.Fatal(err)
	}
}
