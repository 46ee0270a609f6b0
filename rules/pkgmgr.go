package rules

// Package managers and download tools in RUN (apk, yum/dnf, zypper, pip,
// npm, gem, go, curl, wget): the words that tell a RUN may call them,
// options that take a value, literal operands. apt has apt.go.

import (
	"strings"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/shell"
)

// Needles for eachRunScriptWith: a RUN whose text lacks them cannot match.
var (
	pipNeedles     = []string{"pip"}
	npmNeedles     = []string{"npm"}
	gemNeedles     = []string{"gem"}
	goNeedles      = []string{"go"}
	zypperNeedles  = []string{"zypper"}
	dnfNeedles     = []string{"dnf"}
	useraddNeedles = []string{"useradd"}
	wgetNeedles    = []string{"wget"}
	yarnNeedles    = []string{"yarn"}
	fetchNeedles   = []string{"curl", "wget"}
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

// apkValued are apk's options that take the next word as value.
var apkValued = []string{"X", "repository", "t", "virtual", "p", "root", "keys-dir", "repositories-file", "arch", "cache-dir", "cache-max-age", "timeout"}

// yumValued are yum's options that take the next word as value.
var yumValued = []string{"c", "config", "d", "debuglevel", "e", "errorlevel", "R", "randomwait", "x", "exclude",
	"installroot", "enablerepo", "disablerepo", "releasever", "setopt", "downloaddir", "destdir", "color",
	"rpmverbosity", "disableplugin", "enableplugin", "repo", "repoid"}
