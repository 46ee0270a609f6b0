package source

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/syntax"
)

// TestSemanticPragmas: the shell pragmas are decorators like the ignore
// pragmas; a comment that only looks like one stays a comment (issue 9).
func TestSemanticPragmas(t *testing.T) {
	src := "# hadolint shell=pwsh\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\n# berth shell=cmd # Windows\nRUN dir\n" +
		"# hadolint ignore=DL3006\nFROM a\n# hadolint shell=\nRUN x\n# shell=bash\nRUN y\n# berth global ignore=DL3003\n"
	doc := lint.NewDocument("Dockerfile", []byte(src))
	var got []string
	for _, tk := range SemanticTokens(doc, syntax.Range{}) {
		got = append(got, fmt.Sprintf("%s:%s", src[tk.Range.Start:tk.Range.End], TokenTypes[tk.Type]))
	}
	for _, want := range []string{
		"hadolint shell=pwsh:decorator", "berth shell=cmd # Windows:decorator", "hadolint ignore=DL3006:decorator",
		"berth global ignore=DL3003:decorator", "# hadolint shell=:comment", "# shell=bash:comment",
	} {
		if !slices.Contains(got, want) {
			t.Errorf("no token %s in\n%s", want, strings.Join(got, "\n"))
		}
	}
}
