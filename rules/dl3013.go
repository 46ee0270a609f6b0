package rules

import (
	"strings"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/shell"
	"github.com/berth-dev/berth/rules/internal/pkgmgr"
)

// DL3013 reports pip install of packages without a version specifier.
var DL3013 = &lint.Rule{
	Code:     "DL3013",
	Name:     "pip-install-unpinned",
	Title:    "Pin versions in pip install",
	Severity: lint.Warning,
	Fix:      lint.NoFix,
	Check:    checkPipPin,
}

// pipGlobalValued are pip's general options that take the next word as
// value; they may come before or after the subcommand.
var pipGlobalValued = []string{"log", "proxy", "retries", "timeout", "exists-action", "trusted-host", "cert",
	"client-cert", "cache-dir", "python", "keyring-provider", "use-feature", "use-deprecated", "src"}

// pipInstallValued are the options of pip install that take the next
// word as value, general options included.
var pipInstallValued = append([]string{"abi", "b", "build", "e", "editable", "extra-index-url", "f", "find-links",
	"i", "index-url", "implementation", "no-binary", "only-binary", "platform", "prefix", "progress-bar", "python-version",
	"root", "root-user-action", "t", "target", "upgrade-strategy", "c", "constraint", "r", "requirement", "C",
	"config-settings", "global-option", "install-option", "report", "group"}, pipGlobalValued...)

// pipCommand returns the pip command that c runs: c itself for pip,
// pip3 or pip3.12, the part from pip on for `python3 -m pip ...`, nil
// otherwise (pipx and pipenv manage their own environments).
func pipCommand(c *shell.Command) *shell.Command {
	b := c.Base()
	if rest, ok := strings.CutPrefix(b, "pip"); ok {
		if strings.Trim(rest, "0123456789.") == "" {
			return c
		}
		return nil
	}
	if !strings.HasPrefix(b, "python") || strings.Trim(b[len("python"):], "0123456789.") != "" {
		return nil
	}
	for j := 0; j < len(c.Args); j++ {
		v := c.Args[j].Value
		switch {
		case v == "-m" && j+1 < len(c.Args):
			if c.Args[j+1].Value == "pip" {
				return c.From(j + 1)
			}
			return nil
		case v == "-mpip":
			return c.From(j)
		case v == "-W" || v == "-X":
			j++
		case v == "" || v[0] != '-' || v == "-c" || v == "-":
			return nil // a script, code or stdin: not pip
		}
	}
	return nil
}

// pipInstalls calls f for every pip install of the script, with the pip
// command (whose Name is pip, even in `python -m pip`) and the install word.
func pipInstalls(s *lint.Script, f func(c *shell.Command, sub shell.Word, i int)) {
	eachCommand(s, func(c *shell.Command) {
		pip := pipCommand(c)
		if pip == nil {
			return
		}
		if sub, i, ok := pip.Subcommand(pipGlobalValued...); ok && sub.Value == "install" {
			f(pip, sub, i)
		}
	})
}

func checkPipPin(p *lint.Pass) {
	eachRunScriptWith(p, true, pkgmgr.PipNeedles, func(r runScript) {
		pipInstalls(r.Script, func(c *shell.Command, sub shell.Word, i int) {
			// The versions live in the requirements or constraints file,
			// or in the project's own metadata.
			if c.HasFlag("r", "requirement") || c.HasFlag("c", "constraint") || c.HasArg(".") {
				return
			}
			loose := unpinnedOperands(literalOperands(c, i, pipInstallValued), pipPinned)
			reportUnpinned(p, r, loose, "pip install", "unpinned", "package",
				func(w shell.Word) string {
					if url, frag, ok := pipVCS(w.Value); ok {
						return "pin it to a tag or commit as \"" + url + "@<ref>" + frag + "\""
					}
					return "pin it as \"" + w.Value + "==<version>\" or install from a requirements file"
				},
				"pin each as name==<version> (a VCS URL as URL@<ref>) or install from a requirements file")
		})
	})
}

// pipPinned reports whether a pip install operand fixes its version: a
// version specifier, a VCS URL with @ref, a wheel or source archive, a
// local path or URL, or a word whose value comes from a variable.
func pipPinned(w shell.Word) bool {
	v := w.Value
	if !w.Literal {
		return true
	}
	if url, _, ok := pipVCS(v); ok {
		// The "=" of "#egg=pkg" or "#subdirectory=x" is no version: only
		// "@ref" after the repository path pins a VCS requirement.
		return strings.Contains(url[strings.LastIndexByte(url, '/')+1:], "@")
	}
	if strings.ContainsAny(v, "=<>") {
		return true
	}
	if c := v[0]; !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '/') {
		return true // not a requirement: template text such as {{ .x }}
	}
	if strings.ContainsAny(v, "/\\") || strings.HasPrefix(v, ".") {
		return true
	}
	for _, ext := range [...]string{".whl", ".tar.gz", ".tgz", ".zip", ".tar.bz2", ".tar.xz"} {
		if strings.HasSuffix(v, ext) {
			return true
		}
	}
	return false
}

// pipVCS splits a VCS requirement (git+, hg+, svn+, bzr+) into its URL
// and its "#fragment" (egg=, subdirectory=), which may be empty.
func pipVCS(v string) (url, frag string, ok bool) {
	for _, vcs := range [...]string{"git+", "hg+", "svn+", "bzr+"} {
		if strings.HasPrefix(v, vcs) {
			if i := strings.IndexByte(v, '#'); i >= 0 {
				return v[:i], v[i:], true
			}
			return v, "", true
		}
	}
	return "", "", false
}
