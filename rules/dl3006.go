package rules

import (
	"github.com/berth-dev/berth/lint"
)

// DL3006 reports a FROM image with neither tag nor digest.
var DL3006 = &lint.Rule{
	Code:     "DL3006",
	Name:     "untagged-image",
	Title:    "Tag the base image explicitly",
	Severity: lint.Warning,
	Fix:      lint.NoFix,
	Check:    checkUntaggedImage,
}

func checkUntaggedImage(p *lint.Pass) {
	for _, st := range p.Doc.Stages {
		if !st.ExternalImage() || st.Ref.Tag != "" || st.Ref.Digest != "" {
			continue
		}
		p.Reportf(st.Image.Range, "base image %s has no tag, so it is whatever \"latest\" points to at build time", imageShown(st))
	}
}
