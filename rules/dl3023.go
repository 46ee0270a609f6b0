package rules

import (
	"strconv"
	"strings"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/syntax"
)

// DL3023 reports a COPY --from that names the stage it is in.
var DL3023 = &lint.Rule{
	Code:     "DL3023",
	Name:     "copy-from-own-stage",
	Title:    "Do not COPY --from the current stage",
	Severity: lint.Error,
	Fix:      lint.NoFix,
	Check:    checkCopyFromSelf,
}

func checkCopyFromSelf(p *lint.Pass) {
	for _, st := range p.Doc.Stages {
		for _, ins := range st.Instructions {
			if ins.Cmd != "copy" {
				continue
			}
			f := ins.Flag("from")
			if f == nil {
				continue
			}
			from, ok := syntax.Literal(f.Value, p.Doc.File.Escape)
			if !ok || from == "" {
				continue
			}
			self := st.Name != "" && strings.EqualFold(from, st.Name)
			if n, err := strconv.Atoi(from); err == nil && n == st.Index {
				self = true
			}
			if self {
				p.Reportf(f.ValueRange, "COPY --from=%s refers to the stage it is in, which cannot read its own result", from)
			}
		}
	}
}
