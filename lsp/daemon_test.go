package lsp

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/berth-dev/berth/engine"
	"github.com/berth-dev/berth/internal/testdaemon"
	"github.com/berth-dev/berth/lint"
)

// waitFor waits until the diagnostics published for u satisfy ok.
func (s *session) waitFor(u uri.URI, what string, ok func([]protocol.Diagnostic) bool) []protocol.Diagnostic {
	s.t.Helper()
	deadline := time.Now().Add(daemonWait)
	timer := time.AfterFunc(daemonWait, func() { s.changed.Broadcast() })
	defer timer.Stop()
	s.mu.Lock()
	defer s.mu.Unlock()
	for {
		if p := s.diags[u]; p != nil && ok(p.Diagnostics) {
			return p.Diagnostics
		}
		if time.Now().After(deadline) {
			var got []string
			if p := s.diags[u]; p != nil {
				for _, d := range p.Diagnostics {
					got = append(got, diagString(d))
				}
			}
			s.t.Fatalf("no diagnostics with %s for %s; last: %q", what, u, got)
		}
		s.changed.Wait()
	}
}

// execute runs a command with a progress token and returns its result or
// error.
func (s *session) execute(d time.Duration, token, command string, arg any) (json.RawMessage, error) {
	b, err := json.Marshal(arg)
	if err != nil {
		s.t.Fatal(err)
	}
	params := map[string]any{"command": command, "arguments": []json.RawMessage{b}}
	if token != "" {
		params["workDoneToken"] = token
	}
	var res json.RawMessage
	err = s.callWithin(d, "workspace/executeCommand", params, &res)
	return res, err
}

// buildDiags returns the diagnostics a build left.
func buildDiags(ds []protocol.Diagnostic) []protocol.Diagnostic {
	var out []protocol.Diagnostic
	for _, d := range ds {
		if src, _ := d.Source.Get(); src == BuildSource {
			out = append(out, d)
		}
	}
	return out
}

func actionTitles(acts []protocol.CommandOrCodeAction) []string {
	var out []string
	for _, a := range acts {
		switch a := a.(type) {
		case *protocol.CodeAction:
			out = append(out, a.Title)
		case *protocol.Command:
			out = append(out, a.Title)
		}
	}
	return out
}

// hoverText returns the hover's markdown at a position, "" for none.
func (s *session) hoverText(u uri.URI, line, char uint32) string {
	var h *protocol.Hover
	s.call("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": u}, "position": protocol.Position{Line: line, Character: char}}, &h)
	if h == nil {
		return ""
	}
	if mc, ok := h.Contents.(*protocol.MarkupContent); ok {
		return mc.Value
	}
	b, _ := json.Marshal(h.Contents)
	return string(b)
}

// daemonWait bounds each wait for the daemon in these tests: generous,
// since CI runs the packages side by side on two cores and one daemon.
const daemonWait = 2 * time.Minute

// eventually retries f until it returns "" (or fails with its last
// message after daemonWait).
func eventually(t *testing.T, f func() string) {
	t.Helper()
	var msg string
	for start := time.Now(); time.Since(start) < daemonWait; time.Sleep(100 * time.Millisecond) {
		if msg = f(); msg == "" {
			return
		}
	}
	t.Fatal(msg)
}

// TestDaemonActions pulls, builds, fails a build, pins and completes
// against the real daemon, as an editor does.
func TestDaemonActions(t *testing.T) {
	host := testdaemon.Docker(t)
	ctx := context.Background()
	eng, err := engine.New(engine.Endpoint{Host: host})
	if err != nil {
		t.Fatal(err)
	}
	defer eng.Close()
	// Start without the base image: the pull must fetch it.
	image := testdaemon.FreshImage(t, host, "berth-lsp-actions")

	dir := filepath.Join(t.TempDir(), "imagenpersonalizada")
	os.MkdirAll(dir, 0o755)
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(".dockerignore", "secret.txt\n")
	write("secret.txt", "do not send\n")
	write("keep.txt", "kept\n")
	text := "FROM " + image + "\n" +
		"COPY . /app\n" +
		"RUN test -e /app/keep.txt && test ! -e /app/secret.txt\n" +
		"RUN echo built > /built\n"
	write("miDockerfile", text)
	u := fileURI(filepath.Join(dir, "miDockerfile"))

	s := newSession(t, sessionOptions{initOptions: fmt.Sprintf(`{"docker": {"host": %q}, "build": {"network": "none"}}`, host)})
	v := s.open(u, text)
	s.waitDiags(u, v)

	var acts []protocol.CommandOrCodeAction
	s.call("textDocument/codeAction", map[string]any{
		"textDocument": map[string]any{"uri": u},
		"range":        protocol.Range{Start: protocol.Position{Line: 0, Character: 6}, End: protocol.Position{Line: 0, Character: 6}},
		"context":      map[string]any{"diagnostics": []any{}},
	}, &acts)
	titles := strings.Join(actionTitles(acts), "|")
	for _, want := range []string{"Pull " + image, "Build image"} {
		if !strings.Contains(titles, want) {
			t.Errorf("code actions %q lack %q", titles, want)
		}
	}

	// Pull, with progress.
	if _, err := s.execute(2*time.Minute, "pull-1", "berth.pull", pullArg{URI: u, Image: image}); err != nil {
		t.Fatalf("pull: %v", err)
	}
	s.mu.Lock()
	progress := strings.Join(s.progress, ",")
	s.mu.Unlock()
	if !strings.HasPrefix(progress, "begin,") || !strings.HasSuffix(progress, ",end") {
		t.Errorf("pull progress %q: want begin ... end", progress)
	}

	// Hover and completion know the local image.
	eventually(t, func() string {
		if h := s.hoverText(u, 0, 8); !strings.Contains(h, "present locally") || !strings.Contains(h, "sha256:") {
			return "hover on the pulled image: " + h
		}
		return ""
	})
	eventually(t, func() string {
		var list protocol.CompletionList
		s.call("textDocument/completion", map[string]any{"textDocument": map[string]any{"uri": u}, "position": protocol.Position{Line: 0, Character: 20}}, &list)
		for _, it := range list.Items {
			if it.Label == image {
				return ""
			}
		}
		return fmt.Sprintf("completion after FROM lacks the local image: %d items", len(list.Items))
	})

	// Build miDockerfile: the ignored file is not sent (the RUN checks).
	for _, builder := range []string{"buildkit", "classic"} {
		s.notify("workspace/didChangeConfiguration", map[string]any{"settings": map[string]any{"berth": map[string]any{
			"docker": map[string]any{"host": host}, "build": map[string]any{"network": "none", "builder": builder}}}})
		res, err := s.execute(3*time.Minute, "build-"+builder, "berth.build", buildArg{URI: u})
		if err != nil {
			t.Fatalf("%s build: %v", builder, err)
		}
		var br buildResult
		json.Unmarshal(res, &br)
		if br.ImageID == "" || len(br.Tags) == 0 || !strings.HasPrefix(br.Tags[0], "imagenpersonalizada-mi") || br.Builder != builder {
			t.Errorf("%s build result %s", builder, res)
		}
	}

	// A failing RUN is marked on its line, with both builders.
	failing := text + "RUN echo boom >&2; exit 3\nRUN echo never\n"
	v = s.change(u, failing)
	s.waitDiags(u, v)
	for _, builder := range []string{"buildkit", "classic"} {
		s.notify("workspace/didChangeConfiguration", map[string]any{"settings": map[string]any{"berth": map[string]any{
			"docker": map[string]any{"host": host}, "build": map[string]any{"network": "none", "builder": builder}}}})
		_, err := s.execute(3*time.Minute, "fail-"+builder, "berth.build", buildArg{URI: u, Tag: "berth-test-failing"})
		if err == nil || !strings.Contains(err.Error(), "line 5") {
			t.Errorf("%s: failing build: %v, want an error at line 5", builder, err)
		}
		ds := s.waitFor(u, "a docker build error", func(ds []protocol.Diagnostic) bool { return len(buildDiags(ds)) > 0 })
		d := buildDiags(ds)[0]
		if d.Range.Start.Line != 4 || d.Severity != protocol.DiagnosticSeverityError || !strings.Contains(diagString(d), "boom") {
			t.Errorf("%s: build diagnostic %s %q, want an error on line 5 with the step's output", builder, diagString(d), diagString(d))
		}
		// An edit elsewhere keeps it, on its moved line.
		v = s.change(u, "# a comment\n"+failing)
		ds = s.waitDiags(u, v)
		if b := buildDiags(ds); len(b) != 1 || b[0].Range.Start.Line != 5 {
			t.Errorf("%s: after a line was added above: %v", builder, b)
		}
		// Editing the instruction clears it.
		v = s.change(u, strings.Replace(failing, "exit 3", "exit 0", 1))
		ds = s.waitDiags(u, v)
		if b := buildDiags(ds); len(b) != 0 {
			t.Errorf("%s: the build error stayed after its instruction was edited: %v", builder, b)
		}
		v = s.change(u, failing)
		s.waitDiags(u, v)
	}

	// Pin the FROM to its digest.
	v = s.change(u, text)
	s.waitDiags(u, v)
	s.mu.Lock()
	s.edits = nil
	s.mu.Unlock()
	line := 0
	if _, err := s.execute(2*time.Minute, "", "berth.pin", pinArg{URI: u, Line: &line}); err != nil {
		t.Fatalf("pin: %v", err)
	}
	digest, err := eng.RepoDigest(ctx, image)
	if err != nil {
		t.Fatal(err)
	}
	s.mu.Lock()
	edits := s.edits
	s.mu.Unlock()
	if len(edits) != 1 {
		t.Fatalf("pin applied %d edits, want 1", len(edits))
	}
	got := applyEdits(t, text, s.enc, edits[0].Changes[u])
	if want := strings.Replace(text, ":1\n", ":1@"+digest+"\n", 1); got != want {
		t.Errorf("pinned text:\n%s\nwant:\n%s", got, want)
	}
}

// TestDaemonCancelBuild cancels a build from the editor's progress while
// its RUN step runs: the command answers that it was cancelled, and its
// progress ends. The step sleeps 10 minutes, far longer than the test waits
// after the cancel, so an answer can only come from the cancel.
func TestDaemonCancelBuild(t *testing.T) {
	host := testdaemon.Docker(t)
	dir := t.TempDir()
	text := "FROM " + testdaemon.Busybox + "\nRUN sleep 600\n"
	os.WriteFile(filepath.Join(dir, "Dockerfile"), []byte(text), 0o644)
	u := fileURI(filepath.Join(dir, "Dockerfile"))
	s := newSession(t, sessionOptions{initOptions: fmt.Sprintf(`{"docker": {"host": %q}, "build": {"network": "none", "noCache": true}}`, host)})
	s.waitDiags(u, s.open(u, text))
	done := make(chan error, 1)
	start := time.Now()
	go func() {
		_, err := s.execute(3*time.Minute, "cancel-me", "berth.build", buildArg{URI: u, Tag: "berth-test-cancel"})
		done <- err
	}()
	eventually(t, func() string {
		s.mu.Lock()
		defer s.mu.Unlock()
		for _, r := range s.reports {
			if strings.Contains(r, "sleep 600") {
				return ""
			}
		}
		return fmt.Sprintf("the build never reported its RUN step: %q", s.reports)
	})
	s.notify("window/workDoneProgress/cancel", map[string]any{"token": "cancel-me"})
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "cancelled") {
			t.Fatalf("the cancelled build ended with %v, want cancelled", err)
		}
		t.Logf("build ended after %v: %v", time.Since(start), err)
	case <-time.After(90 * time.Second):
		t.Fatal("the build did not stop after cancel")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if n := len(s.progress); n == 0 || s.progress[n-1] != "end" {
		t.Errorf("progress after cancel: %v, want it ended", s.progress)
	}
}

// TestDaemonAbsent runs every daemon action against a daemon that is not
// there and one that never answers: each answers with a message that says
// what to do, the progress ends, and the other features keep working. The
// refused connection is reported as such, without waiting for a timeout;
// the silent daemon is given up on at the client's own timeout, which the
// message names, not at the 30 s the test waits.
func TestDaemonAbsent(t *testing.T) {
	dir := t.TempDir()
	dead := filepath.Join(dir, "dead.sock")
	hung := filepath.Join(dir, "hung.sock")
	ln, err := net.Listen("unix", hung)
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		var conns []net.Conn
		defer func() {
			for _, c := range conns {
				c.Close()
			}
		}()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			conns = append(conns, c) // accepted, never answered
		}
	}()
	text := "FROM busybox:1.36\nRUN echo hi\n"
	os.WriteFile(filepath.Join(dir, "Dockerfile"), []byte(text), 0o644)
	u := fileURI(filepath.Join(dir, "Dockerfile"))
	for _, sock := range []string{dead, hung} {
		t.Run(filepath.Base(sock), func(t *testing.T) {
			s := newSession(t, sessionOptions{initOptions: fmt.Sprintf(`{"docker": {"host": "unix://%s"}}`, sock)})
			s.waitDiags(u, s.open(u, text))
			line := 0
			for _, c := range []struct {
				cmd string
				arg any
			}{
				{"berth.build", buildArg{URI: u}},
				{"berth.pull", pullArg{URI: u, Image: "busybox:1.36"}},
				{"berth.pin", pinArg{URI: u, Line: &line}},
			} {
				_, err := s.execute(30*time.Second, "tok-"+c.cmd, c.cmd, c.arg)
				var msg string
				if err != nil {
					msg = err.Error()
				}
				if !strings.Contains(msg, "at unix://"+sock) || !strings.Contains(msg, "is it running?") || !strings.Contains(msg, "docker.host") {
					t.Errorf("%s: %v, want the daemon named as not reachable and the setting", c.cmd, err)
				}
				d, timedOut := noAnswerIn(msg)
				switch {
				case sock == dead && timedOut:
					t.Errorf("%s: %v, want the refused connection reported at once", c.cmd, err)
				case sock == hung && (!timedOut || d > 15*time.Second):
					t.Errorf("%s: %v, want the daemon given up on after at most 15 s", c.cmd, err)
				}
				// Hover answers while the daemon does not.
				s.hoverText(u, 1, 1)
			}
			s.mu.Lock()
			defer s.mu.Unlock()
			begins, ends := strings.Count(strings.Join(s.progress, ","), "begin"), strings.Count(strings.Join(s.progress, ","), "end")
			if begins != 3 || ends != 3 {
				t.Errorf("progress %v: want 3 begun and ended", s.progress)
			}
			found := false
			for _, m := range s.messages {
				found = found || strings.Contains(m, "is it running?")
			}
			if !found {
				t.Errorf("no message told the user: %q", s.messages)
			}
		})
	}
}

// noAnswerIn returns the timeout an error message says the daemon was
// given ("... (no answer in 3s): ..."), and whether it says one.
func noAnswerIn(msg string) (time.Duration, bool) {
	m := noAnswerRE.FindStringSubmatch(msg)
	if m == nil {
		return 0, false
	}
	d, err := time.ParseDuration(m[1])
	return d, err == nil
}

var noAnswerRE = regexp.MustCompile(`\(no answer in ([^)]+)\)`)

func TestDeriveTag(t *testing.T) {
	for _, c := range []struct{ path, target, want string }{
		{"/src/imagenpersonalizada/Dockerfile", "", "imagenpersonalizada"},
		{"/src/imagenpersonalizada/miDockerfile", "", "imagenpersonalizada-mi"},
		{"/src/shop/api.Dockerfile", "", "shop-api"},
		{"/src/shop/Dockerfile.dev", "", "shop-dev"},
		{"/src/Shop App/Containerfile", "build", "shop-app:build"},
		{"/Dockerfile", "", "image"},
	} {
		if got := DeriveTag(c.path, c.target); got != c.want {
			t.Errorf("DeriveTag(%q, %q) = %q, want %q", c.path, c.target, got, c.want)
		}
	}
}

// TestPodmanActions pulls, builds and fails a build against Podman's
// Docker-compatible API service, picked by the docker.host setting.
func TestPodmanActions(t *testing.T) {
	docker := testdaemon.Docker(t)
	host := testdaemon.Podman(t)
	image := testdaemon.FreshImage(t, docker, "berth-lsp-podman")
	dir := t.TempDir()
	text := "FROM " + image + "\nRUN echo built > /built\n"
	os.WriteFile(filepath.Join(dir, "Dockerfile"), []byte(text), 0o644)
	u := fileURI(filepath.Join(dir, "Dockerfile"))
	s := newSession(t, sessionOptions{initOptions: fmt.Sprintf(`{"docker": {"host": %q}, "build": {"network": "none"}}`, host)})
	s.waitDiags(u, s.open(u, text))
	if _, err := s.execute(2*time.Minute, "pull", "berth.pull", pullArg{URI: u, Image: image}); err != nil {
		t.Fatalf("pull from Podman: %v", err)
	}
	res, err := s.execute(3*time.Minute, "build", "berth.build", buildArg{URI: u, Tag: "berth-test-podman"})
	if err != nil {
		t.Fatalf("build with Podman: %v", err)
	}
	var br buildResult
	json.Unmarshal(res, &br)
	if br.ImageID == "" {
		t.Errorf("build result %s: no image ID", res)
	}
	failing := text + "RUN echo boom >&2; exit 3\n"
	s.waitDiags(u, s.change(u, failing))
	if _, err := s.execute(3*time.Minute, "fail", "berth.build", buildArg{URI: u, Tag: "berth-test-podman"}); err == nil {
		t.Fatal("the failing build succeeded")
	}
	ds := s.waitFor(u, "a docker build error", func(ds []protocol.Diagnostic) bool { return len(buildDiags(ds)) > 0 })
	if d := buildDiags(ds)[0]; d.Range.Start.Line != 2 {
		t.Errorf("build diagnostic %s on line %d, want 3", diagString(d), d.Range.Start.Line+1)
	}
}

// TestDaemonPlatformCheck reports a local base image whose platform is not
// the stage's, once the daemon has answered, and nothing without one.
func TestDaemonPlatformCheck(t *testing.T) {
	host := testdaemon.Docker(t)
	dir := t.TempDir()
	text := "FROM --platform=linux/arm64 " + testdaemon.Busybox + "\nRUN true\nFROM " + testdaemon.Busybox + "\nRUN true\n"
	u := fileURI(filepath.Join(dir, "Dockerfile"))
	platformDiags := func(ds []protocol.Diagnostic) []protocol.Diagnostic {
		var out []protocol.Diagnostic
		for _, d := range ds {
			if codeOf(d.Code) == "BR018" {
				out = append(out, d)
			}
		}
		return out
	}
	s := newSession(t, sessionOptions{initOptions: fmt.Sprintf(`{"docker": {"host": %q}}`, host)})
	s.open(u, text)
	ds := s.waitFor(u, "InvalidBaseImagePlatform", func(ds []protocol.Diagnostic) bool { return len(platformDiags(ds)) > 0 })
	p := platformDiags(ds)
	if len(p) != 1 || p[0].Range.Start.Line != 0 || p[0].Severity != protocol.DiagnosticSeverityInformation || !strings.Contains(diagString(p[0]), `expected \"linux/arm64\"`) {
		t.Errorf("platform diagnostics %v, want one informational on line 1 expecting linux/arm64", p)
	}

	// Without a daemon, no such finding.
	other := fileURI(filepath.Join(dir, "other.Dockerfile"))
	s2 := newSession(t, sessionOptions{initOptions: fmt.Sprintf(`{"docker": {"host": "unix://%s/none.sock"}}`, dir)})
	if p := platformDiags(s2.waitDiags(other, s2.open(other, text))); len(p) != 0 {
		t.Errorf("without a daemon: %v", p)
	}
}

func TestStepInstruction(t *testing.T) {
	src := "ARG V=1\n" + // 1
		"FROM busybox AS build\n" + // 2
		"ARG X=1\n" + // 3
		"ENV Y=2\n" + // 4
		"WORKDIR /w\n" + // 5
		"RUN echo hi > f\n" + // 6
		"RUN echo hi > f\n" + // 7
		"FROM busybox\n" + // 8
		"COPY --from=build /w/f /f\n" + // 9
		"RUN cat /f\n" // 10
	doc := lint.NewDocument("Dockerfile", []byte(src))
	single := lint.NewDocument("Dockerfile", []byte("FROM busybox\nENV A=1\nRUN a\nRUN a\n"))
	for _, c := range []struct {
		doc  *lint.Document
		step engine.BuildStep
		line int
	}{
		{doc, engine.BuildStep{Name: "[build 2/4] WORKDIR /w", Stage: "build", Index: 2, Total: 4, Instruction: "WORKDIR /w"}, 5},
		{doc, engine.BuildStep{Name: "[build 4/4] RUN echo hi > f", Stage: "build", Index: 4, Total: 4, Instruction: "RUN echo hi > f"}, 7},
		{doc, engine.BuildStep{Name: "[stage-1 3/3] RUN cat /f", Stage: "stage-1", Index: 3, Total: 3, Instruction: "RUN cat /f"}, 10},
		{single, engine.BuildStep{Name: "[3/3] RUN a", Index: 3, Total: 3, Instruction: "RUN a"}, 4},
		{doc, engine.BuildStep{Name: "Step 7/10 : RUN echo hi > f", Index: 7, Total: 10, Instruction: "RUN echo hi > f"}, 7},
		{doc, engine.BuildStep{Name: "Step 10/10 : RUN cat /f", Index: 10, Total: 10, Instruction: "RUN cat /f"}, 10},
		{doc, engine.BuildStep{Name: "STEP 3/3: RUN cat /f", Index: 3, Total: 3, Instruction: "RUN cat /f"}, 10},
		{doc, engine.BuildStep{Name: "[build 9/9] RUN something else", Stage: "build", Index: 9, Instruction: "RUN something else"}, 0},
	} {
		ins, _ := StepInstruction(c.doc, c.step)
		got := 0
		if ins != nil {
			got = ins.StartLine
		}
		if got != c.line {
			t.Errorf("%q: line %d, want %d", c.step.Name, got, c.line)
		}
	}
}
