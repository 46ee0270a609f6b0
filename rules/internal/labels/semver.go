package labels

import (
	"regexp"
	"sync"
)

// ValidSemver reports whether s is a semantic version, by the expression
// semver.org gives for SemVer 2.0.0.
func ValidSemver(s string) bool { return semverRe().MatchString(s) }

// semverRe is compiled on first use, not at every start of berth.
var semverRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)` +
		`(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?` +
		`(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$`)
})
