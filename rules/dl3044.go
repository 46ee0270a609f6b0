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
			for _, ref := range syntax.VarRefs(kv.Value.Value, esc) {
				set := keys[ref.Name]
				other := len(set) > 1 || len(set) == 1 && set[0] != i
				// PATH always has a value: the builder sets a default.
				if !other || seen[ref.Name] || ref.Name == "PATH" || p.Doc.Lookup(outer, ref.Name) != nil {
					continue
				}
				seen[ref.Name] = true
				p.Reportf(ins.SrcRange(kv.Value.Pos+ref.Start, kv.Value.Pos+ref.End),
					"%s is set by this same ENV, so $%s here still has its value from before the instruction: set it in an earlier ENV",
					ref.Name, ref.Name)
			}
		}
	}
}
