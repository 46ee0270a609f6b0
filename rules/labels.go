package rules

// Labels: the LABEL pairs of a file read literally, the configured label
// schema and the checks of a label's value by its schema type.

import (
	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/syntax"
)

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
		key, ok := syntax.Literal(kv.Key.Value, esc)
		if !ok || key == "" {
			continue
		}
		l := labelPair{Ins: ins, Pair: kv, Key: key}
		if v, ok := syntax.Literal(kv.Value.Value, esc); ok {
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
