package source

import (
	"embed"
	"regexp"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

//go:embed docs/en/*.md docs/es/*.md
var docFS embed.FS

// language returns the documentation language for a client locale: "es"
// for any Spanish locale ("es", "es-AR", "es_MX"), "en" otherwise.
func language(locale string) string {
	if len(locale) >= 2 && strings.EqualFold(locale[:2], "es") {
		return "es"
	}
	return "en"
}

// InstructionDoc returns the Markdown documentation of an instruction
// (any case: "run", "RUN") in the language of locale, or "" for an unknown
// instruction.
func InstructionDoc(instruction, locale string) string {
	b, err := docFS.ReadFile("docs/" + language(locale) + "/" + strings.ToUpper(instruction) + ".md")
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(b))
}

// InstructionSummary returns the one-sentence summary of an instruction,
// without Markdown: the first line of its documentation.
func InstructionSummary(instruction, locale string) string {
	doc := InstructionDoc(instruction, locale)
	line, _, _ := strings.Cut(doc, "\n")
	line = strings.TrimPrefix(line, "**"+strings.ToUpper(instruction)+"** ")
	line = strings.ReplaceAll(line, "`", "")
	return upperFirst(line)
}

func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// flagDoc is one flag's documentation.
type flagDoc struct {
	name  string   // without dashes
	cmds  []string // lower-case instructions that accept it
	text  string   // Markdown body
	short string   // first sentence, plain
}

var (
	sectionsOnce sync.Once
	flagDocs     map[string][]flagDoc         // by language
	directiveDoc map[string]map[string]string // language → name → Markdown
)

var flagHeading = regexp.MustCompile(`^## --([a-z-]+) \(([A-Z, ]+)\)$`)

func loadSections() {
	flagDocs = map[string][]flagDoc{}
	directiveDoc = map[string]map[string]string{}
	for _, lang := range []string{"en", "es"} {
		b, _ := docFS.ReadFile("docs/" + lang + "/flags.md")
		for _, sec := range sections(string(b)) {
			m := flagHeading.FindStringSubmatch(sec.heading)
			if m == nil {
				continue
			}
			d := flagDoc{name: m[1], text: sec.body}
			for _, c := range strings.Split(m[2], ",") {
				d.cmds = append(d.cmds, strings.ToLower(strings.TrimSpace(c)))
			}
			d.short = firstSentence(sec.body)
			flagDocs[lang] = append(flagDocs[lang], d)
		}
		b, _ = docFS.ReadFile("docs/" + lang + "/directives.md")
		directiveDoc[lang] = map[string]string{}
		for _, sec := range sections(string(b)) {
			directiveDoc[lang][strings.TrimPrefix(sec.heading, "## ")] = sec.body
		}
	}
}

type section struct{ heading, body string }

// sections splits Markdown at its level-2 headings.
func sections(md string) []section {
	var out []section
	for _, part := range strings.Split("\n"+md, "\n## ")[1:] {
		head, body, _ := strings.Cut(part, "\n")
		out = append(out, section{"## " + strings.TrimSpace(head), strings.TrimSpace(body)})
	}
	return out
}

// firstSentence returns the first sentence of a Markdown paragraph, as
// plain text.
func firstSentence(md string) string {
	para, _, _ := strings.Cut(md, "\n\n")
	para = strings.Join(strings.Fields(para), " ")
	if i := strings.Index(para, ". "); i >= 0 {
		para = para[:i+1]
	}
	return strings.ReplaceAll(para, "`", "")
}

// lookupFlag returns the documentation of flag name of instruction cmd.
func lookupFlag(cmd, name, locale string) (flagDoc, bool) {
	sectionsOnce.Do(loadSections)
	for _, d := range flagDocs[language(locale)] {
		if d.name == name && contains(d.cmds, cmd) {
			return d, true
		}
	}
	return flagDoc{}, false
}

// flagsOf lists the documented flags of instruction cmd, in documentation
// order.
func flagsOf(cmd, locale string) []flagDoc {
	sectionsOnce.Do(loadSections)
	var out []flagDoc
	for _, d := range flagDocs[language(locale)] {
		if contains(d.cmds, cmd) {
			out = append(out, d)
		}
	}
	return out
}

// FlagDoc returns the Markdown documentation of a flag (name without
// dashes) of an instruction, or "" when there is none.
func FlagDoc(instruction, flag, locale string) string {
	d, ok := lookupFlag(strings.ToLower(instruction), flag, locale)
	if !ok {
		return ""
	}
	return "**`--" + d.name + "`** (" + strings.ToUpper(strings.Join(d.cmds, ", ")) + ")\n\n" + d.text
}

// DirectiveDoc returns the Markdown documentation of a parser directive
// ("syntax", "escape", "check"), or "".
func DirectiveDoc(name, locale string) string {
	sectionsOnce.Do(loadSections)
	body := directiveDoc[language(locale)][strings.ToLower(name)]
	if body == "" {
		return ""
	}
	return "**`# " + strings.ToLower(name) + "=`**\n\n" + body
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// phrases are the short texts of hovers and completion details.
var phrases = map[string][2]string{
	"arg":            {"build argument", "argumento de construcción"},
	"meta-arg":       {"build argument for FROM lines", "argumento de construcción para las líneas FROM"},
	"env":            {"environment variable", "variable de entorno"},
	"builtin":        {"predefined by the builder", "predefinida por el constructor"},
	"declared":       {"Declared on line %d", "Declarada en la línea %d"},
	"inherited":      {"inherited from stage %s", "heredada de la etapa %s"},
	"no-value":       {"no default value", "sin valor por defecto"},
	"undeclared":     {"not declared in this Dockerfile", "no declarada en este Dockerfile"},
	"stage":          {"Stage", "Etapa"},
	"stage-n":        {"stage %d", "etapa %d"},
	"line":           {"line %d", "línea %d"},
	"image":          {"Image", "Imagen"},
	"resolves":       {"resolves to", "se resuelve como"},
	"unresolved":     {"no value for %s", "sin valor para %s"},
	"tag":            {"tag", "tag"},
	"digest":         {"digest", "digest"},
	"references":     {"%d references", "%d referencias"},
	"reference":      {"1 reference", "1 referencia"},
	"stage-name":     {"build stage", "etapa de construcción"},
	"directive":      {"parser directive", "directiva del parser"},
	"mount-template": {"mount template", "plantilla de montaje"},
}

// phrase returns a phrase in the language of locale.
func phrase(key, locale string) string {
	p := phrases[key]
	if language(locale) == "es" {
		return p[1]
	}
	return p[0]
}
