package rules

import (
	"strings"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/syntax"
)

// DL3066 reports a final USER given by name rather than by numeric ID.
var DL3066 = &lint.Rule{
	Code:     "DL3066",
	Name:     "non-numeric-user",
	Title:    "Use a numeric user ID in USER",
	Severity: lint.Info,
	Fix:      lint.NoFix,
	Check:    checkNumericUser,
}

func checkNumericUser(p *lint.Pass) {
	if len(p.Doc.Stages) == 0 {
		return
	}
	last := p.Doc.Stages[len(p.Doc.Stages)-1]
	chain := last.Ancestors(0)
	if windowsStage(chain[len(chain)-1]) {
		// Windows images run as named accounts (ContainerUser).
		return
	}
	var user *syntax.Instruction
	for _, st := range chain {
		for _, ins := range st.Instructions {
			if ins.Cmd == "user" {
				user = ins
			}
		}
		if user != nil {
			break
		}
	}
	if user == nil || len(user.Words()) == 0 {
		return
	}
	w := user.Words()[0]
	lit, ok := syntax.Literal(w.Value, p.Doc.File.Escape)
	if !ok {
		return
	}
	name, _, _ := strings.Cut(lit, ":")
	if name == "" || allDigits(name) {
		return
	}
	if name == "root" {
		return // DL3002 reports the image running as root; UID 0 is no better
	}
	if imageAccount(chain[len(chain)-1].Resolved, name) {
		return
	}
	p.Reportf(w.Range, "the image runs as user %q, a name that only the image's /etc/passwd can resolve: use a numeric UID (and GID)", name)
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// windowsStage guesses whether a stage starts from a Windows image.
func windowsStage(st *lint.Stage) bool {
	img := strings.ToLower(st.Resolved)
	return strings.Contains(img, "windows") || strings.Contains(img, "nanoserver") || strings.Contains(img, "servercore")
}

// imageAccount reports whether user is the non-root account a well-known
// base image ships with a fixed, documented ID: node (1000) in the node
// images, nonroot (65532) in distroless and Chainguard images.
func imageAccount(image, user string) bool {
	img := strings.ToLower(image)
	if i := strings.LastIndexByte(img, '@'); i >= 0 {
		img = img[:i]
	}
	if i := strings.LastIndexByte(img, ':'); i > strings.LastIndexByte(img, '/') {
		img = img[:i]
	}
	repo := img[strings.LastIndexByte(img, '/')+1:]
	switch user {
	case "node":
		return repo == "node"
	case "nonroot":
		return strings.Contains(img, "distroless") || strings.HasPrefix(img, "cgr.dev/chainguard/")
	}
	return false
}
