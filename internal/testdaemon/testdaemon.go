// Package testdaemon gives tests the real Docker daemon, registry and
// Podman service that .ci/testdaemon starts. A test that needs one calls
// Docker (or Podman): it gets the daemon's address, or is skipped with a
// message that says how to start one; when BERTH_REQUIRE_DOCKER=1 (or
// BERTH_REQUIRE_PODMAN=1), as in CI, a missing daemon fails the test
// instead.
package testdaemon

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"
)

// Default addresses, as .ci/testdaemon starts them.
const (
	defaultDocker = "unix:///tmp/berth-testdaemon/docker.sock"
	defaultPodman = "unix:///tmp/berth-testdaemon/podman.sock"
)

// Registry is the loopback registry the script starts.
const Registry = "localhost:5000"

// Busybox is the image the registry holds.
const Busybox = Registry + "/busybox:1.36"

// Docker returns the address of the test Docker daemon
// (BERTH_TEST_DOCKER_HOST, else the script's socket) once it answers a
// ping.
func Docker(t testing.TB) string {
	t.Helper()
	return find(t, "BERTH_TEST_DOCKER_HOST", defaultDocker, "BERTH_REQUIRE_DOCKER", "Docker daemon")
}

// Podman returns the address of the test Podman API service
// (BERTH_TEST_PODMAN_HOST, else the script's socket) once it answers.
//
// The test holds the service alone until it ends: the tests of several
// packages (go test runs them at once) take turns. A Podman service with
// vfs storage building for one test answered another's calls only after
// seconds, longer than berth waits for a daemon that never answers.
func Podman(t testing.TB) string {
	t.Helper()
	host := find(t, "BERTH_TEST_PODMAN_HOST", defaultPodman, "BERTH_REQUIRE_PODMAN", "Podman API service")
	unlock, err := lockFile(os.TempDir() + "/berth-testdaemon-podman.lock")
	if err != nil {
		t.Fatalf("taking the Podman service for this test: %v", err)
	}
	t.Cleanup(unlock)
	return host
}

func find(t testing.TB, env, def, require, what string) string {
	t.Helper()
	host := os.Getenv(env)
	if host == "" {
		host = def
	}
	if err := Ping(host); err != nil {
		msg := "no test " + what + " at " + host + " (" + err.Error() + "): start one with `eval \"$(sudo bash .ci/testdaemon)\"` or set " + env
		if os.Getenv(require) == "1" {
			t.Fatal(msg + "; " + require + "=1 requires it")
		}
		t.Skip(msg)
	}
	return host
}

// Ping reports whether the Docker API at host (unix:// or tcp://) answers
// /_ping within a few seconds.
func Ping(host string) error {
	c := HTTPClient(host)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://docker/_ping", nil)
	if err != nil {
		return err
	}
	if strings.HasPrefix(host, "tcp://") {
		req.URL.Host = strings.TrimPrefix(host, "tcp://")
	}
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	resp.Body.Close()
	return nil
}

// HTTPClient returns a plain HTTP client that reaches the API at host.
func HTTPClient(host string) *http.Client {
	tr := &http.Transport{}
	if path, ok := strings.CutPrefix(host, "unix://"); ok {
		tr.DialContext = func(ctx context.Context, _, _ string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, "unix", path)
		}
	}
	return &http.Client{Transport: tr}
}

// RemoveImage removes an image from the daemon at host, if it is there, so
// that a test starts without it.
func RemoveImage(t testing.TB, host, ref string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodDelete, "http://docker/images/"+url.PathEscape(ref)+"?force=1", nil)
	if err != nil {
		t.Fatal(err)
	}
	if strings.HasPrefix(host, "tcp://") {
		req.URL.Host = strings.TrimPrefix(host, "tcp://")
	}
	resp, err := HTTPClient(host).Do(req)
	if err != nil {
		t.Fatalf("removing %s: %v", ref, err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusNotFound {
		t.Fatalf("removing %s: %s", ref, resp.Status)
	}
}

// FreshImage pushes a copy of Busybox to the registry under a name of the
// test's own (localhost:5000/NAME:1) and removes it from the daemon: the
// test can pull it, pin it and remove it without disturbing tests that
// run at the same time on the same daemon.
func FreshImage(t testing.TB, host, name string) string {
	t.Helper()
	ref := Registry + "/" + name
	steps := []struct{ method, path string }{
		{http.MethodPost, "/images/create?fromImage=" + url.QueryEscape(Registry+"/busybox") + "&tag=1.36"},
		{http.MethodPost, "/images/" + Busybox + "/tag?repo=" + url.QueryEscape(ref) + "&tag=1"},
		{http.MethodPost, "/images/" + ref + "/push?tag=1"},
		{http.MethodDelete, "/images/" + ref + ":1"},
	}
	for _, st := range steps {
		if err := call(host, st.method, st.path); err != nil {
			t.Fatalf("making %s:1: %v", ref, err)
		}
	}
	return ref + ":1"
}

// call makes one API call and reads its answer to the end, failing on an
// error status or an error in a JSON message stream.
func call(host, method, path string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, "http://docker"+path, nil)
	if err != nil {
		return err
	}
	if strings.HasPrefix(host, "tcp://") {
		req.URL.Host = strings.TrimPrefix(host, "tcp://")
	}
	req.Header.Set("X-Registry-Auth", "e30=") // {}
	resp, err := HTTPClient(host).Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode >= 300 {
		return fmt.Errorf("%s %s: %s: %s", method, path, resp.Status, body)
	}
	if bytes.Contains(body, []byte(`"error"`)) {
		return fmt.Errorf("%s %s: %s", method, path, body)
	}
	return nil
}
