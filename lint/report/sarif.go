package report

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"

	"github.com/owenrumney/go-sarif/v2/sarif"

	"github.com/berth-dev/berth/lint"

	"golang.org/x/text/language"

	"github.com/berth-dev/berth/lint/i18n"
)

// InformationURI is berth's home page, recorded in SARIF logs.
const InformationURI = "https://github.com/berth-dev/berth"

const sarifSchema = "https://json.schemastore.org/sarif-2.1.0.json"

// SARIF writes a SARIF 2.1.0 log with one run: the tool's rules (with
// their documentation, help link and default level), one result per
// finding with its region in lines and character columns, and the
// findings' fixes. Files that could not be read become tool execution
// notifications and mark the invocation unsuccessful. GitHub code scanning
// and other SARIF viewers read it. Results are written as they come (see
// Stream).
type SARIF struct {
	opts Options
	// The run's state while it is written.
	driver     *sarif.ToolComponent
	index      map[string]int
	invocation *sarif.Invocation
	results    *jsonArray
}

// sarifLevel maps a severity to a SARIF level.
func sarifLevel(s lint.Severity) string {
	switch s {
	case lint.Error:
		return "error"
	case lint.Warning:
		return "warning"
	case lint.Off:
		return "none"
	}
	return "note"
}

// Report implements Reporter.
func (s *SARIF) Report(w io.Writer, results []FileResult) error { return reportAll(s, w, results) }

// The log is written as
//
//	{"version": …, "$schema": …, "runs": [{"results": [ … ], "tool": …,
//	  "invocations": …, "columnKind": …}]}
//
// with the results streamed first: the rule list in "tool" ends with the
// codes met in the results that no rule in Options.Rules has, and the
// invocation with the files that could not be read. (JSON objects are
// unordered; SARIF readers do not depend on the order.)

func (s *SARIF) begin(w *bufio.Writer) error {
	version := s.opts.Version
	s.driver = &sarif.ToolComponent{
		Name:           "berth",
		InformationURI: ptr(InformationURI),
		Rules:          []*sarif.ReportingDescriptor{},
	}
	if version != "" {
		s.driver.Version = &version
	}
	s.index = map[string]int{}
	for _, r := range s.opts.Rules {
		s.addRule(ruleDescriptor(r, s.opts.Lang))
	}
	s.invocation = &sarif.Invocation{ExecutionSuccessful: ptr(true)}
	s.results = newJSONArray("      ")
	head, err := json.Marshal(sarif.Version210)
	if err != nil {
		return err
	}
	schema, _ := json.Marshal(sarifSchema)
	_, err = fmt.Fprintf(w, "{\n  \"version\": %s,\n  \"$schema\": %s,\n  \"runs\": [\n    {\n      \"results\": ", head, schema)
	return err
}

// addRule appends a rule's descriptor to the tool's rules.
func (s *SARIF) addRule(desc *sarif.ReportingDescriptor) int {
	s.index[desc.ID] = len(s.driver.Rules)
	s.driver.Rules = append(s.driver.Rules, desc)
	return s.index[desc.ID]
}

func (s *SARIF) file(w *bufio.Writer, r *FileResult) error {
	loc := &sarif.ArtifactLocation{URI: ptr(uri(s.opts.Root, r.Path))}
	if r.Err != nil {
		s.invocation.ExecutionSuccessful = ptr(false)
		s.invocation.ToolExecutionNotifications = append(s.invocation.ToolExecutionNotifications, &sarif.Notification{
			Level:     "error",
			Message:   &sarif.Message{Text: ptr(r.Err.Error())},
			Locations: []*sarif.Location{{PhysicalLocation: &sarif.PhysicalLocation{ArtifactLocation: loc}}},
		})
		return nil
	}
	pos := newPositions(r.Src)
	for i := range r.Diagnostics {
		d := &r.Diagnostics[i]
		// Codes outside the rule list (ShellCheck's, an internal error)
		// get a bare descriptor when first met.
		idxInt, ok := s.index[d.Code]
		if !ok {
			idxInt = s.addRule(&sarif.ReportingDescriptor{ID: d.Code, ShortDescription: &sarif.MultiformatMessageString{Text: ptr(d.Code)}})
		}
		idx := uint(idxInt)
		res := &sarif.Result{
			RuleID:    ptr(d.Code),
			RuleIndex: &idx,
			Level:     ptr(sarifLevel(d.Severity)),
			Message:   sarif.Message{Text: ptr(d.Message)},
			Locations: []*sarif.Location{{PhysicalLocation: &sarif.PhysicalLocation{
				ArtifactLocation: loc,
				Region:           region(pos.span(d.Range.Start, d.Range.End)),
			}}},
		}
		for _, fix := range d.Fixes {
			change := &sarif.ArtifactChange{ArtifactLocation: *loc, Replacements: []*sarif.Replacement{}}
			for _, e := range fix.Edits {
				change.Replacements = append(change.Replacements, &sarif.Replacement{
					DeletedRegion:   *region(pos.span(e.Range.Start, e.Range.End)),
					InsertedContent: &sarif.ArtifactContent{Text: ptr(e.NewText)},
				})
			}
			title := fix.Title
			if !fix.Safe {
				title += " (unsafe)"
			}
			res.Fixes = append(res.Fixes, &sarif.Fix{
				Description:     &sarif.Message{Text: ptr(title)},
				ArtifactChanges: []*sarif.ArtifactChange{change},
			})
		}
		if err := s.results.add(w, res); err != nil {
			return err
		}
	}
	return nil
}

// sarifRunTail is the rest of the run, written after its results.
type sarifRunTail struct {
	Tool        sarif.Tool          `json:"tool"`
	Invocations []*sarif.Invocation `json:"invocations"`
	ColumnKind  string              `json:"columnKind"`
}

func (s *SARIF) end(w *bufio.Writer) error {
	if err := s.results.close(w); err != nil {
		return err
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("    ", "  ")
	tail := sarifRunTail{
		Tool:        sarif.Tool{Driver: s.driver},
		Invocations: []*sarif.Invocation{s.invocation},
		ColumnKind:  "unicodeCodePoints",
	}
	if err := enc.Encode(tail); err != nil {
		return err
	}
	// Splice the tail's fields after the results: drop its opening brace.
	w.WriteString(",")
	w.Write(bytes.TrimPrefix(bytes.TrimSuffix(buf.Bytes(), []byte("\n")), []byte("{")))
	_, err := w.WriteString("\n  ]\n}\n")
	return err
}

// ruleDescriptor describes a rule for SARIF viewers.
func ruleDescriptor(r *lint.Rule, lang language.Tag) *sarif.ReportingDescriptor {
	desc := &sarif.ReportingDescriptor{
		ID:               r.Code,
		Name:             ptr(r.Name),
		ShortDescription: &sarif.MultiformatMessageString{Text: ptr(i18n.RuleTitle(lang, r))},
		DefaultConfiguration: &sarif.ReportingConfiguration{
			Level: sarifLevel(r.Severity),
		},
		Properties: sarif.Properties{"tags": ruleTags(r)},
	}
	if r.OptIn {
		desc.DefaultConfiguration.Enabled = ptr(false)
	}
	doc, _ := r.Documentation()
	if p := FirstParagraph(doc); p != "" {
		desc.FullDescription = &sarif.MultiformatMessageString{Text: ptr(p)}
	}
	if doc != "" {
		desc.Help = &sarif.MultiformatMessageString{Text: ptr(doc), Markdown: ptr(doc)}
	}
	if r.URL != "" {
		desc.HelpURI = ptr(r.URL)
	}
	if len(r.Aliases) > 0 {
		desc.Properties["aliases"] = r.Aliases
	}
	return desc
}

// ruleTags are the tags a SARIF viewer can filter rules by.
func ruleTags(r *lint.Rule) []string {
	tags := []string{"dockerfile"}
	if r.Fix != lint.NoFix {
		tags = append(tags, "fixable")
	}
	if r.OptIn {
		tags = append(tags, "opt-in")
	}
	return tags
}

func region(s span) *sarif.Region {
	return &sarif.Region{StartLine: &s.Line, StartColumn: &s.Column, EndLine: &s.EndLine, EndColumn: &s.EndColumn}
}

func ptr[T any](v T) *T { return &v }
