package lsp

import (
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
)

// fakeShellCheck puts on PATH a shellcheck that waits until the returned
// gate function is called, then reports SC2086 on the first three
// characters of every script it is given.
func fakeShellCheck(t *testing.T) (open func()) {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("the fake shellcheck is a shell script")
	}
	dir := t.TempDir()
	gate := filepath.Join(dir, "gate")
	script := `#!/bin/sh
# Wait for the gate; give up when the test's folder is gone (the test
# ended: its cleanup removes the folder, possibly before this loop saw
# the gate it writes) or after a minute, so that no fake outlives a test.
gatedir=$(dirname "$BERTH_TEST_SC_GATE"); n=0
while [ ! -e "$BERTH_TEST_SC_GATE" ]; do
	[ -d "$gatedir" ] && [ "$n" -lt 6000 ] || exit 2
	n=$((n+1)); sleep 0.01
done
out='{"comments":['; sep=''; files=0
for a in "$@"; do
	if [ "$files" = 1 ]; then
		out="$out$sep{\"file\":\"$a\",\"line\":1,\"endLine\":1,\"column\":1,\"endColumn\":4,\"level\":\"warning\",\"code\":2086,\"message\":\"Double quote to prevent globbing and word splitting.\"}"
		sep=','
	fi
	[ "$a" = "--" ] && files=1
done
echo "$out]}"
exit 1
`
	if err := os.WriteFile(filepath.Join(dir, "shellcheck"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))
	t.Setenv("BERTH_TEST_SC_GATE", gate)
	opened := false
	t.Cleanup(func() {
		if !opened {
			os.WriteFile(gate, nil, 0o600) // let the fake processes end
		}
	})
	return func() {
		opened = true
		if err := os.WriteFile(gate, nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

// scSeq makes the scripts of each test run unique: ShellCheck's results
// are kept by script text for the life of the process (go test -count).
var scSeq atomic.Int64

// fresh returns a variable name no script of this process used before.
func fresh(name string) string { return name + "_" + strconv.FormatInt(scSeq.Add(1), 10) }

// scCodes returns the SC codes among diagnostics.
func scCodes(diags []protocol.Diagnostic) []string {
	var out []string
	for _, d := range diags {
		if c, ok := d.Code.(protocol.String); ok && strings.HasPrefix(string(c), "SC") {
			out = append(out, string(c))
		}
	}
	return out
}

// waitSC waits for a publication of u that has SC findings and returns
// its version.
func (s *session) waitSC(u uri.URI) int32 {
	s.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	timer := time.AfterFunc(20*time.Second, func() { s.changed.Broadcast() })
	defer timer.Stop()
	s.mu.Lock()
	defer s.mu.Unlock()
	for {
		if p := s.diags[u]; p != nil && len(scCodes(p.Diagnostics)) > 0 {
			v, _ := p.Version.Get()
			return v
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("no ShellCheck findings published for %s (published versions %v)", u, s.versions[u])
		}
		s.changed.Wait()
	}
}

// A slow shellcheck does not hold up the diagnostics: the lint results
// are published first, without SC findings, and the SC findings come in
// a second publication of the same version.
func TestShellCheckPublishedAfterLint(t *testing.T) {
	open := fakeShellCheck(t)
	s := newSession(t, sessionOptions{})
	u := fileURI(filepath.Join(t.TempDir(), "Dockerfile"))
	v := s.open(u, "FROM scratch\nMAINTAINER someone\nRUN echo $"+fresh("deferred_publish")+"\n")
	first := s.waitDiags(u, v)
	if got := scCodes(first); len(got) != 0 {
		t.Fatalf("first publication has SC findings %v; want them later", got)
	}
	if len(first) == 0 {
		t.Fatal("first publication has no lint findings (want MAINTAINER's)")
	}
	open()
	if got := s.waitSC(u); got != v {
		t.Fatalf("SC findings published with version %d, want %d", got, v)
	}
	vs := s.published(u)
	if len(vs) < 2 {
		t.Fatalf("published versions %v, want two publications of version %d", vs, v)
	}
	for _, x := range vs {
		if x != v {
			t.Fatalf("published versions %v, want only %d", vs, v)
		}
	}
	// The second publication keeps the lint findings of the first.
	s.mu.Lock()
	second := s.diags[u].Diagnostics
	s.mu.Unlock()
	if n := len(scCodes(second)); n != 1 || len(second) < 2 {
		t.Errorf("second publication has %d diagnostics, %d of ShellCheck; want the lint findings and one SC finding", len(second), n)
	}
}

// An edit made while ShellCheck runs makes its results stale: they are
// never published for the old version after the new one.
func TestShellCheckStaleResultsDropped(t *testing.T) {
	open := fakeShellCheck(t)
	s := newSession(t, sessionOptions{})
	u := fileURI(filepath.Join(t.TempDir(), "Dockerfile"))
	text := "FROM scratch\nRUN echo $" + fresh("stale") + "_one\n"
	v1 := s.open(u, text)
	s.waitDiags(u, v1)
	i := strings.Index(text, "one")
	v2 := s.edit(u, i, i+3, "two")
	if got := scCodes(s.waitDiags(u, v2)); len(got) != 0 {
		t.Fatalf("version %d published with SC findings %v before shellcheck answered", v2, got)
	}
	open()
	if got := s.waitSC(u); got != v2 {
		t.Fatalf("SC findings published with version %d, want %d", got, v2)
	}
	vs := s.published(u)
	seen2 := false
	for _, x := range vs {
		if x == v2 {
			seen2 = true
		} else if seen2 {
			t.Fatalf("published versions %v: version %d after %d", vs, x, v2)
		}
	}
}

// Without shellcheck on PATH the server says once, in its log and in a
// message, that ShellCheck's checks are off and how to turn them on.
func TestShellCheckMissingNotice(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	s := newSession(t, sessionOptions{})
	dir := t.TempDir()
	for _, name := range []string{"a.Dockerfile", "b.Dockerfile"} {
		u := fileURI(filepath.Join(dir, name))
		s.waitDiags(u, s.open(u, "FROM scratch\nRUN echo $missing_notice_"+name[:1]+"\n"))
	}
	// Both documents are linted; the notes were sent before the second
	// publication's worker returned, and once only.
	deadline := time.Now().Add(20 * time.Second)
	for {
		s.mu.Lock()
		n := 0
		for _, m := range s.messages {
			if strings.Contains(m, "shellcheck is not on PATH") {
				n++
			}
		}
		msgs := append([]string(nil), s.messages...)
		s.mu.Unlock()
		if n == 2 {
			// A later document adds nothing.
			u := fileURI(filepath.Join(dir, "c.Dockerfile"))
			s.waitDiags(u, s.open(u, "FROM scratch\nRUN echo $missing_notice_c\n"))
			s.call("shutdown", nil, nil) // a round trip: the server's messages before it are in
			s.mu.Lock()
			defer s.mu.Unlock()
			n = 0
			for _, m := range s.messages {
				if strings.Contains(m, "shellcheck is not on PATH") {
					n++
					if !strings.Contains(m, "shellcheck setting") || !strings.Contains(m, "install it") {
						t.Errorf("message %q does not say how to turn ShellCheck on", m)
					}
				}
			}
			if n != 2 {
				t.Errorf("got %d notes, want one log message and one shown message: %q", n, s.messages)
			}
			return
		}
		if n > 2 || time.Now().After(deadline) {
			t.Fatalf("messages %q: want one log message and one shown message about shellcheck", msgs)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// An edit in another stage, made while ShellCheck runs, reuses the
// findings of the stage with the RUN from the lint that deferred them:
// the SC findings still come, for the new version.
func TestShellCheckAfterEditElsewhere(t *testing.T) {
	open := fakeShellCheck(t)
	s := newSession(t, sessionOptions{})
	u := fileURI(filepath.Join(t.TempDir(), "Dockerfile"))
	text := "FROM scratch AS a\nRUN echo $" + fresh("elsewhere") + "\n\nFROM scratch AS b\nMAINTAINER someone\n"
	v1 := s.open(u, text)
	s.waitDiags(u, v1)
	i := strings.Index(text, "someone")
	v2 := s.edit(u, i, i+len("someone"), "somebody")
	if got := scCodes(s.waitDiags(u, v2)); len(got) != 0 {
		t.Fatalf("version %d published with SC findings %v before shellcheck answered", v2, got)
	}
	open()
	if got := s.waitSC(u); got != v2 {
		t.Fatalf("SC findings published with version %d, want %d", got, v2)
	}
}

// A client that pulls diagnostics gets the lint results at once and is
// asked to pull again (workspace/diagnostic/refresh) when the SC findings
// are in.
func TestShellCheckPullRefresh(t *testing.T) {
	open := fakeShellCheck(t)
	caps := strings.Replace(resolveCaps(t), `"applyEdit":true`, `"applyEdit":true,"diagnostics":{"refreshSupport":true}`, 1)
	if !strings.Contains(caps, "refreshSupport") {
		t.Fatalf("capabilities %s: no place for refreshSupport", caps)
	}
	var log lockedBuffer
	s := newSession(t, sessionOptions{capabilities: caps, hooks: func(srv *Server) {
		// The session answers the refresh request with "method not
		// found", which the server logs: the test's witness.
		srv.log = slog.New(slog.NewTextHandler(&log, nil))
	}})
	u := fileURI(filepath.Join(t.TempDir(), "Dockerfile"))
	s.open(u, "FROM scratch\nMAINTAINER someone\nRUN echo $"+fresh("pull_refresh")+"\n")
	var rep struct {
		Items []protocol.Diagnostic `json:"items"`
	}
	s.call("textDocument/diagnostic", map[string]any{"textDocument": map[string]any{"uri": u}}, &rep)
	if len(rep.Items) == 0 || len(scCodes(rep.Items)) != 0 {
		t.Fatalf("first pull: %v; want the lint findings without ShellCheck's", diagStrings(rep.Items))
	}
	// A finished walk of the build context re-lints and asks for a
	// refresh too, at any time: the test waits for a refresh after which
	// the pull has the SC finding, as a client pulls on each.
	seen := strings.Count(log.String(), "diagnostic refresh")
	open()
	deadline := time.Now().Add(20 * time.Second)
	for {
		for strings.Count(log.String(), "diagnostic refresh") == seen {
			if time.Now().After(deadline) {
				t.Fatalf("no workspace/diagnostic/refresh after which the SC finding is pulled; last pull %v; log:\n%s", diagStrings(rep.Items), log.String())
			}
			time.Sleep(5 * time.Millisecond)
		}
		seen = strings.Count(log.String(), "diagnostic refresh")
		s.call("textDocument/diagnostic", map[string]any{"textDocument": map[string]any{"uri": u}}, &rep)
		if got := scCodes(rep.Items); len(got) == 1 {
			return
		}
	}
}
