package rules

import (
	"strings"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/shell"
	"github.com/berth-dev/berth/rules/internal/pkgmgr"
)

// DL3016 reports npm install of packages without a version.
var DL3016 = &lint.Rule{
	Code:     "DL3016",
	Name:     "npm-install-unpinned",
	Title:    "Pin versions in npm install",
	Severity: lint.Warning,
	Fix:      lint.NoFix,
	Check:    checkNpmPin,
}

// npmValued are npm options that take the next word as value.
var npmValued = []string{"loglevel", "registry", "prefix", "cache", "userconfig", "globalconfig", "tag", "omit",
	"include", "w", "workspace", "only", "install-strategy", "save-prefix", "location", "C", "scope", "otp",
	"fetch-retries", "fetch-timeout", "maxsockets", "script-shell", "python", "target_arch", "target_platform",
	"arch", "platform", "os", "cpu", "libc"}

func checkNpmPin(p *lint.Pass) {
	eachRunScriptWith(p, true, pkgmgr.NpmNeedles, func(r runScript) {
		eachSubcommand(r.Script, "npm", npmValued, []string{"install", "i", "add", "isntall", "in"}, func(c *shell.Command, sub shell.Word, i int) {
			loose := unpinnedOperands(literalOperands(c, i, npmValued), npmPinned)
			reportUnpinned(p, r, loose, "npm "+sub.Value, "unpinned", "package",
				func(w shell.Word) string {
					return "pin it as \"" + strings.TrimSuffix(w.Value, "@latest") + "@<version>\""
				},
				"pin each as name@<version>")
		})
	})
}

// npmPinned reports whether an npm install operand fixes its version:
// name@version or @scope/name@version (any tag but latest), a git URL
// with #ref, a tarball, a local path, or a variable.
func npmPinned(w shell.Word) bool {
	v := w.Value
	if !w.Literal {
		return strings.Contains(v, "@") || strings.Contains(v, "#")
	}
	for _, prefix := range [...]string{"/", "./", "../", "~/", "file:", "."} {
		if strings.HasPrefix(v, prefix) {
			return true
		}
	}
	for _, ext := range [...]string{".tar", ".tar.gz", ".tgz"} {
		if strings.HasSuffix(v, ext) {
			return true
		}
	}
	if strings.Contains(v, "://") || strings.HasPrefix(v, "github:") || strings.HasPrefix(v, "gitlab:") || strings.HasPrefix(v, "bitbucket:") {
		if strings.HasPrefix(v, "http://") || strings.HasPrefix(v, "https://") {
			if !strings.Contains(v, ".git") && !strings.Contains(v, "github.com") {
				return true // a tarball URL
			}
		}
		return strings.Contains(v, "#")
	}
	if strings.Contains(v, "#") {
		return true // user/repo#ref
	}
	name := v
	if strings.HasPrefix(name, "@") {
		// @scope/name: the version comes after the second @.
		if j := strings.IndexByte(name, '/'); j >= 0 {
			name = name[j:]
		}
	}
	at := strings.IndexByte(name, '@')
	if at < 0 {
		// user/repo is a GitHub repository, pinned only with #ref.
		return false
	}
	tag := name[at+1:]
	return tag != "" && tag != "latest"
}
