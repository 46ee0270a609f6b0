package source

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/syntax"
)

// CompletionKind says what a completion item inserts; the lsp package maps
// it to a protocol completion kind.
type CompletionKind int

const (
	// KeywordCompletion is an instruction keyword, usually with a snippet.
	KeywordCompletion CompletionKind = iota + 1
	// FlagCompletion is a flag such as --from=.
	FlagCompletion
	// ValueCompletion is a flag value or a fixed word (AS, CMD, NONE).
	ValueCompletion
	// StageCompletion is the name (or index) of an earlier build stage.
	StageCompletion
	// VariableCompletion is an ARG or ENV variable in scope.
	VariableCompletion
	// DirectiveCompletion is a parser directive or its value.
	DirectiveCompletion
)

// CompletionItem is one proposal.
type CompletionItem struct {
	// Label is what the list shows, and what editors filter on.
	Label string
	// Detail is a one-line description; Documentation is Markdown.
	Detail        string
	Documentation string
	// InsertText replaces Replace. When Snippet is set it is in the LSP
	// snippet syntax ($1, ${1:default}, $0, with '$', '}' and '\' escaped
	// by '\' where literal); PlainText converts it for editors without
	// snippets.
	InsertText string
	Snippet    bool
	Kind       CompletionKind
	// Replace is the range the item replaces: the partial word at the
	// cursor. It lies on the cursor's line and contains the cursor.
	Replace syntax.Range
	// SortText orders the items; editors sort by it, not by Label.
	SortText string
	// Deprecated marks MAINTAINER.
	Deprecated bool
	// Retrigger asks the editor to complete again after inserting: the
	// text ends where a value starts ("--from=", "--mount=").
	Retrigger bool
}

// PlainText turns snippet text into the text it inserts when every
// placeholder keeps its default: "${1:image}:${2:tag}" becomes "image:tag".
func PlainText(snippet string) string {
	var b strings.Builder
	for i := 0; i < len(snippet); i++ {
		c := snippet[i]
		switch {
		case c == '\\' && i+1 < len(snippet) && strings.IndexByte(`$}\`, snippet[i+1]) >= 0:
			i++
			b.WriteByte(snippet[i])
		case c == '$' && i+1 < len(snippet) && snippet[i+1] >= '0' && snippet[i+1] <= '9':
			for i+1 < len(snippet) && snippet[i+1] >= '0' && snippet[i+1] <= '9' {
				i++
			}
		case c == '$' && i+1 < len(snippet) && snippet[i+1] == '{':
			j := i + 2
			for j < len(snippet) && snippet[j] >= '0' && snippet[j] <= '9' {
				j++
			}
			if j < len(snippet) && snippet[j] == ':' {
				i = j
			} else if j < len(snippet) && snippet[j] == '}' {
				i = j
			} else {
				b.WriteByte(c)
			}
		case c == '}':
			// The end of a placeholder.
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// Complete returns the completion items at byte offset off, documented in
// the language of locale. It works on half-typed files:
//
//   - at the start of a line that does not continue an instruction: the
//     instruction keywords, with snippets (exec-form CMD and ENTRYPOINT,
//     RUN with a here-document, FROM image:tag AS name, …), and on the
//     first lines the parser directives;
//   - in a comment on the first lines: the directives (syntax, escape,
//     check) and their values;
//   - on a flag of an instruction: the flags it accepts, then their values
//     (stages after --from=, mount types and options after --mount=,
//     platforms, network and security modes);
//   - on the image of FROM: the earlier stages; after it: AS;
//   - after ONBUILD: the instructions it can trigger; after HEALTHCHECK's
//     flags: CMD and NONE;
//   - after $ or ${: the variables in scope at the cursor (for CMD,
//     ENTRYPOINT and HEALTHCHECK, which run in the container, only ENV).
func Complete(doc *lint.Document, off int, locale string) []CompletionItem {
	c := newCompleter(doc, off, locale)
	return append(c.run(), ContextCompletions(doc, off)...)
}

type completer struct {
	doc    *lint.Document
	f      *syntax.File
	src    []byte
	off    int
	locale string
	eol    string
	// line is the cursor's line; ls the start of its text.
	line, ls int
}

func newCompleter(doc *lint.Document, off int, locale string) *completer {
	f := doc.File
	off = max(0, min(off, len(f.Src)))
	c := &completer{doc: doc, f: f, src: f.Src, off: off, locale: locale, eol: "\n"}
	if i := strings.IndexByte(string(f.Src), '\n'); i > 0 && f.Src[i-1] == '\r' {
		c.eol = "\r\n"
	}
	c.line = f.Line(off)
	c.ls = f.LineStart(c.line)
	if c.line == 0 && f.BOM {
		c.ls = min(3, off)
	}
	return c
}

func (c *completer) run() []CompletionItem {
	before := string(c.src[c.ls:c.off])
	trimmed := strings.TrimLeft(before, " \t")
	if h, ins := c.heredocAt(c.off, c.line); h != nil {
		run := ins.Cmd == "run" || ins.Sub != nil && ins.Sub.Cmd == "run"
		if items, ok := c.variables(ins); ok && (run || h.Expand) {
			return items
		}
		return nil
	}
	if strings.HasPrefix(trimmed, "#") {
		if c.inDirectiveZone() {
			return c.directives(trimmed)
		}
		return nil
	}
	cont := c.continues()
	ins := c.instruction(cont)
	if ins != nil {
		if items, ok := c.variables(ins); ok {
			return items
		}
	}
	if !cont && isLetters(trimmed) {
		start := c.off - len(trimmed)
		items := c.keywords(c.wordRange(start), nil)
		if trimmed == "" && c.inDirectiveZone() {
			items = append(items, c.directiveLines()...)
		}
		return items
	}
	if ins == nil {
		return nil
	}
	return c.inInstruction(ins)
}

func isLetters(s string) bool {
	for i := 0; i < len(s); i++ {
		if !(s[i] >= 'a' && s[i] <= 'z' || s[i] >= 'A' && s[i] <= 'Z') {
			return false
		}
	}
	return true
}

// wordRange extends [start, off) over the word characters after the cursor.
func (c *completer) wordRange(start int) syntax.Range {
	end := c.off
	for end < len(c.src) && !isSpaceByte(c.src[end]) {
		end++
	}
	return syntax.Range{Start: start, End: end}
}

func isSpaceByte(b byte) bool {
	return b == ' ' || b == '\t' || b == '\r' || b == '\n' || b == '\v' || b == '\f'
}

// heredocAt returns the here-document whose body or terminator offset off
// (on line) is in, and its instruction.
func (c *completer) heredocAt(off, line int) (*syntax.Heredoc, *syntax.Instruction) {
	for _, ins := range c.f.Instructions {
		if ins.Range.Start > off {
			break
		}
		for _, h := range ins.Heredocs {
			end := len(c.src)
			if h.Terminated {
				end = h.Terminator.End
			}
			if off >= h.Body.Start && off <= end && line > c.f.Line(h.Marker.End) {
				return h, ins
			}
		}
	}
	return nil, nil
}

// lineText returns line l without its line break.
func (c *completer) lineText(l int) []byte {
	s, e := c.f.LineStart(l), c.f.LineStart(l+1)
	for e > s && (c.src[e-1] == '\n' || c.src[e-1] == '\r') {
		e--
	}
	return c.src[s:e]
}

// continues reports whether the cursor's line continues an instruction:
// the last line above it that is neither blank nor a comment ends with the
// escape character.
func (c *completer) continues() bool {
	for l := c.line - 1; l >= 0; l-- {
		if h, _ := c.heredocAt(c.f.LineStart(l), l); h != nil {
			return false
		}
		text := strings.TrimLeftFunc(string(c.lineText(l)), unicode.IsSpace)
		if text == "" || text[0] == '#' {
			continue
		}
		t := strings.TrimRight(text, " \t")
		esc := string(c.f.Escape)
		return strings.HasSuffix(t, esc) && !strings.HasSuffix(t, esc+esc)
	}
	return false
}

// instruction returns the instruction the cursor is in: the one whose
// range holds it, or on a continuation line below its end (blank or being
// typed) the last one that starts before it.
func (c *completer) instruction(cont bool) *syntax.Instruction {
	if ins := c.f.InstructionAt(c.off); ins != nil {
		return ins
	}
	var last *syntax.Instruction
	for _, ins := range c.f.Instructions {
		if ins.Range.Start < c.off {
			last = ins
		}
	}
	if cont || last != nil && c.f.Line(last.Range.End) == c.line {
		return last
	}
	return nil
}

// inDirectiveZone reports whether a directive may stand on the cursor's
// line: every line above it is a directive, or one being typed ("#
// escape=" without its value yet).
func (c *completer) inDirectiveZone() bool {
	lines := map[int]bool{}
	for _, d := range c.f.Directives {
		lines[c.f.Line(d.Range.Start)] = true
	}
	for l := 0; l < c.line; l++ {
		if !lines[l] && !directiveTyped.Match(c.lineText(l)) {
			return false
		}
	}
	return true
}

// directiveTyped matches a directive line whose value is not typed yet.
var directiveTyped = regexp.MustCompile(`^(\xef\xbb\xbf)?[ \t]*#[ \t]*(?i:syntax|escape|check)[ \t]*=[ \t]*$`)

var directiveValues = map[string][]string{
	"syntax": {"docker/dockerfile:1", "docker/dockerfile:1-labs"},
	"escape": {"\\", "`"},
	"check":  {"skip=", "error=true", "skip=all"},
}

// directives completes a comment line at the top of the file: directive
// names after '#', values after '='.
func (c *completer) directives(trimmed string) []CompletionItem {
	body := strings.TrimLeft(trimmed[1:], " \t")
	present := map[string]bool{}
	for _, d := range c.f.Directives {
		if c.f.Line(d.Range.Start) != c.line {
			present[d.Name] = true
		}
	}
	if name, val, ok := strings.Cut(body, "="); ok {
		name = strings.ToLower(strings.TrimSpace(name))
		val = strings.TrimLeft(val, " \t")
		r := c.wordRange(c.off - len(val))
		var out []CompletionItem
		for i, v := range directiveValues[name] {
			if !strings.HasPrefix(v, val) {
				continue
			}
			out = append(out, CompletionItem{Label: v, Detail: name + "=" + v, InsertText: v, Kind: DirectiveCompletion, Replace: r, SortText: fmt.Sprintf("%02d", i), Retrigger: strings.HasSuffix(v, "=")})
		}
		return out
	}
	if !isLetters(body) {
		return nil
	}
	r := c.wordRange(c.off - len(body))
	var out []CompletionItem
	for i, name := range []string{"syntax", "escape", "check"} {
		if present[name] || !strings.HasPrefix(name, strings.ToLower(body)) {
			continue
		}
		out = append(out, CompletionItem{
			Label: name, Detail: phrase("directive", c.locale), Documentation: DirectiveDoc(name, c.locale),
			InsertText: name + "=", Kind: DirectiveCompletion, Replace: r, SortText: fmt.Sprintf("%02d", i), Retrigger: true,
		})
	}
	return out
}

// directiveLines proposes whole directive lines on an empty first line.
func (c *completer) directiveLines() []CompletionItem {
	present := map[string]bool{}
	for _, d := range c.f.Directives {
		present[d.Name] = true
	}
	var out []CompletionItem
	for _, d := range []struct{ name, text string }{
		{"syntax", "# syntax=docker/dockerfile:1"},
		{"escape", "# escape=`"},
		{"check", "# check=skip=${1:JSONArgsRecommended}"},
	} {
		if present[d.name] {
			continue
		}
		out = append(out, CompletionItem{
			Label: PlainText(d.text), Detail: phrase("directive", c.locale), Documentation: DirectiveDoc(d.name, c.locale),
			InsertText: d.text, Snippet: strings.Contains(d.text, "${"), Kind: DirectiveCompletion,
			Replace: syntax.Range{Start: c.off, End: c.off}, SortText: "3" + d.name,
		})
	}
	return out
}

// keywordSnippets are the snippets of each instruction: the first is the
// main item, labelled with the keyword; the others are variants labelled
// with the first line of their plain text.
var keywordSnippets = map[string][]string{
	"add":         {"ADD ${1:source} ${2:dest}"},
	"arg":         {"ARG ${1:name}", "ARG ${1:name}=${2:value}"},
	"cmd":         {`CMD ["${1:executable}", "${2:param}"]`},
	"copy":        {"COPY ${1:source} ${2:dest}", "COPY --from=${1:stage} ${2:source} ${3:dest}"},
	"entrypoint":  {`ENTRYPOINT ["${1:executable}", "${2:param}"]`},
	"env":         {"ENV ${1:key}=${2:value}"},
	"expose":      {"EXPOSE ${1:port}"},
	"from":        {"FROM ${1:image}:${2:tag}", "FROM ${1:image}:${2:tag} AS ${3:name}"},
	"healthcheck": {"HEALTHCHECK --interval=${1:30s} --timeout=${2:3s} CMD ${3:command}", "HEALTHCHECK NONE"},
	"label":       {`LABEL ${1:key}="${2:value}"`},
	"maintainer":  {"MAINTAINER ${1:name}"},
	"onbuild":     {"ONBUILD ${1:INSTRUCTION}"},
	"run":         {"RUN ${1:command}", "RUN <<EOF\n$0\nEOF", "RUN --mount=type=cache,target=${1:/root/.cache} ${2:command}"},
	"shell":       {`SHELL ["${1:/bin/bash}", "${2:-c}"]`},
	"stopsignal":  {"STOPSIGNAL ${1:SIGTERM}"},
	"user":        {"USER ${1:user}", "USER ${1:user}:${2:group}"},
	"volume":      {`VOLUME ["${1:/data}"]`},
	"workdir":     {"WORKDIR ${1:/path}"},
}

// keywords proposes the instructions whose name starts with the word in r
// (any case), except those in skip.
func (c *completer) keywords(r syntax.Range, skip []string) []CompletionItem {
	prefix := strings.ToLower(string(c.src[r.Start:c.off]))
	var out []CompletionItem
	for _, cmd := range syntax.Instructions {
		if slices.Contains(skip, cmd) || !strings.HasPrefix(cmd, prefix) {
			continue
		}
		kw := strings.ToUpper(cmd)
		for i, snip := range keywordSnippets[cmd] {
			snip = strings.ReplaceAll(snip, "\n", c.eol)
			it := CompletionItem{
				Label:         kw,
				Detail:        InstructionSummary(cmd, c.locale),
				Documentation: InstructionDoc(cmd, c.locale),
				InsertText:    snip,
				Snippet:       strings.Contains(snip, "$"),
				Kind:          KeywordCompletion,
				Replace:       r,
				SortText:      fmt.Sprintf("1%s%d", cmd, i),
			}
			if i > 0 {
				it.Label, _, _ = strings.Cut(PlainText(snip), c.eol)
				it.SortText = "2" + it.SortText[1:]
			}
			if cmd == "maintainer" {
				it.Deprecated = true
				it.SortText = "9" + it.SortText[1:]
			}
			out = append(out, it)
		}
	}
	return out
}

// inInstruction completes inside an instruction: flags, their values, and
// the words some instructions expect.
func (c *completer) inInstruction(ins *syntax.Instruction) []CompletionItem {
	ws := c.off
	for ws > c.ls && !isSpaceByte(c.src[ws-1]) {
		ws--
	}
	word := string(c.src[ws:c.off])
	in := ins
	if ins.Cmd == "onbuild" {
		if ins.Sub == nil || ws <= ins.Sub.Keyword.Range.Start {
			if isLetters(word) && ws > ins.Keyword.Range.End {
				return c.keywords(c.wordRange(ws), []string{"onbuild", "from", "maintainer"})
			}
			return nil
		}
		in = ins.Sub
	}
	if ws <= in.Keyword.Range.End {
		return nil
	}
	inFlags := in.Rest.Value == "" || in.Rest.Range.Start >= ws
	if inFlags && strings.HasPrefix(word, "-") {
		if eq := strings.IndexByte(word, '='); eq >= 0 {
			return c.flagValue(in, strings.TrimLeft(word[:eq], "-"), word[eq+1:], ws+eq+1)
		}
		return c.flags(in, c.wordRange(ws))
	}
	var out []CompletionItem
	words := wordsBefore(in, ws)
	switch in.Cmd {
	case "from":
		switch words {
		case 0:
			if inFlags {
				out = append(out, c.stages(in, word, c.wordRange(ws))...)
			}
		case 1:
			if strings.HasPrefix("as", strings.ToLower(word)) {
				out = append(out, CompletionItem{Label: "AS", Detail: phrase("stage-name", c.locale), InsertText: "AS ${1:name}", Snippet: true, Kind: ValueCompletion, Replace: c.wordRange(ws), SortText: "0"})
			}
		}
	case "copy", "add":
		if words >= 1 && !strings.HasPrefix(word, "[") {
			out = append(out, c.workdirs(in, word, c.wordRange(ws))...)
		}
	case "healthcheck":
		if words == 0 {
			for i, w := range []string{"CMD ", "NONE"} {
				if strings.HasPrefix(w, strings.ToUpper(word)) {
					out = append(out, CompletionItem{Label: strings.TrimSpace(w), InsertText: w, Kind: ValueCompletion, Replace: c.wordRange(ws), SortText: strconv.Itoa(i)})
				}
			}
		}
	}
	if inFlags && word == "" {
		out = append(out, c.flags(in, c.wordRange(ws))...)
	}
	return out
}

// workdirs proposes, as the destination of COPY or ADD, the working
// directories the stage of ins sets before it (the last first), and "./".
func (c *completer) workdirs(ins *syntax.Instruction, prefix string, r syntax.Range) []CompletionItem {
	st := c.doc.StageOf(ins)
	if st == nil {
		return nil
	}
	var dirs []string
	for _, x := range st.Instructions {
		if x.Range.Start >= ins.Range.Start {
			break
		}
		if x.Cmd == "workdir" && len(x.Words()) == 1 && !strings.Contains(x.Words()[0].Value, "$") {
			d := x.Words()[0].Value
			if !strings.HasSuffix(d, "/") {
				d += "/"
			}
			dirs = slices.DeleteFunc(dirs, func(s string) bool { return s == d })
			dirs = append(dirs, d)
		}
	}
	if len(dirs) == 0 {
		return nil
	}
	slices.Reverse(dirs)
	dirs = append(dirs, "./")
	var out []CompletionItem
	for i, d := range dirs {
		if strings.HasPrefix(d, prefix) {
			out = append(out, CompletionItem{Label: d, Detail: "WORKDIR", InsertText: d, Kind: ValueCompletion, Replace: r, SortText: fmt.Sprintf("%02d", i)})
		}
	}
	return out
}

// wordsBefore counts the argument words of ins (flags apart) that end
// before offset ws.
func wordsBefore(ins *syntax.Instruction, ws int) int {
	n := 0
	for _, w := range ins.Words() {
		if w.Range.End < ws {
			n++
		}
	}
	return n
}

// flagInserts are the texts inserted for each flag, by instruction; the
// first is labelled with the flag, the others with their text.
var flagInserts = map[string][]string{
	"from":           {"--from="},
	"chown":          {"--chown="},
	"chmod":          {"--chmod="},
	"link":           {"--link"},
	"parents":        {"--parents"},
	"exclude":        {"--exclude="},
	"checksum":       {"--checksum="},
	"keep-git-dir":   {"--keep-git-dir"},
	"unpack":         {"--unpack="},
	"platform":       {"--platform="},
	"mount":          {"--mount=", "--mount=type=cache,target=", "--mount=type=secret,id=", "--mount=type=bind,source=", "--mount=type=ssh"},
	"network":        {"--network="},
	"security":       {"--security="},
	"device":         {"--device="},
	"interval":       {"--interval="},
	"timeout":        {"--timeout="},
	"start-period":   {"--start-period="},
	"start-interval": {"--start-interval="},
	"retries":        {"--retries="},
}

// repeatable flags may be given more than once.
var repeatable = map[string]bool{"mount": true, "exclude": true, "device": true}

// flags proposes the flags of ins not given yet.
func (c *completer) flags(ins *syntax.Instruction, r syntax.Range) []CompletionItem {
	given := map[string]bool{}
	for _, f := range ins.Flags {
		if f.Range.End < r.Start || f.Range.Start > r.End {
			given[f.Name] = true
		}
	}
	prefix := string(c.src[r.Start:c.off])
	var out []CompletionItem
	for i, d := range flagsOf(ins.Cmd, c.locale) {
		if given[d.name] && !repeatable[d.name] {
			continue
		}
		for j, text := range flagInserts[d.name] {
			if !strings.HasPrefix(text, prefix) {
				continue
			}
			label := "--" + d.name
			if j > 0 {
				label = text
			}
			out = append(out, CompletionItem{
				Label: label, Detail: d.short, Documentation: FlagDoc(ins.Cmd, d.name, c.locale),
				InsertText: text, Kind: FlagCompletion, Replace: r,
				SortText: fmt.Sprintf("5%02d%d", i, j), Retrigger: strings.HasSuffix(text, "=") && j == 0 && flagHasValues(d.name),
			})
		}
	}
	return out
}

func flagHasValues(name string) bool {
	switch name {
	case "from", "platform", "mount", "network", "security", "unpack":
		return true
	}
	return false
}

var flagValues = map[string][]string{
	"platform": {"$BUILDPLATFORM", "$TARGETPLATFORM", "linux/amd64", "linux/arm64", "linux/arm/v7", "windows/amd64"},
	"network":  {"default", "none", "host"},
	"security": {"sandbox", "insecure"},
	"unpack":   {"true", "false"},
}

// flagValue proposes values for a flag, val being the part typed after '='
// which starts at offset vs.
func (c *completer) flagValue(ins *syntax.Instruction, name, val string, vs int) []CompletionItem {
	r := c.wordRange(vs)
	switch name {
	case "from":
		if ins.Cmd == "copy" {
			return c.stages(ins, val, r)
		}
		return nil
	case "mount":
		if ins.Cmd == "run" {
			return c.mount(ins, val, vs)
		}
		return nil
	}
	return c.values(flagValues[name], val, r)
}

func (c *completer) values(list []string, prefix string, r syntax.Range) []CompletionItem {
	var out []CompletionItem
	for i, v := range list {
		if strings.HasPrefix(v, prefix) {
			out = append(out, CompletionItem{Label: v, InsertText: v, Kind: ValueCompletion, Replace: r, SortText: fmt.Sprintf("%02d", i)})
		}
	}
	return out
}

// mountKeys are the options of each mount type.
var mountKeys = map[string][]string{
	"bind":   {"target", "source", "from", "rw"},
	"cache":  {"target", "id", "sharing", "from", "source", "mode", "uid", "gid", "ro"},
	"tmpfs":  {"target", "size"},
	"secret": {"id", "target", "env", "required", "mode", "uid", "gid"},
	"ssh":    {"id", "target", "required", "mode", "uid", "gid"},
}

var mountValues = map[string][]string{
	"type":     {"cache", "secret", "bind", "ssh", "tmpfs"},
	"sharing":  {"shared", "private", "locked"},
	"required": {"true", "false"},
}

// mount completes inside a --mount value: a template when it is empty, the
// options of the mount's type after a comma, their values after '='.
func (c *completer) mount(ins *syntax.Instruction, val string, vs int) []CompletionItem {
	comma := strings.LastIndexByte(val, ',')
	cur := val[comma+1:]
	fs := vs + comma + 1
	typ, have := "bind", map[string]bool{}
	for _, fld := range strings.Split(val[:max(comma, 0)], ",") {
		k, v, _ := strings.Cut(fld, "=")
		k = strings.ToLower(k)
		have[k] = true
		if k == "type" {
			typ = strings.ToLower(v)
		}
	}
	if k, v, ok := strings.Cut(cur, "="); ok {
		r := c.wordRange(fs + len(k) + 1)
		if r.End > c.off {
			r.End = c.off + strings.IndexAny(string(c.src[c.off:r.End])+",", ",")
		}
		if strings.EqualFold(k, "from") {
			return c.stages(ins, v, r)
		}
		return c.values(mountValues[strings.ToLower(k)], v, r)
	}
	r := syntax.Range{Start: fs, End: c.off}
	var out []CompletionItem
	if comma < 0 {
		for i, t := range []string{"type=cache,target=", "type=secret,id=", "type=bind,source=", "type=ssh", "type=tmpfs,target="} {
			if strings.HasPrefix(t, cur) {
				out = append(out, CompletionItem{Label: t, Detail: phrase("mount-template", c.locale), InsertText: t, Kind: ValueCompletion, Replace: r, SortText: fmt.Sprintf("0%d", i)})
			}
		}
		if !strings.HasPrefix("type=", cur) {
			return out
		}
		return append(out, CompletionItem{Label: "type=", InsertText: "type=", Kind: ValueCompletion, Replace: r, SortText: "1", Retrigger: true})
	}
	keys := mountKeys[typ]
	if !have["type"] {
		keys = append([]string{"type"}, keys...)
	}
	for i, k := range keys {
		if have[k] || !strings.HasPrefix(k, strings.ToLower(cur)) {
			continue
		}
		text := k + "="
		if k == "rw" || k == "ro" {
			text = k
		}
		_, hasValues := mountValues[k]
		out = append(out, CompletionItem{Label: k, InsertText: text, Kind: ValueCompletion, Replace: r, SortText: fmt.Sprintf("%02d", i), Retrigger: hasValues || k == "from"})
	}
	return out
}

// stages proposes the stages before the one ins belongs to: by name, and
// by index for unnamed ones.
func (c *completer) stages(ins *syntax.Instruction, prefix string, r syntax.Range) []CompletionItem {
	before := len(c.doc.Stages)
	if st := c.doc.StageOf(ins); st != nil {
		before = st.Index
	}
	var out []CompletionItem
	for _, st := range c.doc.Stages[:min(before, len(c.doc.Stages))] {
		label := st.Name
		if label == "" {
			if ins.Cmd == "from" {
				continue
			}
			label = strconv.Itoa(st.Index)
		}
		if !strings.HasPrefix(strings.ToLower(label), strings.ToLower(prefix)) {
			continue
		}
		out = append(out, CompletionItem{
			Label: label, Detail: fmt.Sprintf(phrase("stage-n", c.locale), st.Index) + " · " + shorten(st.From.Logical),
			InsertText: label, Kind: StageCompletion, Replace: r, SortText: fmt.Sprintf("0%03d", st.Index),
		})
	}
	return out
}

// variables completes a variable name after $ or ${ at the cursor. It
// reports false when the cursor is not in one.
func (c *completer) variables(ins *syntax.Instruction) ([]CompletionItem, bool) {
	i := c.off
	for i > c.ls && isNameChar(c.src[i-1]) {
		i--
	}
	if i < c.off && !isNameStart(c.src[i]) {
		return nil, false
	}
	brace := i > c.ls && c.src[i-1] == '{'
	d := i
	if brace {
		d--
	}
	if d <= c.ls || c.src[d-1] != '$' || d-2 >= c.ls && (c.src[d-2] == '\\' || c.src[d-2] == c.f.Escape) {
		return nil, false
	}
	prefix := string(c.src[i:c.off])
	end := c.off
	for end < len(c.src) && isNameChar(c.src[end]) {
		end++
	}
	closeBrace := brace && !(end < len(c.src) && c.src[end] == '}')
	r := syntax.Range{Start: i, End: end}
	runtime := false
	for in := ins; in != nil; in = in.Sub {
		switch in.Cmd {
		case "cmd", "entrypoint", "healthcheck":
			runtime = true
		}
	}
	var out []CompletionItem
	for _, name := range c.names() {
		if !strings.HasPrefix(strings.ToLower(name), strings.ToLower(prefix)) {
			continue
		}
		v := c.doc.Lookup(ins, name)
		if v == nil || runtime && v.Kind != lint.EnvVar {
			continue
		}
		it := CompletionItem{Label: name, InsertText: name, Kind: VariableCompletion, Replace: r, SortText: "0" + name}
		if closeBrace {
			it.InsertText += "}"
		}
		switch {
		case v.Kind == lint.BuiltinVar:
			it.Detail = phrase("builtin", c.locale)
			it.SortText = "1" + name
		case v.HasValue:
			it.Detail = kindPhrase(v.Kind, c.locale) + " = " + shorten(v.Value)
		default:
			it.Detail = kindPhrase(v.Kind, c.locale)
		}
		out = append(out, it)
	}
	return out, true
}

func kindPhrase(k lint.VarKind, locale string) string {
	switch k {
	case lint.ArgVar:
		return phrase("arg", locale)
	case lint.MetaArgVar:
		return phrase("meta-arg", locale)
	case lint.EnvVar:
		return phrase("env", locale)
	}
	return phrase("builtin", locale)
}

// names lists the variable names the document declares, then the
// builder's predefined ones, without duplicates.
func (c *completer) names() []string {
	seen := map[string]bool{}
	var out []string
	add := func(n string) {
		if n != "" && !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	for _, ins := range c.f.Instructions {
		if ins.Cmd == "arg" || ins.Cmd == "env" {
			for _, kv := range ins.Pairs {
				if utf8.ValidString(kv.Key.Value) {
					add(kv.Key.Value)
				}
			}
		}
	}
	for _, n := range lint.PredefinedArgs {
		add(n)
	}
	return out
}
