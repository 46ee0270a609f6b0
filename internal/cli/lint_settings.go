package cli

import (
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"golang.org/x/text/language"

	"github.com/berth-dev/berth/internal/safeio"
	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/i18n"
	"github.com/berth-dev/berth/lint/report"
	"github.com/berth-dev/berth/rules"
)

// What "berth lint" takes from the environment and the configuration files
// besides the rules' settings: hadolint's HADOLINT_* variables, the
// run-wide keys of the configuration files (format, no-color, verbose,
// output-file, file-path-in-report), and colours. The order is hadolint's:
// flags, then configuration files, then the environment.

// colorMode is --color: auto (the default), always or never.
type colorMode string

func (c *colorMode) String() string { return string(*c) }

func (c *colorMode) Set(v string) error {
	switch strings.ToLower(v) {
	case "auto", "always", "never":
		*c = colorMode(strings.ToLower(v))
		return nil
	}
	return fmt.Errorf("unknown value %q: use auto, always or never", v)
}

// colorOn reports whether output gets colours: --color=always or never
// decide; otherwise (auto) never with --no-color, no-color in the
// configuration, NO_COLOR set to anything or TERM=dumb, always with
// FORCE_COLOR, and else when the output is a terminal.
func (o *lintOptions) colorOn(e *Env, run *runSettings, tty bool) bool {
	switch {
	case o.color == "always":
		return true
	case o.color == "never" || o.noColor || run.noColor:
		return false
	case e.Getenv("NO_COLOR") != "":
		return false
	case e.Getenv("FORCE_COLOR") != "":
		return true
	case e.Getenv("TERM") == "dumb":
		return false
	}
	return tty
}

// isRuleName reports whether name is what berth lint accepts where a rule
// is named (lint.IsRuleName over berth's rules).
func isRuleName(name string) bool { return lint.IsRuleName(rules.All(), name) }

// closestRuleName is the rule name to suggest for an unknown one, or "".
func closestRuleName(name string) string { return lint.ClosestRuleName(rules.All(), name) }

// envConfig reads hadolint's HADOLINT_* variables for berth lint, as
// hadolint reads them (truthy values 1, y, on, true, yes; comma lists),
// with two differences: a value berth cannot use is an error naming the
// variable, where hadolint drops it silently, and HADOLINT_FORMAT names
// one format. set lists the variables that were read, for --verbose.
func envConfig(getenv func(string) string) (cfg *lint.Config, set []string, err error) {
	cfg = &lint.Config{}
	get := func(name string) (string, bool) {
		v := getenv(name)
		if v != "" {
			set = append(set, name)
		}
		return v, v != ""
	}
	list := func(name string) ([]string, error) {
		v, ok := get(name)
		if !ok {
			return nil, nil
		}
		var out []string
		for _, s := range hlSplit(v) {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
		return out, nil
	}
	codes := func(name string) []string {
		if err != nil {
			return nil
		}
		names, _ := list(name)
		for _, n := range names {
			if isRuleName(n) {
				continue
			}
			if s := closestRuleName(n); s != "" {
				err = fmt.Errorf("%s: unknown rule %q; did you mean %s? (berth rules lists them)", name, n, s)
			} else {
				err = fmt.Errorf("%s: unknown rule %q (berth rules lists them)", name, n)
			}
			return nil
		}
		return names
	}
	if v, ok := get("HADOLINT_NOFAIL"); ok && hlTruthy(v) {
		off := lint.Off
		cfg.FailureThreshold = &off
	}
	if v, ok := get("HADOLINT_FAILURE_THRESHOLD"); ok && cfg.FailureThreshold == nil {
		s, ok := parseHLSeverity(v)
		if !ok {
			return nil, nil, fmt.Errorf("HADOLINT_FAILURE_THRESHOLD: unknown value %q: use error, warning, info, style or none", v)
		}
		// hadolint's none and ignore fail on every finding.
		sev := max(s.lint(), lint.Style)
		cfg.FailureThreshold = &sev
	}
	if v, ok := get("HADOLINT_VERBOSE"); ok {
		cfg.Verbose = hlTruthy(v)
	}
	if v, ok := get("HADOLINT_FORMAT"); ok {
		if strings.Contains(v, ",") {
			return nil, nil, fmt.Errorf("HADOLINT_FORMAT: berth lint writes one format, not %q (berth hadolint writes several)", v)
		}
		cfg.Format = strings.TrimSpace(v)
	}
	for _, o := range []struct {
		name string
		sev  lint.Severity
	}{{"HADOLINT_OVERRIDE_STYLE", lint.Style}, {"HADOLINT_OVERRIDE_INFO", lint.Info}, {"HADOLINT_OVERRIDE_WARNING", lint.Warning}, {"HADOLINT_OVERRIDE_ERROR", lint.Error}} {
		for _, n := range codes(o.name) {
			if cfg.Severity == nil {
				cfg.Severity = map[string]lint.Severity{}
			}
			cfg.Severity[canonicalName(n)] = o.sev
		}
	}
	cfg.Ignore = codes("HADOLINT_IGNORE")
	if err != nil {
		return nil, nil, err
	}
	cfg.TrustedRegistries, _ = list("HADOLINT_TRUSTED_REGISTRIES")
	labels, _ := list("HADOLINT_REQUIRE_LABELS")
	for _, entry := range labels {
		l, err := parseHLLabel(entry)
		if err != nil {
			return nil, nil, fmt.Errorf("HADOLINT_REQUIRE_LABELS: %q: %w (use NAME:TYPE, TYPE one of text, url, semver, hash, rfc3339, spdx or email)", entry, err)
		}
		if cfg.LabelSchema == nil {
			cfg.LabelSchema = map[string]string{}
		}
		cfg.LabelSchema[l.name] = l.kind
	}
	if v, ok := get("HADOLINT_STRICT_LABELS"); ok {
		cfg.StrictLabels = hlTruthy(v)
	}
	if v, ok := get("HADOLINT_DISABLE_IGNORE_PRAGMA"); ok {
		cfg.DisableIgnorePragma = hlTruthy(v)
	}
	return cfg, set, nil
}

// runSettings are the settings of a whole run: from the flags, else from
// the configuration files in use, else from the environment.
type runSettings struct {
	format, output, pathInReport string
	noColor, verbose             bool
}

// resolveRun works out the run's settings. A flag wins; otherwise the
// configuration files in use must agree on a key that any of them sets
// (two files that name different formats are an error: --config or the
// flag decides); otherwise the environment's value is used.
func resolveRun(o *lintOptions, set map[string]bool, inputs []*input, envCfg *lint.Config) (*runSettings, error) {
	var files []*lint.Config
	seen := map[*lint.Config]bool{}
	for _, in := range inputs {
		if in.fileCfg != nil && !seen[in.fileCfg] {
			seen[in.fileCfg] = true
			files = append(files, in.fileCfg)
		}
	}
	// pick returns a setting's value and where it comes from: "" for a
	// flag, a configuration file's path, or "env".
	pick := func(key string, flagSet bool, flagValue string, of func(*lint.Config) string) (v, from string, err error) {
		if flagSet {
			return flagValue, "", nil
		}
		for _, c := range files {
			cv := of(c)
			switch {
			case cv == "" || cv == v:
			case v == "":
				v, from = cv, c.Path
			default:
				return "", "", fmt.Errorf("the configuration files disagree on %s: %s says %q, %s says %q; pass the flag or name one file with --config", key,
					safeio.Printable(from), safeio.Printable(v), safeio.Printable(c.Path), safeio.Printable(cv))
			}
		}
		if v == "" {
			v, from = of(envCfg), "env"
		}
		return v, from, nil
	}
	yes := func(b bool) string {
		if b {
			return "true"
		}
		return ""
	}
	var r runSettings
	format, from, err := pick("format", set["format"] || set["f"], o.format, func(c *lint.Config) string { return c.Format })
	if err != nil {
		return nil, err
	}
	if format == "" {
		format = "text"
	}
	if strings.Contains(format, ",") && from != "" && from != "env" {
		return nil, fmt.Errorf("reading config %s: format: berth lint writes one format, not %q (berth hadolint writes several)", safeio.Printable(from), format)
	}
	if _, err := report.New(format, report.Options{}); err != nil {
		switch from {
		case "":
			return nil, fmt.Errorf("--format: %w", err)
		case "env":
			return nil, fmt.Errorf("HADOLINT_FORMAT: %w", err)
		}
		return nil, fmt.Errorf("reading config %s: format: %w", safeio.Printable(from), err)
	}
	r.format = format
	if r.output, _, err = pick("output-file", set["output"] || set["o"], o.output, func(c *lint.Config) string { return c.OutputFile }); err != nil {
		return nil, err
	}
	if r.pathInReport, _, err = pick("file-path-in-report", set["file-path-in-report"], o.pathInReport, func(c *lint.Config) string { return c.FilePathInReport }); err != nil {
		return nil, err
	}
	// Booleans: a file that sets one wins over files that do not.
	noColor, _, _ := pick("no-color", false, "", func(c *lint.Config) string { return yes(c.NoColor) })
	r.noColor = noColor != ""
	verbose, _, _ := pick("verbose", set["verbose"] || set["V"], yes(o.verbose), func(c *lint.Config) string { return yes(c.Verbose) })
	r.verbose = verbose != ""
	return &r, nil
}

// checkConfigNames checks the rule names of the configuration files in
// use, as the flags' are checked.
func checkConfigNames(inputs []*input) error {
	seen := map[*lint.Config]bool{}
	for _, in := range inputs {
		if in.fileCfg == nil || seen[in.fileCfg] {
			continue
		}
		seen[in.fileCfg] = true
		if err := in.fileCfg.CheckRuleNames(rules.All()); err != nil {
			return err
		}
	}
	return nil
}

// sayConfiguration is --verbose: on stderr, the configuration files in
// use (and how many of the files each configures), the environment
// variables read, and where the report goes in which format.
func sayConfiguration(w io.Writer, lang language.Tag, inputs []*input, envSet []string, run *runSettings) {
	count := map[string]int{}
	var paths []string
	for _, in := range inputs {
		p := ""
		if in.cfg != nil {
			p = in.cfg.Path
		}
		if _, ok := count[p]; !ok {
			paths = append(paths, p)
		}
		count[p]++
	}
	for _, p := range paths {
		if p == "" {
			fmt.Fprintln(w, i18n.Sprintf(lang, "berth lint: no configuration file for %s; flags, environment and defaults apply", plural(count[p], "file")))
			continue
		}
		fmt.Fprintln(w, i18n.Sprintf(lang, "berth lint: configuration file %s for %s", safeio.Printable(p), plural(count[p], "file")))
	}
	if len(envSet) > 0 {
		slices.Sort(envSet)
		fmt.Fprintln(w, i18n.Sprintf(lang, "berth lint: from the environment: %s", strings.Join(envSet, ", ")))
	}
	out := "stdout"
	if run.output != "" && run.output != "-" {
		out = safeio.Printable(run.output)
	}
	fmt.Fprintln(w, i18n.Sprintf(lang, "berth lint: %s report on %s", run.format, out))
}

// openOutput opens the file the report goes to (--output, output-file):
// created or truncated; "-" is stdout.
func openOutput(e *Env, path string) (io.Writer, func() error, error) {
	if path == "" || path == "-" {
		return e.Stdout, func() error { return nil }, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, nil, fmt.Errorf("--output: %w", err)
	}
	return f, f.Close, nil
}
