package rules

import (
	"strings"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/syntax"
)

// DL3007 reports a FROM image tagged latest without a digest.
var DL3007 = &lint.Rule{
	Code:     "DL3007",
	Name:     "latest-tag",
	Title:    "Do not use the latest tag",
	Severity: lint.Warning,
	Fix:      lint.NoFix,
	Check:    checkLatestTag,
}

func checkLatestTag(p *lint.Pass) {
	for _, st := range p.Doc.Stages {
		if !st.ExternalImage() || st.Ref.Tag != "latest" || st.Ref.Digest != "" {
			continue
		}
		rng := imageRange(st, st.Ref.TagSpan)
		if written := syntax.ParseImageRef(st.Image.Value); written.Tag != "" && written.Digest == "" &&
			(strings.HasPrefix(written.Tag, "$") || !strings.ContainsAny(written.Tag, "{}")) {
			// The tag as written, "${TAG}" in "alpine:${TAG}".
			rng = st.From.SrcRange(st.Image.Pos+written.TagSpan.Start, st.Image.Pos+written.TagSpan.End)
		}
		p.Reportf(rng, "base image %s uses the \"latest\" tag, which moves with every release: pin a version", imageShown(st))
	}
}
