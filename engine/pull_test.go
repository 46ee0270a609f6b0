package engine

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/moby/moby/client"

	"github.com/berth-dev/berth/internal/testdaemon"
)

// registryDigest asks the test registry for the digest of repo:tag.
func registryDigest(t *testing.T, repo, tag string) string {
	t.Helper()
	req, err := http.NewRequest(http.MethodHead, "http://"+testdaemon.Registry+"/v2/"+repo+"/manifests/"+tag, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Accept", strings.Join([]string{
		"application/vnd.oci.image.index.v1+json",
		"application/vnd.docker.distribution.manifest.list.v2+json",
		"application/vnd.oci.image.manifest.v1+json",
		"application/vnd.docker.distribution.manifest.v2+json",
	}, ", "))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	d := resp.Header.Get("Docker-Content-Digest")
	if resp.StatusCode != http.StatusOK || d == "" {
		t.Fatalf("registry: %s for %s:%s, digest %q", resp.Status, repo, tag, d)
	}
	return d
}

func TestPullDocker(t *testing.T) {
	c := newTestClient(t, Endpoint{Host: testdaemon.Docker(t)})
	ctx := context.Background()
	// An image of this test's own, absent from the daemon, so that the
	// pull has something to do and no other test sharing the daemon
	// loses its base image meanwhile.
	ref := testdaemon.FreshImage(t, c.ep.Host, "berth-engine-pull")
	if _, err := c.Image(ctx, ref); !IsNotFound(err) {
		t.Fatalf("%s still there after removal: %v", ref, err)
	}

	var mu sync.Mutex
	var events []PullEvent
	err := c.Pull(ctx, ref, "", func(ev PullEvent) {
		mu.Lock()
		events = append(events, ev)
		mu.Unlock()
	})
	if err != nil {
		t.Fatalf("Pull: %v", err)
	}
	if len(events) == 0 {
		t.Fatal("Pull reported no progress")
	}
	var statuses []string
	for _, ev := range events {
		statuses = append(statuses, ev.Layer+" "+ev.Status)
	}
	joined := strings.Join(statuses, "\n")
	if !strings.Contains(joined, "Digest: sha256:") && !strings.Contains(joined, "Pull complete") {
		t.Errorf("Pull progress lacks the digest or layer lines:\n%s", joined)
	}

	img, err := c.Image(ctx, ref)
	if err != nil {
		t.Fatalf("Image after Pull: %v", err)
	}
	if img.OS != "linux" {
		t.Errorf("Image = %+v, want linux", img)
	}
	digest, err := c.RepoDigest(ctx, ref)
	if err != nil {
		t.Fatalf("RepoDigest: %v", err)
	}
	if want := registryDigest(t, "berth-engine-pull", "1"); digest != want {
		t.Errorf("RepoDigest = %s, registry says %s", digest, want)
	}
	// The digest pulls too, and names the same image.
	if err := c.Pull(ctx, "localhost:5000/berth-engine-pull@"+digest, "", nil); err != nil {
		t.Errorf("Pull by digest: %v", err)
	}

	// A local tag of another repository has no digest of its own.
	const local = "berth-engine-test-local:1"
	if _, err := c.api.ImageTag(ctx, client.ImageTagOptions{Source: ref, Target: local}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.api.ImageRemove(context.Background(), local, client.ImageRemoveOptions{}) })
	if _, err := c.RepoDigest(ctx, local); err == nil || !strings.Contains(err.Error(), "no repository digest for berth-engine-test-local") {
		t.Errorf("RepoDigest of a local tag = %v, want an error saying it has none", err)
	}
}

func TestPullPlatform(t *testing.T) {
	c := newTestClient(t, Endpoint{Host: testdaemon.Docker(t)})
	info, err := c.Ping(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Pull(context.Background(), testdaemon.Busybox, info.OS+"/"+info.Arch, nil); err != nil {
		t.Errorf("Pull for %s/%s: %v", info.OS, info.Arch, err)
	}
	// A lone OS is this machine's architecture, as docker pull
	// --platform reads it (see TestParsePlatform).
	if err := c.Pull(context.Background(), testdaemon.Busybox, info.OS, nil); err != nil {
		t.Errorf("Pull for %s: %v", info.OS, err)
	}
	if err := c.Pull(context.Background(), testdaemon.Busybox, "linux/arm64/v8/x", nil); err == nil || !strings.Contains(err.Error(), `platform "linux/arm64/v8/x"`) {
		t.Errorf("Pull with a bad platform = %v, want an error naming it", err)
	}
}

func TestPullNotFound(t *testing.T) {
	for name, host := range map[string]func(testing.TB) string{"docker": testdaemon.Docker, "podman": testdaemon.Podman} {
		t.Run(name, func(t *testing.T) {
			c := newTestClient(t, Endpoint{Host: host(t)})
			const ref = "localhost:5000/nope:1"
			err := c.Pull(context.Background(), ref, "", nil)
			if err == nil {
				t.Fatal("Pull of a missing image succeeded")
			}
			if !strings.Contains(err.Error(), ref) || !strings.Contains(err.Error(), "manifest unknown") {
				t.Errorf("Pull error = %q, want it to name %s and give the registry's answer", err, ref)
			}
			if !IsNotFound(err) {
				t.Errorf("IsNotFound(%v) = false", err)
			}
		})
	}
}

func TestPullBadReference(t *testing.T) {
	c := newTestClient(t, Endpoint{Host: "unix://" + socketPath(t)})
	if err := c.Pull(context.Background(), "Not A Ref", "", nil); err == nil || IsUnreachable(err) {
		t.Errorf("Pull of an invalid reference = %v, want a reference error", err)
	}
}

// TestPullCancelDocker cancels a pull at its first progress event: Pull
// returns context.Canceled. That it returns promptly is
// TestPullFakeDaemon's to check, with a daemon that would never end the
// pull; here the deadline is only a fail-safe.
func TestPullCancelDocker(t *testing.T) {
	c := newTestClient(t, Endpoint{Host: testdaemon.Docker(t)})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var once sync.Once
	cancelled := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- c.Pull(ctx, testdaemon.Busybox, "", func(PullEvent) {
			once.Do(func() {
				cancel()
				close(cancelled)
			})
		})
	}()
	var err error
	select {
	case err = <-done:
	case <-time.After(2 * time.Minute):
		t.Fatal("Pull did not return")
	}
	select {
	case <-cancelled:
	default:
		t.Fatalf("Pull = %v without progress", err)
	}
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Pull after cancel = %v, want context.Canceled", err)
	}
}

// fakePullDaemon serves a Docker API on a unix socket: ping and version
// answer as a 1.41 daemon; image pulls are answered by pull.
func fakePullDaemon(t *testing.T, pull http.HandlerFunc) string {
	t.Helper()
	path := socketPath(t)
	l, err := net.Listen("unix", path)
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/_ping", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Api-Version", "1.41")
		w.Header().Set("Ostype", "linux")
		io.WriteString(w, "OK")
	})
	mux.HandleFunc("/v1.41/version", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"Version":"20.10.0","ApiVersion":"1.41","Os":"linux","Arch":"amd64"}`)
	})
	mux.HandleFunc("/v1.41/images/create", pull)
	srv := &http.Server{Handler: mux, ErrorLog: nil}
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	return "unix://" + path
}

func writeLine(w http.ResponseWriter, line string) {
	fmt.Fprintln(w, line)
	w.(http.Flusher).Flush()
}

func TestPullFakeDaemon(t *testing.T) {
	const layerLine = `{"status":"Downloading","progressDetail":{"current":100,"total":1000},"id":"0123456789ab"}`
	// The daemon never ends this pull: Pull can only return because of
	// the cancel, and the deadline is a fail-safe.
	t.Run("cancel while the daemon is silent", func(t *testing.T) {
		host := fakePullDaemon(t, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			writeLine(w, layerLine)
			<-r.Context().Done()
		})
		c := newTestClient(t, Endpoint{Host: host})
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		got := make(chan PullEvent, 10)
		done := make(chan error, 1)
		go func() { done <- c.Pull(ctx, "busybox:1.36", "", func(ev PullEvent) { got <- ev }) }()
		ev := <-got
		if ev.Layer != "0123456789ab" || ev.Status != "Downloading" || ev.Current != 100 || ev.Total != 1000 {
			t.Errorf("progress = %+v", ev)
		}
		cancel()
		select {
		case err := <-done:
			if !errors.Is(err, context.Canceled) {
				t.Errorf("Pull after cancel = %v, want context.Canceled", err)
			}
		case <-time.After(20 * time.Second):
			t.Fatal("Pull did not return after the cancel")
		}
	})
	t.Run("connection cut mid-stream", func(t *testing.T) {
		host := fakePullDaemon(t, func(w http.ResponseWriter, r *http.Request) {
			writeLine(w, layerLine)
			writeLine(w, `{"status":"Downloading","progressDetail":{"current":500,"total":1000},"id":"0123456789ab"}`)
			panic(http.ErrAbortHandler) // closes the connection mid-response
		})
		c := newTestClient(t, Endpoint{Host: host})
		n := 0
		err := c.Pull(context.Background(), "busybox:1.36", "", func(PullEvent) { n++ })
		if err == nil || !strings.Contains(err.Error(), "connection to the daemon lost") {
			t.Errorf("Pull with a cut connection = %v, want an error", err)
		}
		if n != 2 {
			t.Errorf("Pull reported %d events before the cut, want 2", n)
		}
	})
	t.Run("error line", func(t *testing.T) {
		host := fakePullDaemon(t, func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Query().Get("fromImage") != "docker.io/library/busybox" || r.URL.Query().Get("tag") != "1.36" {
				t.Errorf("pull query = %s", r.URL.RawQuery)
			}
			writeLine(w, `{"status":"Pulling from library/busybox","id":"1.36"}`)
			writeLine(w, `{"errorDetail":{"message":"toomanyrequests: rate limit"},"error":"toomanyrequests: rate limit"}`)
		})
		c := newTestClient(t, Endpoint{Host: host})
		var evs []PullEvent
		err := c.Pull(context.Background(), "busybox:1.36", "", func(ev PullEvent) { evs = append(evs, ev) })
		if err == nil || err.Error() != "pull busybox:1.36: toomanyrequests: rate limit" || IsNotFound(err) {
			t.Errorf("Pull = %v, want the daemon's error", err)
		}
		if len(evs) != 1 || evs[0].Layer != "" || evs[0].Status != "Pulling from library/busybox" {
			t.Errorf("events = %+v, want the whole-image line without a layer", evs)
		}
	})
	t.Run("empty answer", func(t *testing.T) {
		host := fakePullDaemon(t, func(w http.ResponseWriter, r *http.Request) {})
		c := newTestClient(t, Endpoint{Host: host})
		if err := c.Pull(context.Background(), "busybox:1.36", "", nil); err == nil {
			t.Error("Pull with an empty answer succeeded")
		}
	})
	t.Run("platform and credentials are sent", func(t *testing.T) {
		cfg := writeConfig(t, `{"auths":{"https://index.docker.io/v1/":{"auth":"`+b64("u:p")+`"}}}`)
		t.Setenv("DOCKER_CONFIG", cfg)
		var query, auth string
		host := fakePullDaemon(t, func(w http.ResponseWriter, r *http.Request) {
			query, auth = r.URL.Query().Get("platform"), r.Header.Get("X-Registry-Auth")
			writeLine(w, `{"status":"Status: Image is up to date for busybox:1.36"}`)
		})
		c := newTestClient(t, Endpoint{Host: host})
		// Sent normalised, as containerd's parser reads it (see
		// TestParsePlatform).
		if err := c.Pull(context.Background(), "busybox:1.36", "linux/aarch64", nil); err != nil {
			t.Fatal(err)
		}
		if query != "linux/arm64" {
			t.Errorf("platform query = %q", query)
		}
		want, _ := EncodeAuth(AuthConfig{Username: "u", Password: "p", ServerAddress: dockerHubAuthKey})
		if auth != want {
			t.Errorf("X-Registry-Auth = %q, want %q", auth, want)
		}
	})
}

// TestParsePlatform: a pull's platform is read as docker pull --platform
// reads it (containerd's parser): architectures by their other names
// (aarch64, x86_64, armhf) are normalised, a lone OS gets this machine's
// architecture, and what is not a platform is refused.
func TestParsePlatform(t *testing.T) {
	cases := map[string]string{
		"linux/amd64":     "linux/amd64",
		"linux/aarch64":   "linux/arm64",
		"Linux/x86_64":    "linux/amd64",
		" linux/arm64 ":   "linux/arm64",
		"linux/arm/v7":    "linux/arm/v7",
		"linux/armhf":     "linux/arm/v7",
		"linux/arm64/v8":  "linux/arm64",
		"windows/amd64":   "windows/amd64",
		"linux/riscv64":   "linux/riscv64",
		"linux/ppc64le":   "linux/ppc64le",
		"linux/s390x":     "linux/s390x",
		"linux/386":       "linux/386",
		"linux/i386":      "linux/386",
		"linux/arm":       "linux/arm/v7",
		"linux/aarch64/8": "linux/arm64",
	}
	if runtime.GOARCH == "amd64" || runtime.GOARCH == "arm64" { // no variant to add
		cases["linux"] = "linux/" + runtime.GOARCH
	}
	for in, want := range cases {
		p, err := parsePlatform(in)
		if err != nil {
			t.Errorf("%q: %v", in, err)
			continue
		}
		got := p.OS + "/" + p.Architecture
		if p.Variant != "" {
			got += "/" + p.Variant
		}
		if got != want {
			t.Errorf("%q: got %s, want %s", in, got, want)
		}
	}
	for _, in := range []string{"", "/", "linux/", "linux/amd64/v2/x", "linux/am d64", "$TARGETPLATFORM"} {
		if p, err := parsePlatform(in); err == nil {
			t.Errorf("%q: got %+v, want an error", in, p)
		}
	}
}
