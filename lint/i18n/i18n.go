// Package i18n renders what berth tells its users in their language. It
// holds one catalogue (golang.org/x/text/message/catalog) keyed by the
// English text, which stays the source of truth and the default: rules
// write English, and an output asks this package for the text in the
// chosen language when it renders a diagnostic, a fix title or a rule
// title.
//
// A diagnostic reported with Pass.Reportf keeps its format and
// arguments, and renders through message.Printer.Sprintf with the
// catalogue. One reported with a ready message is matched against the
// catalogue's formats (each verb standing for the text it printed) and
// rebuilt from the Spanish format with the same pieces. Pieces that are
// themselves English phrases (a list such as `"a" and "b"`, the reason a
// label value is wrong) are translated through the catalogue's fragments.
//
// Codes, names, file paths and quoted values from the Dockerfile never
// change with the language.
package i18n

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/message/catalog"

	"github.com/berth-dev/berth/lint"
)

// The languages berth speaks; English is the default.
var (
	English = language.English
	Spanish = language.Spanish
)

// Supported lists the language codes --lang accepts.
var Supported = []string{"en", "es"}

// Parse reads a language as users write it: "es", "es-AR", "es_AR.UTF-8",
// "en_US", "C". It reports false for a language berth does not speak
// (callers fall back to English).
func Parse(s string) (language.Tag, bool) {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, ".@"); i >= 0 {
		s = s[:i] // es_AR.UTF-8, de_DE@euro
	}
	switch strings.ToUpper(s) {
	case "":
		return English, false
	case "C", "POSIX":
		return English, true
	}
	t, err := language.Parse(strings.ReplaceAll(s, "_", "-"))
	if err != nil {
		return English, false
	}
	switch base, _ := t.Base(); base.String() {
	case "es":
		return Spanish, true
	case "en":
		return English, true
	}
	return English, false
}

// FromEnv returns the language of the environment: the first of LC_ALL,
// LC_MESSAGES and LANG that is set, as POSIX orders them. Unset or
// unknown means English.
func FromEnv(getenv func(string) string) language.Tag {
	for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := getenv(k); v != "" {
			t, _ := Parse(v)
			return t
		}
	}
	return English
}

// IsEnglish reports whether texts in lang are the English source.
func IsEnglish(lang language.Tag) bool { return lang != Spanish }

// Code returns the short code of a language: "en" or "es".
func Code(lang language.Tag) string {
	if IsEnglish(lang) {
		return "en"
	}
	return "es"
}

// entry is one text of the catalogue: the English format and its
// Spanish form, which has the same verbs (an explicit index such as
// %[2]q when Spanish puts the arguments in another order).
type entry struct{ en, es string }

var (
	once      sync.Once
	cat       *catalog.Builder
	messages  map[string]string // English format → Spanish
	raw       map[string]string // of messages, those the catalogue cannot hold
	fragments map[string]string
	patterns  []*pattern // of messages, most literal text first
	generic   []*pattern // of esGeneric, tried last
	fpatterns []*pattern // of fragments
	memo      sync.Map   // English text → Spanish, for Text
)

func load() {
	once.Do(func() {
		cat = catalog.NewBuilder(catalog.Fallback(English))
		messages, fragments, raw = map[string]string{}, map[string]string{}, map[string]string{}
		for _, e := range catalogMessages() {
			messages[e.en] = e.es
			if strings.Contains(e.es, "${") {
				// The catalogue reads ${name} as its own substitution and
				// has no escape for it: these print with fmt.
				raw[e.en] = e.es
			} else {
				must(cat.SetString(Spanish, e.en, e.es))
			}
			if p := compile(e.en, e.es); p != nil {
				patterns = append(patterns, p)
			}
		}
		for _, e := range catalogFragments() {
			fragments[e.en] = e.es
			if _, ok := messages[e.en]; !ok && !strings.Contains(e.es, "${") {
				must(cat.SetString(Spanish, e.en, e.es))
			}
			if p := compile(e.en, e.es); p != nil {
				fpatterns = append(fpatterns, p)
			}
		}
		for _, e := range esGeneric {
			generic = append(generic, compileAny(e.en, e.es))
		}
		for _, ps := range [][]*pattern{patterns, fpatterns} {
			sort.SliceStable(ps, func(i, j int) bool { return ps[i].literal > ps[j].literal })
		}
	})
}

// catalogMessages are the tables of whole messages, one after the other;
// catalogFragments those of fragments. They are put together when the
// catalogue is first needed, not at each start.
func catalogMessages() []entry {
	return slices.Concat(esMessages, esCLI, esCLIUsage, esEditor, esDaemonErrors)
}

func catalogFragments() []entry {
	return slices.Concat(esFragments, esCLIFragments, esEditorFragments, esDaemonErrors, esActionFragments)
}

func must(err error) {
	if err != nil {
		panic(err)
	}
}

// printer returns the message printer of lang over the catalogue.
func printer(lang language.Tag) *message.Printer {
	load()
	return message.NewPrinter(lang, message.Catalog(cat))
}

// Sprintf formats like fmt.Sprintf with format translated to lang. A
// format the catalogue lacks prints in English.
func Sprintf(lang language.Tag, format string, args ...any) string {
	if IsEnglish(lang) {
		return fmt.Sprintf(format, args...)
	}
	load()
	if _, ok := messages[format]; !ok {
		if _, ok := fragments[format]; !ok {
			return Text(lang, fmt.Sprintf(format, args...))
		}
	}
	local := make([]any, len(args))
	for i, a := range args {
		switch a := a.(type) {
		case int:
			local[i] = plainInt(a) // a line number, not a quantity: no "1.234"
		case string:
			local[i] = fragment(a, 0)
		default:
			local[i] = a
		}
	}
	if es, ok := raw[format]; ok {
		return fmt.Sprintf(es, local...)
	}
	return printer(lang).Sprintf(format, local...)
}

// plainInt prints an int without the digit grouping of the language.
type plainInt int

func (n plainInt) Format(f fmt.State, verb rune) {
	f.Write([]byte(strconv.Itoa(int(n))))
}

// Text returns an English text (a message, a fix title, a rule title) in
// lang: the catalogue's form, or the form of the catalogue format it
// matches rebuilt with the same pieces, or the English text itself.
func Text(lang language.Tag, s string) string {
	if IsEnglish(lang) || s == "" {
		return s
	}
	load()
	if v, ok := memo.Load(s); ok {
		return v.(string)
	}
	out := translate(s, messages, patterns, 0)
	if out == s {
		out = fragment(s, 0)
	}
	for _, p := range generic {
		if out != s {
			break
		}
		if o, ok := p.apply(s, 0); ok && o != s {
			out = o
		}
	}
	if out != s {
		memo.Store(s, out)
	}
	return out
}

// Message returns the message of d in lang. ShellCheck's findings (codes
// SC1000 and up) keep ShellCheck's own English text: it is the program's
// message, which its wiki pages are named after, not berth's.
func Message(lang language.Tag, d *lint.Diagnostic) string {
	if IsEnglish(lang) || IsShellCheck(d.Code) {
		return d.Message
	}
	if d.Format != "" {
		load()
		if _, ok := messages[d.Format]; ok {
			return Sprintf(lang, d.Format, d.Args...)
		}
	}
	return Text(lang, d.Message)
}

// IsShellCheck reports whether code is one of ShellCheck's (SC and digits).
func IsShellCheck(code string) bool {
	if len(code) < 3 || !strings.HasPrefix(code, "SC") {
		return false
	}
	for _, c := range code[2:] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// Localize returns copies of diags with messages and fix titles in lang
// (diags itself when lang is English).
func Localize(lang language.Tag, diags []lint.Diagnostic) []lint.Diagnostic {
	if IsEnglish(lang) || len(diags) == 0 {
		return diags
	}
	out := make([]lint.Diagnostic, len(diags))
	for i := range diags {
		out[i] = LocalizeOne(lang, diags[i])
	}
	return out
}

// LocalizeOne returns d with its message and fix titles in lang.
func LocalizeOne(lang language.Tag, d lint.Diagnostic) lint.Diagnostic {
	if IsEnglish(lang) {
		return d
	}
	d.Message = Message(lang, &d)
	if len(d.Fixes) > 0 {
		fixes := make([]lint.Fix, len(d.Fixes))
		for j, f := range d.Fixes {
			f.Title = Text(lang, f.Title)
			fixes[j] = f
		}
		d.Fixes = fixes
	}
	return d
}

// RuleTitle returns the title of r in lang.
func RuleTitle(lang language.Tag, r *lint.Rule) string { return Text(lang, r.Title) }

// fragment translates a piece of a message: a catalogue fragment, or
// the text unchanged.
func fragment(s string, depth int) string {
	if s == "" || depth > 3 {
		return s
	}
	return translate(s, fragments, fpatterns, depth)
}

func translate(s string, exact map[string]string, ps []*pattern, depth int) string {
	if v, ok := exact[strings.ReplaceAll(s, "%", "%%")]; ok && !strings.Contains(v, "%[") && !hasVerb(v) {
		return strings.ReplaceAll(v, "%%", "%")
	}
	for _, p := range ps {
		if out, ok := p.apply(s, depth); ok {
			return out
		}
	}
	return s
}

// pattern matches the messages one English format prints.
type pattern struct {
	re      *regexp.Regexp
	verbs   []verb // of the English format, in order
	es      string
	literal int // letters of literal text: more is more specific
}

// verb is one verb of a format: its argument (0-based) and letter.
type verb struct {
	arg    int
	letter byte
	start  int // offset of the '%' in the format
	end    int
}

// verbs parses the verbs of a format ("%%" is not one). Flags and widths
// are not used by berth's messages and are not supported.
func verbs(f string) []verb {
	var vs []verb
	next := 0
	for i := 0; i < len(f); i++ {
		if f[i] != '%' {
			continue
		}
		start := i
		i++
		if i >= len(f) {
			break
		}
		if f[i] == '%' {
			continue
		}
		arg := next
		if f[i] == '[' {
			j := strings.IndexByte(f[i:], ']')
			if j < 0 {
				break
			}
			n, err := strconv.Atoi(f[i+1 : i+j])
			if err == nil {
				arg = n - 1
			}
			i += j + 1
			if i >= len(f) {
				break
			}
		}
		vs = append(vs, verb{arg: arg, letter: f[i], start: start, end: i + 1})
		next = arg + 1
	}
	return vs
}

func hasVerb(s string) bool { return len(verbs(s)) > 0 }

// literalLetters counts the ASCII letters of a format outside its verbs.
func literalLetters(f string) int {
	n, vs, at := 0, verbs(f), 0
	count := func(s string) {
		for _, c := range s {
			if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' {
				n++
			}
		}
	}
	for _, v := range vs {
		count(f[at:v.start])
		at = v.end
	}
	count(f[at:])
	return n
}

// compile makes the pattern of an English format, or nil for one with
// too little literal text to recognise a message by (such as "%s: %s").
func compile(en, es string) *pattern {
	if len(verbs(en)) == 0 || literalLetters(en) < 3 {
		return nil
	}
	return compileAny(en, es)
}

// compileAny makes the pattern of any format with verbs.
func compileAny(en, es string) *pattern {
	vs := verbs(en)
	var b strings.Builder
	b.WriteString("^")
	at := 0
	for _, v := range vs {
		b.WriteString(regexp.QuoteMeta(strings.ReplaceAll(en[at:v.start], "%%", "%")))
		switch v.letter {
		case 'q':
			b.WriteString(`("(?:[^"\\]|\\.)*")`)
		case 'd':
			b.WriteString(`(-?[0-9]+)`)
		case 'c':
			b.WriteString(`(.)`)
		default:
			b.WriteString(`((?s:.*?))`)
		}
		at = v.end
	}
	b.WriteString(regexp.QuoteMeta(strings.ReplaceAll(en[at:], "%%", "%")))
	b.WriteString("$")
	return &pattern{re: regexp.MustCompile(b.String()), verbs: vs, es: es, literal: literalLetters(en)}
}

// apply rebuilds s in Spanish when it matches.
func (p *pattern) apply(s string, depth int) (string, bool) {
	m := p.re.FindStringSubmatch(s)
	if m == nil {
		return "", false
	}
	pieces := make([]string, len(p.verbs))
	for i, v := range p.verbs {
		piece := m[i+1]
		if v.letter == 's' || v.letter == 'v' {
			piece = fragment(piece, depth+1)
		}
		if v.arg >= 0 && v.arg < len(pieces) {
			pieces[v.arg] = piece
		}
	}
	var b strings.Builder
	at := 0
	for _, v := range verbs(p.es) {
		b.WriteString(strings.ReplaceAll(p.es[at:v.start], "%%", "%"))
		if v.arg >= 0 && v.arg < len(pieces) {
			b.WriteString(pieces[v.arg])
		}
		at = v.end
	}
	b.WriteString(strings.ReplaceAll(p.es[at:], "%%", "%"))
	return b.String(), true
}
