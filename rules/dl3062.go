package rules

import (
	"strings"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/shell"
)

// DL3062 reports go install, go get and go run of remote packages without
// a fixed version.
var DL3062 = &lint.Rule{
	Code:     "DL3062",
	Name:     "go-install-unpinned",
	Title:    "Pin versions in go install",
	Severity: lint.Warning,
	Fix:      lint.NoFix,
	Check:    checkGoPin,
}

// r2bGoValued are the go build flags that take the next word as value
// (Go flags have one dash; -flag=value needs no next word).
var r2bGoValued = map[string]bool{
	"C": true, "p": true, "o": true, "asmflags": true, "buildmode": true, "buildvcs": true, "compiler": true,
	"gccgoflags": true, "gcflags": true, "installsuffix": true, "ldflags": true, "mod": true, "modfile": true,
	"overlay": true, "pgo": true, "pkgdir": true, "tags": true, "toolexec": true, "exec": true, "coverpkg": true,
	"covermode": true,
}

// r2bGoOperands returns the words after the subcommand at index i that are
// not flags or flag values.
func r2bGoOperands(c *shell.Command, i int) []shell.Word {
	var out []shell.Word
	for j := i + 1; j < len(c.Args); j++ {
		v := c.Args[j].Value
		if v == "--" {
			out = append(out, c.Args[j+1:]...)
			break
		}
		if len(v) > 1 && v[0] == '-' {
			name := strings.TrimLeft(v, "-")
			if !strings.Contains(name, "=") && r2bGoValued[name] {
				j++
			}
			continue
		}
		out = append(out, c.Args[j])
	}
	return out
}

func checkGoPin(p *lint.Pass) {
	r2aScriptsWith(p, true, r2bGoNeedles, func(r r2aRun) {
		for c := range r.Script.Calls("go") {
			if len(c.Args) == 0 {
				continue
			}
			sub := c.Args[0]
			ops := r2bGoOperands(c, 0)
			switch sub.Value {
			case "run":
				if len(ops) > 1 {
					ops = ops[:1] // the rest are the program's arguments
				}
			case "install", "get":
			default:
				continue
			}
			var loose []shell.Word
			for _, w := range ops {
				if !r2bGoPinned(w, sub.Value == "get") {
					loose = append(loose, w)
				}
			}
			if len(loose) == 0 {
				continue
			}
			w := loose[0]
			msg := "go " + sub.Value + " of " + r2aNames(loose) + " without a fixed version: "
			if len(loose) == 1 {
				msg += "name one as \"" + r2bGoStripVersion(w.Value) + "@<version>\""
			} else {
				msg += "name each as path@<version>"
			}
			p.Report(lint.Diagnostic{Range: r.r2aRange(w.Range), Message: msg})
		}
	})
}

// r2bGoStripVersion drops an @latest or @none suffix.
func r2bGoStripVersion(v string) string {
	if i := strings.LastIndexByte(v, '@'); i >= 0 {
		return v[:i]
	}
	return v
}

// r2bGoPinned reports whether a go install operand needs no version: a
// local package (., ./x, /x, a .go file, a path whose first element has no
// dot, such as cmd/app), a version other than latest or none, or a
// variable. Without a version, go install and go run build the package
// at the version the go.mod of the current module requires (outside a
// module they fail), while go get upgrades it to the latest release.
func r2bGoPinned(w shell.Word, get bool) bool {
	v := w.Value
	if r2aWholeExpansion(w) || v == "" {
		return true
	}
	if at := strings.LastIndexByte(v, '@'); at >= 0 {
		ver := v[at+1:]
		return ver != "latest" && ver != "none" && ver != "upgrade" && ver != "patch" && ver != ""
	}
	if !get || strings.HasPrefix(v, ".") || strings.HasPrefix(v, "/") || strings.HasSuffix(v, ".go") || !w.Literal {
		return true
	}
	first, _, _ := strings.Cut(v, "/")
	return !strings.Contains(first, ".")
}
