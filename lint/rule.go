package lint

import (
	"fmt"
	"strings"
)

// Severity ranks a diagnostic. The zero value, Off, disables a rule.
type Severity int

// The severities, from least to most severe.
const (
	Off Severity = iota
	Style
	Info
	Warning
	Error
)

var severityNames = [...]string{"off", "style", "info", "warning", "error"}

func (s Severity) String() string {
	if s < 0 || int(s) >= len(severityNames) {
		return fmt.Sprintf("severity(%d)", int(s))
	}
	return severityNames[s]
}

// ParseSeverity reads a severity name: error, warning, info, style, or off
// (also "ignore" and "none", as hadolint spells it).
func ParseSeverity(s string) (Severity, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "error":
		return Error, nil
	case "warning", "warn":
		return Warning, nil
	case "info":
		return Info, nil
	case "style":
		return Style, nil
	case "off", "ignore", "none":
		return Off, nil
	}
	return Off, fmt.Errorf("unknown severity %q: use error, warning, info, style or off", s)
}

// FixKind says whether a rule can fix what it reports.
type FixKind int

const (
	// NoFix: the rule never offers a fix.
	NoFix FixKind = iota
	// SometimesFix: the rule offers a fix for some of its findings.
	SometimesFix
	// AlwaysFix: every finding comes with a fix.
	AlwaysFix
)

func (k FixKind) String() string {
	switch k {
	case SometimesFix:
		return "sometimes"
	case AlwaysFix:
		return "always"
	}
	return "none"
}

// Rule is one check. Rules are values: the engine calls Check once per
// document with a Pass to report through.
type Rule struct {
	// Code identifies the rule: hadolint's code where hadolint has the rule
	// (DL3006), BR and three digits otherwise.
	Code string
	// Name is a short kebab-case name.
	Name string
	// Aliases are other names the rule answers to in suppressions and
	// configuration, such as BuildKit's check name (JSONArgsRecommended).
	Aliases []string
	// Title is a one-line summary.
	Title string
	// Severity is the default severity.
	Severity Severity
	// OptIn rules run only when the configuration enables them.
	OptIn bool
	// Fix says whether the rule offers fixes.
	Fix FixKind
	// Doc is the rule's documentation in Markdown.
	Doc string
	// Docs are translations of Doc by language code ("es"), for the
	// languages that have one.
	Docs map[string]string
	// LoadDocs, when Doc is empty, gives the documentation and its
	// translations on demand: rules.All sets it, so that a run that never
	// shows a rule's documentation (linting) never reads it. It is safe
	// for concurrent use, and the map it gives is shared: read, never
	// modify. Read the documentation through Documentation.
	LoadDocs func() (doc string, docs map[string]string)
	// URL points at the rule's documentation page.
	URL string
	// StageLocal declares that what the rule reports in a stage depends
	// only on the text before the first FROM, the stage's own text and
	// that of the stages it builds on or copies from (and what it reports
	// before the first FROM, on that text and the first stage): not on
	// the other stages, which stage is last, the line numbers of what
	// comes before, or files outside the Dockerfile.
	// RunIncremental then runs it again only over the stages an edit
	// changed.
	StageLocal bool
	// Split, when set on a rule that is not StageLocal, cuts it in two: a
	// stage-local part and a cheap whole-file part (see Split).
	// RunIncremental then runs the stage-local part again only over the
	// stages an edit changed, and a whole run runs Split.Check: such a
	// rule has no Check of its own.
	Split *Split
	// Check inspects the document and reports through the pass. It does
	// not return errors: a problem it cannot judge is not reported.
	Check func(*Pass)
}

// check returns what checks a whole document for r: its Check, or a
// split rule's Split.Check.
func (r *Rule) check() func(*Pass) {
	if r.Check == nil && r.Split != nil {
		return r.Split.Check
	}
	return r.Check
}

// HasCheck reports whether r checks anything: it has a Check or a Split.
func (r *Rule) HasCheck() bool { return r.check() != nil }

// Documentation returns the rule's documentation in Markdown and its
// translations by language: Doc and Docs, or what LoadDocs gives when Doc
// is empty.
func (r *Rule) Documentation() (doc string, docs map[string]string) {
	if r.Doc == "" && r.LoadDocs != nil {
		return r.LoadDocs()
	}
	return r.Doc, r.Docs
}

// Names returns the code, the name and the aliases.
func (r *Rule) Names() []string {
	return append([]string{r.Code, r.Name}, r.Aliases...)
}

// Matches reports whether name is the rule's code, name or an alias,
// ignoring case.
func (r *Rule) Matches(name string) bool {
	if strings.EqualFold(r.Code, name) || strings.EqualFold(r.Name, name) {
		return true
	}
	for _, n := range r.Aliases {
		if strings.EqualFold(n, name) {
			return true
		}
	}
	return false
}
