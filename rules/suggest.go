package rules

// Suggestions: the closest name to a misspelt one, for messages.

import (
	"fmt"

	"github.com/berth-dev/berth/lint/syntax"
)

// suggestName returns the option closest to name, at an edit distance below
// 3, as BuildKit's suggest.Search does; "" when none is close or name is
// itself an option.
func suggestName(name string, options []string) string {
	best, dist := "", 3
	for _, o := range options {
		if o == name {
			return ""
		}
		if d := syntax.EditDistance(name, o); d < dist {
			best, dist = o, d
		}
	}
	return best
}

// didYouMean formats a suggestion for a message.
func didYouMean(s string) string {
	if s == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", s)
}
