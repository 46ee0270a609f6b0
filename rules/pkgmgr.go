package rules

// Package managers and download tools in RUN, as rules walk them: every
// command of a script, subcommands, literal operands. What is known of the
// tools themselves (options that take a value, needles) is in
// internal/pkgmgr; apt has apt.go.

import (
	"strings"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/shell"
)

// eachCommand calls f for every command of the script, once wrappers such as
// sudo or env are looked through.
func eachCommand(s *lint.Script, f func(c *shell.Command)) {
	for _, c := range s.Commands {
		f(c.Unwrapped())
	}
}

// wordIn reports whether the word's value is one of subs.
func wordIn(w shell.Word, subs ...string) bool {
	for _, s := range subs {
		if w.Value == s {
			return true
		}
	}
	return false
}

// laterCommand reports whether a command of the script that starts after off
// satisfies ok.
func laterCommand(s *lint.Script, off int, ok func(c *shell.Command) bool) bool {
	for _, c := range s.Commands {
		if c.Range.Start > off && ok(c.Unwrapped()) {
			return true
		}
	}
	return false
}

// pipTruthy reports whether an environment value reads as true the way
// pip reads its PIP_* variables.
func pipTruthy(v string) bool {
	switch strings.ToLower(strings.Trim(strings.TrimSpace(v), `"'`)) {
	case "1", "true", "on", "yes":
		return true
	}
	return false
}

// literalOperands returns the operands of c after the word at index i
// whose value is known: words that are only an expansion ($PKGS,
// $(cat list)) are left out, since what they stand for is not known.
func literalOperands(c *shell.Command, i int, valued []string) []shell.Word {
	ops := operandsAfter(c, i, valued)
	out := ops[:0]
	for _, w := range ops {
		if !wholeExpansion(w) && w.Value != "" {
			out = append(out, w)
		}
	}
	return out
}
