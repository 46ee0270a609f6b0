package rules

// Suggestions in messages: syntax.Closest finds the closest name to a
// misspelt one, didYouMean says it.

import (
	"fmt"
)

// didYouMean formats a suggestion for a message.
func didYouMean(s string) string {
	if s == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", s)
}
