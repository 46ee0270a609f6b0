package cli

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"golang.org/x/text/language"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/i18n"
	"github.com/berth-dev/berth/rules"
)

const rulesUsage = `usage: berth rules [--format text|json]

Lists every rule: code, name, aliases, default severity, whether it can fix
what it finds, whether it is opt-in (run only with --enable), and title.
`

// cmdRules lists the rules.
func cmdRules(e *Env, args []string) int {
	fs := flag.NewFlagSet("berth rules", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	format := fs.String("format", "text", "")
	fs.StringVar(format, "f", "text", "")
	var lang langFlag
	fs.Var(&lang, "lang", "")
	pos, err := parseFlags(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		io.WriteString(e.Stdout, rulesUsage)
		return exitOK
	}
	if err == nil && len(pos) > 0 {
		err = fmt.Errorf("unexpected argument %q (to read about one rule, run berth explain %s)", pos[0], pos[0])
	}
	if err != nil {
		return usageError(e, "rules", err)
	}
	switch strings.ToLower(*format) {
	case "text", "tty":
		return writeOut(e, "rules", writeRulesText(e.Stdout, localTitles(lang.lang(e), rules.All())))
	case "json":
		return writeOut(e, "rules", writeRulesJSON(e.Stdout, localTitles(lang.lang(e), rules.All())))
	}
	return usageError(e, "rules", fmt.Errorf("unknown format %q: use text or json", *format))
}

// localTitles returns copies of the rules with their titles in lang.
func localTitles(lang language.Tag, all []*lint.Rule) []*lint.Rule {
	if i18n.IsEnglish(lang) {
		return all
	}
	out := make([]*lint.Rule, len(all))
	for i, r := range all {
		c := *r
		c.Title = i18n.RuleTitle(lang, r)
		out[i] = &c
	}
	return out
}

func writeRulesText(w io.Writer, all []*lint.Rule) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "CODE\tNAME\tALIASES\tSEVERITY\tFIX\tOPT-IN\tTITLE")
	for _, r := range all {
		aliases, fix, optIn := strings.Join(r.Aliases, ","), r.Fix.String(), ""
		if aliases == "" {
			aliases = "-"
		}
		if r.Fix == lint.NoFix {
			fix = "-"
		}
		if r.OptIn {
			optIn = "yes"
		} else {
			optIn = "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.Code, r.Name, aliases, r.Severity, fix, optIn, r.Title)
	}
	return tw.Flush()
}

type ruleJSON struct {
	Code     string   `json:"code"`
	Name     string   `json:"name"`
	Aliases  []string `json:"aliases"`
	Severity string   `json:"severity"`
	Fix      string   `json:"fix"`
	Fixable  bool     `json:"fixable"`
	OptIn    bool     `json:"optIn"`
	Title    string   `json:"title"`
	URL      string   `json:"url,omitempty"`
}

func writeRulesJSON(w io.Writer, all []*lint.Rule) error {
	out := make([]ruleJSON, 0, len(all))
	for _, r := range all {
		aliases := r.Aliases
		if aliases == nil {
			aliases = []string{}
		}
		out = append(out, ruleJSON{
			Code: r.Code, Name: r.Name, Aliases: aliases, Severity: r.Severity.String(),
			Fix: r.Fix.String(), Fixable: r.Fix != lint.NoFix, OptIn: r.OptIn, Title: r.Title, URL: r.URL,
		})
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

const explainUsage = `usage: berth explain [--lang en|es] CODE|NAME|ALIAS...

Prints the documentation of rules, found by code (DL4000), name
(maintainer-deprecated) or alias (MaintainerDeprecated).

  --lang en|es   the language of the pages (default: LC_ALL, LC_MESSAGES
                 or LANG); a rule without a page in that language prints
                 its English page, after a note on stderr
`

// cmdExplain prints rules' documentation.
func cmdExplain(e *Env, args []string) int {
	fs := flag.NewFlagSet("berth explain", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var lang langFlag
	fs.Var(&lang, "lang", "")
	pos, err := parseFlags(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		io.WriteString(e.Stdout, explainUsage)
		return exitOK
	}
	if err == nil && len(pos) == 0 {
		err = errors.New("name a rule, such as berth explain DL4000 (berth rules lists them)")
	}
	if err != nil {
		return usageError(e, "explain", err)
	}
	tag := lang.lang(e)
	var b strings.Builder
	for i, name := range pos {
		r := rules.ByName(name)
		if r == nil && lint.IsForeignCode(name) && strings.EqualFold(name[:2], "SC") {
			if i > 0 {
				b.WriteString("\n")
			}
			b.WriteString(explainShellCheck(tag, strings.ToUpper(name)))
			continue
		}
		if r == nil {
			msg := fmt.Sprintf("berth explain: unknown rule %q", name)
			if s := closestRuleName(name); s != "" {
				msg += fmt.Sprintf("; did you mean %s?", s)
			}
			fmt.Fprintf(e.Stderr, "%s\nRun 'berth rules' for the list.\n", msg)
			return exitError
		}
		if i > 0 {
			b.WriteString("\n")
		}
		doc, fellBack := ruleDoc(r, i18n.Code(tag))
		if fellBack {
			fmt.Fprintf(e.Stderr, "%s\n", i18n.Sprintf(tag, "berth explain: %s has no page in this language yet; here is the English one", r.Code))
		}
		if doc == "" {
			doc = fmt.Sprintf("# %s: %s\n", r.Code, i18n.RuleTitle(tag, r))
		}
		b.WriteString(doc)
		if !strings.HasSuffix(doc, "\n") {
			b.WriteString("\n")
		}
	}
	_, err = io.WriteString(e.Stdout, b.String())
	return writeOut(e, "explain", err)
}

// explainShellCheck says what a ShellCheck code (SC2086) is in berth: a
// finding of BR017, explained on ShellCheck's wiki, silenced as a rule is.
func explainShellCheck(lang language.Tag, code string) string {
	return i18n.Sprintf(lang, "# %s: a ShellCheck finding\n\n", code) +
		i18n.Sprintf(lang, "%s is reported by ShellCheck on the scripts of RUN instructions, through berth's rule BR017 (berth explain BR017).\n", code) +
		i18n.Sprintf(lang, "ShellCheck's explanation: %s\n", "https://www.shellcheck.net/wiki/"+code) +
		i18n.Sprintf(lang, "To silence it: # berth ignore=%s above the RUN, ignore: [%s] in .berth.yaml, or --ignore %s.\n", code, code, code)
}

// ruleDoc returns the documentation of r in lang ("en", "es"): its page in
// that language, else the English one with fellBack set.
func ruleDoc(r *lint.Rule, lang string) (doc string, fellBack bool) {
	en, docs := r.Documentation()
	if lang != "" && lang != "en" {
		if doc = docs[lang]; doc == "" {
			doc = rules.DocLang(r.Code, lang)
		}
		if doc != "" {
			return doc, false
		}
		fellBack = true
	}
	if doc = en; doc == "" {
		doc = rules.Doc(r.Code)
	}
	return doc, fellBack && doc != ""
}

// usageError reports a usage error and returns exitError.
func usageError(e *Env, cmd string, err error) int {
	fmt.Fprintf(e.Stderr, "berth %s: %v\nRun 'berth %s --help' for usage.\n", cmd, err, cmd)
	return exitError
}

// writeOut turns an output error into exit code 2.
func writeOut(e *Env, cmd string, err error) int {
	if err != nil {
		fmt.Fprintf(e.Stderr, "berth %s: writing output: %v\n", cmd, err)
		return exitError
	}
	return exitOK
}
