package rules

import (
	"embed"
	"strings"
	"sync"

	"github.com/berth-dev/berth/lint"
)

// DocsURL is where the rule documentation is published; a rule's page is
// DocsURL + CODE + ".md".
const DocsURL = "https://github.com/berth-dev/berth/blob/main/rules/docs/"

//go:embed docs/*.md docs/es/*.md
var docs embed.FS

// DocLangs are the languages of the translated rule pages
// (rules/docs/LANG/CODE.md); English (rules/docs/CODE.md) is the source.
var DocLangs = []string{"es"}

// Doc returns the Markdown documentation of the rule with the given code,
// or "" when there is none.
func Doc(code string) string {
	b, err := docs.ReadFile("docs/" + strings.ToUpper(code) + ".md")
	if err != nil {
		return ""
	}
	return string(b)
}

// DocLang returns the documentation of the rule with the given code in
// lang ("es"; "" or "en" is English), or "" when that language has no
// page for it. Callers that want a page whatever the language fall back
// to Doc.
func DocLang(code, lang string) string {
	lang = strings.ToLower(lang)
	if lang == "" || lang == "en" {
		return Doc(code)
	}
	if strings.ContainsAny(lang, "/.") {
		return ""
	}
	b, err := docs.ReadFile("docs/" + lang + "/" + strings.ToUpper(code) + ".md")
	if err != nil {
		return ""
	}
	return string(b)
}

// attachDocs gives r its URL, and the means to read its English page and
// its translations (lint.Rule.LoadDocs), read on the first call; All
// calls it once per rule.
func attachDocs(r *lint.Rule) {
	r.URL = DocsURL + r.Code + ".md"
	code := r.Code
	r.LoadDocs = sync.OnceValues(func() (doc string, docs map[string]string) {
		doc = Doc(code)
		for _, lang := range DocLangs {
			if d := DocLang(code, lang); d != "" {
				if docs == nil {
					docs = map[string]string{}
				}
				docs[lang] = d
			}
		}
		return doc, docs
	})
}
