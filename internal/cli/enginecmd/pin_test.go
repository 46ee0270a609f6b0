package enginecmd

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/berth-dev/berth/engine"
	"github.com/berth-dev/berth/internal/cli"
	"github.com/berth-dev/berth/internal/testdaemon"
)

// Exit codes, as cli's.
const (
	exitOK    = 0
	exitError = 2
)

func TestMain(m *testing.M) {
	Register()
	os.Exit(m.Run())
}

// runBerth runs berth-engine in-process and returns its exit code and output.
func runBerth(t *testing.T, vars map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	e := &cli.Env{
		Stdin:  strings.NewReader(""),
		Stdout: &stdout,
		Stderr: &stderr,
		Getenv: func(k string) string {
			if v, ok := vars[k]; ok {
				return v
			}
			return os.Getenv(k)
		},
	}
	code := cli.Run(e, args)
	return code, stdout.String(), stderr.String()
}

// dockerAPI sends a request to the test daemon's API and fails the test
// unless it succeeds.
func dockerAPI(t *testing.T, host, method, path string, header http.Header) {
	t.Helper()
	req, err := http.NewRequest(method, "http://docker"+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := testdaemon.HTTPClient(host).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode >= 300 || bytes.Contains(body, []byte(`"errorDetail"`)) {
		t.Fatalf("%s %s: %s %s", method, path, resp.Status, body)
	}
}

func TestPinDocker(t *testing.T) {
	host := testdaemon.Docker(t)
	ctx := context.Background()
	c, err := engine.New(engine.Endpoint{Host: host})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Pull(ctx, testdaemon.Busybox, "", nil); err != nil {
		t.Fatal(err)
	}
	digest, err := c.RepoDigest(ctx, testdaemon.Busybox)
	if err != nil {
		t.Fatal(err)
	}

	dir := t.TempDir()
	file := filepath.Join(dir, "Dockerfile")
	const src = `ARG BASE=busybox
FROM --platform=linux/amd64 localhost:5000/busybox:1.36 AS build
RUN true
FROM build
FROM scratch
FROM $BASE
FROM localhost:5000/busybox:1.36
`
	want := strings.ReplaceAll(src, "localhost:5000/busybox:1.36 ", "localhost:5000/busybox:1.36@"+digest+" ")
	want = strings.ReplaceAll(want, "localhost:5000/busybox:1.36\n", "localhost:5000/busybox:1.36@"+digest+"\n")
	if err := os.WriteFile(file, []byte(src), 0o640); err != nil {
		t.Fatal(err)
	}

	// --dry-run prints the diff and writes nothing.
	code, stdout, stderr := runBerth(t, nil, "pin", "--dry-run", "--host", host, file)
	if code != exitOK {
		t.Fatalf("pin --dry-run = %d, stderr:\n%s", code, stderr)
	}
	name := filepath.ToSlash(file)
	for _, line := range []string{
		"--- a/" + name,
		"+++ b/" + name,
		"-FROM --platform=linux/amd64 localhost:5000/busybox:1.36 AS build",
		"+FROM --platform=linux/amd64 localhost:5000/busybox:1.36@" + digest + " AS build",
		"-FROM localhost:5000/busybox:1.36",
		"+FROM localhost:5000/busybox:1.36@" + digest,
	} {
		if !strings.Contains(stdout, line+"\n") {
			t.Errorf("pin --dry-run output lacks %q:\n%s", line, stdout)
		}
	}
	if !strings.Contains(stderr, "FROM $BASE skipped") {
		t.Errorf("pin --dry-run stderr lacks the note about $BASE:\n%s", stderr)
	}
	if got, _ := os.ReadFile(file); string(got) != src {
		t.Errorf("pin --dry-run changed the file:\n%s", got)
	}

	// Without flags the file is rewritten, keeping its mode, with no
	// temporary file left behind.
	code, stdout, stderr = runBerth(t, nil, "pin", "--host", host, file)
	if code != exitOK || stdout != "" {
		t.Fatalf("pin = %d, stdout %q, stderr:\n%s", code, stdout, stderr)
	}
	got, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Errorf("pinned file =\n%s\nwant\n%s", got, want)
	}
	if st, err := os.Stat(file); err != nil || st.Mode().Perm() != 0o640 {
		t.Errorf("pinned file mode = %v, %v; want 0640", st.Mode(), err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("folder holds %d entries after pin, want only the Dockerfile", len(entries))
	}

	// Now everything is pinned: --check is happy, and pin has nothing to do
	// (no daemon needed).
	if code, stdout, _ := runBerth(t, nil, "pin", "--check", file); code != exitOK || stdout != "" {
		t.Errorf("pin --check after pin = %d, %q", code, stdout)
	}
	if code, _, stderr := runBerth(t, map[string]string{"DOCKER_HOST": "unix:///nonexistent.sock"}, "pin", file); code != exitOK {
		t.Errorf("pin of a pinned file = %d, stderr:\n%s", code, stderr)
	}

	// DOCKER_HOST finds the daemon as well as --host.
	if err := os.WriteFile(file, []byte("FROM localhost:5000/busybox:1.36\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr = runBerth(t, map[string]string{"DOCKER_HOST": host}, "pin", file)
	if got, _ := os.ReadFile(file); code != exitOK || string(got) != "FROM localhost:5000/busybox:1.36@"+digest+"\n" {
		t.Errorf("pin with DOCKER_HOST = %d, file %q, stderr:\n%s", code, got, stderr)
	}
}

// TestPinPulls pins an image the daemon does not have: pin pulls it. The
// image is a copy of busybox pushed to the test registry under a name of
// its own, so that other tests using busybox are not disturbed.
func TestPinPulls(t *testing.T) {
	host := testdaemon.Docker(t)
	const repo, tag = testdaemon.Registry + "/berth-pin-test", "1"
	ref := repo + ":" + tag
	emptyAuth := http.Header{"X-Registry-Auth": {base64.URLEncoding.EncodeToString([]byte("{}"))}}
	dockerAPI(t, host, http.MethodPost, "/images/create?fromImage="+url.QueryEscape(testdaemon.Registry+"/busybox")+"&tag=1.36", nil)
	dockerAPI(t, host, http.MethodPost, fmt.Sprintf("/images/%s/tag?repo=%s&tag=%s", testdaemon.Busybox, url.QueryEscape(repo), tag), nil)
	dockerAPI(t, host, http.MethodPost, fmt.Sprintf("/images/%s/push?tag=%s", repo, tag), emptyAuth)
	dockerAPI(t, host, http.MethodDelete, "/images/"+ref, nil)

	file := filepath.Join(t.TempDir(), "Dockerfile")
	if err := os.WriteFile(file, []byte("FROM "+ref+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runBerth(t, nil, "pin", "--host", host, file)
	if code != exitOK {
		t.Fatalf("pin = %d, stderr:\n%s", code, stderr)
	}
	if !strings.Contains(stderr, "pulling "+ref) {
		t.Errorf("pin stderr = %q, want it to say it pulls %s", stderr, ref)
	}
	got, _ := os.ReadFile(file)
	if !strings.HasPrefix(string(got), "FROM "+ref+"@sha256:") {
		t.Errorf("pinned file = %q", got)
	}
	t.Cleanup(func() {
		req, _ := http.NewRequest(http.MethodDelete, "http://docker/images/"+ref, nil)
		if resp, err := testdaemon.HTTPClient(host).Do(req); err == nil {
			resp.Body.Close()
		}
	})
}

func TestPinErrors(t *testing.T) {
	host := testdaemon.Docker(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "Dockerfile")
	const src = "FROM localhost:5000/nope:1\nFROM localhost:5000/busybox:1.36\n"
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runBerth(t, nil, "pin", "--host", host, file)
	if code != exitError {
		t.Errorf("pin of a missing image = %d, want %d", code, exitError)
	}
	if want := filepath.ToSlash(file) + ":1:6: cannot pin localhost:5000/nope:1: pull localhost:5000/nope:1: "; !strings.Contains(stderr, want) {
		t.Errorf("pin stderr = %q, want it to contain %q", stderr, want)
	}
	// The image that could be pinned is.
	got, _ := os.ReadFile(file)
	if !strings.Contains(string(got), "FROM localhost:5000/nope:1\nFROM localhost:5000/busybox:1.36@sha256:") {
		t.Errorf("file after a partial pin = %q", got)
	}
}
