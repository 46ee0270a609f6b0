package rules

import (
	"regexp"
	"sync"
)

// lazyRegexp returns a function that compiles pattern on its first call
// and returns the same expression after it. A package-level
// regexp.MustCompile runs at every start of berth, whatever the run lints
// (issue 10); this runs when a rule first needs the expression.
func lazyRegexp(pattern string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(pattern) })
}
