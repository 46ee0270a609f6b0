package rules

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/syntax"
)

// BR016 reports an argument written like the exec form (or VOLUME's JSON
// form) that is not valid JSON, so that the builder reads it in shell form.
var BR016 = &lint.Rule{
	Code:     "BR016",
	Name:     "invalid-exec-form",
	Title:    "Write exec form as valid JSON",
	Severity: lint.Warning,
	Fix:      lint.SometimesFix,
	Check:    checkBR016,
}

func checkBR016(p *lint.Pass) {
	for _, ins := range p.Doc.File.Instructions {
		checkBR016Ins(p, ins)
		if ins.Cmd == "onbuild" && ins.Sub != nil {
			checkBR016Ins(p, ins.Sub)
		}
	}
}

func checkBR016Ins(p *lint.Pass, ins *syntax.Instruction) {
	if ins.JSON {
		return
	}
	text, pos := ins.Rest.Value, ins.Rest.Pos
	switch ins.Cmd {
	case "run", "cmd", "entrypoint", "volume":
	case "healthcheck":
		if !healthcheckCmd(text) {
			return
		}
		cut := 3 + len(text[3:]) - len(strings.TrimLeft(text[3:], " \t"))
		text, pos = text[cut:], pos+cut
	default:
		return
	}
	if len(text) < 2 || text[0] != '[' || text[len(text)-1] != ']' || json.Valid([]byte(text)) {
		return // a valid JSON array of non-strings is a syntax error (DL1000)
	}
	elems, problem, ok := execElems(text[1 : len(text)-1])
	if !ok {
		return // a shell test such as [ -f /etc/app.conf ]
	}
	r := ins.SrcRange(pos, pos+len(text))
	effect := "it runs as a shell command"
	if ins.Cmd == "volume" {
		effect = "the builder takes each word as a path, brackets and quotes included"
	}
	d := lint.Diagnostic{
		Range:   r,
		Message: fmt.Sprintf("%s is written like the exec form but is not valid JSON (%s): %s", strings.ToUpper(ins.Cmd), problem, effect),
	}
	if elems != nil {
		d.Fixes = []lint.Fix{{
			Title: "Rewrite as a JSON array",
			Edits: []lint.Edit{{Range: r, NewText: execFormJSON(elems)}},
		}}
	}
	p.Report(d)
}

// execElems reads the inside of a bracketed argument that failed to
// parse as JSON. ok is false when it does not look like an exec form at
// all (a shell test "[ ... ]"). elems, when not nil, are the strings it
// was meant to hold; problem says what is wrong.
func execElems(s string) (elems []string, problem string, ok bool) {
	type tok struct {
		text   string
		quote  byte // '"', '\'' or 0 for a bare word, ',' for a comma
		closed bool
	}
	var toks []tok
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t':
			i++
		case c == ',':
			toks = append(toks, tok{text: ",", quote: ','})
			i++
		case c == '"' || c == '\'':
			j := i + 1
			for j < len(s) && s[j] != c {
				if c == '"' && s[j] == '\\' {
					j++
				}
				j++
			}
			if j >= len(s) {
				toks = append(toks, tok{text: s[i+1:], quote: c})
				i = len(s)
				break
			}
			toks = append(toks, tok{text: s[i+1 : j], quote: c, closed: true})
			i = j + 1
		default:
			j := i
			for j < len(s) && s[j] != ' ' && s[j] != '\t' && s[j] != ',' {
				j++
			}
			toks = append(toks, tok{text: s[i:j]})
			i = j
		}
	}
	commas, quoted, bare, single := 0, 0, 0, false
	for _, t := range toks {
		switch t.quote {
		case ',':
			commas++
		case 0:
			bare++
		default:
			quoted++
			single = single || t.quote == '\''
		}
	}
	if quoted+bare == 0 {
		return nil, "", false
	}
	if commas == 0 {
		// Without commas, only quoted strings say "exec form": a bare word
		// or a lone double-quoted variable is a shell test.
		if bare > 0 || quoted == 1 && !single && strings.Contains(toks[0].text, "$") {
			return nil, "", false
		}
	}
	var problems []string
	add := func(p string) {
		for _, q := range problems {
			if q == p {
				return
			}
		}
		problems = append(problems, p)
	}
	if single {
		add("single quotes")
	}
	if bare > 0 {
		add("unquoted element")
	}
	fixable := true
	prevComma := true
	for i, t := range toks {
		if t.quote == ',' {
			if prevComma || i == len(toks)-1 {
				add("stray comma")
			}
			prevComma = true
			continue
		}
		if !prevComma {
			add("missing comma")
		}
		prevComma = false
		if t.quote != 0 && !t.closed {
			add("unterminated string")
			fixable = false
		}
		v := t.text
		if t.quote == '"' {
			if err := json.Unmarshal([]byte(`"`+v+`"`), &v); err != nil {
				// Most often a Windows path: keep the backslashes.
				add("invalid escape")
				v = literalBackslashes(t.text)
			}
		}
		elems = append(elems, v)
	}
	if len(problems) == 0 {
		add("not a JSON array of strings")
		fixable = false
	}
	if !fixable {
		elems = nil
	}
	return elems, strings.Join(problems, ", "), true
}

// literalBackslashes decodes \" and \\ and keeps other backslashes.
func literalBackslashes(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) && (s[i+1] == '"' || s[i+1] == '\\') {
			i++
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// execFormJSON writes elems as an exec-form array.
func execFormJSON(elems []string) string {
	var b strings.Builder
	b.WriteByte('[')
	for i, e := range elems {
		if i > 0 {
			b.WriteString(", ")
		}
		var q strings.Builder
		enc := json.NewEncoder(&q)
		enc.SetEscapeHTML(false)
		_ = enc.Encode(e)
		b.WriteString(strings.TrimSuffix(q.String(), "\n"))
	}
	b.WriteByte(']')
	return b.String()
}

// healthcheckCmd reports whether the text after HEALTHCHECK (and its
// flags) starts with CMD.
func healthcheckCmd(rest string) bool {
	return len(rest) > 4 && strings.EqualFold(rest[:3], "cmd") && (rest[3] == ' ' || rest[3] == '\t')
}
