package lint

import (
	"slices"
	"strings"
)

// Config is what a user can set: in .berth.yaml, .hadolint.yaml, flags or
// editor settings. The zero value runs every default rule at its default
// severity.
type Config struct {
	// Path is the file the configuration came from, if any.
	Path string
	// Ignore lists rules (by code, name or alias) not to run.
	Ignore []string
	// Enable lists opt-in rules to run.
	Enable []string
	// Severity overrides rules' severities, keyed by code, name or alias;
	// Off disables a rule.
	Severity map[string]Severity
	// FailureThreshold is the least severity that fails "berth lint";
	// Off means nothing fails. The zero Config uses Warning.
	FailureThreshold *Severity
	// TrustedRegistries, when not empty, are the only registries FROM may
	// pull from (DL3026).
	TrustedRegistries []string
	// LabelSchema maps label names to the type their value must have
	// (text, url, semver, hash, rfc3339, spdx, email) for the label rules.
	LabelSchema map[string]string
	// StrictLabels reports labels that the schema does not name.
	StrictLabels bool
	// ShellCheck turns the ShellCheck pass on or off; nil means on when
	// shellcheck is installed.
	ShellCheck *bool
	// DisableIgnorePragma makes the "# hadolint ignore=" and "# berth
	// ignore=" pragmas (per instruction, stage and global) do nothing, as
	// hadolint's disable-ignore-pragma does; BuildKit's "# check=skip="
	// still applies.
	DisableIgnorePragma bool

	// The settings below concern a whole run of the CLI rather than the
	// rules: the engine ignores them. Empty or false means not set.

	// Format is the output format (the format key; hadolint's formats
	// list is joined to it, comma-separated).
	Format string
	// NoColor turns colours off (no-color).
	NoColor bool
	// Verbose says which configuration is in force (verbose).
	Verbose bool
	// OutputFile is where the report goes instead of stdout (output-file).
	OutputFile string
	// FilePathInReport replaces the file's name in reports
	// (file-path-in-report).
	FilePathInReport string

	// names are the rule names the file's lists and maps give, with the
	// key that gives each, for CheckRuleNames.
	names []ruleName
}

// ruleName is a rule name met in a configuration file, under key.
type ruleName struct{ key, name string }

// Threshold returns the failure threshold in force.
func (c *Config) Threshold() Severity {
	if c == nil || c.FailureThreshold == nil {
		return Warning
	}
	return *c.FailureThreshold
}

// Merge returns c with the settings of o laid over it: lists are joined,
// maps merged, scalars that o sets replace c's.
func (c *Config) Merge(o *Config) *Config {
	out := &Config{}
	if c != nil {
		*out = *c
		out.Severity = copyMap(c.Severity)
		out.LabelSchema = copyMap(c.LabelSchema)
	}
	if o == nil {
		return out
	}
	if o.Path != "" {
		out.Path = o.Path
	}
	out.Ignore = append(append([]string(nil), out.Ignore...), o.Ignore...)
	out.Enable = append(append([]string(nil), out.Enable...), o.Enable...)
	for k, v := range o.Severity {
		if out.Severity == nil {
			out.Severity = map[string]Severity{}
		}
		out.Severity[k] = v
	}
	for k, v := range o.LabelSchema {
		if out.LabelSchema == nil {
			out.LabelSchema = map[string]string{}
		}
		out.LabelSchema[k] = v
	}
	if o.FailureThreshold != nil {
		out.FailureThreshold = o.FailureThreshold
	}
	if len(o.TrustedRegistries) > 0 {
		out.TrustedRegistries = o.TrustedRegistries
	}
	if o.StrictLabels {
		out.StrictLabels = true
	}
	if o.ShellCheck != nil {
		out.ShellCheck = o.ShellCheck
	}
	if o.DisableIgnorePragma {
		out.DisableIgnorePragma = true
	}
	if o.Format != "" {
		out.Format = o.Format
	}
	if o.OutputFile != "" {
		out.OutputFile = o.OutputFile
	}
	if o.FilePathInReport != "" {
		out.FilePathInReport = o.FilePathInReport
	}
	out.NoColor = out.NoColor || o.NoColor
	out.Verbose = out.Verbose || o.Verbose
	out.names = append(append([]ruleName(nil), out.names...), o.names...)
	return out
}

func copyMap[V any](m map[string]V) map[string]V {
	if m == nil {
		return nil
	}
	out := make(map[string]V, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// SeverityOf returns the severity rule r runs at under c: Off when it is
// ignored or an opt-in rule that is not enabled.
func (c *Config) SeverityOf(r *Rule) Severity {
	sev := r.Severity
	if r.OptIn {
		sev = Off
	}
	if c == nil {
		return sev
	}
	if r.OptIn && matchAny(r, c.Enable) {
		sev = r.Severity
	}
	// Several names may point at the same rule (a code and an alias):
	// the code wins, then names in sorted order, so the result does not
	// depend on map order.
	var names []string
	for name := range c.Severity {
		if r.Matches(name) {
			names = append(names, name)
		}
	}
	slices.SortFunc(names, func(a, b string) int {
		ac, bc := strings.EqualFold(a, r.Code), strings.EqualFold(b, r.Code)
		switch {
		case ac && !bc:
			return 1
		case bc && !ac:
			return -1
		}
		return strings.Compare(a, b)
	})
	for _, name := range names {
		sev = c.Severity[name]
	}
	if matchAny(r, c.Ignore) {
		sev = Off
	}
	return sev
}

func matchAny(r *Rule, names []string) bool {
	for _, n := range names {
		if r.Matches(strings.TrimSpace(n)) || n == "all" {
			return true
		}
	}
	return false
}

// disables reports whether c turns rule r off explicitly: ignored, or
// given the severity off.
func (c *Config) disables(r *Rule) bool {
	if c == nil {
		return false
	}
	if matchAny(r, c.Ignore) {
		return true
	}
	for name, s := range c.Severity {
		if s == Off && r.Matches(name) {
			return true
		}
	}
	return false
}

// codeSeverity returns what c says of a finding code that is not a rule's
// own (ShellCheck's SC2086): Off when ignored, an override when there is
// one, and false when c says nothing.
func (c *Config) codeSeverity(code string) (Severity, bool) {
	if c == nil {
		return Off, false
	}
	if matchCode(code, c.Ignore) {
		return Off, true
	}
	for name, s := range c.Severity {
		if strings.EqualFold(name, code) {
			return s, true
		}
	}
	return Off, false
}
