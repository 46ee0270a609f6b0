package lsp

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestNeovimSetup runs the plugin in editors/nvim the way a new user
// meets it: headless Neovim from -u NONE (no filetype detection, no
// configuration) runs require('berth').setup{locale = 'es'}, opens
// Containerfile, web.dockerfile, dockerfile, the tutorial's miDockerfile
// and Dockerfile.dev, each of which must get diagnostics (notes.txt and
// Dockerfile.md none), runs :BerthFixAll on the MAINTAINER line and
// hovers FROM in Spanish (editors/nvim/test/setup.lua checks each step,
// and that the plugin takes the names of fixtures/dockerfile-names.txt
// for Dockerfiles as berth lint does).
// Then the server's log (berth lsp --log) must hold no complaint about the
// settings the plugin sent. It skips when nvim is not installed, unless
// BERTH_REQUIRE_NVIM=1 (as in CI).
func TestNeovimSetup(t *testing.T) {
	nvim, bin, plugin := neovim(t)
	dir := t.TempDir()
	write := func(name, text string) {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("Containerfile", "FROM ubuntu\nCMD [\"sh\"]\n")
	write("web.dockerfile", "FROM nginx:latest\nCMD [\"nginx\"]\n")
	write("dockerfile", "FROM debian\nCMD [\"sh\"]\n")
	write("Dockerfile.dev", "FROM alpine:3.19\nMAINTAINER Jane Doe <jane@example.com>\nCMD [\"sh\"]\n")
	write("miDockerfile", "FROM ubuntu\nCMD [\"sh\"]\n")
	write("notes.txt", "FROM ubuntu\n")
	write("Dockerfile.md", "FROM ubuntu\n")
	write("sub/.berth.yaml", "ignore: [DL3008]\n")
	write("sub/Dockerfile", "FROM ubuntu\nCMD [\"sh\"]\n")
	logFile := filepath.Join(dir, "berth-lsp.log")

	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, nvim, "--headless", "-u", "NONE", "-i", "NONE", "-n", "-c", "luafile "+filepath.Join(plugin, "test", "setup.lua"))
	cmd.Dir = dir
	cmd.WaitDelay = 5 * time.Second
	names, err := filepath.Abs("../fixtures/dockerfile-names.txt")
	if err != nil {
		t.Fatal(err)
	}
	cmd.Env = append(os.Environ(), "BERTH_NVIM_PLUGIN="+plugin, "BERTH_BIN="+bin, "BERTH_LOG="+logFile, "BERTH_NAMES="+names,
		"LANG=C.UTF-8", "LC_ALL=", "LC_MESSAGES=",
		"HOME="+dir, "XDG_STATE_HOME="+dir, "XDG_DATA_HOME="+dir, "XDG_CONFIG_HOME="+dir)
	out, err := cmd.CombinedOutput()
	t.Logf("nvim output:\n%s", out)
	if ctx.Err() != nil {
		t.Fatalf("nvim did not finish in time: %v", ctx.Err())
	}
	if err != nil {
		t.Fatalf("nvim: %v", err)
	}
	if !strings.Contains(string(out), "\nok\n") {
		t.Errorf("the script did not reach its end")
	}

	got, err := os.ReadFile(filepath.Join(dir, "Dockerfile.dev"))
	if err != nil {
		t.Fatal(err)
	}
	want := "FROM alpine:3.19\nLABEL org.opencontainers.image.authors=\"Jane Doe <jane@example.com>\"\nCMD [\"sh\"]\n"
	if string(got) != want {
		t.Errorf("Dockerfile.dev after :BerthFixAll and :write:\n%s\nwant:\n%s", got, want)
	}

	log, err := os.ReadFile(logFile)
	if err != nil {
		t.Fatalf("the server's log: %v", err)
	}
	t.Logf("server log:\n%s", log)
	// The script's deliberate bad $/cancelRequest shows that warnings
	// reach the log (from both servers' files: one is enough).
	if !strings.Contains(string(log), "bad $/cancelRequest id") {
		t.Errorf("the server's log lacks the script's deliberate warning: is --log working?")
	}
	for _, bad := range []string{"bad initializationOptions", "notification failed", "level=ERROR"} {
		if strings.Contains(string(log), bad) {
			t.Errorf("the server's log has %q", bad)
		}
	}
}
