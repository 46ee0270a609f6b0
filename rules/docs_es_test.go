package rules

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// headingES maps the section headings of the English rule pages to those
// of the Spanish ones (docs/glosario.md lists the same map). A new section
// in an English page needs its Spanish heading here first.
var headingES = map[string]string{
	"## Why":           "## Por qué",
	"## Example":       "## Ejemplo",
	"## Fix":           "## Corrección",
	"## Configuration": "## Configuración",
	"## Aliases":       "## Alias",
	"## References":    "## Referencias",
}

// TestDocsSpanish wants, for every rules/docs/CODE.md, a rules/docs/es/CODE.md
// that starts with "# CODE: " and a Spanish title, has the same headings at
// the same levels in the same order (translated as headingES says), and the
// same code blocks: same count and language, and the same lines once shell
// and YAML comments are set aside, since only comments are translated.
func TestDocsSpanish(t *testing.T) {
	en, err := filepath.Glob(filepath.Join("docs", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	if len(en) == 0 {
		t.Fatal("no rules/docs/*.md")
	}
	for _, path := range en {
		name := filepath.Base(path)
		code := strings.TrimSuffix(name, ".md")
		enText, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		esText, err := os.ReadFile(filepath.Join("docs", "es", name))
		if err != nil {
			t.Errorf("%s: no Spanish page rules/docs/es/%s (translate rules/docs/%s, following docs/glosario.md)", code, name, name)
			continue
		}
		// The embedded copy is what "berth explain --lang es" shows.
		if b, err := docs.ReadFile("docs/es/" + name); err != nil || string(b) != string(esText) {
			t.Errorf("%s: rules/docs/es/%s is not embedded (see the go:embed line in rules/docs.go)", code, name)
		}
		checkDocES(t, code, string(enText), string(esText))
	}
	// A Spanish page without an English one is a leftover or a misspelt name.
	es, _ := filepath.Glob(filepath.Join("docs", "es", "*.md"))
	for _, path := range es {
		if _, err := os.Stat(filepath.Join("docs", filepath.Base(path))); err != nil {
			t.Errorf("rules/docs/es/%s has no English page rules/docs/%s", filepath.Base(path), filepath.Base(path))
		}
	}
}

func checkDocES(t *testing.T, code, en, es string) {
	t.Helper()
	first, _, _ := strings.Cut(es, "\n")
	title, ok := strings.CutPrefix(first, "# "+code+": ")
	if !ok || strings.TrimSpace(title) == "" {
		t.Errorf("%s: Spanish page starts with %q, want %q and a Spanish title", code, first, "# "+code+": ")
	}
	enFirst, _, _ := strings.Cut(en, "\n")
	if first == enFirst {
		t.Errorf("%s: Spanish page keeps the English title %q", code, first)
	}

	enHeads, esHeads := headings(en), headings(es)
	if len(enHeads) != len(esHeads) {
		t.Errorf("%s: Spanish page has %d headings, the English one %d:\n  en %q\n  es %q", code, len(esHeads), len(enHeads), enHeads, esHeads)
	}
	for i := 0; i < len(enHeads) && i < len(esHeads); i++ {
		h, s := enHeads[i], esHeads[i]
		if level(h) != level(s) {
			t.Errorf("%s: heading %d is %q in English but %q in Spanish (level %d, want %d)", code, i+1, h, s, level(s), level(h))
			continue
		}
		if level(h) == 1 {
			continue // the title, checked above
		}
		want, known := headingES[h]
		if !known {
			t.Errorf("%s: English heading %q has no Spanish form in headingES (rules/docs_es_test.go) and docs/glosario.md", code, h)
			continue
		}
		if s != want {
			t.Errorf("%s: heading %d is %q, want %q (the Spanish form of %q)", code, i+1, s, want, h)
		}
	}

	enBlocks, esBlocks := codeBlocks(en), codeBlocks(es)
	if len(enBlocks) != len(esBlocks) {
		t.Errorf("%s: Spanish page has %d code blocks, the English one %d", code, len(esBlocks), len(enBlocks))
		return
	}
	for i := range enBlocks {
		e, s := enBlocks[i], esBlocks[i]
		if e.lang != s.lang {
			t.Errorf("%s: code block %d is %q in English but %q in Spanish", code, i+1, e.lang, s.lang)
			continue
		}
		if e.lang == "text" {
			continue // sample output, shown as the Spanish user reads it
		}
		el, sl := withoutComments(e.lines), withoutComments(s.lines)
		if strings.Join(el, "\n") != strings.Join(sl, "\n") {
			t.Errorf("%s: code block %d differs from the English one beyond its comments (translate comments only, never code):\n--- en\n%s\n--- es\n%s",
				code, i+1, strings.Join(e.lines, "\n"), strings.Join(s.lines, "\n"))
		}
	}
}

var headingRe = regexp.MustCompile(`^#{1,6} `)

// headings lists the Markdown headings outside fenced code blocks.
func headings(doc string) []string {
	var out []string
	fenced := false
	for _, ln := range strings.Split(doc, "\n") {
		if strings.HasPrefix(ln, "```") {
			fenced = !fenced
			continue
		}
		if !fenced && headingRe.MatchString(ln) {
			out = append(out, strings.TrimRight(ln, " "))
		}
	}
	return out
}

func level(h string) int { return len(h) - len(strings.TrimLeft(h, "#")) }

type codeBlock struct {
	lang  string
	lines []string
}

func codeBlocks(doc string) []codeBlock {
	var out []codeBlock
	var cur *codeBlock
	for _, ln := range strings.Split(doc, "\n") {
		if strings.HasPrefix(ln, "```") {
			if cur == nil {
				cur = &codeBlock{lang: strings.TrimSpace(strings.TrimPrefix(ln, "```"))}
			} else {
				out = append(out, *cur)
				cur = nil
			}
			continue
		}
		if cur != nil {
			cur.lines = append(cur.lines, ln)
		}
	}
	return out
}

// commentRe finds a comment: a # at the start of a line or after a blank.
var commentRe = regexp.MustCompile(`(^|\s)#(\s.*)?$`)

// withoutComments drops comment lines and trailing comments (keeping a
// final line continuation), so that code lines can be compared across
// languages.
func withoutComments(lines []string) []string {
	var out []string
	for _, ln := range lines {
		cont := strings.HasSuffix(ln, `\`)
		stripped := strings.TrimRight(commentRe.ReplaceAllString(ln, ""), " ")
		if stripped == "" && strings.TrimSpace(ln) != "" {
			continue // a whole comment line
		}
		if cont && stripped != ln && !strings.HasSuffix(stripped, `\`) {
			stripped += ` \`
		}
		out = append(out, stripped)
	}
	return out
}
