package rules

import (
	"strings"
	"sync"

	"github.com/berth-dev/berth/lint"
)

// DL3054 reports spdx-typed schema labels whose value is not an SPDX
// license expression.
var DL3054 = &lint.Rule{
	Code:     "DL3054",
	Name:     "label-invalid-spdx",
	Title:    "Use an SPDX licence identifier in licence labels",
	Severity: lint.Warning,
	Fix:      lint.NoFix,
	Check: func(p *lint.Pass) {
		r3CheckLabelType(p, "spdx", r3ValidSPDX, "an SPDX license expression such as Apache-2.0 or MIT OR Apache-2.0")
	},
}

var (
	r3SPDXOnce                     sync.Once
	r3SPDXLicenseSet, r3SPDXExcSet map[string]bool
)

func r3SPDXSets() (licenses, exceptions map[string]bool) {
	r3SPDXOnce.Do(func() {
		r3SPDXLicenseSet = map[string]bool{}
		for _, id := range strings.Fields(r3SPDXLicenses) {
			r3SPDXLicenseSet[strings.ToLower(id)] = true
		}
		r3SPDXExcSet = map[string]bool{}
		for _, id := range strings.Fields(r3SPDXExceptions) {
			r3SPDXExcSet[strings.ToLower(id)] = true
		}
	})
	return r3SPDXLicenseSet, r3SPDXExcSet
}

// r3ValidSPDX parses an SPDX license expression (SPDX 2.3 annex D):
// identifiers (matched ignoring case, "+" allowed), LicenseRef- and
// DocumentRef- references, WITH exceptions, AND, OR and parentheses.
func r3ValidSPDX(s string) bool {
	toks := r3SPDXTokens(s)
	if len(toks) == 0 {
		return false
	}
	p := &r3SPDXParser{toks: toks}
	return p.or() && p.i == len(toks)
}

func r3SPDXTokens(s string) []string {
	var out []string
	for _, f := range strings.Fields(s) {
		for f != "" {
			switch i := strings.IndexAny(f, "()"); {
			case i < 0:
				out, f = append(out, f), ""
			case i == 0:
				out, f = append(out, f[:1]), f[1:]
			default:
				out, f = append(out, f[:i]), f[i:]
			}
		}
	}
	return out
}

type r3SPDXParser struct {
	toks []string
	i    int
}

func (p *r3SPDXParser) op(name string) bool {
	if p.i < len(p.toks) && (p.toks[p.i] == name || p.toks[p.i] == strings.ToLower(name)) {
		p.i++
		return true
	}
	return false
}

func (p *r3SPDXParser) or() bool {
	if !p.and() {
		return false
	}
	for p.op("OR") {
		if !p.and() {
			return false
		}
	}
	return true
}

func (p *r3SPDXParser) and() bool {
	if !p.with() {
		return false
	}
	for p.op("AND") {
		if !p.with() {
			return false
		}
	}
	return true
}

func (p *r3SPDXParser) with() bool {
	if !p.atom() {
		return false
	}
	if p.op("WITH") {
		if p.i >= len(p.toks) {
			return false
		}
		_, exc := r3SPDXSets()
		t := p.toks[p.i]
		p.i++
		return exc[strings.ToLower(t)] || r3SPDXRef(t, "AdditionRef-")
	}
	return true
}

func (p *r3SPDXParser) atom() bool {
	if p.i >= len(p.toks) {
		return false
	}
	t := p.toks[p.i]
	p.i++
	if t == "(" {
		if !p.or() || p.i >= len(p.toks) || p.toks[p.i] != ")" {
			return false
		}
		p.i++
		return true
	}
	if r3SPDXRef(t, "LicenseRef-") {
		return true
	}
	lic, _ := r3SPDXSets()
	return lic[strings.ToLower(strings.TrimSuffix(t, "+"))]
}

// r3SPDXRef accepts a user-defined reference, optionally prefixed by a
// DocumentRef-…: part.
func r3SPDXRef(t, prefix string) bool {
	if strings.HasPrefix(t, "DocumentRef-") {
		_, after, ok := strings.Cut(t, ":")
		if !ok {
			return false
		}
		t = after
	}
	rest, ok := strings.CutPrefix(t, prefix)
	if !ok || rest == "" {
		return false
	}
	for i := 0; i < len(rest); i++ {
		if c := rest[i]; !(r3NameChar(c) && c != '_' || c == '.' || c == '-') {
			return false
		}
	}
	return true
}
