package syntax

import "strings"

// Closest returns the option closest to name, at an edit distance below 3,
// as BuildKit's suggest.Search does; "" when none is close or name is
// itself an option.
func Closest(name string, options []string) string {
	best, dist := "", 3
	for _, o := range options {
		if o == name {
			return ""
		}
		if d := EditDistance(name, o); d < dist {
			best, dist = o, d
		}
	}
	return best
}

// Typo returns the candidate closest to name, ignoring case, when it is
// close enough to be a typo of it (an edit distance below a third of
// name's length plus two), else "": berth's did-you-mean for commands,
// rule codes and names.
func Typo(name string, candidates []string) string {
	best, bestDist := "", len(name)/3+2
	lower := strings.ToLower(name)
	for _, c := range candidates {
		if d := EditDistance(lower, strings.ToLower(c)); d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
}
