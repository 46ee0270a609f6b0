package rules

import (
	"strings"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/shell"
	"github.com/berth-dev/berth/lint/syntax"
)

// Helpers shared by the rules of batch R2b (package managers and download
// tools in RUN). They build on the R2a helpers (eachRunScript, eachSubcommand...).

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

// mountHolds reports whether a cache or tmpfs mount of the RUN has a
// target whose path contains one of parts, as ".cache/pip" in
// /root/.cache/pip or /home/app/.cache/pip.
func mountHolds(run *syntax.Instruction, parts ...string) bool {
	for _, m := range runMounts(run) {
		if m.Type != "cache" && m.Type != "tmpfs" {
			continue
		}
		for _, p := range parts {
			if strings.Contains(m.Target, p) {
				return true
			}
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

// chainImages returns the image references (path and tag, lower case)
// of the stage of ins and of the stages it is built from.
func chainImages(doc *lint.Document, ins *syntax.Instruction) []string {
	var out []string
	st := doc.StageOf(ins)
	for i := 0; st != nil && i < 64; i++ {
		out = append(out, strings.ToLower(st.Ref.Path+":"+st.Ref.Tag))
		if st.BaseStage == nil || st.BaseStage.Index >= st.Index {
			break
		}
		st = st.BaseStage
	}
	return out
}
