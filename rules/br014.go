package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/berth-dev/berth/lint"
)

// BR014 reports a description comment above a named stage or an ARG that
// does not start with the name it describes.
var BR014 = &lint.Rule{
	Code:     "BR014",
	Name:     "invalid-definition-description",
	Aliases:  []string{"InvalidDefinitionDescription"},
	Title:    "Start stage and ARG descriptions with their name",
	Severity: lint.Info,
	OptIn:    true,
	Fix:      lint.NoFix,
	Check:    checkBR014,
}

func checkBR014(p *lint.Pass) {
	f := p.Doc.File
	for _, ins := range f.Instructions {
		if len(ins.Comments) == 0 {
			continue
		}
		var keys []string
		switch ins.Cmd {
		case "from":
			if st := p.Doc.StageOf(ins); st != nil && st.Name != "" {
				keys = []string{st.Name, strings.ToLower(st.Name)}
			}
		case "arg":
			for _, kv := range ins.Pairs {
				keys = append(keys, kv.Key.Value)
			}
		}
		if len(keys) == 0 {
			continue
		}
		c := ins.Comments[len(ins.Comments)-1]
		// Only the comment on the line right above describes; berth, unlike
		// BuildKit, lets an empty line separate a plain comment.
		if f.Line(c.Range.Start) != ins.StartLine-2 || isPragma(c.Text) {
			continue
		}
		first, _, _ := strings.Cut(c.Text, " ")
		if slices.Contains(keys, first) {
			continue
		}
		kw := strings.ToUpper(ins.Cmd)
		example := keys[0]
		if ins.Cmd == "from" {
			example = strings.ToLower(example)
		} else if len(ins.Pairs) > 1 {
			example = "<name>"
		}
		p.Report(lint.Diagnostic{
			Range:   c.Range,
			Message: fmt.Sprintf("the comment above %s describes it only if it starts with its name: \"# %s <description>\"", kw, example),
		})
	}
}
