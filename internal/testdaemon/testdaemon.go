// Package testdaemon gives tests the real Docker daemon, registry and
// Podman service that .ci/testdaemon starts. A test that needs one calls
// Docker (or Podman): it gets the daemon's address, or is skipped with a
// message that says how to start one; when BERTH_REQUIRE_DOCKER=1 (or
// BERTH_REQUIRE_PODMAN=1), as in CI, a missing daemon fails the test
// instead.
package testdaemon

import (
	"context"
	"net"
	"net/http"
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
func Podman(t testing.TB) string {
	t.Helper()
	return find(t, "BERTH_TEST_PODMAN_HOST", defaultPodman, "BERTH_REQUIRE_PODMAN", "Podman API service")
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
