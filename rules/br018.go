package rules

import (
	"strings"

	"github.com/berth-dev/berth/lint"
)

// BR018 reports a base image whose local copy is for another platform
// than the stage builds for: BuildKit's InvalidBaseImagePlatform. It needs
// the container engine's answer (the language server gives it from its
// cache of the daemon's images) and is silent without one.
var BR018 = &lint.Rule{
	Code:     "BR018",
	Name:     "base-image-platform-mismatch",
	Aliases:  []string{"InvalidBaseImagePlatform"},
	Title:    "Base image pulled for another platform",
	Severity: lint.Info,
	Fix:      lint.NoFix,
	Check:    checkBaseImagePlatform,
}

func checkBaseImagePlatform(p *lint.Pass) {
	local := p.Doc.LocalImages
	if local == nil {
		return
	}
	engine := local.EnginePlatform()
	for _, st := range p.Doc.Stages {
		if !st.ExternalImage() {
			continue
		}
		got, ok := local.Platform(st.Resolved)
		if !ok || got == "" {
			continue
		}
		want := engine
		if st.Platform != nil {
			v := strings.Trim(st.Platform.Value, `"'`)
			switch strings.Trim(v, "${}") {
			case "BUILDPLATFORM", "TARGETPLATFORM":
			default:
				if strings.Contains(v, "$") {
					continue
				}
				want = v
			}
		}
		if want == "" || samePlatform(got, want) {
			continue
		}
		p.Reportf(st.Image.Range, "base image %s was pulled with platform %q, expected %q for current build", imageShown(st), got, want)
	}
}

// samePlatform compares os/arch[/variant] platforms; a variant one of
// them leaves out does not count.
func samePlatform(a, b string) bool {
	pa, pb := strings.Split(strings.ToLower(a), "/"), strings.Split(strings.ToLower(b), "/")
	if len(pa) < 2 || len(pb) < 2 {
		return true
	}
	if pa[0] != pb[0] || normalArch(pa[1]) != normalArch(pb[1]) {
		return false
	}
	return len(pa) < 3 || len(pb) < 3 || pa[2] == pb[2]
}

func normalArch(a string) string {
	switch a {
	case "x86_64", "x86-64":
		return "amd64"
	case "aarch64":
		return "arm64"
	}
	return a
}
