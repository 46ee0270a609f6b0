package lsp

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// TestNeovim drives the real server from a real editor: headless Neovim
// with the plugin in editors/nvim opens a Dockerfile, waits for the
// diagnostics, applies the preferred quick fix of MAINTAINER and writes the
// file. It skips when nvim is not installed, unless BERTH_REQUIRE_NVIM=1
// (as in CI).
func TestNeovim(t *testing.T) {
	nvim, bin, plugin := neovim(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "Dockerfile")
	src := "FROM alpine:3.19\nMAINTAINER Jane Doe <jane@example.com>\nCMD [\"sh\"]\n"
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, nvim, "--headless", "--clean", "-n", "-c", "luafile "+filepath.Join(plugin, "test", "quickfix.lua"), file)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "BERTH_NVIM_PLUGIN="+plugin, "BERTH_BIN="+bin, "HOME="+dir, "XDG_STATE_HOME="+dir, "XDG_DATA_HOME="+dir, "XDG_CONFIG_HOME="+dir)
	out, err := cmd.CombinedOutput()
	t.Logf("nvim output:\n%s", out)
	if err != nil {
		t.Fatalf("nvim: %v", err)
	}
	got, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	want := "FROM alpine:3.19\nLABEL org.opencontainers.image.authors=\"Jane Doe <jane@example.com>\"\nCMD [\"sh\"]\n"
	if string(got) != want {
		t.Errorf("file after the quick fix:\n%s\nwant:\n%s", got, want)
	}
}

// neovim returns the nvim binary, the berth binary and the plugin's folder
// for an end-to-end test, or skips it when nvim is not installed (fails
// instead when BERTH_REQUIRE_NVIM=1, as in CI).
func neovim(t *testing.T) (nvim, bin, plugin string) {
	t.Helper()
	var err error
	nvim, err = exec.LookPath("nvim")
	if err != nil {
		if os.Getenv("BERTH_REQUIRE_NVIM") == "1" {
			t.Fatal("nvim is not installed (apt-get install neovim) and BERTH_REQUIRE_NVIM=1")
		}
		t.Skip("nvim is not installed: apt-get install neovim to run the end-to-end test")
	}
	bin = berthBinary(t)
	plugin, err = filepath.Abs("../editors/nvim")
	if err != nil {
		t.Fatal(err)
	}
	return nvim, bin, plugin
}
