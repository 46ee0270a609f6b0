package rules

// Helpers shared by the R3 batch of rules (stage references, COPY
// arguments, label schema, literal words).

import (
	"strconv"
	"strings"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/syntax"
)

// r3Literal removes the quotes and escapes of a Dockerfile word, as the
// builder reads it. ok is false when the word expands a variable, since its
// value is then only known at build time.
func r3Literal(s string, esc byte) (lit string, ok bool) {
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
		case c == '$' && i+1 < len(s) && r3VarStart(s[i+1]):
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

// r3VarStart reports whether c can follow '$' in a variable reference.
func r3VarStart(c byte) bool { return c == '{' || c == '_' || r3Alpha(c) }

func r3Alpha(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func r3NameChar(c byte) bool { return c == '_' || r3Alpha(c) || c >= '0' && c <= '9' }

// r3HasVar reports whether s (a JSON element, already decoded) refers to a
// variable.
func r3HasVar(s string) bool {
	for i := strings.IndexByte(s, '$'); i >= 0 && i+1 < len(s); {
		if r3VarStart(s[i+1]) {
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

// r3Args returns the arguments of a COPY or ADD after the flags: the JSON
// elements in exec form, the words otherwise (heredoc markers included).
func r3Args(ins *syntax.Instruction) []syntax.Token {
	if ins.JSON {
		return ins.Elems
	}
	return ins.Words
}

// r3ArgLiteral is the literal value of an argument of ins; ok is false when
// it contains a variable.
func r3ArgLiteral(ins *syntax.Instruction, t syntax.Token, esc byte) (string, bool) {
	if ins.JSON {
		return t.Value, !r3HasVar(t.Value)
	}
	return r3Literal(t.Value, esc)
}

// r3Flag returns the flag of ins with the given name, or nil.
func r3Flag(ins *syntax.Instruction, name string) *syntax.Flag {
	for _, f := range ins.Flags {
		if f.Name == name {
			return f
		}
	}
	return nil
}

// r3StageRef finds the stage a --from value (quotes removed) names: a stage
// name anywhere in the file, or a stage index. It returns nil for anything
// else (an image).
func r3StageRef(doc *lint.Document, from string) *lint.Stage {
	if n, err := strconv.Atoi(from); err == nil {
		if n >= 0 && n < len(doc.Stages) {
			return doc.Stages[n]
		}
		return nil
	}
	return doc.StageByName(from, -1)
}

// r3MountFroms returns the from= values of the --mount flags of a RUN.
func r3MountFroms(ins *syntax.Instruction, esc byte) []string {
	var out []string
	for _, f := range ins.Flags {
		if f.Name != "mount" {
			continue
		}
		v, _ := r3Literal(f.Value, esc)
		for _, part := range strings.Split(v, ",") {
			if k, val, ok := strings.Cut(strings.TrimSpace(part), "="); ok && strings.EqualFold(k, "from") {
				out = append(out, val)
			}
		}
	}
	return out
}

// r3UsedStages reports, per stage index, whether another stage builds on
// it (FROM), copies from it (COPY --from) or mounts it (RUN --mount=from=).
// The stages that nothing uses are the ones that end up as images: the
// last stage and any other stage built with --target.
func r3UsedStages(doc *lint.Document) []bool {
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
				if f := r3Flag(ins, "from"); f != nil {
					v, _ := r3Literal(f.Value, esc)
					refs = append(refs, v)
				}
			case "run":
				refs = r3MountFroms(ins, esc)
			}
			for _, r := range refs {
				if s := r3StageRef(doc, r); s != nil && s != st {
					used[s.Index] = true
				}
			}
		}
	}
	return used
}

// r3Ancestors returns the stage followed by the stages of this file it is
// built on, nearest first.
func r3Ancestors(st *lint.Stage) []*lint.Stage {
	out := []*lint.Stage{st}
	for b := st.BaseStage; b != nil && b.Index < out[len(out)-1].Index; b = b.BaseStage {
		out = append(out, b)
	}
	return out
}

// r3Base returns the earlier stage st is built on, as r3Ancestors follows
// it, or nil.
func r3Base(st *lint.Stage) *lint.Stage {
	if b := st.BaseStage; b != nil && b.Index < st.Index {
		return b
	}
	return nil
}

// r3Inherit computes, for every stage, whether own holds for it or for one
// of its ancestors, in one pass over the stages (a base stage comes
// first): walking each stage's chain costs the square of a long chain.
func r3Inherit(doc *lint.Document, own func(st *lint.Stage) bool) []bool {
	out := make([]bool, len(doc.Stages))
	for i, st := range doc.Stages {
		out[i] = own(st)
		if b := r3Base(st); b != nil && !out[i] {
			out[i] = out[b.Index]
		}
	}
	return out
}

// r3RootKey memoizes r3Root on a document.
type r3RootKey struct{}

// r3Root returns the first stage of the chain st is built on (st itself
// when it has no base stage), from an index made once per document.
func r3Root(doc *lint.Document, st *lint.Stage) *lint.Stage {
	roots := doc.Memo(r3RootKey{}, func() any {
		roots := make([]*lint.Stage, len(doc.Stages))
		for i, s := range doc.Stages {
			roots[i] = s
			if b := r3Base(s); b != nil {
				roots[i] = roots[b.Index]
			}
		}
		return roots
	}).([]*lint.Stage)
	if st.Index < len(roots) && doc.Stages[st.Index] == st {
		return roots[st.Index]
	}
	chain := r3Ancestors(st)
	return chain[len(chain)-1]
}

// r3Label is a LABEL pair with its key and value read literally.
type r3Label struct {
	Ins  *syntax.Instruction
	Pair *syntax.KeyValue
	Key  string
	// Value is the literal value; Var reports that it uses a variable.
	Value string
	Var   bool
}

// r3Labels returns the labels set by the LABEL instructions of the file
// (ONBUILD LABEL excluded: it labels another image).
func r3Labels(doc *lint.Document, ins *syntax.Instruction) []r3Label {
	if ins.Cmd != "label" {
		return nil
	}
	esc := doc.File.Escape
	var out []r3Label
	for _, kv := range ins.Pairs {
		key, ok := r3Literal(kv.Key.Value, esc)
		if !ok || key == "" {
			continue
		}
		l := r3Label{Ins: ins, Pair: kv, Key: key}
		if v, ok := r3Literal(kv.Value.Value, esc); ok {
			l.Value = v
		} else {
			l.Var = true
		}
		out = append(out, l)
	}
	return out
}

// r3Schema returns the configured label schema, or nil.
func r3Schema(p *lint.Pass) map[string]string {
	if p.Config == nil {
		return nil
	}
	return p.Config.LabelSchema
}

// r3CheckLabelType runs a value check over the labels whose schema type is
// kind. Labels with an empty value (DL3051) or a variable are skipped.
func r3CheckLabelType(p *lint.Pass, kind string, valid func(string) bool, what string) {
	schema := r3Schema(p)
	found := false
	for _, v := range schema {
		found = found || v == kind
	}
	if !found {
		return
	}
	for _, ins := range p.Doc.File.Instructions {
		for _, l := range r3Labels(p.Doc, ins) {
			if schema[l.Key] != kind || l.Var || l.Value == "" || valid(l.Value) {
				continue
			}
			p.Reportf(l.Pair.Value.Range, "label %q must be %s, not %q", l.Key, what, l.Value)
		}
	}
}
