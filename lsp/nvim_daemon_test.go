package lsp

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/berth-dev/berth/engine"
	"github.com/berth-dev/berth/internal/testdaemon"
)

// TestNeovimDaemon drives the daemon's actions from a real editor:
// headless Neovim with the plugin in editors/nvim runs :BerthPull,
// :BerthBuild (with progress), a failing :BerthBuild (the step's error on
// its line), :BerthPin and :write against the test daemon, then each
// action against a daemon that is not there (editors/nvim/test/daemon.lua
// checks each step). It skips without nvim (unless BERTH_REQUIRE_NVIM=1)
// or without the test daemon (unless BERTH_REQUIRE_DOCKER=1).
func TestNeovimDaemon(t *testing.T) {
	nvim, bin, plugin := neovim(t)
	host := testdaemon.Docker(t)
	image := testdaemon.FreshImage(t, host, "berth-nvim-daemon")

	root := t.TempDir()
	dir := filepath.Join(root, "imagenpersonalizada")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(".dockerignore", "secret.txt\n")
	write("secret.txt", "do not send\n")
	write("keep.txt", "kept\n")
	file := filepath.Join(dir, "miDockerfile")
	write("miDockerfile", "FROM "+image+"\n"+
		"COPY . /app\n"+
		"RUN test -e /app/keep.txt && test ! -e /app/secret.txt\n")

	ctx, cancel := context.WithTimeout(context.Background(), 8*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, nvim, "--headless", "--clean", "-n", "-c", "luafile "+filepath.Join(plugin, "test", "daemon.lua"), file)
	cmd.Dir = dir
	cmd.WaitDelay = 5 * time.Second
	cmd.Env = append(os.Environ(),
		"BERTH_NVIM_PLUGIN="+plugin, "BERTH_BIN="+bin,
		"BERTH_DOCKER_HOST="+host, "BERTH_DEAD_HOST=unix://"+filepath.Join(root, "dead.sock"),
		"BERTH_IMAGE="+image,
		"HOME="+root, "XDG_STATE_HOME="+root, "XDG_DATA_HOME="+root, "XDG_CONFIG_HOME="+root)
	start := time.Now()
	out, err := cmd.CombinedOutput()
	t.Logf("nvim output (%v):\n%s", time.Since(start).Round(time.Millisecond), out)
	if ctx.Err() != nil {
		t.Fatalf("nvim did not finish in time: %v", ctx.Err())
	}
	if err != nil {
		t.Fatalf("nvim: %v", err)
	}
	if !strings.Contains(string(out), "\nok\n") && !strings.HasPrefix(string(out), "ok\n") {
		t.Errorf("the script did not reach its end")
	}

	got, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	from, _, _ := strings.Cut(string(got), "\n")
	if !strings.HasPrefix(from, "FROM "+image+"@sha256:") {
		t.Fatalf("FROM line on disk after :BerthPin and :write: %q, want it pinned", from)
	}
	eng, err := engine.New(engine.Endpoint{Host: host})
	if err != nil {
		t.Fatal(err)
	}
	defer eng.Close()
	digest, err := eng.RepoDigest(ctx, image)
	if err != nil {
		t.Fatal(err)
	}
	if want := "FROM " + image + "@" + digest; from != want {
		t.Errorf("FROM line on disk: %q, want %q", from, want)
	}
	if !strings.Contains(string(got), "RUN sh -c 'echo boom >&2; exit 3'") {
		t.Errorf("the file on disk lacks the line typed into the buffer:\n%s", got)
	}
}
