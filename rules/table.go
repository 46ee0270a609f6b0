package rules

import (
	"fmt"
	"strings"
)

//go:generate go test -run TestRuleTable -update

// MarkdownTable renders the rule reference: one row per rule with its
// code, name, aliases, default severity and fix availability.
func MarkdownTable() string {
	var b strings.Builder
	b.WriteString("# berth rules\n\n")
	b.WriteString("Generated from the rule registry by `go generate ./rules`; do not edit by hand.\n")
	b.WriteString("`berth explain CODE` prints a rule's page. Rules marked *opt-in* run only when enabled\n")
	b.WriteString("(`enable: [CODE]` in `.berth.yaml` or `--enable CODE`).\n\n")
	b.WriteString("| Code | Name | Aliases | Severity | Fix | Title |\n")
	b.WriteString("|---|---|---|---|---|---|\n")
	for _, r := range All() {
		sev := r.Severity.String()
		if r.OptIn {
			sev += " (opt-in)"
		}
		aliases := strings.Join(r.Aliases, ", ")
		if aliases == "" {
			aliases = "–"
		}
		fix := "–"
		switch r.Fix.String() {
		case "always":
			fix = "yes"
		case "sometimes":
			fix = "sometimes"
		}
		fmt.Fprintf(&b, "| [%s](docs/%s.md) | `%s` | %s | %s | %s | %s |\n", r.Code, r.Code, r.Name, aliases, sev, fix, strings.ReplaceAll(r.Title, "|", "\\|"))
	}
	return b.String()
}
