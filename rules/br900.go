package rules

import "github.com/berth-dev/berth/lint"

// BR900 documents the diagnostic the engine reports when a rule panics.
// It has no check of its own: lint.Run reports it.
var BR900 = &lint.Rule{
	Code:     lint.InternalErrorCode,
	Name:     "internal-error",
	Title:    "Internal error in a rule",
	Severity: lint.Error,
}
