package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/berth-dev/berth/internal/safeio"
	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/report"
	"github.com/berth-dev/berth/lint/syntax"
	"github.com/berth-dev/berth/rules"
)

// berth answers as hadolint 2.15 when it is run as "hadolint" (a link or
// a copy of the binary under that name) or as "berth hadolint ARGS...":
// the same flags, environment variables, configuration files, output
// formats, messages and exit codes, so that CI scripts, pre-commit hooks
// and editor integrations written for hadolint keep working. The rules
// are berth's (the DL rules and ShellCheck), reported with hadolint's
// codes, severities and messages.

func init() {
	commands["hadolint"] = command{cmdHadolint, "lint as hadolint does (its flags, formats and exit codes)"}
}

// isHadolintName reports whether argv0 names the program hadolint.
func isHadolintName(argv0 string) bool {
	base := filepath.Base(strings.ReplaceAll(argv0, `\`, "/"))
	base = strings.TrimSuffix(strings.TrimSuffix(base, ".exe"), ".EXE")
	return base == "hadolint"
}

func isHLFormat(s string) bool { return slices.Contains(report.HadolintFormats, s) }

// hlConfig is hadolint's partial configuration: what one source
// (environment, configuration file, command line) sets. nil scalars are
// not set; lists are joined across sources.
type hlConfig struct {
	// outputFile and filePathInReport come from a configuration file
	// only: the command line's -o and --file-path-in-report replace them.
	outputFile, filePathInReport      *string
	noFail, noColor, verbose          *bool
	formats                           []string
	errorRules, warningRules          []string
	infoRules, styleRules, ignore     []string
	trusted                           []string
	labels                            []hlLabel
	strictLabels, disableIgnorePragma *bool
	threshold                         *hlSeverity
}

// hlLabel is one entry of the label schema.
type hlLabel struct{ name, kind string }

// merge lays o over c as hadolint's Semigroup does.
func (c *hlConfig) merge(o *hlConfig) {
	pick := func(a **bool, b *bool) {
		if b != nil {
			*a = b
		}
	}
	pick(&c.noFail, o.noFail)
	pick(&c.noColor, o.noColor)
	pick(&c.verbose, o.verbose)
	pick(&c.strictLabels, o.strictLabels)
	pick(&c.disableIgnorePragma, o.disableIgnorePragma)
	if o.threshold != nil {
		c.threshold = o.threshold
	}
	if o.outputFile != nil {
		c.outputFile = o.outputFile
	}
	if o.filePathInReport != nil {
		c.filePathInReport = o.filePathInReport
	}
	c.formats = append(c.formats, o.formats...)
	c.errorRules = append(c.errorRules, o.errorRules...)
	c.warningRules = append(c.warningRules, o.warningRules...)
	c.infoRules = append(c.infoRules, o.infoRules...)
	c.styleRules = append(c.styleRules, o.styleRules...)
	c.ignore = append(c.ignore, o.ignore...)
	c.trusted = append(c.trusted, o.trusted...)
	c.labels = append(c.labels, o.labels...)
}

func isTrue(b *bool) bool { return b != nil && *b }

// thresholdOr returns the failure threshold, info by default.
func (c *hlConfig) thresholdOr() hlSeverity {
	if c.threshold == nil {
		return hlInfo
	}
	return *c.threshold
}

// labelSchema returns the label schema as a map (a later entry for a name
// replaces an earlier one only if the map had none: Data.Map's union is
// left-biased).
func (c *hlConfig) labelSchema() map[string]string {
	if len(c.labels) == 0 {
		return nil
	}
	m := map[string]string{}
	for _, l := range c.labels {
		if _, ok := m[l.name]; !ok {
			m[l.name] = l.kind
		}
	}
	return m
}

// hlCommandLine is what the command line says besides the configuration.
type hlCommandLine struct {
	version          bool
	help             bool
	configFile       string
	files            []string
	filePathInReport *string
	outputs          []string
	cfg              hlConfig
}

// hlUsageError is a command-line error, reported as optparse-applicative
// reports it.
type hlUsageError struct{ msg string }

func (e *hlUsageError) Error() string { return e.msg }

// hlOption describes one option of hadolint's command line.
type hlOption struct {
	short   byte
	long    string
	takes   bool // takes a value
	handler func(c *hlCommandLine, v string) error
}

func boolp(b bool) *bool { return &b }

var hlOptions = []hlOption{
	{'h', "help", false, func(c *hlCommandLine, _ string) error { c.help = true; return nil }},
	{'v', "version", false, func(c *hlCommandLine, _ string) error { c.version = true; return nil }},
	{'c', "config", true, func(c *hlCommandLine, v string) error { c.configFile = v; return nil }},
	{0, "file-path-in-report", true, func(c *hlCommandLine, v string) error { c.filePathInReport = &v; return nil }},
	{'o', "output", true, func(c *hlCommandLine, v string) error { c.outputs = append(c.outputs, v); return nil }},
	{0, "no-fail", false, func(c *hlCommandLine, _ string) error { c.cfg.noFail = boolp(true); return nil }},
	{0, "no-color", false, func(c *hlCommandLine, _ string) error { c.cfg.noColor = boolp(true); return nil }},
	{'V', "verbose", false, func(c *hlCommandLine, _ string) error { c.cfg.verbose = boolp(true); return nil }},
	{'f', "format", true, func(c *hlCommandLine, v string) error {
		if !isHLFormat(v) {
			return &hlUsageError{fmt.Sprintf("option -f: cannot parse value `%s'", v)}
		}
		c.cfg.formats = append(c.cfg.formats, v)
		return nil
	}},
	{0, "error", true, func(c *hlCommandLine, v string) error { c.cfg.errorRules = append(c.cfg.errorRules, v); return nil }},
	{0, "warning", true, func(c *hlCommandLine, v string) error { c.cfg.warningRules = append(c.cfg.warningRules, v); return nil }},
	{0, "info", true, func(c *hlCommandLine, v string) error { c.cfg.infoRules = append(c.cfg.infoRules, v); return nil }},
	{0, "style", true, func(c *hlCommandLine, v string) error { c.cfg.styleRules = append(c.cfg.styleRules, v); return nil }},
	{0, "ignore", true, func(c *hlCommandLine, v string) error { c.cfg.ignore = append(c.cfg.ignore, v); return nil }},
	{0, "trusted-registry", true, func(c *hlCommandLine, v string) error { c.cfg.trusted = append(c.cfg.trusted, v); return nil }},
	{0, "require-label", true, func(c *hlCommandLine, v string) error {
		l, err := parseHLLabel(v)
		if err != nil {
			return &hlUsageError{fmt.Sprintf("option --require-label: %s", err)}
		}
		c.cfg.labels = append(c.cfg.labels, l)
		return nil
	}},
	{0, "strict-labels", false, func(c *hlCommandLine, _ string) error { c.cfg.strictLabels = boolp(true); return nil }},
	{0, "disable-ignore-pragma", false, func(c *hlCommandLine, _ string) error { c.cfg.disableIgnorePragma = boolp(true); return nil }},
	{'t', "failure-threshold", true, func(c *hlCommandLine, v string) error {
		s, ok := parseHLSeverity(v)
		if !ok {
			return &hlUsageError{fmt.Sprintf("option -t: Invalid severity: %s", v)}
		}
		c.cfg.threshold = &s
		return nil
	}},
}

// parseHLLabel reads NAME:TYPE (an empty type is text).
func parseHLLabel(v string) (hlLabel, error) {
	name, kind, _ := strings.Cut(v, ":")
	switch kind {
	case "":
		kind = "text"
	case "email", "hash", "text", "rfc3339", "semver", "spdx", "url":
	default:
		return hlLabel{}, fmt.Errorf("invalid label type: %s", kind)
	}
	return hlLabel{name, kind}, nil
}

// parseHLArgs parses hadolint's command line as optparse-applicative
// does: long options with "=VALUE" or a separate value, short options
// bundled (-Vf json, -fjson), "--" ending the options, "-" a file.
func parseHLArgs(args []string) (*hlCommandLine, error) {
	c := &hlCommandLine{}
	byLong := map[string]*hlOption{}
	byShort := map[byte]*hlOption{}
	for i := range hlOptions {
		o := &hlOptions[i]
		byLong[o.long] = o
		if o.short != 0 {
			byShort[o.short] = o
		}
	}
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			c.files = append(c.files, args[i+1:]...)
			return c, nil
		case strings.HasPrefix(a, "--"):
			name, val, hasVal := strings.Cut(a[2:], "=")
			o := byLong[name]
			if o == nil {
				return nil, &hlUsageError{fmt.Sprintf("Invalid option `%s'", a)}
			}
			if !o.takes {
				if hasVal {
					return nil, &hlUsageError{fmt.Sprintf("Invalid option `%s'", a)}
				}
				o.handler(c, "")
				continue
			}
			if !hasVal {
				if i+1 >= len(args) {
					return nil, &hlUsageError{fmt.Sprintf("The option `--%s` expects an argument.", name)}
				}
				i++
				val = args[i]
			}
			if err := o.handler(c, val); err != nil {
				return nil, err
			}
		case strings.HasPrefix(a, "-") && a != "-":
			for j := 1; j < len(a); j++ {
				o := byShort[a[j]]
				if o == nil {
					return nil, &hlUsageError{fmt.Sprintf("Invalid option `-%c'", a[j])}
				}
				if !o.takes {
					o.handler(c, "")
					continue
				}
				val := a[j+1:]
				if val == "" {
					if i+1 >= len(args) {
						return nil, &hlUsageError{fmt.Sprintf("The option `-%c` expects an argument.", a[j])}
					}
					i++
					val = args[i]
				}
				if err := o.handler(c, val); err != nil {
					return nil, err
				}
				break
			}
		default:
			c.files = append(c.files, a)
		}
	}
	return c, nil
}

// hadolintUsage is the usage line optparse-applicative prints.
const hadolintUsage = `Usage: hadolint [-v|--version] [-c|--config FILENAME] [DOCKERFILE...]
                [--file-path-in-report FILEPATHINREPORT] [-o|--output OUTPUT]
                [--no-fail] [--no-color] [-V|--verbose] [-f|--format ARG]
                [--error RULECODE] [--warning RULECODE] [--info RULECODE]
                [--style RULECODE] [--ignore RULECODE]
                [--trusted-registry REGISTRY (e.g. docker.io)]
                [--require-label LABELSCHEMA (e.g. maintainer:text)]
                [--strict-labels] [--disable-ignore-pragma]
                [-t|--failure-threshold THRESHOLD]
`

const hadolintHelp = `hadolint - Dockerfile Linter written in Haskell

` + hadolintUsage + `
  Lint Dockerfile for errors and best practices (berth, answering as hadolint
  ` + hadolintVersion + `)

Available options:
  -h,--help                Show this help text
  -v,--version             Show version
  -c,--config FILENAME     Path to the configuration file
  --file-path-in-report FILEPATHINREPORT
                           The file path referenced in the generated report.
                           This only applies for the 'checkstyle',
                           'codeclimate', 'sonarqube', 'junit' and
                           'gitlab_codeclimate' formats and is useful when
                           running Hadolint with Docker to set the correct file
                           path.
  -o,--output OUTPUT       Output destination file
  --no-fail                Don't exit with a failure status code when any rule
                           is violated
  --no-color               Don't colorize output
  -V,--verbose             Enables verbose logging of hadolint's output to
                           stderr
  -f,--format ARG          The output format for the results [tty | json |
                           checkstyle | codeclimate | gitlab_codeclimate | gnu |
                           codacy | sonarqube | sarif | junit] (default: tty)
  --error RULECODE         Make the rule ` + "`RULECODE`" + ` have the level ` + "`error`" + `
  --warning RULECODE       Make the rule ` + "`RULECODE`" + ` have the level ` + "`warning`" + `
  --info RULECODE          Make the rule ` + "`RULECODE`" + ` have the level ` + "`info`" + `
  --style RULECODE         Make the rule ` + "`RULECODE`" + ` have the level ` + "`style`" + `
  --ignore RULECODE        A rule to ignore. If present, the ignore list in the
                           config file is ignored
  --trusted-registry REGISTRY (e.g. docker.io)
                           A docker registry to allow to appear in FROM
                           instructions
  --require-label LABELSCHEMA (e.g. maintainer:text)
                           The option --require-label=label:format makes
                           Hadolint check that the label ` + "`label`" + ` conforms to
                           format requirement ` + "`format`" + `
  --strict-labels          Do not permit labels other than specified in
                           ` + "`label-schema`" + `
  --disable-ignore-pragma  Disable inline ignore pragmas ` + "`# hadolint ignore=DLxxxx`" + `
  -t,--failure-threshold THRESHOLD
                           Exit with failure code only when rules with a
                           severity equal to or above THRESHOLD are violated.
                           Accepted values: [error | warning | info | style |
                           ignore | none] (default: info)
`

// hlTruthy is hadolint's reading of a boolean environment variable.
func hlTruthy(s string) bool {
	switch strings.ToLower(s) {
	case "1", "y", "on", "true", "yes":
		return true
	}
	return false
}

// hlSplit splits a comma list as Data.Text.splitOn does (empty entries
// kept, nothing trimmed).
func hlSplit(s string) []string { return strings.Split(s, ",") }

// hlEnvConfig reads the HADOLINT_* variables and NO_COLOR.
func hlEnvConfig(getenv func(string) (string, bool)) *hlConfig {
	c := &hlConfig{}
	truthy := func(name string) *bool {
		if v, ok := getenv(name); ok {
			return boolp(hlTruthy(v))
		}
		return nil
	}
	c.noFail = truthy("HADOLINT_NOFAIL")
	if _, ok := getenv("NO_COLOR"); ok {
		c.noColor = boolp(true)
	}
	c.verbose = truthy("HADOLINT_VERBOSE")
	if v, ok := getenv("HADOLINT_FORMAT"); ok {
		for _, f := range hlSplit(v) {
			if isHLFormat(f) {
				c.formats = append(c.formats, f)
			}
		}
	}
	list := func(name string) []string {
		if v, ok := getenv(name); ok {
			return hlSplit(v)
		}
		return nil
	}
	c.errorRules = list("HADOLINT_OVERRIDE_ERROR")
	c.warningRules = list("HADOLINT_OVERRIDE_WARNING")
	c.infoRules = list("HADOLINT_OVERRIDE_INFO")
	c.styleRules = list("HADOLINT_OVERRIDE_STYLE")
	c.ignore = list("HADOLINT_IGNORE")
	c.trusted = list("HADOLINT_TRUSTED_REGISTRIES")
	for _, entry := range list("HADOLINT_REQUIRE_LABELS") {
		if l, err := parseHLLabel(entry); err == nil && l.name != "" {
			c.labels = append(c.labels, l)
		}
	}
	c.strictLabels = truthy("HADOLINT_STRICT_LABELS")
	c.disableIgnorePragma = truthy("HADOLINT_DISABLE_IGNORE_PRAGMA")
	if v, ok := getenv("HADOLINT_FAILURE_THRESHOLD"); ok {
		if s, ok := parseHLSeverity(v); ok {
			c.threshold = &s
		}
	}
	return c
}

// hlConfigPaths are the places hadolint looks for its configuration file,
// in order (the first that exists is used; files are never merged).
func hlConfigPaths(getenv func(string) (string, bool)) []string {
	var paths []string
	if cwd, err := os.Getwd(); err == nil {
		paths = append(paths, filepath.Join(cwd, ".hadolint.yaml"), filepath.Join(cwd, ".hadolint.yml"))
	}
	home, _ := getenv("HOME")
	if home == "" {
		home, _ = os.UserHomeDir()
	}
	xdg, _ := getenv("XDG_CONFIG_HOME")
	if xdg == "" && home != "" {
		xdg = filepath.Join(home, ".config")
	}
	if xdg != "" {
		paths = append(paths, filepath.Join(xdg, "hadolint.yaml"), filepath.Join(xdg, "hadolint.yml"))
	}
	if home != "" {
		for _, n := range []string{"hadolint.yaml", "hadolint.yml", "config.yaml", "config.yml"} {
			paths = append(paths, filepath.Join(home, ".hadolint", n))
		}
		paths = append(paths, filepath.Join(home, ".hadolint.yaml"), filepath.Join(home, ".hadolint.yml"))
	}
	return paths
}

// findHLConfig returns the configuration file hadolint would use, or "".
func findHLConfig(getenv func(string) (string, bool)) string {
	for _, p := range hlConfigPaths(getenv) {
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			return p
		}
	}
	return ""
}

// hlFileConfig is the YAML shape hadolint reads, with berth's
// output-file and file-path-in-report (which hadolint has only as flags);
// other keys are ignored, as hadolint ignores them.
type hlFileConfig struct {
	NoFail              *bool               `yaml:"no-fail"`
	NoColor             *bool               `yaml:"no-color"`
	Verbose             *bool               `yaml:"verbose"`
	Format              *string             `yaml:"format"`
	Formats             []string            `yaml:"formats"`
	Override            map[string][]string `yaml:"override"`
	Ignored             []string            `yaml:"ignored"`
	TrustedRegistries   []string            `yaml:"trustedRegistries"`
	LabelSchema         yaml.Node           `yaml:"label-schema"`
	StrictLabels        *bool               `yaml:"strict-labels"`
	DisableIgnorePragma *bool               `yaml:"disable-ignore-pragma"`
	FailureThreshold    *string             `yaml:"failure-threshold"`
	OutputFile          *string             `yaml:"output-file"`
	FilePathInReport    *string             `yaml:"file-path-in-report"`
}

// parseHLConfigFile reads a configuration file as hadolint does. The error
// is hadolint's message for a file it cannot parse.
func parseHLConfigFile(path string, data []byte) (*hlConfig, error) {
	var fc hlFileConfig
	fail := func(msg string) (*hlConfig, error) {
		return nil, errors.New(hlConfigErrorText(path, msg))
	}
	if err := yaml.Unmarshal(data, &fc); err != nil {
		return fail(err.Error())
	}
	c := &hlConfig{noFail: fc.NoFail, noColor: fc.NoColor, verbose: fc.Verbose, strictLabels: fc.StrictLabels, disableIgnorePragma: fc.DisableIgnorePragma,
		outputFile: fc.OutputFile, filePathInReport: fc.FilePathInReport}
	for _, f := range fc.Formats {
		if !isHLFormat(f) {
			return fail(fmt.Sprintf("expected output format instead of %s", f))
		}
	}
	c.formats = fc.Formats
	if fc.Format != nil {
		if !isHLFormat(*fc.Format) {
			return fail(fmt.Sprintf("expected output format instead of %s", *fc.Format))
		}
		c.formats = append(c.formats, *fc.Format)
	}
	for level, codes := range fc.Override {
		switch level {
		case "error":
			c.errorRules = codes
		case "warning":
			c.warningRules = codes
		case "info":
			c.infoRules = codes
		case "style":
			c.styleRules = codes
		}
	}
	c.ignore = fc.Ignored
	c.trusted = fc.TrustedRegistries
	if fc.LabelSchema.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(fc.LabelSchema.Content); i += 2 {
			name, kind := fc.LabelSchema.Content[i].Value, fc.LabelSchema.Content[i+1].Value
			l, err := parseHLLabel(name + ":" + kind)
			if err != nil || kind == "" {
				return fail(fmt.Sprintf("expected labeltype instead of %s", kind))
			}
			c.labels = append(c.labels, l)
		}
		sort.SliceStable(c.labels, func(i, j int) bool { return c.labels[i].name < c.labels[j].name })
	}
	if fc.FailureThreshold != nil {
		s, ok := parseHLSeverity(*fc.FailureThreshold)
		if !ok {
			return fail(fmt.Sprintf("expected severity instead of %s", *fc.FailureThreshold))
		}
		c.threshold = &s
	}
	return c, nil
}

// hlConfigErrorText is hadolint's message for a configuration file it
// cannot parse.
func hlConfigErrorText(path, err string) string {
	return strings.Join([]string{
		"Error parsing your config file in  '" + path + "':",
		"It should contain one of the keys 'override', 'ignored'",
		"or 'trustedRegistries'. For example:\n",
		"ignored:",
		"\t- DL3000",
		"\t- SC1099\n\n",
		"The key 'override' should contain only lists with names 'error',",
		"'warning', 'info' or 'style', which each name rules to override the",
		"severity on. For example:\n",
		"override:",
		"\terror:",
		"\t\t- DL3008\n\n",
		"The key 'trustedRegistries' should contain the names of the allowed",
		"docker registries:\n",
		"trustedRegistries:",
		"\t- docker.io",
		"\t- my-company.com",
		"",
		err,
	}, "\n") + "\n"
}

// haskellShow quotes s as Haskell's show does for a String.
func haskellShow(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	prevNumeric := false
	for _, r := range s {
		numeric := false
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < 0x20 || r >= 0x7f:
			fmt.Fprintf(&b, `\%d`, r)
			numeric = true
		default:
			if prevNumeric && r >= '0' && r <= '9' {
				b.WriteString(`\&`)
			}
			b.WriteRune(r)
		}
		prevNumeric = numeric
	}
	b.WriteByte('"')
	return b.String()
}

// hlVerboseConfig is hadolint's pretty-printed configuration (-V).
func hlVerboseConfig(c *hlConfig) string {
	var b strings.Builder
	yesNo := func(p *bool) string {
		if isTrue(p) {
			return "True"
		}
		return "False"
	}
	list := func(items []string) {
		if len(items) == 0 {
			b.WriteString("\n    none")
			return
		}
		for _, it := range items {
			b.WriteString("\n    - " + it)
		}
	}
	quoted := func(codes []string) []string {
		out := make([]string, len(codes))
		for i, c := range codes {
			out[i] = haskellShow(c)
		}
		return out
	}
	b.WriteString("Configuration:")
	b.WriteString("\n  no fail: " + yesNo(c.noFail))
	b.WriteString("\n  no color: " + yesNo(c.noColor))
	b.WriteString("\n  output format:")
	list(c.formats)
	b.WriteString("\n  failure threshold: " + c.thresholdOr().String())
	for _, r := range []struct {
		name  string
		codes []string
	}{{"error", c.errorRules}, {"warning", c.warningRules}, {"info", c.infoRules}, {"style", c.styleRules}, {"ignore", c.ignore}} {
		b.WriteString("\n  override " + r.name + ":")
		list(quoted(r.codes))
	}
	b.WriteString("\n  strict labels: " + yesNo(c.strictLabels))
	b.WriteString("\n  label schema:")
	schema := c.labelSchema()
	var labels []string
	for name, kind := range schema {
		labels = append(labels, name+": "+kind)
	}
	sort.Strings(labels)
	list(labels)
	b.WriteString("\n  disable ignore pragma: " + yesNo(c.disableIgnorePragma))
	b.WriteString("\n  allowed registries:")
	regs := slices.Clone(c.trusted)
	sort.Strings(regs)
	regs = slices.Compact(regs)
	for i := range regs {
		regs[i] = "- " + regs[i]
	}
	if len(regs) == 0 {
		b.WriteString("\n    none")
	}
	for _, r := range regs {
		b.WriteString("\n    " + r)
	}
	b.WriteString("\n")
	return b.String()
}

// cmdHadolint is "berth hadolint ARGS..." and berth run as "hadolint".
func cmdHadolint(e *Env, args []string) int {
	getenv := func(name string) (string, bool) {
		v := e.Getenv(name)
		if v != "" {
			return v, true
		}
		return os.LookupEnv(name)
	}
	cl, err := parseHLArgs(args)
	if err != nil {
		fmt.Fprintf(e.Stderr, "%s\n\n%s", err, hadolintUsage)
		return exitFindings
	}
	if cl.help {
		io.WriteString(e.Stdout, hadolintHelp)
		return exitOK
	}

	cfg := hlEnvConfig(getenv)
	hlWarnUnknownRules(e.Stderr, cfg, "HADOLINT_OVERRIDE_ERROR", "HADOLINT_OVERRIDE_WARNING", "HADOLINT_OVERRIDE_INFO", "HADOLINT_OVERRIDE_STYLE", "HADOLINT_IGNORE")
	// The configuration file: -c, else the first of hadolint's places.
	path := cl.configFile
	if path == "" {
		path = findHLConfig(getenv)
	}
	if isTrue(cl.cfg.verbose) {
		desc := "No configuration was specified. Using default configuration"
		if path != "" {
			desc = "Configuration file used: " + path
		}
		fmt.Fprintln(e.Stderr, haskellShow(desc))
	}
	if path != "" {
		data, err := safeio.ReadRegularFile(path, safeio.DefaultMaxSize)
		if err != nil {
			fmt.Fprintf(e.Stderr, "hadolint: %s\n", hlIOError(path, err))
			return exitFindings
		}
		fileCfg, err := parseHLConfigFile(path, data)
		if err != nil {
			fmt.Fprintln(e.Stderr, haskellShow(err.Error()))
		} else {
			hlWarnUnknownRules(e.Stderr, fileCfg, path+": override: error", path+": override: warning", path+": override: info", path+": override: style", path+": ignored")
			cfg.merge(fileCfg)
		}
	}
	hlWarnUnknownRules(e.Stderr, &cl.cfg, "--error", "--warning", "--info", "--style", "--ignore")
	cfg.merge(&cl.cfg)
	if isTrue(cfg.verbose) {
		io.WriteString(e.Stderr, hlVerboseConfig(cfg))
	}
	if cl.version {
		fmt.Fprintf(e.Stdout, "Haskell Dockerfile Linter %s (berth %s)\n", hadolintVersion, VersionString())
		return exitOK
	}
	files := cl.files
	if len(files) == 0 && e.StdinPiped {
		// No file but a pipe (docker run -i hadolint < Dockerfile): read
		// it, unless it is empty (a loop that consumed stdin).
		data, err := safeio.ReadLimited(e.Stdin, safeio.DefaultMaxSize)
		if err == nil && len(data) > 0 {
			files = []string{"-"}
			e2 := *e
			e2.Stdin = bytes.NewReader(data)
			e = &e2
		}
	}
	if len(files) == 0 {
		fmt.Fprintln(e.Stdout, "Please provide a Dockerfile")
		return exitFindings
	}

	results, err := hadolintLint(e, files, cfg)
	if err != nil {
		fmt.Fprintf(e.Stderr, "hadolint: %s\n", err)
		return exitFindings
	}

	formats := cfg.formats
	outputs := cl.outputs
	if len(outputs) == 0 && cfg.outputFile != nil {
		outputs = []string{*cfg.outputFile}
	}
	pathInReport := cl.filePathInReport
	if pathInReport == nil {
		pathInReport = cfg.filePathInReport
	}
	noColor := isTrue(cfg.noColor)
	for _, pair := range hlZipOutputs(outputs, formats) {
		var buf bytes.Buffer
		if err := writeHLFormat(&buf, pair.format, results, !noColor, pathInReport); err != nil {
			fmt.Fprintf(e.Stderr, "hadolint: %v\n", err)
			return exitFindings
		}
		if pair.path == "-" {
			if _, err := e.Stdout.Write(buf.Bytes()); err != nil {
				fmt.Fprintf(e.Stderr, "hadolint: <stdout>: %v\n", err)
				return exitFindings
			}
			continue
		}
		if err := os.WriteFile(pair.path, buf.Bytes(), 0o644); err != nil {
			fmt.Fprintf(e.Stderr, "hadolint: %s\n", hlIOError(pair.path, err))
			return exitFindings
		}
	}
	return hlExitCode(cfg, results)
}

// hlKnownRule reports whether hadolint knows a rule code: one of its
// rules, one it retired, or a ShellCheck code.
func hlKnownRule(code string) bool {
	_, ok := hlRules[code]
	return ok || code == strings.ToUpper(code) && lint.IsForeignCode(code)
}

// hlWarnUnknownRules says on stderr which codes of c's overrides and
// ignores (named by where, in the order error, warning, info, style,
// ignore) are no rule of hadolint's. hadolint takes them silently and
// they do nothing, so that a misspelt code would hide a finding or leave
// a severity as it was without a word; the run goes on as hadolint's
// would.
func hlWarnUnknownRules(w io.Writer, c *hlConfig, where ...string) {
	for i, codes := range [][]string{c.errorRules, c.warningRules, c.infoRules, c.styleRules, c.ignore} {
		for _, code := range codes {
			if code == "" || hlKnownRule(code) {
				continue
			}
			msg := fmt.Sprintf("hadolint: %s: unknown rule %s", where[i], haskellShow(code))
			if s := syntax.Typo(code, hlCodes()); s != "" {
				msg += "; did you mean " + s + "?"
			}
			fmt.Fprintln(w, msg)
		}
	}
}

// hlCodes lists the codes of hadolint's rules, sorted.
func hlCodes() []string {
	codes := make([]string, 0, len(hlRules))
	for c := range hlRules {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	return codes
}

// hlExitCode is hadolint's exit status for the results.
func hlExitCode(cfg *hlConfig, results []*hlResult) int {
	if isTrue(cfg.noFail) || slices.Contains(cfg.formats, "codeclimate") || slices.Contains(cfg.formats, "codacy") {
		return exitOK
	}
	threshold := cfg.thresholdOr()
	for _, r := range results {
		if len(r.errors) > 0 {
			return exitFindings
		}
		for _, c := range r.checks {
			if c.sev <= threshold {
				return exitFindings
			}
		}
	}
	return exitOK
}

// hlOutput is one destination and its format.
type hlOutput struct{ path, format string }

// hlZipOutputs pairs outputs with formats by position, as hadolint does:
// formats beyond the outputs go to stdout, outputs beyond the formats get
// tty, and with neither, tty goes to stdout.
func hlZipOutputs(paths, formats []string) []hlOutput {
	if len(paths) == 0 && len(formats) == 0 {
		return []hlOutput{{"-", "tty"}}
	}
	var out []hlOutput
	for i := 0; i < max(len(paths), len(formats)); i++ {
		o := hlOutput{"-", "tty"}
		if i < len(paths) {
			o.path = paths[i]
		}
		if i < len(formats) {
			o.format = formats[i]
		}
		out = append(out, o)
	}
	return out
}

// hlIOError words a file error as GHC's runtime does.
func hlIOError(path string, err error) string {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return path + ": openBinaryFile: does not exist (No such file or directory)"
	case errors.Is(err, fs.ErrPermission):
		return path + ": openBinaryFile: permission denied (Permission denied)"
	case errors.Is(err, safeio.ErrNotRegular):
		if st, e := os.Stat(path); e == nil && st.IsDir() {
			return path + ": openBinaryFile: inappropriate type (is a directory)"
		}
	}
	return path + ": " + err.Error()
}

// hlFinding is one finding as hadolint reports it.
type hlFinding struct {
	code string
	sev  hlSeverity
	msg  string
	line int
}

// hlParseError is a file hadolint could not parse (berth's DL1000).
type hlParseError struct {
	// source is the name in the error's position: the path, or
	// /dev/stdin.
	source    string
	line, col int
	msg       string
	// srcLine is the text of the line, for Megaparsec's pretty form.
	srcLine string
}

// hlResult is one file's result.
type hlResult struct {
	file   string
	errors []hlParseError
	checks []hlFinding
}

// hadolintRules are the rules hadolint has: berth's DL rules and the
// ShellCheck pass.
func hadolintRules() []*lint.Rule {
	var out []*lint.Rule
	for _, r := range rules.All() {
		if strings.HasPrefix(r.Code, "DL") || r == rules.BR017 {
			out = append(out, r)
		}
	}
	return out
}

// hadolintLint lints the files and returns hadolint's results, in the
// order of the files. A file that cannot be read stops the run, as in
// hadolint.
func hadolintLint(e *Env, files []string, cfg *hlConfig) ([]*hlResult, error) {
	lcfg := &lint.Config{
		Enable:              []string{"DL1001", "DL3057"},
		TrustedRegistries:   cfg.trusted,
		LabelSchema:         cfg.labelSchema(),
		StrictLabels:        isTrue(cfg.strictLabels),
		DisableIgnorePragma: isTrue(cfg.disableIgnorePragma),
	}
	inputs := make([]*input, len(files))
	var stdin []byte
	readStdin := false
	for i, f := range files {
		if f == "-" {
			if !readStdin {
				data, err := safeio.ReadLimited(e.Stdin, safeio.DefaultMaxSize)
				if err != nil {
					return nil, fmt.Errorf("<stdin>: %v", err)
				}
				stdin, readStdin = data, true
			}
			inputs[i] = &input{path: "-", data: stdin, dir: ".", cfg: lcfg}
			continue
		}
		data, err := safeio.ReadRegularFile(f, safeio.DefaultMaxSize)
		if err != nil {
			return nil, errors.New(hlIOError(f, err))
		}
		inputs[i] = &input{path: f, data: data, dir: filepath.Dir(f), context: filepath.Dir(f), cfg: lcfg}
	}
	l := &linter{rules: hadolintRules(), maxSize: safeio.DefaultMaxSize}
	results := make([]*hlResult, len(inputs))
	l.lintAll(inputs, func(i int, out *outcome) {
		results[i] = hadolintResult(inputs[i], out, cfg)
	})
	return results, nil
}

// hadolintResult turns berth's diagnostics into hadolint's findings:
// hadolint's severities (with the overrides), messages and lines (the
// line where the instruction starts), in line order.
func hadolintResult(in *input, out *outcome, cfg *hlConfig) *hlResult {
	res := &hlResult{file: in.path}
	doc := lint.NewDocument(in.path, out.result.Src)
	f := doc.File
	for _, d := range out.result.Diagnostics {
		line, col := f.LineCol(d.Range.Start)
		if d.Code == "DL1000" {
			source := in.path
			if source == "-" {
				source = "/dev/stdin"
			}
			start := f.LineStart(line - 1)
			end := f.LineStart(line)
			res.errors = append(res.errors, hlParseError{source, line, col, d.Message, strings.TrimRight(string(f.Src[start:end]), "\r\n")})
			continue
		}
		if !strings.HasPrefix(d.Code, "DL") && !strings.HasPrefix(d.Code, "SC") {
			continue // BR017's notes about ShellCheck itself
		}
		if ins := f.InstructionAt(d.Range.Start); ins != nil {
			line = ins.StartLine
		}
		sev := hlWarning
		if r, ok := hlRules[d.Code]; ok {
			sev = r.sev
		} else {
			switch d.Severity {
			case lint.Error:
				sev = hlError
			case lint.Info:
				sev = hlInfo
			case lint.Style:
				sev = hlStyle
			}
		}
		// hadolint applies the overrides style first and error last, so
		// error wins.
		for _, o := range []struct {
			codes []string
			sev   hlSeverity
		}{{cfg.styleRules, hlStyle}, {cfg.infoRules, hlInfo}, {cfg.warningRules, hlWarning}, {cfg.errorRules, hlError}} {
			if slices.Contains(o.codes, d.Code) {
				sev = o.sev
			}
		}
		if sev == hlIgnore || slices.Contains(cfg.ignore, d.Code) {
			continue
		}
		res.checks = append(res.checks, hlFinding{d.Code, sev, hadolintMessage(d.Code, d.Message), line})
	}
	sort.SliceStable(res.checks, func(i, j int) bool {
		a, b := res.checks[i], res.checks[j]
		if a.line != b.line {
			return a.line < b.line
		}
		return hlCodeRank(a.code) < hlCodeRank(b.code)
	})
	return res
}

// hlCodeRank orders the findings of one line as hadolint's rule list
// does: DL rules by code, then ShellCheck's.
func hlCodeRank(code string) string {
	if strings.HasPrefix(code, "SC") {
		return "~" + code
	}
	return code
}
