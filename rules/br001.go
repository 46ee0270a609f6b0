package rules

import (
	"github.com/berth-dev/berth/lint"
)

// BR001 reports a FROM image not pinned by digest (opt-in).
var BR001 = &lint.Rule{
	Code:     "BR001",
	Name:     "image-not-pinned-by-digest",
	Title:    "Pin base images by digest",
	Severity: lint.Info,
	OptIn:    true,
	Fix:      lint.NoFix,
	Check:    checkDigestPin,
}

func checkDigestPin(p *lint.Pass) {
	for _, st := range p.Doc.Stages {
		if !st.ExternalImage() || st.Ref.Digest != "" {
			continue
		}
		p.Reportf(st.Image.Range, "base image %s is not pinned by digest: its content can change under the same tag", imageShown(st))
	}
}
