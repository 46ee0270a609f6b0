package i18n

import (
	"strings"
	"testing"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/rules"
)

// TestRuleTitlesSpanish wants the Spanish title of every rule to be the
// title line of its Spanish page ("# CODE: título" in rules/docs/es), so
// that berth rules --lang es, the editor's hover and berth explain --lang
// es say the same thing.
func TestRuleTitlesSpanish(t *testing.T) {
	for _, r := range rules.All() {
		doc := rules.DocLang(r.Code, "es")
		if doc == "" {
			t.Errorf("%s: no Spanish page rules/docs/es/%s.md", r.Code, r.Code)
			continue
		}
		line, _, _ := strings.Cut(doc, "\n")
		want, ok := strings.CutPrefix(strings.TrimSpace(line), "# "+r.Code+": ")
		if !ok {
			t.Errorf("%s: rules/docs/es/%s.md starts with %q, not \"# %s: \"", r.Code, r.Code, line, r.Code)
			continue
		}
		if got := RuleTitle(Spanish, r); got != want {
			t.Errorf("%s: the catalogue says %q for %q, the Spanish page %q", r.Code, got, r.Title, want)
		}
	}
}

// TestShellCheckStaysEnglish wants ShellCheck's findings in ShellCheck's
// own words, untouched by the fragments that translate berth's ("and" in
// a list), while berth's fix title for them is translated.
func TestShellCheckStaysEnglish(t *testing.T) {
	msg := "Double quote to prevent globbing and word splitting."
	for _, code := range []string{"SC2086", "SC1000", "SC2046"} {
		d := lint.Diagnostic{Code: code, Message: msg, Fixes: []lint.Fix{{Title: "Apply ShellCheck's suggestion"}}}
		got := LocalizeOne(Spanish, d)
		if got.Message != msg {
			t.Errorf("%s: message %q, want ShellCheck's %q", code, got.Message, msg)
		}
		if got.Fixes[0].Title == "Apply ShellCheck's suggestion" {
			t.Errorf("%s: the fix title is not translated", code)
		}
	}
	lower := "double quote to prevent globbing and word splitting"
	if d := (lint.Diagnostic{Code: "SC2086", Message: lower}); Message(Spanish, &d) != lower {
		t.Errorf("SC2086: %q became %q", lower, Message(Spanish, &d))
	}
	for code, want := range map[string]bool{"SC2086": true, "SC1": true, "SC": false, "SCX1": false, "BR017": false, "DL3020": false} {
		if IsShellCheck(code) != want {
			t.Errorf("IsShellCheck(%q) = %v", code, !want)
		}
	}
}
