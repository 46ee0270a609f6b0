package rules

import (
	"fmt"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/shell"

	"github.com/berth-dev/berth/lint"
)

// BR010 reports FROM --platform with a constant value.
var BR010 = &lint.Rule{
	Code:     "BR010",
	Name:     "from-platform-flag-const-disallowed",
	Aliases:  []string{"FromPlatformFlagConstDisallowed"},
	Title:    "Do not hardcode the platform in FROM",
	Severity: lint.Warning,
	Fix:      lint.NoFix,
	Check:    checkBR010,
}

func checkBR010(p *lint.Pass) {
	var lex *shell.Lex
	// A constant platform is one problem: when DL3029 runs and reports
	// this FROM, it alone does (it is hadolint's code, and says what to
	// write instead).
	dl3029 := p.Config.SeverityOf(DL3029) != lint.Off
	for _, st := range p.Doc.Stages {
		f := st.Platform
		if f == nil || !f.HasValue || dl3029 && dl3029Fires(p, st) {
			continue
		}
		if lex == nil {
			lex = lint.Lexer(rune(p.Doc.File.Escape))
			defer lint.ReleaseLexer(rune(p.Doc.File.Escape), lex)
		}
		res, err := p.Doc.Expand(lex, f.Value, lint.NewEnv())
		if err != nil || len(res.Matched) > 0 || len(res.Unmatched) > 0 {
			continue
		}
		os, arch, ok := parsePlatform(res.Result)
		if !ok {
			continue
		}
		// A stage named after its platform is meant to be built for it.
		name := strings.ToLower(st.Name)
		if strings.Contains(name, os) || strings.Contains(name, arch) {
			continue
		}
		p.Report(lint.Diagnostic{
			Range:   f.ValueRange,
			Message: fmt.Sprintf("FROM --platform is the constant %q: the stage is built for it whatever platform the build targets", res.Result),
		})
	}
}

var (
	osRe        = lazyRegexp(`^([A-Za-z0-9_-]+)(?:\(([A-Za-z0-9_.%-]*)((?:\+[A-Za-z0-9_.%-]+)*)\))?$`)
	specifierRe = lazyRegexp(`^[A-Za-z0-9_.-]+$`)
)

// parsePlatform reads a platform the way containerd's platforms.Parse
// does (on a linux/amd64 host) and returns its OS and architecture.
func parsePlatform(s string) (os, arch string, ok bool) {
	if strings.Contains(s, "*") {
		return "", "", false
	}
	parts := strings.SplitN(s, "/", 4)
	m := osRe().FindStringSubmatch(parts[0])
	if m == nil {
		return "", "", false
	}
	os = strings.ToLower(m[1])
	if os == "macos" {
		os = "darwin"
	}
	for _, part := range parts[1:] {
		if !specifierRe().MatchString(part) {
			return "", "", false
		}
	}
	switch len(parts) {
	case 1:
		if knownOS[os] {
			return os, "amd64", true
		}
		arch = normArch(parts[0])
		if knownArch[arch] {
			return "linux", arch, true
		}
		return "", "", false
	case 2, 3:
		return os, normArch(parts[1]), true
	}
	return "", "", false
}

func normArch(a string) string {
	switch a = strings.ToLower(a); a {
	case "i386":
		return "386"
	case "x86_64", "x86-64":
		return "amd64"
	case "aarch64":
		return "arm64"
	case "armhf", "armel":
		return "arm"
	}
	return a
}

var knownOS = map[string]bool{
	"aix": true, "android": true, "darwin": true, "dragonfly": true, "freebsd": true, "hurd": true,
	"illumos": true, "ios": true, "js": true, "linux": true, "nacl": true, "netbsd": true, "openbsd": true,
	"plan9": true, "solaris": true, "windows": true, "zos": true,
}

var knownArch = map[string]bool{
	"386": true, "amd64": true, "amd64p32": true, "arm": true, "armbe": true, "arm64": true, "arm64be": true,
	"ppc64": true, "ppc64le": true, "loong64": true, "mips": true, "mipsle": true, "mips64": true,
	"mips64le": true, "mips64p32": true, "mips64p32le": true, "ppc": true, "riscv": true, "riscv64": true,
	"s390": true, "s390x": true, "sparc": true, "sparc64": true, "wasm": true,
}
