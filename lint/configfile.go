package lint

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/berth-dev/berth/internal/safeio"
	"github.com/berth-dev/berth/lint/syntax"
)

// ConfigNames are the configuration files looked for, in order of
// preference: berth's own, then hadolint's.
var ConfigNames = []string{".berth.yaml", ".berth.yml", ".hadolint.yaml", ".hadolint.yml"}

// fileConfig is the YAML shape of .berth.yaml, a superset of
// .hadolint.yaml: every hadolint key is accepted, with its spelling.
type fileConfig struct {
	Ignore            []string            `yaml:"ignore"`
	Ignored           []string            `yaml:"ignored"`
	Enable            []string            `yaml:"enable"`
	Override          map[string][]string `yaml:"override"`
	Severity          map[string]string   `yaml:"severity"`
	FailureThreshold  string              `yaml:"failure-threshold"`
	NoFail            bool                `yaml:"no-fail"`
	TrustedRegistries []string            `yaml:"trusted-registries"`
	TrustedRegsCamel  []string            `yaml:"trustedRegistries"`
	LabelSchema       map[string]string   `yaml:"label-schema"`
	StrictLabels      bool                `yaml:"strict-labels"`
	ShellCheck        *bool               `yaml:"shellcheck"`
	DisableIgnore     bool                `yaml:"disable-ignore-pragma"`
	// What a whole run of the CLI does (Config.Format and below).
	Format     string   `yaml:"format"`
	Formats    []string `yaml:"formats"`
	NoColor    bool     `yaml:"no-color"`
	Verbose    bool     `yaml:"verbose"`
	OutputFile string   `yaml:"output-file"`
	FileName   string   `yaml:"file-path-in-report"`
	// Accepted for compatibility and unused.
	ShellcheckOpts   any `yaml:"shellcheck-options"`
	ErrorLevelCompat any `yaml:"error"`
}

// ParseConfig reads configuration YAML. Unknown keys and bad values are
// errors that name the file and the key. The file may be anything a
// repository links it to (/etc/shadow, say), so errors never quote its
// contents: only key names and short values that look like names, cut
// and escaped (see quoteName).
func ParseConfig(path string, data []byte) (*Config, error) {
	var fc fileConfig
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	shown := safeio.Printable(path)
	if err := dec.Decode(&fc); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("reading config %s: %s", shown, yamlMessage(err))
	}
	c := &Config{Path: path, StrictLabels: fc.StrictLabels, ShellCheck: fc.ShellCheck, DisableIgnorePragma: fc.DisableIgnore,
		Format: strings.TrimSpace(fc.Format), NoColor: fc.NoColor, Verbose: fc.Verbose, OutputFile: fc.OutputFile, FilePathInReport: fc.FileName}
	c.Ignore = append(fc.Ignore, fc.Ignored...)
	c.Enable = fc.Enable
	// hadolint's formats list joins format; several are kept joined with
	// commas, for the CLI to refuse.
	for _, f := range fc.Formats {
		if f = strings.TrimSpace(f); f != "" && !slices.Contains(strings.Split(c.Format, ","), f) {
			c.Format = strings.TrimPrefix(c.Format+","+f, ",")
		}
	}
	for _, l := range []struct {
		key   string
		names []string
	}{{"ignore", fc.Ignore}, {"ignored", fc.Ignored}, {"enable", fc.Enable}} {
		for _, n := range l.names {
			c.names = append(c.names, ruleName{l.key, n})
		}
	}
	c.TrustedRegistries = append(fc.TrustedRegistries, fc.TrustedRegsCamel...)
	c.LabelSchema = fc.LabelSchema
	set := func(name string, sev Severity) {
		if c.Severity == nil {
			c.Severity = map[string]Severity{}
		}
		c.Severity[name] = sev
	}
	for _, level := range slices.Sorted(maps.Keys(fc.Override)) {
		codes := fc.Override[level]
		sev, err := ParseSeverity(level)
		if err != nil {
			return nil, fmt.Errorf("reading config %s: override: unknown severity %s: %s", shown, quoteValue(level), severityHint)
		}
		for _, code := range codes {
			set(code, sev)
			c.names = append(c.names, ruleName{"override: " + level, code})
		}
	}
	for _, code := range slices.Sorted(maps.Keys(fc.Severity)) {
		level := fc.Severity[code]
		sev, err := ParseSeverity(level)
		if err != nil {
			return nil, fmt.Errorf("reading config %s: severity of %s: unknown severity %s: %s", shown, unquoted(code), quoteValue(level), severityHint)
		}
		set(code, sev)
		c.names = append(c.names, ruleName{"severity", code})
	}
	if fc.FailureThreshold != "" {
		sev, err := ParseSeverity(fc.FailureThreshold)
		if err != nil {
			return nil, fmt.Errorf("reading config %s: failure-threshold: unknown severity %s: %s", shown, quoteValue(fc.FailureThreshold), thresholdHint)
		}
		c.FailureThreshold = &sev
	}
	if fc.NoFail {
		off := Off
		c.FailureThreshold = &off
	}
	for name, kind := range fc.LabelSchema {
		switch kind {
		case "text", "url", "semver", "hash", "rfc3339", "spdx", "email":
		default:
			return nil, fmt.Errorf("reading config %s: label-schema: label %s has unknown type %s (use text, url, semver, hash, rfc3339, spdx or email)", shown, quoteName(name, maxKeyShown), quoteValue(kind))
		}
	}
	return c, nil
}

const (
	severityHint  = "use error, warning, info, style or off"
	thresholdHint = "use error, warning, info, style or none"
)

// CheckRuleNames returns an error naming the first rule name of the
// configuration file (in ignore, ignored, enable, override and severity,
// in that order) that is no rule name of rs (IsRuleName):
//
//	reading config .hadolint.yaml: ignored: unknown rule "DL9999"; did you mean DL3009? (berth rules lists them)
//
// The names that flags or the environment added are not checked: their
// callers check them and name the flag or variable. The CLI stops on the
// error; the language server shows it and applies the rest.
func (c *Config) CheckRuleNames(rs []*Rule) error {
	if c == nil {
		return nil
	}
	for _, n := range c.names {
		name := strings.TrimSpace(n.name)
		if IsRuleName(rs, name) {
			continue
		}
		shown := safeio.Printable(c.Path)
		if s := ClosestRuleName(rs, name); s != "" {
			return fmt.Errorf("reading config %s: %s: unknown rule %s; did you mean %s? (berth rules lists them)", shown, n.key, quoteName(name, maxKeyShown), s)
		}
		return fmt.Errorf("reading config %s: %s: unknown rule %s (berth rules lists them)", shown, n.key, quoteName(name, maxKeyShown))
	}
	return nil
}

// What names a rule, for the CLI's flags, the environment and the
// configuration files, read by the CLI and the language server alike.

// hadolintRetired are codes of rules hadolint once had: configuration
// files written for older versions may still name them.
var hadolintRetired = []string{"DL3005", "DL3017", "DL3031", "DL3039", "DL4007", "DL4008"}

// IsRuleName reports whether name is accepted where a rule is named: "all",
// a code, name or alias of one of rs, in any case, or a foreign code
// (IsForeignCode), so that configurations and command lines written for
// hadolint keep working.
func IsRuleName(rs []*Rule, name string) bool {
	if strings.EqualFold(name, "all") || IsForeignCode(name) {
		return true
	}
	for _, r := range rs {
		if r.Matches(name) {
			return true
		}
	}
	return false
}

// IsForeignCode reports whether name, in any case, is the code of a rule
// of hadolint's that it has retired (DL3005) or looks like a ShellCheck
// code (SC2086). hadolint's current rules are berth's, under their codes.
func IsForeignCode(name string) bool {
	if len(name) != 6 || strings.Trim(name[2:], "0123456789") != "" {
		return false
	}
	switch code := strings.ToUpper(name); code[:2] {
	case "SC":
		return true
	case "DL":
		return slices.Contains(hadolintRetired, code)
	}
	return false
}

// ClosestRuleName returns the code, name or alias of rs closest to name,
// ignoring case, when it is close enough to be a typo of it (an edit
// distance below a third of name's length plus two), else "".
func ClosestRuleName(rs []*Rule, name string) string {
	var names []string
	for _, r := range rs {
		names = append(names, r.Names()...)
	}
	return syntax.Typo(name, names)
}

// How much of a key or a value an error may show.
const (
	maxKeyShown   = 64
	maxValueShown = 16
)

// quoteName quotes a key from a configuration file for an error message
// without revealing the file: the part before the first character that
// cannot be in a name (see isNameRune), at most max bytes, quoted. What is
// left out is marked with "…": a line of a file that is not a
// configuration file ("root:$6$…" of /etc/shadow) shows as "root…".
func quoteName(s string, max int) string {
	cut := strings.IndexFunc(s, func(r rune) bool { return !isNameRune(r) })
	if cut < 0 {
		cut = len(s)
	}
	if cut > max {
		cut = max
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
	}
	q := strconv.Quote(s[:cut])
	if cut < len(s) {
		q = q[:len(q)-1] + "…\""
	}
	return q
}

// quoteValue quotes a value from a configuration file for an error
// message when it is a short name ("sometimes" for a severity), and
// shows "…" instead of anything else.
func quoteValue(s string) string {
	if len(s) > maxValueShown || strings.IndexFunc(s, func(r rune) bool { return !isNameRune(r) }) >= 0 {
		return `"…"`
	}
	return strconv.Quote(s)
}

// unquoted is quoteName for a key named without quotes (rule codes).
func unquoted(s string) string {
	q := quoteName(s, maxKeyShown)
	if u, err := strconv.Unquote(strings.Replace(q, "…", "", 1)); err == nil && u == s {
		return s
	}
	return q
}

func isNameRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_' || r == '.'
}

// yamlMessage rewords the YAML decoder's errors for people: an unknown
// key is named as such, with the keys that are known. The decoder's
// messages quote the file (the value that did not fit, an anchor's name);
// those quotes are dropped, and what is left escaped.
func yamlMessage(err error) string {
	var te *yaml.TypeError
	var msgs []string
	if errors.As(err, &te) {
		msgs = te.Errors
	} else {
		msgs = []string{strings.TrimPrefix(err.Error(), "yaml: ")}
	}
	var lines []string
	for _, l := range msgs {
		if i, j := strings.Index(l, "field "), strings.LastIndex(l, " not found in type"); i >= 0 && j > i {
			key := l[i+len("field ") : j]
			l = dropQuoted(l[:i]) + "unknown key " + quoteName(key, maxKeyShown) + " (known keys: " + strings.Join(knownKeys(), ", ") + ")"
		} else {
			l = dropQuoted(l)
		}
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, safeio.Printable(l))
		}
	}
	return strings.Join(lines, "; ")
}

// dropQuoted removes what a YAML error quotes from the file: `value`,
// 'anchor' and "text" become "…".
func dropQuoted(s string) string {
	for _, q := range []string{"`", "'", `"`} {
		for {
			i := strings.Index(s, q)
			if i < 0 {
				break
			}
			j := strings.Index(s[i+1:], q)
			if j < 0 {
				s = s[:i] + "…"
				break
			}
			s = s[:i] + "…" + s[i+1+j+1:]
		}
	}
	return s
}

// knownKeys lists the keys a configuration file may hold.
func knownKeys() []string {
	t := reflect.TypeOf(fileConfig{})
	var keys []string
	for i := range t.NumField() {
		keys = append(keys, strings.Split(t.Field(i).Tag.Get("yaml"), ",")[0])
	}
	slices.Sort(keys)
	return keys
}

// LoadConfig reads a configuration file of at most safeio.DefaultMaxSize
// bytes (see LoadConfigMax).
func LoadConfig(path string) (*Config, error) {
	return LoadConfigMax(path, 0)
}

// LoadConfigMax reads a configuration file. Only a regular file (or a
// link to one) of at most max bytes is read (max <= 0 means
// safeio.DefaultMaxSize); anything else, a FIFO or /dev/zero, is an error
// saying why, returned at once.
func LoadConfigMax(path string, max int64) (*Config, error) {
	data, err := safeio.ReadRegularFile(path, max)
	if err != nil {
		return nil, fmt.Errorf("reading config: %w", safeio.PrintableError(err))
	}
	return ParseConfig(path, data)
}

// FindConfig looks for a configuration file in dir and its parents, up to
// the root of the repository (the folder holding .git) or of the file
// system: .berth.yaml first, and .hadolint.yaml only when there is no
// .berth.yaml. It returns "" when there is neither.
func FindConfig(dir string) string {
	return new(ConfigFinder).Find(dir)
}

// ConfigFinder is FindConfig for the many folders of one run, in which no
// file changes: it looks at each folder once, however many folders below
// it are asked about. The zero value is ready; it is not safe for
// concurrent use.
type ConfigFinder struct {
	// WorkDir, when set, is the working folder relative folders are
	// taken from (else it is asked for each folder).
	WorkDir string
	// found holds, for .berth and .hadolint names in turn, the file found
	// from each folder looked at ("" for none).
	found [2]map[string]string
	// root holds, for each folder looked at, whether the search stops
	// there (a repository's root, or a folder it may not look into):
	// both searches ask.
	root map[string]bool
}

// Find returns what FindConfig(dir) returns.
func (f *ConfigFinder) Find(dir string) string {
	if !filepath.IsAbs(dir) {
		if f.WorkDir != "" {
			dir = filepath.Join(f.WorkDir, dir)
		} else if abs, err := filepath.Abs(dir); err == nil {
			dir = abs
		} else {
			return ""
		}
	}
	dir = filepath.Clean(dir)
	if p := f.findUp(0, dir); p != "" {
		return p
	}
	return f.findUp(1, dir)
}

// findUp returns the first of the names of set (ConfigNames by pairs) in
// dir or its parents, up to the repository's root.
func (f *ConfigFinder) findUp(set int, dir string) string {
	if p, ok := f.found[set][dir]; ok {
		return p
	}
	p := ""
	found := false
	for _, name := range ConfigNames[2*set : 2*set+2] {
		q := filepath.Join(dir, name)
		if st, err := os.Stat(q); err == nil && !st.IsDir() {
			p, found = q, true
			break
		}
	}
	if !found {
		if parent := filepath.Dir(dir); parent != dir && !f.isRoot(dir) {
			p = f.findUp(set, parent)
		}
	}
	if f.found[set] == nil {
		f.found[set] = map[string]string{}
	}
	f.found[set][dir] = p
	return p
}

// isRoot reports whether the search for configuration files stops at dir:
// it holds .git (a repository's root), or cannot be looked into.
func (f *ConfigFinder) isRoot(dir string) bool {
	if r, ok := f.root[dir]; ok {
		return r
	}
	_, err := os.Stat(filepath.Join(dir, ".git"))
	r := err == nil || errors.Is(err, fs.ErrPermission)
	if f.root == nil {
		f.root = map[string]bool{}
	}
	f.root[dir] = r
	return r
}

// IsHadolintConfig reports whether path is a hadolint configuration file.
func IsHadolintConfig(path string) bool {
	return strings.HasPrefix(filepath.Base(path), ".hadolint")
}
