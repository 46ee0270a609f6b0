package rules

import (
	"fmt"
	"strings"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/syntax"
)

// BR008 reports ENV and LABEL in the legacy "key value" form.
var BR008 = &lint.Rule{
	Code:     "BR008",
	Name:     "legacy-key-value-format",
	Aliases:  []string{"LegacyKeyValueFormat"},
	Title:    "Use key=value in ENV and LABEL",
	Severity: lint.Warning,
	Fix:      lint.SometimesFix,
	Check:    checkBR008,
}

func checkBR008(p *lint.Pass) {
	for _, ins := range p.Doc.File.Instructions {
		checkBR008Ins(p, ins)
		if ins.Cmd == "onbuild" && ins.Sub != nil {
			checkBR008Ins(p, ins.Sub)
		}
	}
}

func checkBR008Ins(p *lint.Pass, ins *syntax.Instruction) {
	if ins.Cmd != "env" && ins.Cmd != "label" || len(ins.Pairs) != 1 {
		return
	}
	kv := ins.Pairs[0]
	if kv.Equals || !kv.HasValue {
		return
	}
	kw := strings.ToUpper(ins.Cmd)
	d := lint.Diagnostic{
		Range:   kv.Key.Range,
		Message: fmt.Sprintf("%s %s uses the legacy \"key value\" form: write %s=value", kw, kv.Key.Value, kv.Key.Value),
	}
	if v, ok := legacyValue(ins, p.Doc.File.Escape); ok {
		// Name the pair as it should be written: "write NODE_ENV=production".
		d.Message = fmt.Sprintf("%s %s uses the legacy \"key value\" form: write %s=%s", kw, kv.Key.Value, kv.Key.Value, v)
		d.Fixes = []lint.Fix{{
			Title: "Use the key=value form",
			Safe:  true,
			Edits: []lint.Edit{{Range: kv.Range, NewText: kv.Key.Value + "=" + v}},
		}}
	}
	p.Report(d)
}

// legacyValue returns the value of a legacy "KEY value" pair written so
// that it reads back the same after "KEY=". A single word is kept as it
// is; several words are wrapped in double quotes, unless they hold quotes
// or the escape character, which berth leaves to the author.
func legacyValue(ins *syntax.Instruction, esc byte) (string, bool) {
	kv := ins.Pairs[0]
	v := kv.Value.Value
	if len(ins.Words()) == 2 && ins.Words()[1].Value == v {
		return v, true
	}
	if strings.ContainsAny(v, "\"'"+string(esc)) {
		return "", false
	}
	return `"` + v + `"`, true
}
