package cli

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/rogpeppe/go-internal/diff"
	"golang.org/x/text/language"

	"github.com/berth-dev/berth/internal/safeio"
	"github.com/berth-dev/berth/internal/warmheap"
	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/buildctx"
	"github.com/berth-dev/berth/lint/i18n"
	"github.com/berth-dev/berth/lint/report"
	"github.com/berth-dev/berth/lint/syntax"
	"github.com/berth-dev/berth/rules"
)

const lintUsage = `usage: berth lint [flags] [PATH...|-]

Lints Dockerfiles. A folder is searched recursively for Dockerfile,
Dockerfile.*, Containerfile, Containerfile.* and the names ending in
Dockerfile or Containerfile, in either case (api.Dockerfile, miDockerfile),
skipping .git, node_modules and vendor; "-" reads stdin, as does no PATH
when stdin is a pipe (otherwise the current folder is linted).

Configuration comes from --config, else from the nearest .berth.yaml (or
.hadolint.yaml) in the Dockerfile's folder or above, up to the repository
root; flags override it, and it overrides hadolint's HADOLINT_* environment
variables, which berth lint reads too.

Flags:
  -f, --format FORMAT          text (default; alias tty), json, sarif,
                               checkstyle, gitlab, github, gnu, codeclimate,
                               sonarqube or junit
  -t, --failure-threshold SEV  fail on findings at or above SEV: error,
                               warning (default), info, style, or none
      --no-fail                always exit 0 when linting succeeds
      --ignore CODE            do not run a rule (code, name or BuildKit
                               alias); repeatable, or a comma list
      --enable CODE            run an opt-in rule; repeatable, or a comma list
      --error|--warning|--info|--style CODE
                               change a rule's severity; repeatable
  -c, --config FILE            use this configuration file
      --fix                    apply safe fixes in place (stdin: print the
                               fixed file on stdout, findings on stderr)
      --unsafe-fixes           with --fix or --diff, apply unsafe fixes too
      --diff                   print a unified diff of the fixes instead of
                               writing them; exit 1 if there are any
  -o, --output FILE            write the report to FILE instead of stdout
      --file-path-in-report NAME
                               the file name reports give every file
      --color auto|always|never
                               colours: auto (default) when the output is a
                               terminal, unless NO_COLOR is set or
                               TERM=dumb (FORCE_COLOR=1 forces them)
      --no-color               same as --color=never
      --disable-ignore-pragma  make "# hadolint ignore=" and "# berth
                               ignore=" comments do nothing
  -V, --verbose                say on stderr which configuration applies
      --trusted-registry REG   allow FROM only from these registries
                               (DL3026); repeatable, or a comma list
      --shellcheck auto|on|off run ShellCheck on RUN commands
      --stdin-filename NAME    the name of the file read from stdin (for
                               reports, configuration and build context)
      --context DIR            the build context of every file linted
                               (default: each Dockerfile's folder)
      --max-file-size SIZE     skip files (and stdin) larger than SIZE, in
                               bytes or with K, M or G (default 16M); only
                               regular files are read
      --lang en|es             the language of messages (default: from
                               LC_ALL, LC_MESSAGES or LANG, else English)

Exit status: 0 when nothing reaches the failure threshold, 1 when
something does (or, with --diff, when there are fixes), 2 on a usage,
configuration or I/O error.
`

// errEmptyStdin is berth lint's error when no file is named and stdin, read
// instead, is empty.
const errEmptyStdin = "berth lint: no Dockerfile to lint: no file was named and stdin is empty (name the files, or use - to lint an empty stdin)"

// maxFixPasses bounds how many times --fix re-lints and re-applies fixes
// to reach a fixed point (one fix can enable another).
const maxFixPasses = 10

// lintOptions are the flags of berth lint.
type lintOptions struct {
	format, threshold, configPath, shellcheck, stdinFilename string
	contextDir                                               string
	noFail, fix, unsafeFixes, diff, noColor                  bool
	output, pathInReport                                     string
	verbose, disablePragma                                   bool
	// color is --color.
	color                   colorMode
	ignore, enable, trusted listFlag
	// lang is --lang, the language of messages.
	lang langFlag
	// maxSize caps the size of the files and stdin read.
	maxSize sizeFlag
	// severity lists --error, --warning, --info and --style in command-line
	// order, so that the last one naming a rule wins.
	severity []severityOverride
}

// severityOverride is one --error, --warning, --info or --style.
type severityOverride struct {
	name string
	sev  lint.Severity
}

// severityFlag appends to lintOptions.severity.
type severityFlag struct {
	sev  lint.Severity
	list *[]severityOverride
}

func (f severityFlag) String() string { return "" }

func (f severityFlag) Set(v string) error {
	var names listFlag
	names.Set(v)
	for _, n := range names {
		*f.list = append(*f.list, severityOverride{n, f.sev})
	}
	return nil
}

func newLintFlags(o *lintOptions) *flag.FlagSet {
	fs := flag.NewFlagSet("berth lint", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	for _, name := range []string{"format", "f"} {
		fs.StringVar(&o.format, name, "text", "")
	}
	for _, name := range []string{"failure-threshold", "t"} {
		fs.StringVar(&o.threshold, name, "", "")
	}
	for _, name := range []string{"config", "c"} {
		fs.StringVar(&o.configPath, name, "", "")
	}
	fs.StringVar(&o.shellcheck, "shellcheck", "auto", "")
	fs.StringVar(&o.stdinFilename, "stdin-filename", "", "")
	fs.StringVar(&o.contextDir, "context", "", "")
	o.maxSize = sizeFlag(safeio.DefaultMaxSize)
	fs.Var(&o.maxSize, "max-file-size", "")
	fs.BoolVar(&o.noFail, "no-fail", false, "")
	fs.BoolVar(&o.fix, "fix", false, "")
	fs.BoolVar(&o.unsafeFixes, "unsafe-fixes", false, "")
	fs.BoolVar(&o.diff, "diff", false, "")
	fs.BoolVar(&o.noColor, "no-color", false, "")
	o.color = "auto"
	fs.Var(&o.color, "color", "")
	for _, name := range []string{"output", "o"} {
		fs.StringVar(&o.output, name, "", "")
	}
	fs.StringVar(&o.pathInReport, "file-path-in-report", "", "")
	for _, name := range []string{"verbose", "V"} {
		fs.BoolVar(&o.verbose, name, false, "")
	}
	fs.BoolVar(&o.disablePragma, "disable-ignore-pragma", false, "")
	fs.Var(&o.lang, "lang", "")
	fs.Var(&o.ignore, "ignore", "")
	fs.Var(&o.enable, "enable", "")
	fs.Var(&o.trusted, "trusted-registry", "")
	for _, sev := range []lint.Severity{lint.Error, lint.Warning, lint.Info, lint.Style} {
		fs.Var(severityFlag{sev, &o.severity}, sev.String(), "")
	}
	return fs
}

// flagConfig checks the flags and turns those that configure rules into a
// Config to lay over the configuration files'.
func (o *lintOptions) flagConfig() (*lint.Config, error) {
	c := &lint.Config{Ignore: o.ignore, Enable: o.enable, TrustedRegistries: o.trusted, DisableIgnorePragma: o.disablePragma}
	if err := checkRuleNames("ignore", o.ignore); err != nil {
		return nil, err
	}
	if err := checkRuleNames("enable", o.enable); err != nil {
		return nil, err
	}
	for _, s := range o.severity {
		if err := checkRuleNames(s.sev.String(), []string{s.name}); err != nil {
			return nil, err
		}
		if c.Severity == nil {
			c.Severity = map[string]lint.Severity{}
		}
		c.Severity[canonicalName(s.name)] = s.sev
	}
	if o.threshold != "" {
		sev, err := lint.ParseSeverity(o.threshold)
		if err != nil {
			return nil, fmt.Errorf("--failure-threshold: unknown value %q: use error, warning, info, style or none", o.threshold)
		}
		c.FailureThreshold = &sev
	}
	if o.noFail {
		off := lint.Off
		c.FailureThreshold = &off
	}
	switch strings.ToLower(o.shellcheck) {
	case "auto", "":
	case "on", "true", "yes":
		c.ShellCheck = new(true)
	case "off", "false", "no":
		c.ShellCheck = new(false)
	default:
		return nil, fmt.Errorf("--shellcheck: unknown value %q: use auto, on or off", o.shellcheck)
	}
	if st, err := os.Stat(o.contextDir); o.contextDir != "" && (err != nil || !st.IsDir()) {
		return nil, fmt.Errorf("--context: %s is not a folder", o.contextDir)
	}
	if o.unsafeFixes && !o.fix && !o.diff {
		return nil, errors.New("--unsafe-fixes goes with --fix or --diff")
	}
	return c, nil
}

// checkRuleNames checks that names given to a flag name rules. Codes of
// hadolint and ShellCheck rules berth does not have are accepted, so that
// hadolint command lines keep working.
func checkRuleNames(flagName string, names []string) error {
	for _, n := range names {
		if isRuleName(n) {
			continue
		}
		if s := closestRuleName(n); s != "" {
			return fmt.Errorf("--%s: unknown rule %q; did you mean %s? (berth rules lists them)", flagName, n, s)
		}
		return fmt.Errorf("--%s: unknown rule %q (berth rules lists them)", flagName, n)
	}
	return nil
}

// canonicalName returns the code of the rule a name designates, or the
// name itself when no rule has it.
func canonicalName(name string) string {
	if r := rules.ByName(name); r != nil {
		return r.Code
	}
	return name
}

// mergeConfig lays the flags' configuration over a file's. Severity
// overrides are keyed by rule code, the flags' winning: lint.Config keys
// them by any name of the rule, and two names of one rule in the map
// would leave the outcome to map order.
func mergeConfig(fileCfg, flagCfg *lint.Config) *lint.Config {
	merged := fileCfg.Merge(flagCfg)
	if len(merged.Severity) == 0 {
		return merged
	}
	sev := map[string]lint.Severity{}
	if fileCfg != nil {
		for name, s := range fileCfg.Severity {
			sev[canonicalName(name)] = s
		}
	}
	for name, s := range flagCfg.Severity {
		sev[canonicalName(name)] = s
	}
	merged.Severity = sev
	return merged
}

// input is one Dockerfile to lint.
type input struct {
	// path names it in reports.
	path string
	// file is where to read and write it; "" for stdin, whose content is
	// data.
	file string
	data []byte
	// dir is the folder to look for configuration in and the build
	// context; context is "" for stdin without --stdin-filename.
	dir, context string
	// cfg is the configuration in force: the environment's, the file's
	// (fileCfg, nil when there is none) and the flags', in that order.
	cfg, fileCfg *lint.Config
	// err is set when the path cannot be linted.
	err error
}

// outcome is what linting one input gave.
type outcome struct {
	result report.FileResult
	// orig is the text before fixes; fixed counts the fixes applied.
	orig  []byte
	fixed int
	// fixErr is set when fixes could not be applied or written.
	fixErr error
}

func (o *outcome) changed() bool {
	return o.result.Err == nil && !bytes.Equal(o.orig, o.result.Src)
}

// cmdLint lints Dockerfiles.
func cmdLint(e *Env, args []string) int {
	var o lintOptions
	fs := newLintFlags(&o)
	paths, err := parseFlags(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		io.WriteString(e.Stdout, i18n.Text(argsLang(e, args), lintUsage))
		return exitOK
	}
	if err != nil {
		return usageErrorIn(e, o.lang.orArgs(e, args), "lint", err)
	}
	lang := o.lang.lang(e)
	flagCfg, err := o.flagConfig()
	if err != nil {
		return usageErrorIn(e, lang, "lint", err)
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if set["format"] || set["f"] {
		if _, err := report.New(o.format, report.Options{}); err != nil {
			return usageErrorIn(e, lang, "lint", fmt.Errorf("--format: %w", err))
		}
	}
	envCfg, envSet, err := envConfig(e.Getenv)
	if err != nil {
		return usageErrorIn(e, lang, "lint", err)
	}

	// Stdin read because no file was named (not "-"): when it is empty,
	// nothing was linted, and a CI gate must not pass on that (a script
	// whose loop consumed stdin, "true | berth lint").
	implicitStdin := len(paths) == 0 && e.StdinPiped && o.stdinFilename == ""
	// The working folder, asked once: the configuration files and the
	// build contexts are looked up from it for the whole run.
	cwd, _ := os.Getwd()
	buildctx.Default.SetWorkDir(cwd)
	defer buildctx.Default.SetWorkDir("")
	// Nor do the files change during the run: each folder is listed once,
	// for the paths named (statAll), the ignore files and the build
	// context's walk.
	buildctx.Default.SetSteady(true)
	defer buildctx.Default.SetSteady(false)
	inputs := collectInputs(e, paths, &o)
	if implicitStdin && len(inputs) == 1 && inputs[0].err == nil && len(inputs[0].data) == 0 {
		fmt.Fprintln(e.Stderr, i18n.Text(lang, errEmptyStdin))
		return exitError
	}
	if err := assignConfigs(inputs, cwd, o.configPath, envCfg, flagCfg, int64(o.maxSize)); err != nil {
		fmt.Fprintf(e.Stderr, "berth lint: %s\n", safeio.PrintableLines(err.Error()))
		return exitError
	}
	if err := checkConfigNames(inputs); err != nil {
		fmt.Fprintf(e.Stderr, "berth lint: %s\n%s\n", i18n.Text(lang, safeio.PrintableLines(err.Error())), i18n.Text(lang, "Fix the configuration file, or name another with --config."))
		return exitError
	}
	run, err := resolveRun(&o, set, inputs, envCfg)
	if err != nil {
		return usageErrorIn(e, lang, "lint", err)
	}
	if run.verbose {
		sayConfiguration(e.Stderr, lang, inputs, envSet, run)
	}

	if code, stop := shellCheckNotice(e, lang, o.shellcheck, inputs); stop {
		return code
	}

	// With --fix on stdin, the fixed file goes to stdout and the findings
	// to stderr.
	stdinFix := false
	if o.fix && !o.diff {
		for _, in := range inputs {
			stdinFix = stdinFix || in.file == "" && in.err == nil
		}
	}
	w, tty := e.Stdout, e.StdoutTTY
	if stdinFix {
		w, tty = e.Stderr, e.StderrTTY
	}
	if run.output != "" && run.output != "-" {
		f, closeOut, err := openOutput(e, run.output)
		if err != nil {
			fmt.Fprintf(e.Stderr, "berth lint: %s\n", safeio.Printable(err.Error()))
			return exitError
		}
		defer closeOut()
		w, tty = f, false
	}
	l := &linter{rules: rules.All(), fix: o.fix || o.diff, unsafe: o.unsafeFixes, stderr: e.Stderr, lang: lang, maxSize: int64(o.maxSize)}
	l.shellcheck = len(inputs) > 1 && mayShellCheck(inputs)
	// Every format is written file by file as soon as the files before
	// are done, and the file's text and findings are then let go (see
	// report.Stream): memory does not grow with the number of files.
	rep, _ := report.NewStream(run.format, report.Options{
		Rules:        l.rules,
		Color:        o.colorOn(e, run, tty),
		Version:      VersionString(),
		Root:         cwd,
		Lang:         o.lang.lang(e),
		PathInReport: run.pathInReport,
		// Written to a terminal, each file's findings show as soon as it
		// is done; to a pipe or a file, in fewer, larger writes.
		Buffered: !tty,
	}, w)

	var (
		summary                   report.Summary
		failed, hadError          bool
		fixedProblems, fixedFiles int
		outErr                    error
	)
	others := &otherFixes{diff: o.diff}
	l.lintAll(inputs, func(i int, out *outcome) {
		in := inputs[i]
		if o.fix || o.diff {
			// Fixes of other files than the Dockerfile (its .dockerignore),
			// one input at a time: the next input is linted again against
			// what this one wrote.
			l.fixOthers(others, in, out)
		}
		changed := out.changed()
		if changed && o.fix && !o.diff && in.file != "" {
			if err := writeFile(in.file, out.result.Src); err != nil {
				// Nothing was written: the file is as it was, its fixes
				// are not counted, and its findings are the original's.
				out.fixErr = err
				changed = false
				out.result.Src, out.result.Diagnostics = out.orig, l.check(in, out.orig)
			}
		}
		if changed {
			fixedProblems += out.fixed
			fixedFiles++
		}
		hadError = hadError || out.result.Err != nil || out.fixErr != nil
		failed = failed || lint.Failed(out.result.Diagnostics, in.cfg.Threshold())
		switch {
		case outErr != nil:
		case o.diff:
			if changed {
				name := safeio.Printable(filepath.ToSlash(out.result.Path))
				_, outErr = w.Write(diff.Diff("a/"+name, out.orig, "b/"+name, out.result.Src))
			}
		case stdinFix && in.file == "" && out.result.Err == nil:
			_, outErr = e.Stdout.Write(out.result.Src)
		}
		if o.diff {
			return
		}
		summary.Add(out.result)
		if !isText(run.format) {
			// The formats place edits in the Dockerfile only.
			out.result.Diagnostics = dropOtherFileFixes(out.result.Diagnostics)
		}
		if outErr == nil {
			outErr = rep.Add(out.result)
		}
		if outErr == nil && (out.result.Err != nil || out.fixErr != nil) {
			// lintAll says why on stderr next: what came before it in
			// the report is written first, for readers of both.
			outErr = rep.Flush()
		}
		out.result.Src, out.result.Diagnostics, out.orig = nil, nil, nil
	})
	if o.diff && outErr == nil {
		outErr = others.writeDiffs(w, cwd)
	}
	fixedProblems += others.problems
	fixedFiles += len(others.files)
	hadError = hadError || others.failed
	if !o.diff && outErr == nil {
		outErr = rep.Close()
	}
	if outErr != nil {
		return writeOut(e, "lint", outErr)
	}
	if isText(run.format) && !o.diff {
		summary.Lang = o.lang.lang(e)
		summary.Write(e.Stderr, o.colorOn(e, run, e.StderrTTY))
	}
	switch {
	case o.diff && fixedFiles > 0:
		fmt.Fprintln(e.Stderr, fixedSummary(lang, "Would fix", fixedProblems, fixedFiles))
		failed = flagCfg.Threshold() != lint.Off
	case o.diff:
		fmt.Fprintln(e.Stderr, i18n.Text(lang, "No fixes to apply."))
		failed = false
	case o.fix && fixedFiles > 0:
		fmt.Fprintln(e.Stderr, fixedSummary(lang, "Fixed", fixedProblems, fixedFiles))
	}

	switch {
	case hadError:
		return exitError
	case failed:
		return exitFindings
	}
	return exitOK
}

func isText(format string) bool {
	f := strings.ToLower(format)
	return f == "text" || f == "tty"
}

// fixedSummary says how many problems --fix fixed ("Fixed") or --diff
// would fix ("Would fix") in how many files, in lang. One format per
// number of problems, so that Spanish can make the verb agree.
func fixedSummary(lang language.Tag, verb string, problems, files int) string {
	if problems == 1 {
		return i18n.Sprintf(lang, verb+" 1 problem in %s.", plural(files, "file"))
	}
	return i18n.Sprintf(lang, verb+" %d problems in %s.", problems, plural(files, "file"))
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// writeFile replaces a file's content atomically, keeping its mode: on
// failure the file is left as it was.
func writeFile(path string, data []byte) error {
	if err := safeio.WriteFileAtomic(path, data, 0o644); err != nil {
		return fmt.Errorf("writing fixes: %w", err)
	}
	return nil
}

// collectInputs turns the command line's paths into inputs, searching
// folders. A path that cannot be used becomes an input with err set.
func collectInputs(e *Env, paths []string, o *lintOptions) []*input {
	if len(paths) == 0 {
		if e.StdinPiped || o.stdinFilename != "" {
			paths = []string{"-"}
		} else {
			paths = []string{"."}
		}
	}
	// Sized for the paths named, each a file in the common case (a
	// pre-commit hook or CI gate names thousands): one allocation for
	// the records, and no map growing one file at a time.
	inputs := make([]*input, 0, len(paths))
	records := make([]input, 0, len(paths))
	seen := make(map[string]bool, len(paths))
	add := func(path string) {
		if key := filepath.Clean(path); !seen[key] {
			seen[key] = true
			dir := filepath.Dir(path)
			if len(records) == cap(records) {
				records = make([]input, 0, 64)
			}
			records = append(records, input{path: path, file: path, dir: dir, context: dir})
			inputs = append(inputs, &records[len(records)-1])
		}
	}
	stats := statAll(paths)
	for pi, p := range paths {
		if p == "-" {
			if seen["-"] {
				continue
			}
			seen["-"] = true
			in := &input{path: "-", dir: "."}
			if name := o.stdinFilename; name != "" {
				in.path, in.dir, in.context = name, filepath.Dir(name), filepath.Dir(name)
			}
			data, err := safeio.ReadLimited(e.Stdin, int64(o.maxSize))
			if err != nil {
				in.err = fmt.Errorf("reading stdin: %w", err)
			}
			in.data = data
			inputs = append(inputs, in)
			continue
		}
		switch st := stats[pi]; {
		case errors.Is(st.err, fs.ErrNotExist):
			inputs = append(inputs, &input{path: p, err: fmt.Errorf("%s: no such file or folder (check the path, or use - for stdin)", p)})
			continue
		case st.err != nil:
			inputs = append(inputs, &input{path: p, err: fmt.Errorf("reading %s: %w", p, st.err)})
			continue
		case !st.dir:
			add(p)
			continue
		}
		before := len(inputs)
		err := filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				inputs = append(inputs, &input{path: path, err: fmt.Errorf("reading %s: %w", path, err)})
				if d != nil && d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if d.IsDir() {
				if path != p && skipDir(d.Name()) {
					return filepath.SkipDir
				}
				return nil
			}
			if !lint.IsDockerfileName(d.Name()) {
				return nil
			}
			mode := d.Type()
			if mode&fs.ModeSymlink != 0 {
				st, err := os.Stat(path)
				if err != nil {
					return nil // a dangling link
				}
				mode = st.Mode()
			}
			switch {
			case mode.IsDir():
			case !mode.IsRegular():
				inputs = append(inputs, &input{path: path, err: fmt.Errorf("skipping %s: %w (%s)", path, safeio.ErrNotRegular, safeio.Kind(mode))})
			default:
				add(path)
			}
			return nil
		})
		if err != nil {
			inputs = append(inputs, &input{path: p, err: fmt.Errorf("searching %s: %w", p, err)})
		}
		if len(inputs) == before {
			fmt.Fprintln(e.Stderr, i18n.Sprintf(o.lang.lang(e), "berth lint: no Dockerfile found in %s", safeio.Printable(p)))
		}
	}
	for _, in := range inputs {
		if o.contextDir != "" && in.err == nil {
			in.context = o.contextDir
		}
	}
	return inputs
}

// skipDir reports whether a folder is never searched for Dockerfiles.
func skipDir(name string) bool {
	switch name {
	case ".git", "node_modules", "vendor":
		return true
	}
	return false
}

// assignConfigs gives every input its configuration: the file named by
// --config, else the one lint.FindConfig finds from the input's folder
// (relative folders taken from workDir, "" to ask the system), laid over
// the environment's, with the flags laid over both.
func assignConfigs(inputs []*input, workDir, configPath string, envCfg, flagCfg *lint.Config, maxSize int64) error {
	layers := func(fileCfg *lint.Config) *lint.Config {
		if fileCfg == nil {
			return mergeConfig(envCfg, flagCfg)
		}
		return mergeConfig(mergeConfig(envCfg, fileCfg), flagCfg)
	}
	if configPath != "" {
		fileCfg, err := lint.LoadConfigMax(configPath, maxSize)
		if err != nil {
			return fmt.Errorf("--config: %w\nCheck the path given to --config and the file's contents.", err)
		}
		cfg := layers(fileCfg)
		for _, in := range inputs {
			in.cfg, in.fileCfg = cfg, fileCfg
		}
		return nil
	}
	type loaded struct{ file, merged *lint.Config }
	finder := &lint.ConfigFinder{WorkDir: workDir}
	byDir := map[string]string{}                        // folder → config path found
	byPath := map[string]loaded{"": {nil, layers(nil)}} // config path → its configurations
	for _, in := range inputs {
		if in.err != nil {
			in.cfg = byPath[""].merged
			continue
		}
		path, ok := byDir[in.dir]
		if !ok {
			path = finder.Find(in.dir)
			byDir[in.dir] = path
		}
		c, ok := byPath[path]
		if !ok {
			fileCfg, err := lint.LoadConfigMax(path, maxSize)
			if err != nil {
				return fmt.Errorf("%w\nFix the configuration file, or name another with --config.", err)
			}
			c = loaded{fileCfg, layers(fileCfg)}
			byPath[path] = c
		}
		in.cfg, in.fileCfg = c.merged, c.file
	}
	return nil
}

// linter lints inputs with a set of rules, fixing them in memory when
// asked.
type linter struct {
	rules  []*lint.Rule
	fix    bool
	unsafe bool
	// stderr, when set, receives the errors of files that could not be
	// linted, fixed or written, in lang.
	stderr io.Writer
	lang   language.Tag
	// maxSize caps the size of the files read (0: safeio.DefaultMaxSize).
	maxSize int64
	// maxAhead is the most outcomes lintAll held at once, waiting for
	// done (for tests).
	maxAhead int
	// shellcheck is set when ShellCheck may run on some input: lintAll
	// then lints many files at once so that ShellCheck's batches fill.
	shellcheck bool
	// readAhead, while lintAll lints many files without fixing them,
	// reads them ahead of the workers.
	readAhead *readAhead
}

// With ShellCheck, lintAll lints up to scWorkersPerCPU files per CPU at
// once, and a script waits up to scLinger for others to join its batch.
const (
	scWorkersPerCPU = 64
	scLinger        = 20 * time.Millisecond
)

// mayShellCheck reports whether ShellCheck may run on some input: it is
// installed and some input's configuration does not turn it off.
func mayShellCheck(inputs []*input) bool {
	some := false
	for _, in := range inputs {
		if in.err == nil && (in.cfg == nil || in.cfg.ShellCheck == nil || *in.cfg.ShellCheck) {
			some = true
			break
		}
	}
	if !some {
		return false
	}
	_, err := exec.LookPath("shellcheck")
	return err == nil
}

// Messages about a missing shellcheck program.
const (
	errShellCheckMissing = "berth lint: --shellcheck=on, but the shellcheck program is not on PATH: install it (apt-get install shellcheck)"
	noteShellCheckOff    = "berth lint: shellcheck is not on PATH, so ShellCheck's checks of RUN scripts (SC codes) are off: install it (apt-get install shellcheck) to turn them on, or pass --shellcheck=off to silence this"
)

// shellCheckNotice makes a missing shellcheck program heard: with
// --shellcheck=on it is an error (stop is set, with the exit code);
// otherwise, when ShellCheck would run on some input (BR017 on, ShellCheck
// not turned off or on by the configuration, which BR017 then answers
// itself), a note on stderr, once.
func shellCheckNotice(e *Env, lang language.Tag, flagValue string, inputs []*input) (code int, stop bool) {
	missing := sync.OnceValue(func() bool {
		_, err := exec.LookPath("shellcheck")
		return err != nil
	})
	switch strings.ToLower(flagValue) {
	case "off", "false", "no":
		return 0, false
	case "on", "true", "yes":
		if missing() {
			fmt.Fprintln(e.Stderr, i18n.Text(lang, errShellCheckMissing))
			return exitError, true
		}
		return 0, false
	}
	for _, in := range inputs {
		if in.err != nil || in.cfg != nil && in.cfg.ShellCheck != nil || in.cfg.SeverityOf(rules.BR017) == lint.Off {
			continue
		}
		if missing() {
			fmt.Fprintln(e.Stderr, i18n.Text(lang, noteShellCheckOff))
		}
		break
	}
	return 0, false
}

// aheadPerWorker bounds, per worker, the files lintAll has linted and not
// yet handed on. Files are handed on in order: with two a worker, one
// slow file stopped every worker behind it (0.95 s of waiting over three
// corpus runs in an execution trace; 0.11 s with sixteen), and sixteen
// files' text and findings are still little memory.
const aheadPerWorker = 16

// A run over hugeHeapFiles files or more has its first hugeHeapBytes of
// fresh heap on huge pages (warmheap.Huge). Over the corpus (6,268
// files): 20,000 page faults to 5,000, 20% less CPU, a peak of 80 MB
// instead of 75 MB; a few files allocate too little for it to matter.
const (
	hugeHeapFiles = 64
	hugeHeapBytes = 64 << 20
)

// lintAll lints inputs on GOMAXPROCS goroutines and calls done for each
// outcome in input order, as soon as it and those before are ready. Errors
// are printed by lintAll itself (on the stderr given to the linter).
func (l *linter) lintAll(inputs []*input, done func(i int, out *outcome)) {
	if len(inputs) > 1 {
		// Each file is read once: the parse caches that serve an editor's
		// edits would only hold memory and slow the collector here. What
		// repeats from file to file (FROM, WORKDIR, a common RUN) fits in
		// little: with 256 KiB of instruction text instead of 2 MiB, a
		// corpus run takes 6% less time for 0.4% more allocations (each
		// collection marks what the caches hold).
		if len(inputs) >= hugeHeapFiles {
			warmheap.Huge(hugeHeapBytes)
		}
		syntax.SetCacheBytes(256 << 10)
		lint.SetScriptCacheBytes(64 << 10)
		rules.ResetMemos()
	}
	if len(inputs) > 1 && !l.fix {
		l.readAhead = startReadAhead(inputs, l.maxSize)
		defer func() { l.readAhead = nil }()
	}
	workers := min(runtime.GOMAXPROCS(0), len(inputs))
	if l.shellcheck && len(inputs) > 1 {
		// A file's lint waits for ShellCheck, whose scripts are checked
		// in batches gathered from many files (one process per CPU, many
		// scripts each): many files are linted at once so that the
		// batches fill, their CPU work still spread over GOMAXPROCS.
		workers = min(len(inputs), scWorkersPerCPU*runtime.GOMAXPROCS(0))
		rules.SetShellCheckLinger(scLinger)
		defer rules.SetShellCheckLinger(0)
	}
	// slots bounds the files linted but not yet handed to done: when done
	// is slower than linting (a JSON or SARIF report), the workers wait
	// instead of holding every file's text and findings.
	slots := make(chan struct{}, aheadPerWorker*workers)
	// One worker lints on this goroutine: for a single file (a pre-commit
	// hook's, an editor's save), no goroutine to start, nor the thread
	// that would run it, nor its stack to grow as the lint deepens.
	inline, goroutines := workers == 1, workers
	if inline {
		goroutines = 0
	}
	// Input i's outcome waits in outs[i%ring] until this goroutine takes
	// it. A worker takes a slot before it takes an input, and this
	// goroutine gives the slot back once it has taken the outcome: the
	// inputs taken and not yet handed on are fewer than the slots and
	// follow each other, so input i-ring's outcome has been taken when
	// input i's is put. (An array an input grew with the run, all fresh
	// memory: 0.8 MB for the corpus's 6,268 files.)
	ring := max(cap(slots), 1)
	// outs and ready are guarded by mu; ready[i%ring] is set when
	// outs[i%ring] holds input i's outcome. waiting is the input this
	// goroutine waits for (-1: none), whose worker wakes it. (A channel
	// an input cost a corpus run 3 to 4 ms before its first lint.)
	var (
		mu      sync.Mutex
		readyC  = sync.NewCond(&mu)
		outs    = make([]outcome, ring)
		ready   = make([]bool, ring)
		waiting = -1
	)
	var next, finished atomic.Int64
	var wg sync.WaitGroup
	for range goroutines {
		wg.Go(func() {
			for {
				slots <- struct{}{}
				i := int(next.Add(1)) - 1
				if i >= len(inputs) {
					<-slots
					return
				}
				out := l.lintOne(i, inputs[i])
				finished.Add(1)
				mu.Lock()
				outs[i%ring], ready[i%ring] = out, true
				wake := waiting == i
				mu.Unlock()
				if wake {
					readyC.Signal()
				}
			}
		})
	}
	// The outcome handed to done: one variable for the run, since done
	// gets its address.
	var out outcome
	for i := range inputs {
		if inline {
			out = l.lintOne(i, inputs[i])
		} else {
			mu.Lock()
			waiting = i
			for !ready[i%ring] {
				readyC.Wait()
			}
			waiting = -1
			out, outs[i%ring], ready[i%ring] = outs[i%ring], outcome{}, false
			mu.Unlock()
		}
		if ahead := int(finished.Load()) - i; ahead > l.maxAhead {
			l.maxAhead = ahead
		}
		done(i, &out)
		if l.stderr != nil {
			if err := out.result.Err; err != nil {
				fmt.Fprintln(l.stderr, i18n.Sprintf(l.lang, "berth lint: %s", safeio.Printable(err.Error())))
			}
			if err := out.fixErr; err != nil {
				fmt.Fprintln(l.stderr, i18n.Sprintf(l.lang, "berth lint: %s", safeio.Printable(err.Error())))
			}
		}
		out = outcome{}
		if !inline {
			<-slots
		}
	}
	wg.Wait()
}

// lintOne reads, lints and (when asked) fixes one input, the run's input
// i. A panic becomes an error for that file: one bad file never stops the
// run.
func (l *linter) lintOne(i int, in *input) (out outcome) {
	out.result.Path = in.path
	if in.err != nil {
		out.result.Err = in.err
		return out
	}
	src := in.data
	if in.file != "" {
		data, read, err := l.readAhead.take(i, in)
		if !read {
			data, err = readInput(in.file, l.maxSize)
		}
		if src = data; err != nil {
			out.result.Err = err
			return out
		}
	}
	defer func() {
		if p := recover(); p != nil {
			out = outcome{result: report.FileResult{Path: in.path, Err: fmt.Errorf("internal error linting %s: %v (please report this bug)", in.path, p)}}
		}
	}()
	out.orig = src
	diags := l.check(in, src)
	for pass := 0; l.fix; pass++ {
		edits := lint.SelectFixes(diags, l.unsafe)
		if len(edits) == 0 {
			break
		}
		if pass == maxFixPasses {
			out.fixErr = fmt.Errorf("fixing %s: the fixes did not settle after %d passes (a rule's fix keeps finding work; please report this bug)", in.path, maxFixPasses)
			break
		}
		next, err := lint.Apply(src, edits)
		if err != nil {
			out.fixErr = fmt.Errorf("fixing %s: %w", in.path, err)
			break
		}
		if bytes.Equal(next, src) {
			break
		}
		out.fixed += countFixed(diags, edits, l.unsafe)
		src = next
		diags = l.check(in, src)
	}
	out.result.Src, out.result.Diagnostics = src, diags
	return out
}

// readInput reads a file to lint or format: a regular file of at most max
// bytes. The error says why a file was skipped.
func readInput(path string, max int64) ([]byte, error) {
	src, err := safeio.ReadRegularFile(path, max)
	if err != nil {
		return nil, inputError(path, err)
	}
	return src, nil
}

// inputError says why the file at path could not be read to lint.
func inputError(path string, err error) error {
	if errors.Is(err, safeio.ErrNotRegular) || errors.Is(err, safeio.ErrTooLarge) {
		return fmt.Errorf("skipping %w", err)
	}
	return fmt.Errorf("reading %s: %w", path, err)
}

func (l *linter) check(in *input, src []byte) []lint.Diagnostic {
	doc := lint.NewDocument(in.path, src)
	doc.Context = in.context
	return lint.Run(doc, l.rules, in.cfg)
}

// countFixed counts the diagnostics whose fix of the Dockerfile
// lint.SelectFixes chose, given the edits it returned.
func countFixed(diags []lint.Diagnostic, edits []lint.Edit, unsafe bool) int {
	left := map[lint.Edit]int{}
	for _, e := range edits {
		left[e]++
	}
	n := 0
	for _, d := range diags {
		for _, f := range d.Fixes {
			if !f.Safe && !unsafe {
				continue
			}
			chosen := len(f.Edits) > 0 && len(lint.OtherFiles(f.Edits)) == 0
			for _, e := range f.Edits {
				chosen = chosen && left[e] > 0
			}
			if chosen {
				for _, e := range f.Edits {
					left[e]--
				}
				n++
			}
			break
		}
	}
	return n
}
