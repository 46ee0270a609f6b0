package rules

import (
	"strings"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/shell"
)

// DL3033 reports yum install of packages without a version.
var DL3033 = &lint.Rule{
	Code:     "DL3033",
	Name:     "yum-install-unpinned",
	Title:    "Pin versions in yum install",
	Severity: lint.Warning,
	Fix:      lint.NoFix,
	Check:    checkYumPin,
}

func checkYumPin(p *lint.Pass) {
	r2aScriptsWith(p, true, []string{"yum"}, func(r r2aRun) {
		for c := range r.Script.Calls("yum") {
			sub, i, ok := c.Subcommand(r2aYumValued...)
			if !ok {
				continue
			}
			module := false
			if sub.Value == "module" {
				// yum module install nodejs:20
				ops := r2aOperandsAfter(c, i, r2aYumValued)
				if len(ops) == 0 || ops[0].Value != "install" {
					continue
				}
				module, sub = true, ops[0]
				i = r2aIndexWord(c.Args, sub)
			} else if sub.Value != "install" && sub.Value != "localinstall" {
				continue
			}
			var loose []shell.Word
			for _, w := range r2aOperandsAfter(c, i, r2aYumValued) {
				if module && !strings.Contains(w.Value, ":") && !r2aWholeExpansion(w) || !module && !r2aYumPinned(w) {
					loose = append(loose, w)
				}
			}
			if len(loose) == 0 {
				continue
			}
			var msg string
			switch {
			case module && len(loose) == 1:
				msg = "yum module install of " + r2aNames(loose) + " without a stream: name one as \"" + loose[0].Value + ":<stream>\""
			case module:
				msg = "yum module install of " + r2aNames(loose) + " without streams: name each as module:<stream>"
			case len(loose) == 1:
				msg = "yum install of unversioned package " + r2aNames(loose) + ": pin it as \"" + loose[0].Value + "-<version>\""
			default:
				msg = "yum install of unversioned packages " + r2aNames(loose) + ": pin each as name-<version>"
			}
			p.Report(lint.Diagnostic{Range: r.r2aRange(loose[0].Range), Message: msg})
		}
	})
}

// r2aIndexWord returns the index of w in ws by position.
func r2aIndexWord(ws []shell.Word, w shell.Word) int {
	for i, x := range ws {
		if x.Range == w.Range {
			return i
		}
	}
	return len(ws) - 1
}

// r2aYumPinned reports whether a yum install operand names a version
// (name-1.2, name-1.2-3.el9.x86_64, name-2:1.2), a file or URL of an rpm,
// a group (@group), or uses a variable for its version or whole.
func r2aYumPinned(w shell.Word) bool {
	v := w.Value
	if strings.HasSuffix(v, ".rpm") || strings.HasPrefix(v, "@") || r2aWholeExpansion(w) {
		return true
	}
	parts := strings.Split(v, "-")
	if len(parts) < 2 {
		return false
	}
	digit := false
	for _, part := range parts[1:] {
		if part == "" {
			return false
		}
		if part[0] == '$' {
			return true // name-${VERSION}
		}
		for i := 0; i < len(part); i++ {
			c := part[i]
			if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || strings.IndexByte(".~^_:+", c) >= 0) {
				return false
			}
		}
		if part[0] >= '0' && part[0] <= '9' {
			digit = true
		}
	}
	return digit
}
