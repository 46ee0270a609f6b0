package rules

import (
	"strings"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/shell"
	"github.com/berth-dev/berth/lint/syntax"
)

// Helpers shared by the rules of batch R2b (package managers and download
// tools in RUN). They build on the R2a helpers (r2aScripts, r2aSubcommand...).

// Needles for r2aScriptsWith: a RUN whose text lacks them cannot match.
var (
	r2bPipNeedles     = []string{"pip"}
	r2bNpmNeedles     = []string{"npm"}
	r2bGemNeedles     = []string{"gem"}
	r2bGoNeedles      = []string{"go"}
	r2bZypperNeedles  = []string{"zypper"}
	r2bDnfNeedles     = []string{"dnf"}
	r2bUseraddNeedles = []string{"useradd"}
	r2bWgetNeedles    = []string{"wget"}
	r2bYarnNeedles    = []string{"yarn"}
	r2bFetchNeedles   = []string{"curl", "wget"}
)

// r2bEach calls f for every command of the script, once wrappers such as
// sudo or env are looked through.
func r2bEach(s *lint.Script, f func(c *shell.Command)) {
	for _, c := range s.Commands {
		f(c.Unwrapped())
	}
}

// r2bSubIn reports whether the word's value is one of subs.
func r2bSubIn(w shell.Word, subs ...string) bool {
	for _, s := range subs {
		if w.Value == s {
			return true
		}
	}
	return false
}

// r2bLater reports whether a command of the script that starts after off
// satisfies ok.
func r2bLater(s *lint.Script, off int, ok func(c *shell.Command) bool) bool {
	for _, c := range s.Commands {
		if c.Range.Start > off && ok(c.Unwrapped()) {
			return true
		}
	}
	return false
}

// r2bMountHolds reports whether a cache or tmpfs mount of the RUN has a
// target whose path contains one of parts, as ".cache/pip" in
// /root/.cache/pip or /home/app/.cache/pip.
func r2bMountHolds(run *syntax.Instruction, parts ...string) bool {
	for _, m := range r2aMounts(run) {
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

// r2bTruthy reports whether an environment value reads as true the way
// pip reads its PIP_* variables.
func r2bTruthy(v string) bool {
	switch strings.ToLower(strings.Trim(strings.TrimSpace(v), `"'`)) {
	case "1", "true", "on", "yes":
		return true
	}
	return false
}

// r2bLiteralOperands returns the operands of c after the word at index i
// whose value is known: words that are only an expansion ($PKGS,
// $(cat list)) are left out, since what they stand for is not known.
func r2bLiteralOperands(c *shell.Command, i int, valued []string) []shell.Word {
	ops := r2aOperandsAfter(c, i, valued)
	out := ops[:0]
	for _, w := range ops {
		if !r2aWholeExpansion(w) && w.Value != "" {
			out = append(out, w)
		}
	}
	return out
}

// r2bChainImages returns the image references (path and tag, lower case)
// of the stage of ins and of the stages it is built from.
func r2bChainImages(doc *lint.Document, ins *syntax.Instruction) []string {
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
