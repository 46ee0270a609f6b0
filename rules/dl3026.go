package rules

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/syntax"
)

// DL3026 reports images pulled from a registry that the configuration
// does not trust. It is silent until trusted-registries is set.
var DL3026 = &lint.Rule{
	Code:     "DL3026",
	Name:     "trusted-registries",
	Title:    "Pull images only from trusted registries",
	Severity: lint.Error,
	Fix:      lint.NoFix,
	Check:    checkTrustedRegistries,
}

func checkTrustedRegistries(p *lint.Pass) {
	if p.Config == nil || len(p.Config.TrustedRegistries) == 0 {
		return
	}
	allowed := p.Config.TrustedRegistries
	for _, st := range p.Doc.Stages {
		if !st.ExternalImage() {
			continue
		}
		reg := dl3026Registry(st.Ref)
		if !dl3026Trusted(reg, allowed) {
			rng := st.Image.Range
			if st.Ref.Registry != "" {
				rng = imageRange(st, st.Ref.RegistrySpan)
			}
			p.Reportf(rng, "%s", dl3026Message(st.Resolved, reg))
		}
	}
	for _, top := range p.Doc.File.Instructions {
		for _, ins := range top.WithTrigger() {
			if ins.Err != nil || (ins.Cmd != "copy" && ins.Cmd != "run") {
				continue
			}
			for _, f := range ins.Flags {
				switch {
				case ins.Cmd == "copy" && f.Name == "from":
					dl3026CheckFrom(p, f.ValueRange, lint.Unquote(f.Value), allowed)
				case ins.Cmd == "run" && f.Name == "mount":
					if img, at := mountFromImage(f.Value); img != "" {
						vs := f.Pos + len("--mount=")
						dl3026CheckFrom(p, ins.SrcRange(vs+at, vs+at+len(img)), img, allowed)
					}
				}
			}
		}
	}
}

// dl3026CheckFrom checks the image of a COPY --from or RUN --mount from=,
// unless it names a stage.
func dl3026CheckFrom(p *lint.Pass, rng syntax.Range, img string, allowed []string) {
	if img == "" || strings.EqualFold(img, "scratch") {
		return
	}
	if strings.Contains(img, "$") {
		res, missing := p.Doc.ExpandMeta(img)
		if len(missing) > 0 || res == "" {
			return
		}
		img = res
	}
	if _, err := strconv.Atoi(img); err == nil || p.Doc.StageByName(img, -1) != nil {
		return
	}
	ref := syntax.ParseImageRef(img)
	if reg := dl3026Registry(ref); !dl3026Trusted(reg, allowed) {
		p.Reportf(rng, "%s", dl3026Message(img, reg))
	}
}

// mountFromImage returns the from= option of a --mount value and its offset in
// the value.
func mountFromImage(v string) (string, int) {
	at := 0
	for _, opt := range strings.Split(v, ",") {
		if k, val, ok := strings.Cut(opt, "="); ok && strings.EqualFold(strings.Trim(k, " \"'"), "from") {
			val = strings.Trim(val, "\"'")
			return val, at + strings.Index(opt, val)
		}
		at += len(opt) + 1
	}
	return "", 0
}

// dl3026Registry returns the registry of ref, with Docker Hub's spellings
// folded to "docker.io".
func dl3026Registry(ref syntax.ImageRef) string {
	return dl3026NormRegistry(ref.Registry)
}

func dl3026NormRegistry(r string) string {
	r = strings.ToLower(strings.TrimSpace(r))
	switch r {
	case "", "docker.io", "index.docker.io", "registry-1.docker.io", "hub.docker.com", "registry.hub.docker.com":
		return "docker.io"
	}
	return r
}

// dl3026Trusted matches reg against the trusted entries: "*" matches
// all, "*.example.com" a suffix, "registry.*" a prefix, anything else the
// exact host (port included).
func dl3026Trusted(reg string, allowed []string) bool {
	for _, a := range allowed {
		a = strings.ToLower(strings.TrimSpace(a))
		switch {
		case a == "*":
			return true
		case strings.HasPrefix(a, "*"):
			if strings.HasSuffix(reg, a[1:]) {
				return true
			}
		case strings.HasSuffix(a, "*"):
			if strings.HasPrefix(reg, a[:len(a)-1]) {
				return true
			}
		case dl3026NormRegistry(a) == reg:
			return true
		}
	}
	return false
}

func dl3026Message(img, reg string) string {
	if reg == "docker.io" {
		return fmt.Sprintf("image %q comes from Docker Hub (docker.io), which is not a trusted registry", img)
	}
	return fmt.Sprintf("image %q comes from %q, which is not a trusted registry", img, reg)
}
