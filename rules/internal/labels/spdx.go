package labels

import (
	"strings"
	"sync"
)

var (
	spdxOnce                   sync.Once
	spdxLicenseSet, spdxExcSet map[string]bool
)

func spdxSets() (licenses, exceptions map[string]bool) {
	spdxOnce.Do(func() {
		spdxLicenseSet = map[string]bool{}
		for _, id := range strings.Fields(spdxLicenses) {
			spdxLicenseSet[strings.ToLower(id)] = true
		}
		spdxExcSet = map[string]bool{}
		for _, id := range strings.Fields(spdxExceptions) {
			spdxExcSet[strings.ToLower(id)] = true
		}
	})
	return spdxLicenseSet, spdxExcSet
}

// ValidSPDX parses an SPDX license expression (SPDX 2.3 annex D):
// identifiers (matched ignoring case, "+" allowed), LicenseRef- and
// DocumentRef- references, WITH exceptions, AND, OR and parentheses.
func ValidSPDX(s string) bool {
	toks := spdxTokens(s)
	if len(toks) == 0 {
		return false
	}
	p := &spdxParser{toks: toks}
	return p.or() && p.i == len(toks)
}

func spdxTokens(s string) []string {
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

type spdxParser struct {
	toks []string
	i    int
}

func (p *spdxParser) op(name string) bool {
	if p.i < len(p.toks) && (p.toks[p.i] == name || p.toks[p.i] == strings.ToLower(name)) {
		p.i++
		return true
	}
	return false
}

func (p *spdxParser) or() bool {
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

func (p *spdxParser) and() bool {
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

func (p *spdxParser) with() bool {
	if !p.atom() {
		return false
	}
	if p.op("WITH") {
		if p.i >= len(p.toks) {
			return false
		}
		_, exc := spdxSets()
		t := p.toks[p.i]
		p.i++
		return exc[strings.ToLower(t)] || spdxRef(t, "AdditionRef-")
	}
	return true
}

func (p *spdxParser) atom() bool {
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
	if spdxRef(t, "LicenseRef-") {
		return true
	}
	lic, _ := spdxSets()
	return lic[strings.ToLower(strings.TrimSuffix(t, "+"))]
}

// spdxRef accepts a user-defined reference, optionally prefixed by a
// DocumentRef-…: part.
func spdxRef(t, prefix string) bool {
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
		if c := rest[i]; !(isNameChar(c) && c != '_' || c == '.' || c == '-') {
			return false
		}
	}
	return true
}
