package main

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
)

var updateScripts = flag.Bool("update", false, "rewrite the cmp expectations in testdata/*.txtar")

// TestMain makes the test binary double as berth, so that scripts run the
// real main.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){"berth": main})
}

// TestScripts runs the CLI scenarios in testdata/*.txtar. Besides the
// standard commands, scripts have:
//
//   - exits N prog args...: run prog like exec and check that it exits
//     with status N;
//   - junkfiles DIR: write files a txtar cannot hold (CRLF line ends, a
//     byte order mark, binary junk) into DIR;
//
// the variable BERTHBIN (a folder holding berth alone, for PATH=$BERTHBIN),
// and the condition [root] (running as root, so permissions do not stop
// writes).
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:           "testdata",
		UpdateScripts: *updateScripts,
		Setup: func(env *testscript.Env) error {
			// $BERTHBIN holds berth alone: PATH=$BERTHBIN runs berth
			// without shellcheck.
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
