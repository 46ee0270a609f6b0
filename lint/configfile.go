package lint

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
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
	// Accepted for compatibility with .hadolint.yaml; the CLI flags of the
	// same names do this in berth.
	Format           string `yaml:"format"`
	NoColor          bool   `yaml:"no-color"`
	Verbose          bool   `yaml:"verbose"`
	DisableIgnore    bool   `yaml:"disable-ignore-pragma"`
	OutputFile       string `yaml:"output-file"`
	FileName         string `yaml:"file-path-in-report"`
	ShellcheckOpts   any    `yaml:"shellcheck-options"`
	ErrorLevelCompat any    `yaml:"error"`
}

// ParseConfig reads configuration YAML. Unknown keys and bad values are
// errors that name the file and the key.
func ParseConfig(path string, data []byte) (*Config, error) {
	var fc fileConfig
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&fc); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("reading config %s: %s", path, yamlMessage(err))
	}
	c := &Config{Path: path, StrictLabels: fc.StrictLabels, ShellCheck: fc.ShellCheck}
	c.Ignore = append(fc.Ignore, fc.Ignored...)
	c.Enable = fc.Enable
	c.TrustedRegistries = append(fc.TrustedRegistries, fc.TrustedRegsCamel...)
	c.LabelSchema = fc.LabelSchema
	set := func(name string, sev Severity) {
		if c.Severity == nil {
			c.Severity = map[string]Severity{}
		}
		c.Severity[name] = sev
	}
	for level, codes := range fc.Override {
		sev, err := ParseSeverity(level)
		if err != nil {
			return nil, fmt.Errorf("reading config %s: override: %w", path, err)
		}
		for _, code := range codes {
			set(code, sev)
		}
	}
	for code, level := range fc.Severity {
		sev, err := ParseSeverity(level)
		if err != nil {
			return nil, fmt.Errorf("reading config %s: severity of %s: %w", path, code, err)
		}
		set(code, sev)
	}
	if fc.FailureThreshold != "" {
		sev, err := ParseSeverity(fc.FailureThreshold)
		if err != nil {
			return nil, fmt.Errorf("reading config %s: failure-threshold: %w", path, err)
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
			return nil, fmt.Errorf("reading config %s: label-schema: label %q has unknown type %q (use text, url, semver, hash, rfc3339, spdx or email)", path, name, kind)
		}
	}
	return c, nil
}

// yamlMessage rewords the YAML decoder's errors for people: an unknown
// key is named as such, with the keys that are known.
func yamlMessage(err error) string {
	msg := err.Error()
	var lines []string
	for _, l := range strings.Split(msg, "\n") {
		l = strings.TrimSpace(strings.TrimPrefix(l, "yaml: unmarshal errors:"))
		if l == "" {
			continue
		}
		if i := strings.Index(l, "field "); i >= 0 && strings.Contains(l, " not found in type") {
			key := strings.TrimSuffix(l[i+len("field "):strings.Index(l, " not found in type")], " ")
			l = l[:i] + "unknown key " + strconv.Quote(key) + " (known keys: " + strings.Join(knownKeys(), ", ") + ")"
		}
		lines = append(lines, l)
	}
	return strings.Join(lines, "; ")
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

// LoadConfig reads a configuration file.
func LoadConfig(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading config: %w", err)
	}
	return ParseConfig(path, data)
}

// FindConfig looks for a configuration file in dir and its parents, up to
// the root of the repository (the folder holding .git) or of the file
// system: .berth.yaml first, and .hadolint.yaml only when there is no
// .berth.yaml. It returns "" when there is neither.
func FindConfig(dir string) string {
	if p := findUp(dir, ConfigNames[:2]); p != "" {
		return p
	}
	return findUp(dir, ConfigNames[2:])
}

func findUp(dir string, names []string) string {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	for {
		for _, name := range names {
			p := filepath.Join(dir, name)
			if st, err := os.Stat(p); err == nil && !st.IsDir() {
				return p
			}
		}
		if _, err := os.Stat(filepath.Join(dir, ".git")); err == nil || errors.Is(err, fs.ErrPermission) {
			return ""
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// IsHadolintConfig reports whether path is a hadolint configuration file.
func IsHadolintConfig(path string) bool {
	return strings.HasPrefix(filepath.Base(path), ".hadolint")
}
