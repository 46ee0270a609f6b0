package rules

// Helpers shared by the R3 batch of rules (stage references, COPY
// arguments, label schema, literal words).

import (
	"strconv"
	"strings"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/syntax"
)

// literalWord removes the quotes and escapes of a Dockerfile word, as the
// builder reads it. ok is false when the word expands a variable, since its
// value is then only known at build time.
func literalWord(s string, esc byte) (lit string, ok bool) {
	if strings.IndexAny(s, "\"'$") < 0 && strings.IndexByte(s, esc) < 0 {
		return s, true
	}
	var b strings.Builder
	var q byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case q == '\'':
			if c == '\'' {
				q = 0
				continue
			}
		case c == esc && i+1 < len(s):
			i++
			c = s[i]
		case c == '$' && i+1 < len(s) && varStart(s[i+1]):
			return "", false
		case q == '"' && c == '"':
			q = 0
			continue
		case q == 0 && (c == '"' || c == '\''):
			q = c
			continue
		}
		b.WriteByte(c)
	}
	return b.String(), true
}

// varStart reports whether c can follow '$' in a variable reference.
func varStart(c byte) bool { return c == '{' || c == '_' || isAlpha(c) }

func isAlpha(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func isNameChar(c byte) bool { return c == '_' || isAlpha(c) || c >= '0' && c <= '9' }

// hasVarRef reports whether s (a JSON element, already decoded) refers to a
// variable.
func hasVarRef(s string) bool {
	for i := strings.IndexByte(s, '$'); i >= 0 && i+1 < len(s); {
		if varStart(s[i+1]) {
			return true
		}
		j := strings.IndexByte(s[i+1:], '$')
		if j < 0 {
			break
		}
		i += j + 1
	}
	return false
}

// copyArgs returns the arguments of a COPY or ADD after the flags: the JSON
// elements in exec form, the words otherwise (heredoc markers included).
func copyArgs(ins *syntax.Instruction) []syntax.Token {
	if ins.JSON {
		return ins.Elems
	}
	return ins.Words
}

// copyArgLiteral is the literal value of an argument of ins; ok is false when
// it contains a variable.
func copyArgLiteral(ins *syntax.Instruction, t syntax.Token, esc byte) (string, bool) {
	if ins.JSON {
		return t.Value, !hasVarRef(t.Value)
	}
	return literalWord(t.Value, esc)
}

// instructionFlag returns the flag of ins with the given name, or nil.
func instructionFlag(ins *syntax.Instruction, name string) *syntax.Flag {
	for _, f := range ins.Flags {
		if f.Name == name {
			return f
		}
	}
	return nil
}

// stageByRef finds the stage a --from value (quotes removed) names: a stage
// name anywhere in the file, or a stage index. It returns nil for anything
// else (an image).
func stageByRef(doc *lint.Document, from string) *lint.Stage {
	if n, err := strconv.Atoi(from); err == nil {
		if n >= 0 && n < len(doc.Stages) {
			return doc.Stages[n]
		}
		return nil
	}
	return doc.StageByName(from, -1)
}

// mountFroms returns the from= values of the --mount flags of a RUN.
func mountFroms(ins *syntax.Instruction, esc byte) []string {
	var out []string
	for _, f := range ins.Flags {
		if f.Name != "mount" {
			continue
		}
		v, _ := literalWord(f.Value, esc)
		for _, part := range strings.Split(v, ",") {
			if k, val, ok := strings.Cut(strings.TrimSpace(part), "="); ok && strings.EqualFold(k, "from") {
				out = append(out, val)
			}
		}
	}
	return out
}

// usedStages reports, per stage index, whether another stage builds on
// it (FROM), copies from it (COPY --from) or mounts it (RUN --mount=from=).
// The stages that nothing uses are the ones that end up as images: the
// last stage and any other stage built with --target.
func usedStages(doc *lint.Document) []bool {
	used := make([]bool, len(doc.Stages))
	esc := doc.File.Escape
	for _, st := range doc.Stages {
		if st.BaseStage != nil && st.BaseStage != st {
			used[st.BaseStage.Index] = true
		}
		for _, ins := range st.Instructions {
			var refs []string
			switch ins.Cmd {
			case "copy":
				if f := instructionFlag(ins, "from"); f != nil {
					v, _ := literalWord(f.Value, esc)
					refs = append(refs, v)
				}
			case "run":
				refs = mountFroms(ins, esc)
			}
			for _, r := range refs {
				if s := stageByRef(doc, r); s != nil && s != st {
					used[s.Index] = true
				}
			}
		}
	}
	return used
}

// stageAncestors returns the stage followed by the stages of this file it is
// built on, nearest first.
func stageAncestors(st *lint.Stage) []*lint.Stage {
	out := []*lint.Stage{st}
	for b := st.BaseStage; b != nil && b.Index < out[len(out)-1].Index; b = b.BaseStage {
		out = append(out, b)
	}
	return out
}

// ancestorBase returns the earlier stage st is built on, as stageAncestors follows
// it, or nil.
func ancestorBase(st *lint.Stage) *lint.Stage {
	if b := st.BaseStage; b != nil && b.Index < st.Index {
		return b
	}
	return nil
}

// inheritedByStage computes, for every stage, whether own holds for it or for one
// of its ancestors, in one pass over the stages (a base stage comes
// first): walking each stage's chain costs the square of a long chain.
func inheritedByStage(doc *lint.Document, own func(st *lint.Stage) bool) []bool {
	out := make([]bool, len(doc.Stages))
	for i, st := range doc.Stages {
		out[i] = own(st)
		if b := ancestorBase(st); b != nil && !out[i] {
			out[i] = out[b.Index]
		}
	}
	return out
}

// rootStageKey memoizes rootStage on a document.
type rootStageKey struct{}

// rootStage returns the first stage of the chain st is built on (st itself
// when it has no base stage), from an index made once per document.
func rootStage(doc *lint.Document, st *lint.Stage) *lint.Stage {
	roots := doc.Memo(rootStageKey{}, func() any {
		roots := make([]*lint.Stage, len(doc.Stages))
		for i, s := range doc.Stages {
			roots[i] = s
			if b := ancestorBase(s); b != nil {
				roots[i] = roots[b.Index]
			}
		}
		return roots
	}).([]*lint.Stage)
	if st.Index < len(roots) && doc.Stages[st.Index] == st {
		return roots[st.Index]
	}
	chain := stageAncestors(st)
	return chain[len(chain)-1]
}

// labelPair is a LABEL pair with its key and value read literally.
type labelPair struct {
	Ins  *syntax.Instruction
	Pair *syntax.KeyValue
	Key  string
	// Value is the literal value; Var reports that it uses a variable.
	Value string
	Var   bool
}

// labelPairs returns the labels set by the LABEL instructions of the file
// (ONBUILD LABEL excluded: it labels another image).
func labelPairs(doc *lint.Document, ins *syntax.Instruction) []labelPair {
	if ins.Cmd != "label" {
		return nil
	}
	esc := doc.File.Escape
	var out []labelPair
	for _, kv := range ins.Pairs {
		key, ok := literalWord(kv.Key.Value, esc)
		if !ok || key == "" {
			continue
		}
		l := labelPair{Ins: ins, Pair: kv, Key: key}
		if v, ok := literalWord(kv.Value.Value, esc); ok {
			l.Value = v
		} else {
			l.Var = true
		}
		out = append(out, l)
	}
	return out
}

// labelSchema returns the configured label schema, or nil.
func labelSchema(p *lint.Pass) map[string]string {
	if p.Config == nil {
		return nil
	}
	return p.Config.LabelSchema
}

// checkLabelType runs a value check over the labels whose schema type is
// kind. Labels with an empty value (DL3051) or a variable are skipped.
func checkLabelType(p *lint.Pass, kind string, valid func(string) bool, what string) {
	schema := labelSchema(p)
	found := false
	for _, v := range schema {
		found = found || v == kind
	}
	if !found {
		return
	}
	for _, ins := range p.Doc.File.Instructions {
		for _, l := range labelPairs(p.Doc, ins) {
			if schema[l.Key] != kind || l.Var || l.Value == "" || valid(l.Value) {
				continue
			}
			p.Reportf(l.Pair.Value.Range, "label %q must be %s, not %q", l.Key, what, l.Value)
		}
	}
}
