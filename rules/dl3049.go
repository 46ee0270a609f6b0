package rules

import (
	"fmt"
	"sort"

	"github.com/berth-dev/berth/lint"
)

// DL3049 reports image stages that lack a label the schema requires.
var DL3049 = &lint.Rule{
	Code:     "DL3049",
	Name:     "missing-label",
	Title:    "Set every label the schema requires",
	Severity: lint.Info,
	Fix:      lint.NoFix,
	Check:    checkMissingLabels,
}

func checkMissingLabels(p *lint.Pass) {
	schema := labelSchema(p)
	if len(schema) == 0 || len(p.Doc.Stages) == 0 {
		return
	}
	keys := make([]string, 0, len(schema))
	for k := range schema {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	set := make([]map[string]bool, len(p.Doc.Stages))
	for i, st := range p.Doc.Stages {
		set[i] = map[string]bool{}
		for _, ins := range st.Instructions {
			for _, l := range labelPairs(p.Doc, ins) {
				set[i][l.Key] = true
			}
		}
	}
	used := p.Doc.UsedStages()
	found := make([][]bool, len(keys))
	for ki, k := range keys {
		found[ki] = p.Doc.Inherited(func(st *lint.Stage) bool { return set[st.Index][k] })
	}
	for _, st := range p.Doc.Stages {
		if used[st.Index] {
			// An intermediate stage: its labels never reach an image
			// unless a stage built on it is checked.
			continue
		}
		for ki, k := range keys {
			if !found[ki][st.Index] {
				p.Report(lint.Diagnostic{Range: st.From.Keyword.Range, Message: fmt.Sprintf("%s does not set label %q, which the label schema requires", stageDesc(st), k)})
			}
		}
	}
}

// stageDesc names a stage for a message.
func stageDesc(st *lint.Stage) string {
	if st.Name != "" {
		return fmt.Sprintf("stage %q", st.Name)
	}
	return fmt.Sprintf("stage %d", st.Index)
}
