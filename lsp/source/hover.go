package source

import (
	"fmt"
	"strings"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/i18n"
	"github.com/berth-dev/berth/lint/syntax"
)

// Hover is the answer to a hover request.
type Hover struct {
	// Markdown is the text to show.
	Markdown string
	// Range is what the text is about (a keyword, a flag, a variable
	// reference, a diagnostic's range), for the editor to highlight.
	Range syntax.Range
}

// HoverAt describes what is at byte offset off, in the language of locale
// (Spanish when it starts with "es", English otherwise):
//
//   - on the range of a diagnostic: its rule's title, the first sections of
//     its documentation and a link to the rest (rules is searched by code);
//   - on an instruction keyword (ONBUILD's instruction included): what the
//     instruction does, its forms and flags, an example;
//   - on a flag: what the flag means;
//   - on $VAR or ${VAR}, or an ARG or ENV key: the variable's value and
//     where it is declared;
//   - on a stage name (FROM … AS name, FROM name, COPY --from=name,
//     RUN --mount=from=name): the stage, its FROM line and index;
//   - on the image of a FROM line: the reference's parts, what its
//     variables expand to, and its page;
//   - on a parser directive: what it does.
//
// A diagnostic's text comes first, then the rest, separated by a rule.
// HoverAt returns nil when there is nothing to say.
func HoverAt(doc *lint.Document, diags []lint.Diagnostic, rules []*lint.Rule, off int, locale string) *Hover {
	off = max(0, min(off, len(doc.File.Src)))
	var parts []string
	var rng syntax.Range
	found := false
	seen := map[string]bool{}
	for _, d := range diags {
		if !d.Range.Contains(off) || seen[d.Code] {
			continue
		}
		seen[d.Code] = true
		if md := ruleHover(findRule(rules, d.Code), locale); md != "" {
			parts = append(parts, md)
			if !found {
				rng, found = d.Range, true
			}
		}
	}
	if md, r, ok := elementHover(doc, off, locale); ok {
		parts = append(parts, md)
		rng, found = r, true
	}
	if h := ContextHover(doc, off); h != nil {
		parts, rng, found = append(parts, h.Markdown), h.Range, true
	}
	if !found {
		return nil
	}
	return &Hover{Markdown: strings.Join(parts, "\n\n---\n\n"), Range: rng}
}

func findRule(rules []*lint.Rule, code string) *lint.Rule {
	for _, r := range rules {
		if r.Code == code {
			return r
		}
	}
	return nil
}

// ruleHover renders a rule: its code and title, the introduction and the
// first section of its documentation (the "why"), and a link to the rest,
// in the language of locale: a Spanish locale shows the rule's Spanish
// page (lint.Rule.Docs["es"]) and title, and links to that page; a rule
// without one shows its English page under the Spanish title.
func ruleHover(r *lint.Rule, locale string) string {
	if r == nil {
		return ""
	}
	doc, docs := r.Documentation()
	title, url := r.Title, r.URL
	if lang := language(locale); lang != "en" {
		title = i18n.RuleTitle(i18n.Spanish, r)
		if d := docs[lang]; d != "" {
			doc = d
			if t := docTitle(d, r.Code); t != "" {
				title = t
			}
			if strings.HasSuffix(url, "/"+r.Code+".md") {
				url = strings.TrimSuffix(url, r.Code+".md") + lang + "/" + r.Code + ".md"
			}
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "**%s** %s", r.Code, title)
	if intro := ruleIntro(doc); intro != "" {
		b.WriteString("\n\n" + intro)
	}
	if url != "" {
		fmt.Fprintf(&b, "\n\n[%s](%s)", r.Code+" · "+r.Name, url)
	}
	return b.String()
}

// docTitle returns the title of a rule page, from its first line
// "# CODE: Title", or "".
func docTitle(doc, code string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(doc), "\n")
	t, ok := strings.CutPrefix(strings.TrimSpace(line), "# "+code+": ")
	if !ok {
		return ""
	}
	return t
}

// ruleIntro keeps a rule document's text up to its second level-2 section,
// without the title line, with section headings turned into bold lines.
func ruleIntro(doc string) string {
	var out []string
	sections := 0
	for _, line := range strings.Split(strings.TrimSpace(doc), "\n") {
		switch {
		case strings.HasPrefix(line, "# "):
			continue
		case strings.HasPrefix(line, "## "):
			sections++
			if sections > 1 {
				return strings.TrimSpace(strings.Join(out, "\n"))
			}
			line = "**" + strings.TrimPrefix(line, "## ") + "**"
		}
		out = append(out, line)
	}
	return strings.TrimSpace(strings.Join(out, "\n"))
}

// elementHover describes the token at off.
func elementHover(doc *lint.Document, off int, locale string) (string, syntax.Range, bool) {
	f := doc.File
	for _, d := range f.Directives {
		if d.Range.Contains(off) {
			if md := DirectiveDoc(d.Name, locale); md != "" {
				return md, d.Range, true
			}
		}
	}
	ix := newIndex(doc)
	if o := ix.at(off); o != nil {
		switch o.kind {
		case symVar:
			return varHover(ix, o, locale), o.full, true
		case symStage:
			return stageHover(ix, o, locale), o.full, true
		}
	}
	ins := f.InstructionAt(off)
	if ins == nil {
		return "", syntax.Range{}, false
	}
	for in := ins; in != nil; in = in.Sub {
		if in.Keyword.Range.Contains(off) && in.Keyword.Range.Len() > 0 {
			if md := InstructionDoc(in.Cmd, locale); md != "" {
				return md, in.Keyword.Range, true
			}
			return "", syntax.Range{}, false
		}
		for _, fl := range in.Flags {
			if fl.Range.Contains(off) {
				if md := FlagDoc(in.Cmd, fl.Name, locale); md != "" {
					return md, fl.Range, true
				}
				return "", syntax.Range{}, false
			}
		}
	}
	if st := doc.StageOf(ins); st != nil && st.From == ins && st.Image.Range.Contains(off) && st.Image.Value != "" {
		return imageHover(st, locale), st.Image.Range, true
	}
	return "", syntax.Range{}, false
}

// code formats s as inline code, whatever backticks it holds.
func code(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	fence := "`"
	for strings.Contains(s, fence) {
		fence += "`"
	}
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		s = " " + s + " "
	}
	return fence + s + fence
}

// codeBlock formats s as a Dockerfile code block.
func codeBlock(s string) string {
	fence := "```"
	for strings.Contains(s, fence) {
		fence += "`"
	}
	return fence + "dockerfile\n" + s + "\n" + fence
}

// source returns the source text of an instruction's first lines, up to
// its here-documents, without trailing white space.
func source(f *syntax.File, ins *syntax.Instruction) string {
	end := ins.Range.End
	if len(ins.Heredocs) > 0 && ins.Heredocs[0].Body.Start > ins.Range.Start {
		end = min(end, ins.Heredocs[0].Body.Start)
	}
	s := strings.TrimRight(string(f.Src[ins.Range.Start:end]), " \t\r\n")
	if lines := strings.Split(s, "\n"); len(lines) > 6 {
		s = strings.Join(lines[:6], "\n") + "\n…"
	}
	return s
}

func lineOf(f *syntax.File, off int) int {
	l, _ := f.LineCol(off)
	return l
}

// varHover describes a variable at one of its occurrences.
func varHover(ix *index, o *occurrence, locale string) string {
	doc := ix.doc
	var v *lint.Var
	if o.decl {
		v = declVar(doc, o)
	} else {
		v = doc.Lookup(o.ins, o.name)
	}
	var b strings.Builder
	b.WriteString("**" + o.name + "**")
	switch {
	case v == nil:
		b.WriteString(": " + phrase("undeclared", locale))
		return b.String()
	case v.Kind == lint.BuiltinVar:
		b.WriteString(": " + phrase("builtin", locale))
		return b.String()
	case v.HasValue:
		b.WriteString(" = " + code(v.Value))
	default:
		b.WriteString(" (" + phrase("no-value", locale) + ")")
	}
	kind := phrase("env", locale)
	switch v.Kind {
	case lint.ArgVar:
		kind = phrase("arg", locale)
	case lint.MetaArgVar:
		kind = phrase("meta-arg", locale)
	}
	b.WriteString("\n\n" + upperFirst(kind))
	if from, here := doc.StageOf(v.Ins), doc.StageOf(o.ins); v.Kind == lint.EnvVar && from != nil && from != here {
		b.WriteString(", " + fmt.Sprintf(phrase("inherited", locale), code(stageLabel(from))))
	}
	if !o.decl && v.Ins != nil {
		b.WriteString(". " + fmt.Sprintf(phrase("declared", locale), lineOf(doc.File, v.Pair.Key.Range.Start)) + ":\n\n")
		b.WriteString(codeBlock(source(doc.File, v.Ins)))
	}
	return b.String()
}

// declVar is the variable an ARG or ENV key declares; an ARG without a
// value in a stage takes the default of the meta ARG it brings in.
func declVar(doc *lint.Document, o *occurrence) *lint.Var {
	kv := o.pair
	v := &lint.Var{Name: o.name, Value: kv.Value.Value, HasValue: kv.HasValue, Ins: o.ins, Pair: kv}
	st := doc.StageOf(o.ins)
	switch {
	case o.ins.Cmd == "env":
		v.Kind, v.HasValue = lint.EnvVar, true
	case st == nil:
		v.Kind = lint.MetaArgVar
	default:
		v.Kind = lint.ArgVar
		if !kv.HasValue {
			if _, meta := doc.MetaArg(o.name); meta != nil && meta.HasValue {
				v.Value, v.HasValue = meta.Value.Value, true
			}
		}
	}
	return v
}

// stageHover describes the stage a stage occurrence names.
func stageHover(ix *index, o *occurrence, locale string) string {
	st := o.stage
	var b strings.Builder
	b.WriteString("**" + phrase("stage", locale) + "** ")
	if st.Name != "" {
		b.WriteString(code(st.Name) + " (" + fmt.Sprintf(phrase("stage-n", locale), st.Index) + ")")
	} else {
		b.WriteString(fmt.Sprintf(phrase("stage-n", locale), st.Index))
	}
	b.WriteString(", " + fmt.Sprintf(phrase("line", locale), lineOf(ix.doc.File, st.From.Range.Start)) + "\n\n")
	b.WriteString(codeBlock(source(ix.doc.File, st.From)))
	if o.decl {
		n := len(ix.group(o)) - 1
		if n == 1 {
			b.WriteString("\n\n" + phrase("reference", locale))
		} else {
			b.WriteString("\n\n" + fmt.Sprintf(phrase("references", locale), n))
		}
	}
	return b.String()
}

// imageHover describes the base image of a stage.
func imageHover(st *lint.Stage, locale string) string {
	ref := st.Ref
	var b strings.Builder
	b.WriteString("**" + phrase("image", locale) + "** " + code(ref.Familiar()))
	if ref.Tag != "" {
		b.WriteString(" · " + phrase("tag", locale) + " " + code(ref.Tag))
	}
	if ref.Digest != "" {
		b.WriteString(" · " + phrase("digest", locale) + " " + code(ref.Digest))
	}
	if st.Resolved != st.Image.Value {
		b.WriteString("\n\n" + code(st.Image.Value) + " " + phrase("resolves", locale) + " " + code(st.Resolved))
	}
	if len(st.Unresolved) > 0 {
		b.WriteString("\n\n" + fmt.Sprintf(phrase("unresolved", locale), code(strings.Join(st.Unresolved, ", "))))
	}
	if url, ok := ImageURL(ref); ok && len(st.Unresolved) == 0 {
		b.WriteString("\n\n" + url)
	}
	return b.String()
}
