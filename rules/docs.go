package rules

import (
	"embed"
	"strings"
)

// DocsURL is where the rule documentation is published; a rule's page is
// DocsURL + CODE + ".md".
const DocsURL = "https://github.com/berth-dev/berth/blob/main/rules/docs/"

//go:embed docs/*.md docs/es/*.md
var docs embed.FS

// Doc returns the Markdown documentation of the rule with the given code,
// or "" when there is none.
func Doc(code string) string {
	b, err := docs.ReadFile("docs/" + strings.ToUpper(code) + ".md")
	if err != nil {
		return ""
	}
	return string(b)
}
