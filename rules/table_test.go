package rules

import (
	"os"
	"testing"
)

// TestRuleTable keeps rules/README.md in step with the registry.
func TestRuleTable(t *testing.T) {
	want := MarkdownTable()
	if *update {
		if err := os.WriteFile("README.md", []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := os.ReadFile("README.md")
	if err != nil || string(got) != want {
		t.Errorf("rules/README.md is stale: run go generate ./rules")
	}
}
