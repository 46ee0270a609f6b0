package rules

import (
	"strings"

	"github.com/berth-dev/berth/lint"
)

// DL3029 reports FROM --platform with a value that does not come from
// $BUILDPLATFORM or $TARGETPLATFORM.
var DL3029 = &lint.Rule{
	Code:     "DL3029",
	Name:     "from-platform-flag",
	Title:    "Avoid --platform in FROM",
	Severity: lint.Warning,
	Fix:      lint.NoFix,
	Check:    checkFromPlatform,
}

func checkFromPlatform(p *lint.Pass) {
	for _, st := range p.Doc.Stages {
		if !dl3029Fires(p, st) {
			continue
		}
		f := st.Platform
		p.Reportf(f.Range, "FROM --platform=%s forces one platform for this stage: let the build choose it, or use $BUILDPLATFORM for build tools", f.Value)
	}
}

// dl3029Fires reports whether DL3029 reports the --platform of st. BR010
// asks too: a constant platform is one problem, reported once, by DL3029.
func dl3029Fires(p *lint.Pass, st *lint.Stage) bool {
	f := st.Platform
	return f != nil && st.From.Err == nil && !platformFromBuilder(p, f.Value) && !platformInName(st.Name, f.Value)
}

// platformFromBuilder reports whether a --platform value is based on the
// builder's platform arguments, directly or through the default of the
// meta ARG it names.
func platformFromBuilder(p *lint.Pass, v string) bool {
	mentions := func(s string) bool {
		return strings.Contains(s, "BUILDPLATFORM") || strings.Contains(s, "TARGETPLATFORM")
	}
	v = lint.Unquote(v)
	if mentions(v) {
		return true
	}
	name, ok := strings.CutPrefix(v, "$")
	if !ok {
		return false
	}
	if n, ok := strings.CutPrefix(name, "{"); ok {
		name, ok = strings.CutSuffix(n, "}")
		if !ok {
			return false
		}
	}
	if _, kv := p.Doc.MetaArg(name); kv != nil && mentions(kv.Value.Value) {
		return true
	}
	return false
}

// platformInName reports whether the stage name spells out the platform's
// OS or architecture ("AS base-arm64"): such a stage is platform-specific
// on purpose. BuildKit's FromPlatformFlagConstDisallowed makes the same
// exception.
func platformInName(name, platform string) bool {
	if name == "" {
		return false
	}
	name = strings.ToLower(name)
	for _, part := range strings.Split(strings.ToLower(lint.Unquote(platform)), "/") {
		if len(part) >= 3 && !strings.Contains(part, "$") && strings.Contains(name, part) {
			return true
		}
	}
	return false
}
