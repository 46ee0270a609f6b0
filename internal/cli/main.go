// Package cli is berth's command line: the command table, lint, fmt,
// rules, explain, version and hadolint's command line, run by both of
// berth's binaries.
//
//	berth lint [flags] [PATH...|-]   lint Dockerfiles (the default command)
//	berth rules [--format text|json] list the rules
//	berth explain CODE|NAME|ALIAS    show a rule's documentation
//	berth fmt [--check] [--diff] [PATH...|-]  format Dockerfiles
//	berth pin [--check] [--dry-run] PATH...    pin FROM images to digests
//	berth lsp                        serve editors on stdin and stdout
//	berth version                    print the version
//
// The commands that need the container engine or the language server
// (lsp and pin, listed in engineCommands) run in a second binary,
// berth-engine (cmd/berth-engine, which registers them from
// internal/cli/enginecmd); berth forwards them to it (forward.go). berth
// itself links only the packages linting needs: every linked package's
// init runs at each start, and the daemon's (the Docker client,
// BuildKit's session, gRPC, protobuf, OpenTelemetry) took about 1 ms of
// each "berth lint".
//
// Exit status: 0 when nothing reaches the failure threshold, 1 when
// something does, 2 on a usage, configuration or I/O error.
package cli

import (
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"sort"
	"strings"

	"golang.org/x/text/language"

	"github.com/berth-dev/berth/lint/i18n"
	"github.com/berth-dev/berth/lint/syntax"
)

// version is berth's version, given to Main by the binary's package main
// (set there at build time with -ldflags "-X main.version=v1.2.3"); when
// empty it comes from the module's build information.
var version string

// Exit codes.
const (
	exitOK       = 0 // nothing reaches the failure threshold
	exitFindings = 1 // something does
	exitError    = 2 // usage, configuration or I/O error
)

// command is one subcommand: it gets the arguments after its name and
// returns the exit code.
type command struct {
	run     func(e *Env, args []string) int
	summary string
}

// commands is the subcommand table. Other subcommands add their entry
// here, one line each, or from their own file (version.go registers
// "version"). The commands of berth-engine start as forwarders to it
// (see forward.go) until Register replaces them.
var commands = map[string]command{
	"lint":    {cmdLint, "lint Dockerfiles (the default command)"},
	"rules":   {cmdRules, "list the rules"},
	"explain": {cmdExplain, "show a rule's documentation"},
	"version": {cmdVersion, "print the version"},
	"fmt":     {cmdFmt, "format Dockerfiles"},
}

// engineCommands are the commands that need the container engine or the
// language server, with their summaries: berth-engine runs them, berth
// forwards them to it.
var engineCommands = map[string]string{
	"lsp": "run the language server on stdin and stdout",
	"pin": "pin FROM images to their digests",
}

func init() {
	for name, summary := range engineCommands {
		commands[name] = command{forwarder(name), summary}
	}
	// "berth pin --check" needs no engine (a pre-commit hook runs it).
	commands["pin"] = command{Pin(nil), engineCommands["pin"]}
}

// Register makes name, one of engineCommands, run run instead of
// forwarding to berth-engine: berth-engine's commands register so
// (internal/cli/enginecmd), before Main.
func Register(name string, run func(e *Env, args []string) int) {
	summary, ok := engineCommands[name]
	if !ok {
		panic("cli.Register: " + name + " is not a command of berth-engine")
	}
	commands[name] = command{run, summary}
}

// Env is the process's surroundings, so that tests and benchmarks can run
// commands in-process.
type Env struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	// StdinPiped reports whether stdin is a pipe or a file (not a terminal
	// or /dev/null): "berth lint" with no path then reads it.
	StdinPiped bool
	// StdoutTTY and StderrTTY report whether output goes to a terminal
	// (colour is used only then).
	StdoutTTY, StderrTTY bool
	Getenv               func(string) string
}

func osEnv() *Env {
	return &Env{
		Stdin:      os.Stdin,
		Stdout:     os.Stdout,
		Stderr:     os.Stderr,
		StdinPiped: isPiped(os.Stdin),
		StdoutTTY:  isTerminal(os.Stdout),
		StderrTTY:  isTerminal(os.Stderr),
		Getenv:     os.Getenv,
	}
}

// isTerminal reports whether f is a character device, as terminals are.
func isTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// isPiped reports whether f is a pipe, a socket or a regular file.
func isPiped(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && (st.Mode()&(os.ModeNamedPipe|os.ModeSocket) != 0 || st.Mode().IsRegular())
}

// Main runs the command line of the process and exits: the main of berth
// and of berth-engine, which give their version (empty: from the build
// information).
func Main(v string) {
	version = v
	tuneCollector(os.Getenv)
	if isHadolintName(os.Args[0]) { // a link or copy named hadolint: see hadolint.go
		os.Exit(cmdHadolint(osEnv(), os.Args[1:]))
	}
	os.Exit(Run(osEnv(), os.Args[1:]))
}

// The garbage collector's settings for berth's commands, unless GOGC or
// GOMEMLIMIT say otherwise (the language server sets its own): collect
// when the heap has grown sevenfold, not doubled, up to a soft limit of
// 80 MiB. A command lives for a moment and its garbage is most of what it
// allocates: over the corpus (6,268 files, 2 workers) the collector took
// about 20% of the run with Go's default; growth 4x made the run 1.29 s to
// 1.14 s, and 7x (2026-12-05, five interleaved runs each) 0.53 to 0.51 s,
// 14 collections to 9, for a peak of 85 MB instead of 77 MB (issue 10's
// bound: 100 MB; the soft limit keeps it there). A file whose lint keeps
// more than the limit live is collected as often as it must be (Go caps
// the collector at half the CPU then).
const (
	cliGCPercent   = 600
	cliMemoryLimit = 80 << 20
)

// tuneCollector applies the collector's settings for berth's commands.
func tuneCollector(getenv func(string) string) {
	if getenv("GOGC") == "" {
		debug.SetGCPercent(cliGCPercent)
	}
	if getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(cliMemoryLimit)
	}
}

// Run dispatches to a subcommand and returns the exit code.
func Run(e *Env, args []string) int {
	lang := argsLang(e, args)
	if len(args) == 0 {
		usage(e.Stderr, lang)
		return exitError
	}
	name := args[0]
	switch name {
	case "help", "-h", "-help", "--help":
		if len(args) > 1 {
			if c, ok := commands[args[1]]; ok {
				return c.run(e, append([]string{"--help"}, args[2:]...))
			}
		}
		usage(e.Stdout, lang)
		return exitOK
	case "-v", "-version", "--version":
		return cmdVersion(e, nil)
	}
	if c, ok := commands[name]; ok {
		return c.run(e, args[1:])
	}
	// Like hadolint, "berth Dockerfile" and "berth --format json -" lint.
	if strings.HasPrefix(name, "-") {
		return cmdLint(e, args)
	}
	if _, err := os.Stat(name); err == nil {
		return cmdLint(e, args)
	}
	msg := i18n.Sprintf(lang, "berth: unknown command or file %q", name)
	if s := syntax.Typo(name, commandNames()); s != "" {
		msg = i18n.Sprintf(lang, "berth: unknown command or file %q; did you mean %q?", name, s)
	}
	fmt.Fprintf(e.Stderr, "%s\n%s\n", msg, i18n.Sprintf(lang, "Run 'berth help' for usage."))
	return exitError
}

func commandNames() []string {
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

func usage(w io.Writer, lang language.Tag) {
	var b strings.Builder
	b.WriteString(i18n.Text(lang, "berth lints Dockerfiles.\n\nUsage:\n\n  berth <command> [arguments]\n  berth [lint flags] PATH...   (same as berth lint)\n\nCommands:\n\n"))
	for _, n := range commandNames() {
		fmt.Fprintf(&b, "  %-8s %s\n", n, i18n.Text(lang, commands[n].summary))
	}
	b.WriteString(i18n.Text(lang, "\nRun 'berth <command> --help' for a command's flags.\n"))
	io.WriteString(w, b.String())
}

// cmdVersion prints the version.
func cmdVersion(e *Env, args []string) int {
	if len(args) > 0 {
		lang := argsLang(e, args)
		if args[0] == "-h" || args[0] == "--help" {
			fmt.Fprintln(e.Stdout, i18n.Text(lang, "usage: berth version\n\nPrints berth's version."))
			return exitOK
		}
		fmt.Fprintln(e.Stderr, i18n.Sprintf(lang, "berth version: unexpected argument %q", args[0]))
		return exitError
	}
	fmt.Fprintf(e.Stdout, "berth %s\n", VersionString())
	return exitOK
}

// VersionString returns the version set at build time, else the module
// version from the build information, else "devel" with the VCS revision
// when known.
func VersionString() string {
	if version != "" {
		return version
	}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "devel"
	}
	if v := info.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	v := "devel"
	var rev, dirty string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				dirty = "-dirty"
			}
		}
	}
	if rev != "" {
		v += "-" + rev[:min(12, len(rev))] + dirty
	}
	return v
}
