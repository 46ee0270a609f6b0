package rules

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/syntax"
)

// DL3022 reports a COPY --from that names no earlier stage.
var DL3022 = &lint.Rule{
	Code:     "DL3022",
	Name:     "copy-from-unknown-stage",
	Title:    "COPY --from must name an earlier stage",
	Severity: lint.Warning,
	Fix:      lint.SometimesFix,
	Check:    checkCopyFromStage,
}

func checkCopyFromStage(p *lint.Pass) {
	doc := p.Doc
	for _, st := range doc.Stages {
		for _, ins := range st.Instructions {
			if ins.Cmd != "copy" {
				continue
			}
			f := ins.Flag("from")
			if f == nil || f.Value == "" {
				continue
			}
			from, ok := syntax.Literal(f.Value, doc.File.Escape)
			if !ok {
				// BuildKit rejects variables here, Buildah expands
				// them: not ours to judge.
				continue
			}
			if from == "" || strings.ContainsAny(from, ":/@") {
				continue // an image reference
			}
			if _, err := strconv.Atoi(from); err == nil {
				// An earlier stage, this one (DL3023), or one the build
				// cannot copy from (BR030: the build fails).
				continue
			}
			if doc.StageByName(from, -1) != nil || strings.EqualFold(from, st.Name) {
				continue // a stage defined later fails the build: BR030
			}
			d := lint.Diagnostic{
				Range:   f.ValueRange,
				Message: fmt.Sprintf("no earlier stage is named %q, so the builder pulls an image of that name (or takes a --build-context): tag it as %s:<tag> if an image is meant", from, from),
			}
			if near := nearestStage(doc.Stages[:st.Index], from); near != "" {
				d.Message = fmt.Sprintf("no earlier stage is named %q: did you mean %q?", from, near)
				d.Fixes = []lint.Fix{{
					Title: fmt.Sprintf("Copy from stage %q", near),
					Edits: []lint.Edit{{Range: f.ValueRange, NewText: near}},
				}}
			}
			p.Report(d)
		}
	}
}

// nearestStage returns the name of the stage closest to name (at most two
// edits away, ignoring case, and less than half of name changed), when one
// is closer than all others.
func nearestStage(stages []*lint.Stage, name string) string {
	lower := strings.ToLower(name)
	best, bestD, tie := "", 3, false
	for _, s := range stages {
		if s.Name == "" {
			continue
		}
		d := syntax.EditDistance(lower, strings.ToLower(s.Name))
		switch {
		case d < bestD:
			best, bestD, tie = s.Name, d, false
		case d == bestD && !strings.EqualFold(s.Name, best):
			tie = true
		}
	}
	if best == "" || tie || 2*bestD >= len(name) {
		return ""
	}
	return best
}
