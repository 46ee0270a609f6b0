package syntax

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
