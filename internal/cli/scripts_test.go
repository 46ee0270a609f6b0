package cli_test

import (
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/berth-dev/berth/internal/cli"
	"github.com/berth-dev/berth/internal/cli/enginecmd"
)

var updateScripts = flag.Bool("update", false, "rewrite the cmp expectations in testdata/*.txtar")

// TestMain makes the test binary double as berth, berth-engine and
// hadolint, so that scripts run the real mains: berth forwards lsp and pin
// to the berth-engine beside it, as the installed binaries do.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"berth":        func() { cli.Main("") },
		"berth-engine": func() { enginecmd.Register(); cli.Main("") },
		"hadolint":     func() { cli.Main("") },
	})
}

// TestScripts runs the CLI scenarios in testdata/*.txtar. Besides the
// standard commands, scripts have:
//
//   - exits N prog args...: run prog like exec and check that it exits
//     with status N;
//   - junkfiles DIR: write files a txtar cannot hold (CRLF line ends, a
//     byte order mark, binary junk) into DIR;
//
// the variable BERTHBIN (the folder of the test's programs, berth,
// berth-engine and hadolint, for PATH=$BERTHBIN), and the condition
// [root] (running as root, so permissions do not stop writes).
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:           "testdata",
		UpdateScripts: *updateScripts,
		Setup: func(env *testscript.Env) error {
			// $BERTHBIN holds the test's programs alone:
			// PATH=$BERTHBIN runs berth without shellcheck.
			berth, err := exec.LookPath("berth")
			if err != nil {
				return err
			}
			env.Setenv("BERTHBIN", filepath.Dir(berth))
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"exits":     cmdExits,
			"junkfiles": cmdJunkFiles,
		},
		Condition: func(cond string) (bool, error) {
			if cond == "root" {
				return os.Geteuid() == 0, nil
			}
			return false, fmt.Errorf("unknown condition %q", cond)
		},
	})
}

// junk are the files junkfiles writes.
func junk() map[string][]byte {
	rnd := rand.New(rand.NewPCG(1, 2))
	binary := make([]byte, 4096)
	for i := range binary {
		binary[i] = byte(rnd.UintN(256))
	}
	return map[string][]byte{
		"crlf.Dockerfile":          []byte("FROM alpine:3.19\r\nMAINTAINER \"Jane\"\r\nRUN echo a && \\\r\n  echo b\r\n"),
		"bom.Dockerfile":           []byte("\uFEFFFROM alpine:3.19\nMAINTAINER Jane\n"),
		"bommaintainer.Dockerfile": []byte("\uFEFFMAINTAINER Jane\n"),
		"binary.Dockerfile":        binary,
		"nul.Dockerfile":           []byte("FROM alpine\x00:3\nMAINTAINER \x00\xff\xfe\n"),
		"cr.Dockerfile":            []byte("FROM alpine:3.19\rMAINTAINER x\r"),
		"longline.Dockerfile":      []byte("FROM alpine:3.19\nRUN " + strings.Repeat("echo x && ", 20000) + "true\n"),
		"continuations.Dockerfile": []byte("FROM alpine:3.19\nRUN \\\n" + strings.Repeat("\\\n", 5000)),
		"heredoc.Dockerfile":       []byte("FROM alpine:3.19\nRUN <<EOF\necho unterminated\n"),
		"invalid-utf8.Dockerfile":  []byte("FROM alpine:3.19\nLABEL a=\"\xc3\x28\xa0\xa1\"\nMAINTAINER \xe2\x28\xa1\n"),
	}
}

func cmdJunkFiles(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: junkfiles DIR")
	}
	dir := ts.MkAbs(args[0])
	ts.Check(os.MkdirAll(dir, 0o755))
	for name, data := range junk() {
		ts.Check(os.WriteFile(filepath.Join(dir, name), data, 0o644))
	}
}

func cmdExits(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: exits N program [args...]")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("exits: bad status %q", args[0])
	}
	got := 0
	if err := ts.Exec(args[1], args[2:]...); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			ts.Fatalf("exits: %v", err)
		}
		got = ee.ExitCode()
	}
	if got != want {
		ts.Fatalf("%s exited with status %d, want %d", args[1], got, want)
	}
}

// TestHadolintScripts runs testdata/hadolint/*.txtar: hadolint's
// documented invocations through the name hadolint (and berth hadolint),
// with the outputs compared byte for byte with hadolint 2.15.1's shapes.
// HOME and XDG_CONFIG_HOME point into the work folder, so no user
// configuration is found.
func TestHadolintScripts(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir:           "testdata/hadolint",
		UpdateScripts: *updateScripts,
		Cmds:          map[string]func(ts *testscript.TestScript, neg bool, args []string){"exits": cmdExits, "cmpnonl": cmdCmpNoNewline},
		Setup: func(env *testscript.Env) error {
			bin := filepath.Join(env.WorkDir, ".bin")
			if err := os.MkdirAll(bin, 0o755); err != nil {
				return err
			}
			if err := os.Symlink(exe, filepath.Join(bin, "hadolint")); err != nil {
				return err
			}
			env.Setenv("PATH", bin+string(os.PathListSeparator)+env.Getenv("PATH"))
			env.Setenv("HOME", filepath.Join(env.WorkDir, ".home"))
			env.Setenv("XDG_CONFIG_HOME", filepath.Join(env.WorkDir, ".home", ".config"))
			return nil
		},
	})
}

// cmdCmpNoNewline is "cmpnonl stdout FILE": stdout must be FILE without
// its final line break (a txtar file always ends in one; hadolint's JSON
// and XML formats do not).
func cmdCmpNoNewline(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 || args[0] != "stdout" {
		ts.Fatalf("usage: cmpnonl stdout FILE")
	}
	want := strings.TrimSuffix(ts.ReadFile(args[1]), "\n")
	if got := ts.ReadFile("stdout"); got != want {
		ts.Fatalf("stdout and %s (without its final line break) differ:\n got %q\nwant %q", args[1], got, want)
	}
}
