package engine

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/berth-dev/berth/internal/testdaemon"
	controlapi "github.com/moby/buildkit/api/services/control"
	"github.com/moby/buildkit/session/auth"
	"github.com/moby/moby/client"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// builders are the builders the daemon tests run with.
var builders = []string{BuilderBuildKit, BuilderClassic}

// dockerClient returns a client of the test Docker daemon, or skips.
func dockerClient(t testing.TB) *Client {
	t.Helper()
	c, err := New(Endpoint{Host: testdaemon.Docker(t)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// recorder keeps a build's events.
type recorder struct {
	mu     sync.Mutex
	events []BuildEvent
}

func (r *recorder) add(e BuildEvent) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, e)
}

func (r *recorder) text() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var b strings.Builder
	for _, e := range r.events {
		if e.Step != nil {
			fmt.Fprintf(&b, "step %q cached=%v started=%v done=%v err=%q\n", e.Step.Name, e.Step.Cached, e.Step.Started, e.Step.Done, e.Step.Error)
		} else {
			b.WriteString(e.Message + "\n")
		}
	}
	return b.String()
}

// runBuild runs a build on the test daemon with network none and a tag
// unique to the test.
func runBuild(t *testing.T, c *Client, opts BuildOptions) (*BuildResult, *recorder, error) {
	t.Helper()
	if opts.Network == "" {
		opts.Network = "none"
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	r := &recorder{}
	res, err := c.Build(ctx, opts, r.add)
	return res, r, err
}

// testTag is a tag for t's image on builder b.
func testTag(t *testing.T, b string) string {
	n := strings.ToLower(strings.NewReplacer("/", "-", "_", "-").Replace(t.Name()))
	return "berth-test/" + n + ":" + b
}

// statInImage reports whether path exists in image (through a created,
// never started, container).
func statInImage(t *testing.T, c *Client, image, path string) bool {
	t.Helper()
	ctx := context.Background()
	cr, err := c.api.ContainerCreate(ctx, client.ContainerCreateOptions{Image: image})
	if err != nil {
		t.Fatalf("creating a container of %s: %v", image, err)
	}
	defer c.api.ContainerRemove(ctx, cr.ID, client.ContainerRemoveOptions{Force: true})
	_, err = c.api.ContainerStatPath(ctx, cr.ID, client.ContainerStatPathOptions{Path: path})
	return err == nil
}

func TestBuildDockerignoreAndTag(t *testing.T) {
	c := dockerClient(t)
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"miDockerfile":  "FROM " + testdaemon.Busybox + "\nCOPY . /app\n",
		".dockerignore": "secret.txt\n",
		"secret.txt":    "s3cret",
		"app.txt":       "app",
	})
	for _, b := range builders {
		t.Run(b, func(t *testing.T) {
			tag := testTag(t, b)
			res, r, err := runBuild(t, c, BuildOptions{ContextDir: dir, Dockerfile: filepath.Join(dir, "miDockerfile"), Builder: b, Tags: []string{tag}})
			if err != nil {
				t.Fatalf("%v\n%s", err, r.text())
			}
			if res.Builder != b || !strings.HasPrefix(res.ImageID, "sha256:") || res.Tags[0] != tag || res.Steps != 2 {
				t.Errorf("result %+v", res)
			}
			if statInImage(t, c, tag, "/app/secret.txt") {
				t.Error("/app/secret.txt is in the image: .dockerignore lists it")
			}
			if !statInImage(t, c, tag, "/app/app.txt") {
				t.Error("/app/app.txt is missing from the image")
			}
			ins, err := c.api.ImageInspect(context.Background(), tag)
			if err != nil || ins.ID != res.ImageID {
				t.Errorf("tag %s: %v, image %s, want %s", tag, err, ins.ID, res.ImageID)
			}
		})
	}
}

func TestBuildFailingStep(t *testing.T) {
	c := dockerClient(t)
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"Dockerfile": "FROM " + testdaemon.Busybox + "\nRUN echo fine\nRUN sh -c 'echo boom >&2; exit 3'\nRUN echo never\n",
	})
	for _, b := range builders {
		t.Run(b, func(t *testing.T) {
			_, r, err := runBuild(t, c, BuildOptions{ContextDir: dir, Dockerfile: filepath.Join(dir, "Dockerfile"), Builder: b, NoCache: true})
			var be *BuildError
			if !errors.As(err, &be) {
				t.Fatalf("err = %v (%T), want a *BuildError\n%s", err, err, r.text())
			}
			t.Logf("error: %v; step %+v", be, be.Step)
			if be.Step.Index != 3 || be.Step.Total != 4 || !strings.HasPrefix(be.Step.Instruction, "RUN sh -c") {
				t.Errorf("step = %+v, want 3/4 RUN sh -c ...", be.Step)
			}
			if b == BuilderBuildKit && !strings.HasPrefix(be.Step.Name, "[") {
				t.Errorf("BuildKit step name %q", be.Step.Name)
			}
			if b == BuilderClassic && !strings.HasPrefix(be.Step.Name, "Step 3/4 : ") {
				t.Errorf("classic step name %q", be.Step.Name)
			}
			if !strings.Contains(be.Step.Logs, "boom") {
				t.Errorf("logs %q lack boom", be.Step.Logs)
			}
			if !strings.Contains(be.Msg, "3") || be.Step.Error == "" {
				t.Errorf("msg %q, step error %q: want the exit code", be.Msg, be.Step.Error)
			}
		})
	}
}

func TestBuildCacheMount(t *testing.T) {
	c := dockerClient(t)
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"Dockerfile": "FROM " + testdaemon.Busybox + "\nRUN --mount=type=cache,target=/cache sh -c 'date >> /cache/log; test -d /cache'\n",
	})
	res, r, err := runBuild(t, c, BuildOptions{ContextDir: dir, Dockerfile: filepath.Join(dir, "Dockerfile"), Builder: BuilderBuildKit, NoCache: true})
	if err != nil {
		t.Fatalf("%v\n%s", err, r.text())
	}
	if res.Steps != 2 {
		t.Errorf("result %+v", res)
	}
}

func TestBuildTarget(t *testing.T) {
	c := dockerClient(t)
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"Dockerfile": "FROM " + testdaemon.Busybox + " AS build\nRUN echo built > /built\n\n" +
			"FROM " + testdaemon.Busybox + " AS final\nRUN exit 7\n",
	})
	for _, b := range builders {
		t.Run(b, func(t *testing.T) {
			tag := testTag(t, b)
			res, r, err := runBuild(t, c, BuildOptions{ContextDir: dir, Dockerfile: filepath.Join(dir, "Dockerfile"), Builder: b, Target: "build", Tags: []string{tag}})
			if err != nil {
				t.Fatalf("%v\n%s", err, r.text())
			}
			if !statInImage(t, c, tag, "/built") {
				t.Errorf("the image %s is not the build stage", res.ImageID)
			}
			if strings.Contains(r.text(), "exit 7") {
				t.Errorf("the final stage was built:\n%s", r.text())
			}
			// Without the target, the last stage fails.
			if _, _, err := runBuild(t, c, BuildOptions{ContextDir: dir, Dockerfile: filepath.Join(dir, "Dockerfile"), Builder: b}); err == nil {
				t.Error("the last stage built")
			}
		})
	}
}

// TestBuildCancel cancels a build while its RUN command runs (it has
// printed its first line): Build returns context.Canceled, and the daemon
// builds the next file. The command then sleeps 10 minutes, far longer
// than the test waits after the cancel, so Build can only return because
// of the cancel.
func TestBuildCancel(t *testing.T) {
	c := dockerClient(t)
	dir := t.TempDir()
	const running = "berth-cancel-running"
	writeFiles(t, dir, map[string]string{
		"Dockerfile": "FROM " + testdaemon.Busybox + "\nRUN echo " + running + " && sleep 600\n",
	})
	for _, b := range builders {
		t.Run(b, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var once sync.Once
			started := make(chan struct{})
			done := make(chan error, 1)
			go func() {
				_, err := c.Build(ctx, BuildOptions{ContextDir: dir, Dockerfile: filepath.Join(dir, "Dockerfile"), Builder: b, Network: "none", NoCache: true}, func(e BuildEvent) {
					// The command's output, not the step's name, which
					// holds the same words after "RUN echo".
					if strings.TrimSpace(e.Message) == running {
						once.Do(func() { close(started) })
					}
				})
				done <- err
			}()
			select {
			case <-started:
			case err := <-done:
				t.Fatalf("the build ended before its command ran: %v", err)
			case <-time.After(time.Minute):
				t.Fatal("the command never started")
			}
			cancel()
			select {
			case err := <-done:
				if !errors.Is(err, context.Canceled) {
					t.Errorf("err = %v, want context.Canceled", err)
				}
			case <-time.After(time.Minute):
				t.Fatal("Build did not return after the cancel")
			}
			// The daemon is free for the next build.
			writeFiles(t, dir, map[string]string{"ok/Dockerfile": "FROM " + testdaemon.Busybox + "\nRUN true\n"})
			if _, r, err := runBuild(t, c, BuildOptions{ContextDir: filepath.Join(dir, "ok"), Dockerfile: filepath.Join(dir, "ok", "Dockerfile"), Builder: b}); err != nil {
				t.Errorf("next build: %v\n%s", err, r.text())
			}
		})
	}
}

func TestBuildNoopRebuildCached(t *testing.T) {
	c := dockerClient(t)
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"Dockerfile": "FROM " + testdaemon.Busybox + "\nARG V=1\nENV E=2\nWORKDIR /w\nCOPY a.txt .\nRUN cat a.txt\n",
		"a.txt":      "a",
	})
	for _, b := range builders {
		t.Run(b, func(t *testing.T) {
			opts := BuildOptions{ContextDir: dir, Dockerfile: filepath.Join(dir, "Dockerfile"), Builder: b}
			if _, r, err := runBuild(t, c, opts); err != nil {
				t.Fatalf("%v\n%s", err, r.text())
			}
			res, r, err := runBuild(t, c, opts)
			if err != nil {
				t.Fatalf("%v\n%s", err, r.text())
			}
			if res.Steps == 0 || res.Cached != res.Steps {
				t.Errorf("rebuild: %d steps, %d cached; want all cached\n%s", res.Steps, res.Cached, r.text())
			}
		})
	}
}

func TestBuildDockerfileText(t *testing.T) {
	c := dockerClient(t)
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"Dockerfile": "FROM " + testdaemon.Busybox + "\nRUN echo from-disk > /which\n",
	})
	// The text's own tar entry (classic builder) never reaches COPY.
	text := "FROM " + testdaemon.Busybox + "\nRUN echo from-text > /which-text\nCOPY . /ctx\n" +
		"RUN sh -c '! ls -a /ctx | grep -q dockerfile\\.' && test -f /ctx/Dockerfile && test ! -e /ctx/.dockerignore\n"
	for _, b := range builders {
		t.Run(b, func(t *testing.T) {
			tag := testTag(t, b)
			_, r, err := runBuild(t, c, BuildOptions{ContextDir: dir, Dockerfile: filepath.Join(dir, "Dockerfile"), DockerfileText: []byte(text), Builder: b, Tags: []string{tag}})
			if err != nil {
				t.Fatalf("%v\n%s", err, r.text())
			}
			if !statInImage(t, c, tag, "/which-text") || statInImage(t, c, tag, "/which") {
				t.Errorf("the image is not the text's\n%s", r.text())
			}
		})
	}
}

func TestBuildPodmanClassic(t *testing.T) {
	c, err := New(Endpoint{Host: testdaemon.Podman(t)})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"Dockerfile": "FROM " + testdaemon.Busybox + "\nRUN echo hi\n",
	})
	res, r, err := runBuild(t, c, BuildOptions{ContextDir: dir, Dockerfile: filepath.Join(dir, "Dockerfile")})
	if err != nil {
		t.Fatalf("%v\n%s", err, r.text())
	}
	if res.Builder != BuilderClassic || res.ImageID == "" || res.Steps != 2 {
		t.Errorf("result %+v\n%s", res, r.text())
	}
}

// BenchmarkBuildNoop measures a no-op rebuild of a small busybox
// Dockerfile through Build (compare with `docker build` of the same
// folder).
func BenchmarkBuildNoop(b *testing.B) {
	c := dockerClient(b)
	dir := b.TempDir()
	for name, content := range map[string]string{
		"Dockerfile": "FROM " + testdaemon.Busybox + "\nWORKDIR /app\nCOPY . .\nRUN ls\n",
		"a.txt":      "a",
		"b.txt":      "b",
	} {
		if err := writeFile(filepath.Join(dir, name), content); err != nil {
			b.Fatal(err)
		}
	}
	for _, builder := range builders {
		b.Run(builder, func(b *testing.B) {
			opts := BuildOptions{ContextDir: dir, Dockerfile: filepath.Join(dir, "Dockerfile"), Builder: builder, Network: "none"}
			if _, err := c.Build(context.Background(), opts, nil); err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for b.Loop() {
				res, err := c.Build(context.Background(), opts, nil)
				if err != nil {
					b.Fatal(err)
				}
				if res.Cached != res.Steps {
					b.Fatalf("not a no-op: %+v", res)
				}
			}
		})
	}
}

// fakeDaemon serves the Docker API on a unix socket: /_ping, a
// /session that upgrades and then holds the connection, and a /build
// that answers with body and then drops the connection.
func fakeDaemon(t *testing.T, body string) string {
	t.Helper()
	return serveUnix(t, func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.HasSuffix(r.URL.Path, "/_ping"):
			w.Header().Set("Api-Version", "1.41")
			w.Header().Set("Ostype", "linux")
		case strings.HasSuffix(r.URL.Path, "/session"):
			conn, rw, err := http.NewResponseController(w).Hijack()
			if err != nil {
				return
			}
			rw.WriteString("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n")
			rw.Flush()
			io.Copy(io.Discard, conn)
			conn.Close()
		case strings.HasSuffix(r.URL.Path, "/build"):
			io.Copy(io.Discard, r.Body)
			conn, rw, err := http.NewResponseController(w).Hijack()
			if err != nil {
				return
			}
			fmt.Fprintf(rw, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n%x\r\n%s\r\n", len(body), body)
			rw.Flush()
			conn.Close() // no final chunk: the connection broke
		default:
			http.NotFound(w, r)
		}
	})
}

// serveUnix serves handler on a unix socket until the test ends, and
// returns the socket's address.
func serveUnix(t *testing.T, handler http.HandlerFunc) string {
	t.Helper()
	sock := filepath.Join(t.TempDir(), "d.sock")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: handler}
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	return "unix://" + sock
}

func TestBuildConnectionBreaks(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"Dockerfile": "FROM scratch\nRUN x\n"})
	for _, b := range builders {
		t.Run(b, func(t *testing.T) {
			c, err := New(Endpoint{Host: fakeDaemon(t, `{"stream":"Step 1/2 : FROM scratch\n"}`+"\n"+`{"stream":"Successfully built 0123456789ab\n"}`)})
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			res, err := c.Build(ctx, BuildOptions{ContextDir: dir, Dockerfile: filepath.Join(dir, "Dockerfile"), Builder: b}, nil)
			if err == nil || ctx.Err() != nil {
				t.Fatalf("res %+v, err %v: want an error, promptly", res, err)
			}
			t.Log(err)
		})
	}
}

func TestParseVertexName(t *testing.T) {
	for _, tc := range []struct {
		name, stage, instr string
		idx, tot           int
	}{
		{"[stage-0 4/4] RUN make", "stage-0", "RUN make", 4, 4},
		{"[build 2/3] COPY . .", "build", "COPY . .", 2, 3},
		{"[linux/amd64 build 2/3] RUN x", "build", "RUN x", 2, 3},
		{"[linux/arm/v7 2/3] RUN x", "", "RUN x", 2, 3},
		{"[3/4] RUN sh -c 'exit 3'", "", "RUN sh -c 'exit 3'", 3, 4},
		{"[internal] load build context", "", "[internal] load build context", 0, 0},
		{"exporting to image", "", "exporting to image", 0, 0},
		{"[", "", "[", 0, 0},
		{"[] x", "", "[] x", 0, 0},
		{"[a b/c] x", "", "[a b/c] x", 0, 0},
	} {
		var s BuildStep
		parseVertexName(&s, tc.name)
		if s.Name != tc.name || s.Stage != tc.stage || s.Instruction != tc.instr || s.Index != tc.idx || s.Total != tc.tot {
			t.Errorf("%q → %+v", tc.name, s)
		}
	}
}

func TestClassicOutput(t *testing.T) {
	var events []BuildEvent
	cl := &classicState{progress: func(e BuildEvent) { events = append(events, e) }}
	for _, m := range []jsonMessage{
		{Stream: "Step 1/3 : FROM busybox\n"},
		{Stream: " ---> d89776cfee8c\n"},
		{Stream: "Step 2/3 : COPY . /app\n ---> Using cache\n ---> 0d4a\n"},
		{Stream: "Step 3/3 : RUN make\n"},
		{Stream: " ---> Running in 3c2d\n"},
		{Stream: "\x1b[91mpart"},
		{Stream: "ial line\n\x1b[0m"},
		{ErrorDetail: &struct {
			Code    int    `json:"code,omitempty"`
			Message string `json:"message,omitempty"`
		}{Code: 2, Message: "returned a non-zero code: 2"}},
	} {
		cl.message(&m)
	}
	if len(cl.steps) != 3 || !cl.steps[0].Cached || !cl.steps[1].Cached || cl.steps[2].Cached {
		t.Fatalf("steps %+v", cl.steps)
	}
	if s := cl.cur; s.Index != 3 || s.Total != 3 || s.Instruction != "RUN make" || s.Logs != "partial line\n" {
		t.Errorf("current step %+v", s)
	}
	if cl.errMsg != "returned a non-zero code: 2" {
		t.Errorf("errMsg %q", cl.errMsg)
	}
	var msgs []string
	for _, e := range events {
		if e.Step == nil {
			msgs = append(msgs, e.Message)
		}
	}
	if !slices.Contains(msgs, "partial line") || !slices.Contains(msgs, "Step 3/3 : RUN make") {
		t.Errorf("messages %q", msgs)
	}
}

func TestTailLogs(t *testing.T) {
	var logs string
	for i := range 2000 {
		logs = tailLogs(logs, []byte(fmt.Sprintf("line %d\n", i)))
	}
	if len(logs) > maxStepLogs || !strings.HasPrefix(logs, "line ") || !strings.HasSuffix(logs, "line 1999\n") {
		t.Errorf("logs: %d bytes, starting %q", len(logs), logs[:20])
	}
}

func TestBuildDefaultBuilder(t *testing.T) {
	c := dockerClient(t)
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"Dockerfile": "FROM " + testdaemon.Busybox + "\nRUN true\n"})
	res, r, err := runBuild(t, c, BuildOptions{ContextDir: dir, Dockerfile: filepath.Join(dir, "Dockerfile")})
	if err != nil {
		t.Fatalf("%v\n%s", err, r.text())
	}
	if res.Builder != BuilderBuildKit {
		t.Errorf("builder %q, want buildkit: the daemon has it", res.Builder)
	}
	if _, err := c.Build(context.Background(), BuildOptions{ContextDir: dir, Builder: "kaniko"}, nil); err == nil {
		t.Error("an unknown builder gave no error")
	}
}

func TestSessionAuth(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("DOCKER_CONFIG", dir)
	if err := writeFile(filepath.Join(dir, "config.json"), `{"auths":{"localhost:5000":{"auth":"dTpw"},"https://index.docker.io/v1/":{"auth":"aHViOnB3"}}}`); err != nil {
		t.Fatal(err)
	}
	for host, want := range map[string][2]string{
		"localhost:5000":       {"u", "p"},
		"registry-1.docker.io": {"hub", "pw"},
		"ghcr.io":              {"", ""},
	} {
		resp, err := sessionAuth{}.Credentials(context.Background(), &auth.CredentialsRequest{Host: host})
		if err != nil || resp.Username != want[0] || resp.Secret != want[1] {
			t.Errorf("%s: %v, %v; want %v", host, resp, err, want)
		}
	}
}

func TestKitTrace(t *testing.T) {
	var msgs []string
	var steps []BuildStep
	k := newKitState(func(e BuildEvent) {
		if e.Step != nil {
			steps = append(steps, *e.Step)
		} else {
			msgs = append(msgs, e.Message)
		}
	})
	send := func(r *controlapi.StatusResponse) {
		dt, err := r.MarshalVT()
		if err != nil {
			t.Fatal(err)
		}
		aux, _ := json.Marshal(dt) // a JSON string: base64 of the protobuf
		k.trace(aux)
	}
	now := timestamppb.Now()
	send(&controlapi.StatusResponse{Vertexes: []*controlapi.Vertex{
		{Digest: "a", Name: "[build 1/2] FROM busybox", Started: now, Completed: now},
		{Digest: "b", Name: "[build 2/2] RUN make", Started: now},
	}})
	send(&controlapi.StatusResponse{Logs: []*controlapi.VertexLog{{Vertex: "b", Msg: []byte("one\ntw")}}})
	send(&controlapi.StatusResponse{Logs: []*controlapi.VertexLog{{Vertex: "b", Msg: []byte("o\nthree")}}})
	send(&controlapi.StatusResponse{Vertexes: []*controlapi.Vertex{
		{Digest: "b", Name: "[build 2/2] RUN make", Started: now, Completed: now, Error: "exit code: 2"},
	}})
	k.trace(json.RawMessage(`"not base64!"`)) // skipped
	if !slices.Equal(msgs, []string{"one", "two", "three"}) {
		t.Errorf("messages %q", msgs)
	}
	f := k.failed()
	if f.Stage != "build" || f.Index != 2 || f.Logs != "one\ntwo\nthree" || f.Error != "exit code: 2" {
		t.Errorf("failed step %+v", f)
	}
	if n, c := k.counts(); n != 2 || c != 1 {
		t.Errorf("counts %d, %d; want 2 steps, the FROM cached", n, c)
	}
	if len(steps) != 3 {
		t.Errorf("%d step events, want 3: %+v", len(steps), steps)
	}
}
