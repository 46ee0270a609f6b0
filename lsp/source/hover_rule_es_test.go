package source

import (
	"strings"
	"testing"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/rules"
)

// TestHoverDiagnosticSpanish: with a Spanish locale, the hover on a
// diagnostic shows the rule's Spanish page (its title, introduction and
// "Por qué") and links to it; with another locale, the English page.
func TestHoverDiagnosticSpanish(t *testing.T) {
	rule := rules.ByName("DL3020")
	if rule == nil {
		t.Fatal("no rule DL3020")
	}
	if en, docs := rule.Documentation(); en == "" || docs["es"] == "" {
		t.Fatal("DL3020 has no English or no Spanish page (lint.Rule.Documentation)")
	}
	m := mark(t, "FROM alpine:3.20\n«ADD a‸pp.py /app/»\n")
	diags := []lint.Diagnostic{{Code: "DL3020", Range: m.ranges[0], Message: "ADD copies only local files here"}}
	for _, locale := range []string{"es", "es-AR", "es_ES.UTF-8"} {
		h := HoverAt(m.doc(), diags, []*lint.Rule{rule}, m.cursor, locale)
		if h == nil {
			t.Fatalf("%s: no hover", locale)
		}
		for _, w := range []string{
			"**DL3020** Usar COPY en lugar de ADD para archivos locales",
			"Señala un `ADD`",
			"**Por qué**",
			"(https://github.com/berth-dev/berth/blob/main/rules/docs/es/DL3020.md)",
		} {
			if !strings.Contains(h.Markdown, w) {
				t.Errorf("%s: hover lacks %q:\n%s", locale, w, h.Markdown)
			}
		}
		for _, w := range []string{"**Why**", "Use COPY instead", "**Ejemplo**"} {
			if strings.Contains(h.Markdown, w) {
				t.Errorf("%s: hover has %q:\n%s", locale, w, h.Markdown)
			}
		}
	}
	h := HoverAt(m.doc(), diags, []*lint.Rule{rule}, m.cursor, "en")
	if h == nil || !strings.Contains(h.Markdown, "**DL3020** Use COPY instead of ADD for local files") || !strings.Contains(h.Markdown, "**Why**") || strings.Contains(h.Markdown, "Por qué") || !strings.Contains(h.Markdown, "/rules/docs/DL3020.md)") {
		t.Errorf("English hover:\n%v", h)
	}

	// A rule without a Spanish page: its English page, under the title
	// the catalogue gives it.
	bare := *rule
	bare.Doc, _ = rule.Documentation()
	bare.Docs = nil
	h = HoverAt(m.doc(), diags, []*lint.Rule{&bare}, m.cursor, "es")
	if h == nil || !strings.Contains(h.Markdown, "**DL3020** Usar COPY en lugar de ADD para archivos locales") || !strings.Contains(h.Markdown, "**Why**") || !strings.Contains(h.Markdown, "/rules/docs/DL3020.md)") {
		t.Errorf("hover without a Spanish page:\n%v", h)
	}
}
