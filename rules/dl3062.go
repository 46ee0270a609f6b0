package rules

import (
	"strings"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/shell"
	"github.com/berth-dev/berth/rules/internal/pkgmgr"
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

// goValued are the go build flags that take the next word as value
// (Go flags have one dash; -flag=value needs no next word).
var goValued = map[string]bool{
	"C": true, "p": true, "o": true, "asmflags": true, "buildmode": true, "buildvcs": true, "compiler": true,
	"gccgoflags": true, "gcflags": true, "installsuffix": true, "ldflags": true, "mod": true, "modfile": true,
	"overlay": true, "pgo": true, "pkgdir": true, "tags": true, "toolexec": true, "exec": true, "coverpkg": true,
	"covermode": true,
}

// goOperands returns the words after the subcommand at index i that are
// not flags or flag values.
func goOperands(c *shell.Command, i int) []shell.Word {
	var out []shell.Word
	for j := i + 1; j < len(c.Args); j++ {
		v := c.Args[j].Value
		if v == "--" {
			out = append(out, c.Args[j+1:]...)
			break
		}
		if len(v) > 1 && v[0] == '-' {
			name := strings.TrimLeft(v, "-")
			if !strings.Contains(name, "=") && goValued[name] {
				j++
			}
			continue
		}
		out = append(out, c.Args[j])
	}
	return out
}

func checkGoPin(p *lint.Pass) {
	eachRunCalling(p, true, pkgmgr.GoNeedles, func(r runScript) {
		for c := range r.Script.Calls("go") {
			if len(c.Args) == 0 {
				continue
			}
			sub := c.Args[0]
			ops := goOperands(c, 0)
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
				if !goPinned(w, sub.Value == "get") {
					loose = append(loose, w)
				}
			}
			if len(loose) == 0 {
				continue
			}
			w := loose[0]
			msg := "go " + sub.Value + " of " + wordNames(loose) + " without a fixed version: "
			if len(loose) == 1 {
				msg += "name one as \"" + goStripVersion(w.Value) + "@<version>\""
			} else {
				msg += "name each as path@<version>"
			}
			p.Report(lint.Diagnostic{Range: r.fileRange(w.Range), Message: msg})
		}
	})
}

// goStripVersion drops an @latest or @none suffix.
func goStripVersion(v string) string {
	if i := strings.LastIndexByte(v, '@'); i >= 0 {
		return v[:i]
	}
	return v
}

// goPinned reports whether a go install operand needs no version: a
// local package (., ./x, /x, a .go file, a path whose first element has no
// dot, such as cmd/app), a version other than latest or none, or a
// variable. Without a version, go install and go run build the package
// at the version the go.mod of the current module requires (outside a
// module they fail), while go get upgrades it to the latest release.
func goPinned(w shell.Word, get bool) bool {
	v := w.Value
	if wholeExpansion(w) || v == "" {
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
