package engine

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/berth-dev/berth/internal/testdaemon"
)

// newTestClient returns a client for host, closed at the end of the test.
func newTestClient(t *testing.T, ep Endpoint) *Client {
	t.Helper()
	c, err := New(ep)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// socketPath returns a unix socket path in a fresh temporary folder, short
// enough for the 108-byte limit.
func socketPath(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "berth-engine-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return filepath.Join(dir, "d.sock")
}

// silentDaemon listens on a unix socket, accepts connections and never
// answers. It returns the socket's address.
func silentDaemon(t *testing.T) string {
	t.Helper()
	path := socketPath(t)
	l, err := net.Listen("unix", path)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	var conns []net.Conn
	go func() {
		for {
			conn, err := l.Accept()
			if err != nil {
				close(done)
				return
			}
			conns = append(conns, conn) // held open, never answered
		}
	}()
	t.Cleanup(func() {
		l.Close()
		<-done
		for _, c := range conns {
			c.Close()
		}
	})
	return "unix://" + path
}

func TestUnreachableMessage(t *testing.T) {
	tests := []struct {
		ep      Endpoint
		timeout time.Duration
		want    string
	}{
		{Endpoint{Host: DefaultHost, Source: "default socket"}, 0,
			"Docker daemon not reachable at unix:///var/run/docker.sock: is it running? Set DOCKER_HOST or the docker.host setting"},
		{Endpoint{Host: "tcp://127.0.0.1:2375", Source: "DOCKER_HOST"}, 0,
			"Docker daemon not reachable at tcp://127.0.0.1:2375 (from DOCKER_HOST): is it running? Set DOCKER_HOST or the docker.host setting"},
		{Endpoint{Host: "unix:///run/user/1000/podman/podman.sock", Source: "Podman socket"}, 0,
			"Podman API service not reachable at unix:///run/user/1000/podman/podman.sock (from Podman socket): is it running (systemctl --user start podman.socket)? Set DOCKER_HOST or the docker.host setting"},
		{Endpoint{Host: "unix:///tmp/d.sock", Source: "docker.host setting"}, 3 * time.Second,
			"Docker daemon not answering at unix:///tmp/d.sock (from docker.host setting) (no answer in 3s): is it running? Set DOCKER_HOST or the docker.host setting"},
	}
	for _, tc := range tests {
		err := &UnreachableError{Endpoint: tc.ep, Timeout: tc.timeout, Err: errors.New("cause")}
		if got := err.Error(); got != tc.want {
			t.Errorf("Error() =\n%s\nwant\n%s", got, tc.want)
		}
		if !IsUnreachable(err) || !IsUnreachable(errors.Join(errors.New("x"), err)) {
			t.Errorf("IsUnreachable(%v) = false", err)
		}
	}
	if IsUnreachable(errors.New("x")) || IsUnreachable(nil) {
		t.Error("IsUnreachable of an unrelated error is true")
	}
}

func TestNoDaemon(t *testing.T) {
	// Nobody listens on the socket (it does not even exist).
	ep := Endpoint{Host: "unix://" + socketPath(t), Source: "DOCKER_HOST"}
	c := newTestClient(t, ep)
	ctx := context.Background()
	_, err := c.Ping(ctx)
	if !IsUnreachable(err) {
		t.Fatalf("Ping = %v, want an UnreachableError", err)
	}
	want := "Docker daemon not reachable at " + ep.Host + " (from DOCKER_HOST): is it running?"
	if !strings.HasPrefix(err.Error(), want) {
		t.Errorf("Ping error = %q, want it to start with %q", err, want)
	}
	if _, err := c.Images(ctx); !IsUnreachable(err) {
		t.Errorf("Images = %v, want an UnreachableError", err)
	}
	if _, err := c.Image(ctx, "busybox"); !IsUnreachable(err) || IsNotFound(err) {
		t.Errorf("Image = %v, want an UnreachableError", err)
	}
	if _, err := c.RepoDigest(ctx, "busybox"); !IsUnreachable(err) {
		t.Errorf("RepoDigest = %v, want an UnreachableError", err)
	}
	if err := c.Pull(ctx, "busybox", "", nil); !IsUnreachable(err) {
		t.Errorf("Pull = %v, want an UnreachableError", err)
	}
}

// TestSilentDaemon: a daemon that accepts connections and never answers
// is given up on at the client's timeouts, which the errors carry: Ping's,
// the other quick calls' (shortened here), and a caller's shorter
// deadline. A call waits at least its timeout; how much longer depends on
// the machine, so only a fail-safe bounds it (returns).
func TestSilentDaemon(t *testing.T) {
	host := silentDaemon(t)
	c := newTestClient(t, Endpoint{Host: host, Source: "docker.host setting"})

	start := time.Now()
	var err error
	returns(t, "Ping", func() { _, err = c.Ping(context.Background()) })
	elapsed := time.Since(start)
	var ue *UnreachableError
	if !errors.As(err, &ue) {
		t.Fatalf("Ping = %v, want an UnreachableError", err)
	}
	if !strings.Contains(err.Error(), "not answering at "+host) {
		t.Errorf("Ping error = %q, want it to say the daemon is not answering", err)
	}
	if ue.Timeout != PingTimeout || elapsed < PingTimeout-100*time.Millisecond {
		t.Errorf("Ping gave up after %v at a timeout of %v, want %v", elapsed, ue.Timeout, PingTimeout)
	}

	// The other quick calls have their own timeout (shortened here).
	c.callTimeout = 300 * time.Millisecond
	for name, call := range map[string]func(context.Context) error{
		"Images":     func(ctx context.Context) error { _, err := c.Images(ctx); return err },
		"Image":      func(ctx context.Context) error { _, err := c.Image(ctx, "busybox"); return err },
		"RepoDigest": func(ctx context.Context) error { _, err := c.RepoDigest(ctx, "busybox"); return err },
	} {
		var err error
		returns(t, name, func() { err = call(context.Background()) })
		if ue = nil; !errors.As(err, &ue) || ue.Timeout != c.callTimeout {
			t.Errorf("%s = %v, want an UnreachableError after %v", name, err, c.callTimeout)
		}
	}

	// A caller's deadline is kept, and its error reported as such.
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	returns(t, "Images with a deadline", func() { _, err = c.Images(ctx) })
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Images with a deadline = %v, want DeadlineExceeded", err)
	}
}

// returns runs f and fails the test when f has not returned after 20
// seconds: f hangs (the timeouts under test are far shorter).
func returns(t *testing.T, what string, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatalf("%s did not return", what)
	}
}

func TestPingDocker(t *testing.T) {
	host := testdaemon.Docker(t)
	c := newTestClient(t, Endpoint{Host: host, Source: "docker.host setting"})
	info, err := c.Ping(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if info.APIVersion == "" || info.OS != "linux" || info.Arch == "" || info.ServerVersion == "" {
		t.Errorf("Ping = %+v, want the API version, OS, arch and version", info)
	}
	if !info.BuildKit || info.Podman {
		t.Errorf("Ping = %+v, want BuildKit and not Podman", info)
	}

	if again, err := c.Ping(context.Background()); err != nil || again != info {
		t.Errorf("second Ping = %+v, %v; want the cached %+v", again, err, info)
	}
	c.Refresh()
	if again, err := c.Ping(context.Background()); err != nil || again != info {
		t.Errorf("Ping after Refresh = %+v, %v; want %+v", again, err, info)
	}
}

func TestPingPodman(t *testing.T) {
	host := testdaemon.Podman(t)
	c := newTestClient(t, Endpoint{Host: host, Source: "docker.host setting"})
	info, err := c.Ping(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !info.Podman || info.BuildKit || info.APIVersion == "" {
		t.Errorf("Ping = %+v, want Podman without BuildKit", info)
	}
}

// versionDaemon serves ping and version as a daemon speaking API version
// api, and an empty image list; it records the paths asked for.
func versionDaemon(t *testing.T, api string) (host string, paths chan string) {
	t.Helper()
	path := socketPath(t)
	l, err := net.Listen("unix", path)
	if err != nil {
		t.Fatal(err)
	}
	paths = make(chan string, 100)
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		paths <- r.URL.Path
		w.Header().Set("Api-Version", api)
		w.Header().Set("Ostype", "linux")
		switch {
		case r.URL.Path == "/_ping":
			io.WriteString(w, "OK")
		case strings.HasSuffix(r.URL.Path, "/version"):
			fmt.Fprintf(w, `{"Version":"29.0.0","ApiVersion":%q,"Os":"linux","Arch":"arm64"}`, api)
		case strings.HasSuffix(r.URL.Path, "/images/json"):
			io.WriteString(w, "[]")
		default:
			http.NotFound(w, r)
		}
	})}
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	return "unix://" + path, paths
}

func TestNegotiateAPIVersion(t *testing.T) {
	host, paths := versionDaemon(t, "1.52")
	c := newTestClient(t, Endpoint{Host: host})
	info, err := c.Ping(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if info.APIVersion != "1.52" || info.Arch != "arm64" || info.ServerVersion != "29.0.0" || !info.BuildKit {
		t.Errorf("Ping = %+v", info)
	}
	if _, err := c.Images(context.Background()); err != nil {
		t.Fatal(err)
	}
	close(paths)
	var last string
	for p := range paths {
		last = p
	}
	if last != "/v1.52/images/json" {
		t.Errorf("Images asked for %s, want /v1.52/images/json", last)
	}

	old, _ := versionDaemon(t, "1.30")
	c = newTestClient(t, Endpoint{Host: old})
	if _, err := c.Ping(context.Background()); err == nil || IsUnreachable(err) || !strings.Contains(err.Error(), "1.30") {
		t.Errorf("Ping of an API 1.30 daemon = %v, want an error about its version", err)
	}
}

// TestPingBusyVersion: a daemon that answers /_ping at once and /version
// only later than Ping's timeout, as a Podman service busy building does,
// is reachable: /version has the other quick calls' timeout. (Ping and
// /version shared Ping's 3 s, and a busy Podman was said not to answer.)
func TestPingBusyVersion(t *testing.T) {
	host := serveUnix(t, func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.HasSuffix(r.URL.Path, "/_ping"):
			w.Header().Set("Api-Version", "1.41")
			w.Header().Set("Ostype", "linux")
		case strings.HasSuffix(r.URL.Path, "/version"):
			select {
			case <-time.After(time.Second): // five times Ping's timeout below
			case <-r.Context().Done():
				return
			}
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, `{"Version":"5.4.2","ApiVersion":"1.41","Os":"linux","Arch":"amd64"}`)
		default:
			http.NotFound(w, r)
		}
	})
	c := newTestClient(t, Endpoint{Host: host, Source: "docker.host setting"})
	c.pingTimeout = 200 * time.Millisecond
	var (
		info Info
		err  error
	)
	returns(t, "Ping", func() { info, err = c.Ping(context.Background()) })
	if err != nil || info.ServerVersion != "5.4.2" {
		t.Fatalf("Ping = %+v, %v; want the busy daemon's version", info, err)
	}
}
