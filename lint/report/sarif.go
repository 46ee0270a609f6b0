package report

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"slices"

	"github.com/owenrumney/go-sarif/v2/sarif"

	"github.com/berth-dev/berth/lint"
)

// InformationURI is berth's home page, recorded in SARIF logs.
const InformationURI = "https://github.com/berth-dev/berth"

const sarifSchema = "https://json.schemastore.org/sarif-2.1.0.json"

// SARIF writes a SARIF 2.1.0 log with one run: the tool's rules (with
// their documentation, help link and default level), one result per
// finding with its region in lines and character columns, and the
// findings' fixes. Files that could not be read become tool execution
// notifications and mark the invocation unsuccessful. GitHub code scanning
// and other SARIF viewers read it.
type SARIF struct{ opts Options }

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
func (s *SARIF) Report(w io.Writer, results []FileResult) error {
	version := s.opts.Version
	driver := &sarif.ToolComponent{
		Name:           "berth",
		InformationURI: ptr(InformationURI),
		Rules:          []*sarif.ReportingDescriptor{},
	}
	if version != "" {
		driver.Version = &version
	}
	index := map[string]int{}
	addRule := func(desc *sarif.ReportingDescriptor) int {
		index[desc.ID] = len(driver.Rules)
		driver.Rules = append(driver.Rules, desc)
		return index[desc.ID]
	}
	for _, r := range s.opts.Rules {
		addRule(ruleDescriptor(r))
	}
	// Codes outside the rule list (an internal error, say) get a bare
	// descriptor, added in a stable order.
	var extra []string
	for _, r := range results {
		for _, d := range r.Diagnostics {
			if _, ok := index[d.Code]; !ok && !slices.Contains(extra, d.Code) {
				extra = append(extra, d.Code)
			}
		}
	}
	slices.Sort(extra)
	for _, code := range extra {
		addRule(&sarif.ReportingDescriptor{ID: code, ShortDescription: &sarif.MultiformatMessageString{Text: ptr(code)}})
	}

	run := &sarif.Run{
		Tool:       sarif.Tool{Driver: driver},
		Results:    []*sarif.Result{},
		ColumnKind: "unicodeCodePoints",
	}
	invocation := &sarif.Invocation{ExecutionSuccessful: ptr(true)}
	for _, r := range results {
		loc := &sarif.ArtifactLocation{URI: ptr(uri(s.opts.Root, r.Path))}
		if r.Err != nil {
			invocation.ExecutionSuccessful = ptr(false)
			invocation.ToolExecutionNotifications = append(invocation.ToolExecutionNotifications, &sarif.Notification{
				Level:     "error",
				Message:   &sarif.Message{Text: ptr(r.Err.Error())},
				Locations: []*sarif.Location{{PhysicalLocation: &sarif.PhysicalLocation{ArtifactLocation: loc}}},
			})
			continue
		}
		pos := newPositions(r.Src)
		for i := range r.Diagnostics {
			d := &r.Diagnostics[i]
			idx := uint(index[d.Code])
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
			run.Results = append(run.Results, res)
		}
	}
	run.Invocations = []*sarif.Invocation{invocation}

	log := &sarif.Report{Version: string(sarif.Version210), Schema: sarifSchema, Runs: []*sarif.Run{run}}
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(log); err != nil {
		return fmt.Errorf("writing SARIF report: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("writing SARIF report: %w", err)
	}
	return nil
}

// ruleDescriptor describes a rule for SARIF viewers.
func ruleDescriptor(r *lint.Rule) *sarif.ReportingDescriptor {
	desc := &sarif.ReportingDescriptor{
		ID:               r.Code,
		Name:             ptr(r.Name),
		ShortDescription: &sarif.MultiformatMessageString{Text: ptr(r.Title)},
		DefaultConfiguration: &sarif.ReportingConfiguration{
			Level: sarifLevel(r.Severity),
		},
		Properties: sarif.Properties{"tags": ruleTags(r)},
	}
	if r.OptIn {
		desc.DefaultConfiguration.Enabled = ptr(false)
	}
	if p := FirstParagraph(r.Doc); p != "" {
		desc.FullDescription = &sarif.MultiformatMessageString{Text: ptr(p)}
	}
	if r.Doc != "" {
		desc.Help = &sarif.MultiformatMessageString{Text: ptr(r.Doc), Markdown: ptr(r.Doc)}
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
