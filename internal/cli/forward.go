package cli

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"

	"github.com/berth-dev/berth/lint/i18n"
)

// engineBinary is the program that runs engineCommands: berth-engine,
// built from cmd/berth-engine and installed next to berth.
const engineBinary = "berth-engine"

// forwardedVar is set in berth-engine's environment by the berth that
// forwards to it: a berth that finds it set was itself run as
// berth-engine (a copy of berth under that name), and stops rather than
// forwarding to itself without end.
const forwardedVar = "BERTH_FORWARDED"

// errNoExec says that the system cannot replace a process with another:
// berth-engine then runs as a child.
var errNoExec = errors.New("no exec on this system")

// forwarder returns the command that hands "berth NAME ARGS" to
// berth-engine.
func forwarder(name string) func(e *Env, args []string) int {
	return func(e *Env, args []string) int { return forward(e, name, args) }
}

// forward runs "berth-engine NAME ARGS". When e is the process's own
// surroundings, berth becomes berth-engine (execve on Unix), so that
// stdin, stdout, stderr, signals and the exit status are berth-engine's
// with nothing in between; otherwise (tests running commands in-process,
// systems without exec) berth-engine runs as a child with e's streams and
// its exit status is returned.
func forward(e *Env, name string, args []string) int {
	lang := argsLang(e, args)
	if os.Getenv(forwardedVar) != "" {
		self, _ := os.Executable()
		fmt.Fprintln(e.Stderr, i18n.Sprintf(lang, "berth %s: %s is berth, not berth-engine: reinstall both with go install github.com/berth-dev/berth/cmd/...@latest", name, self))
		return exitError
	}
	path, looked := findEngine()
	if path == "" {
		fmt.Fprintln(e.Stderr, i18n.Sprintf(lang, "berth %s: berth-engine not found in %s nor on PATH: berth %s runs in berth-engine, which is installed next to berth: go install github.com/berth-dev/berth/cmd/...@latest", name, strings.Join(looked, ", "), name))
		return exitError
	}
	argv := append([]string{path, name}, args...)
	environ := append(os.Environ(), forwardedVar+"=1")
	if e.Stdin == os.Stdin && e.Stdout == os.Stdout && e.Stderr == os.Stderr {
		err := execEngine(path, argv, environ) // returns only when it could not
		if !errors.Is(err, errNoExec) {
			fmt.Fprintln(e.Stderr, i18n.Sprintf(lang, "berth %s: running %s: %s", name, path, err.Error()))
			return exitError
		}
	}
	cmd := exec.Command(path, argv[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr, cmd.Env = e.Stdin, e.Stdout, e.Stderr, environ
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit) && exit.ExitCode() >= 0:
		return exit.ExitCode()
	case err != nil:
		fmt.Fprintln(e.Stderr, i18n.Sprintf(lang, "berth %s: running %s: %s", name, path, err.Error()))
		return exitError
	}
	return exitOK
}

// findEngine returns the path of berth-engine: in the folder of the
// running executable, as it was run and with its links resolved (hadolint
// may be a link to berth, and berth a link into a folder of its own),
// else on PATH. When there is none, it returns "" and the folders it
// looked in.
func findEngine() (path string, looked []string) {
	name := engineBinary
	if runtime.GOOS == "windows" {
		name += ".exe"
	}
	var runs []string // the executable as run, then resolved
	if exe, err := os.Executable(); err == nil {
		runs = append(runs, exe)
	}
	if a := os.Args[0]; strings.ContainsAny(a, `/\`) {
		runs = append(runs, a)
	} else if p, err := exec.LookPath(a); err == nil {
		runs = append(runs, p)
	}
	for _, r := range slices.Clone(runs) {
		if p, err := filepath.EvalSymlinks(r); err == nil {
			runs = append(runs, p)
		}
	}
	for _, r := range runs {
		dir, err := filepath.Abs(filepath.Dir(r))
		if err != nil || slices.Contains(looked, dir) {
			continue
		}
		looked = append(looked, dir)
		p := filepath.Join(dir, name)
		if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() && (st.Mode()&0o111 != 0 || runtime.GOOS == "windows") {
			return p, nil
		}
	}
	if p, err := exec.LookPath(engineBinary); err == nil {
		if abs, err := filepath.Abs(p); err == nil {
			return abs, nil
		}
	}
	return "", looked
}
