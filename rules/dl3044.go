package rules

import (
	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/syntax"
)

// DL3044 reports an ENV value that refers to a variable set by the same
// ENV.
var DL3044 = &lint.Rule{
	Code:     "DL3044",
	Name:     "env-same-statement-reference",
	Title:    "Do not reference a variable in the ENV that sets it",
	Severity: lint.Error,
	Fix:      lint.NoFix,
	Check:    checkEnvSameStatement,
}

func checkEnvSameStatement(p *lint.Pass) {
	esc := p.Doc.File.Escape
	for _, outer := range p.Doc.File.Instructions {
		ins := outer
		if ins.Cmd == "onbuild" && ins.Sub != nil {
			ins = ins.Sub
		}
		if ins.Cmd != "env" || len(ins.Pairs) < 2 {
			continue
		}
		keys := make(map[string][]int, len(ins.Pairs))
		for i, kv := range ins.Pairs {
			if k, ok := syntax.Literal(kv.Key.Value, esc); ok {
				keys[k] = append(keys[k], i)
			}
		}
		for i, kv := range ins.Pairs {
			seen := map[string]bool{}
			for _, ref := range dollarRefs(kv.Value.Value, esc) {
				set := keys[ref.name]
				other := len(set) > 1 || len(set) == 1 && set[0] != i
				// PATH always has a value: the builder sets a default.
				if !other || seen[ref.name] || ref.name == "PATH" || p.Doc.Lookup(outer, ref.name) != nil {
					continue
				}
				seen[ref.name] = true
				p.Reportf(ins.SrcRange(kv.Value.Pos+ref.start, kv.Value.Pos+ref.end),
					"%s is set by this same ENV, so $%s here still has its value from before the instruction: set it in an earlier ENV",
					ref.name, ref.name)
			}
		}
	}
}

// dollarRef is a variable reference in a word: $NAME or ${NAME...}.
type dollarRef struct {
	name       string
	start, end int // offsets of the whole reference in the word
}

// dollarRefs finds the variable references of a Dockerfile word, skipping
// single-quoted text and escaped dollars, which the builder does not expand.
func dollarRefs(s string, esc byte) []dollarRef {
	var out []dollarRef
	var q byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case q == '\'':
			if c == '\'' {
				q = 0
			}
		case c == esc:
			i++
		case c == '"' && q == 0, c == '\'' && q == 0:
			q = c
		case c == '"' && q == '"':
			q = 0
		case c == '$' && i+1 < len(s):
			if s[i+1] == '{' {
				j := i + 2
				for j < len(s) && isNameChar(s[j]) {
					j++
				}
				if j == i+2 {
					continue
				}
				end := j
				depth := 1
				for end < len(s) && depth > 0 {
					switch s[end] {
					case '{':
						depth++
					case '}':
						depth--
					}
					end++
				}
				out = append(out, dollarRef{name: s[i+2 : j], start: i, end: end})
				i = j - 1
				continue
			}
			j := i + 1
			if !isAlpha(s[j]) && s[j] != '_' {
				continue
			}
			for j < len(s) && isNameChar(s[j]) {
				j++
			}
			out = append(out, dollarRef{name: s[i+1 : j], start: i, end: j})
			i = j - 1
		}
	}
	return out
}
