package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/shell"
	"github.com/berth-dev/berth/lint/syntax"
	"github.com/berth-dev/berth/rules/internal/pkgmgr"
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
	eachRunScriptWith(p, true, []string{"yum"}, func(r runScript) {
		for c := range r.Script.Calls("yum") {
			sub, i, ok := c.Subcommand(pkgmgr.YumValued...)
			if !ok {
				continue
			}
			module := false
			if sub.Value == "module" {
				// yum module install nodejs:20
				ops := operandsAfter(c, i, pkgmgr.YumValued)
				if len(ops) == 0 || ops[0].Value != "install" {
					continue
				}
				module, sub = true, ops[0]
				i = indexWord(c.Args, sub)
			} else if sub.Value != "install" && sub.Value != "localinstall" {
				continue
			}
			var loose []shell.Word
			for _, w := range operandsAfter(c, i, pkgmgr.YumValued) {
				if module && !strings.Contains(w.Value, ":") && !wholeExpansion(w) || !module && !yumPinned(p, r, w) {
					loose = append(loose, w)
				}
			}
			if len(loose) == 0 {
				continue
			}
			var msg string
			switch {
			case module && len(loose) == 1:
				msg = "yum module install of " + wordNames(loose) + " without a stream: name one as \"" + loose[0].Value + ":<stream>\""
			case module:
				msg = "yum module install of " + wordNames(loose) + " without streams: name each as module:<stream>"
			case len(loose) == 1 && undeclaredVar(p, r, loose[0]) != "":
				msg = undeclaredVersionMessage("yum", p, r, loose[0])
			case len(loose) == 1:
				msg = "yum install of unversioned package " + wordNames(loose) + ": pin it as \"" + loose[0].Value + "-<version>\""
			default:
				msg = "yum install of unversioned packages " + wordNames(loose) + ": pin each as name-<version>"
			}
			p.Report(lint.Diagnostic{Range: r.fileRange(loose[0].Range), Message: msg})
		}
	})
}

// indexWord returns the index of w in ws by position.
func indexWord(ws []shell.Word, w shell.Word) int {
	for i, x := range ws {
		if x.Range == w.Range {
			return i
		}
	}
	return len(ws) - 1
}

// yumPinned reports whether a yum install operand names a version
// (name-1.2, name-1.2-3.el9.x86_64, name-2:1.2), a file or URL of an rpm,
// a group (@group), or uses a declared variable for its version or whole.
func yumPinned(p *lint.Pass, r runScript, w shell.Word) bool {
	v := w.Value
	if strings.HasSuffix(v, ".rpm") || strings.HasPrefix(v, "@") || wholeExpansion(w) {
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
			return declaredExpansion(p, r, w) // name-${VERSION}
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

// declaredExpansion reports whether w is an expansion whose variables
// all have a declaration: an ARG or ENV in scope at the RUN, a variable
// the builder predefines, or one the script itself assigns. A variable
// nothing sets expands to nothing, so it pins no version.
func declaredExpansion(p *lint.Pass, r runScript, w shell.Word) bool {
	if w.Literal {
		return false
	}
	refs := syntax.VarRefs(w.Value, '\\')
	if len(refs) == 0 {
		return true // a command substitution: its output is not known
	}
	return undeclaredVar(p, r, w) == ""
}

// undeclaredVar returns the first variable of w that declaredExpansion
// finds no declaration for, or "".
func undeclaredVar(p *lint.Pass, r runScript, w shell.Word) string {
	if w.Literal {
		return ""
	}
	for _, ref := range syntax.VarRefs(w.Value, '\\') {
		if p.Doc.Lookup(r.Ins, ref.Name) == nil && !slices.Contains(lint.PredefinedArgs, ref.Name) && !scriptAssigns(r.Script.Src, ref.Name) {
			return ref.Name
		}
	}
	return ""
}

// undeclaredVersionMessage is the finding on a package whose version is
// a variable nothing declares.
func undeclaredVersionMessage(tool string, p *lint.Pass, r runScript, w shell.Word) string {
	name := undeclaredVar(p, r, w)
	return fmt.Sprintf("%s install of %q: no ARG or ENV declares $%s, so its version is empty: declare it with \"ARG %s=<version>\"", tool, w.Value, name, name)
}

// scriptAssigns reports whether the script sets name itself: NAME=...,
// export NAME=..., read NAME or for NAME in.
func scriptAssigns(src, name string) bool {
	for i := 0; ; {
		j := strings.Index(src[i:], name)
		if j < 0 {
			return false
		}
		j += i
		i = j + len(name)
		if j > 0 && isNameChar(src[j-1]) || j > 0 && src[j-1] == '$' || j > 1 && src[j-2:j] == "${" {
			continue
		}
		if i < len(src) && src[i] == '=' {
			return true
		}
		if line := src[strings.LastIndexAny(src[:j], "\n;&|(")+1 : j]; strings.HasPrefix(strings.TrimSpace(line), "read ") || strings.TrimSpace(line) == "for" {
			return true
		}
	}
}
