// Package lint is berth's rules engine: it builds a Document from a parsed
// Dockerfile, runs rules over it and returns diagnostics with byte ranges
// and fixes. It knows no rule by name: the rules are handed in by the
// caller (rules.All in the CLI and the language server), the way go vet
// hands its analyzers to its driver.
package lint
