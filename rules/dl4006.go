package rules

import (
	"strings"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/shell"
)

// DL4006 reports a pipe in RUN when the shell does not fail on errors
// inside pipes.
var DL4006 = &lint.Rule{
	Code:     "DL4006",
	Name:     "pipe-without-pipefail",
	Title:    "Set pipefail before using a pipe in RUN",
	Severity: lint.Warning,
	Fix:      lint.NoFix,
	Check:    checkPipefail,
}

func checkPipefail(p *lint.Pass) {
	eachRunScriptWith(p, false, []string{"|"}, func(r runScript) {
		s := r.Script
		if !s.HasPipe() || shellPipefail(p.Doc.ShellOf(r.Ins)) {
			return
		}
		for _, pipe := range s.Pipes {
			left := leftOf(s, pipe)
			if left != nil && left.Is("echo", "printf", "yes", "true") {
				// Those cannot fail (and yes only ends through SIGPIPE,
				// which pipefail would turn into a failure).
				continue
			}
			if pipefailBefore(s, pipe.Start) {
				return
			}
			p.Report(lint.Diagnostic{
				Range:   r.fileRange(pipe),
				Message: "pipe without pipefail: the RUN succeeds even when a command before \"|\" fails",
			})
			return
		}
	})
}

// shellPipefail reports whether a SHELL argv turns pipefail on in a
// shell that has the option: ["/bin/bash", "-o", "pipefail", "-c"].
// /bin/sh is not trusted with it: it may be dash, which lacks it.
func shellPipefail(argv []string) bool {
	if len(argv) == 0 {
		return false
	}
	if pathBase(argv[0]) == "env" && len(argv) > 1 {
		argv = argv[1:]
	}
	switch pathBase(argv[0]) {
	case "bash", "zsh", "ash", "ksh", "ksh93", "mksh":
	default:
		return false
	}
	for i := 1; i+1 < len(argv); i++ {
		a := argv[i]
		if a == "-c" {
			break
		}
		if len(a) > 1 && a[0] == '-' && a[1] != '-' && a[len(a)-1] == 'o' && argv[i+1] == "pipefail" {
			return true
		}
	}
	return false
}

// leftOf returns the command whose output feeds the pipe: the
// outermost command ending nearest before it.
func leftOf(s *lint.Script, pipe shell.Range) *shell.Command {
	var left *shell.Command
	for _, c := range s.Commands {
		if c.Range.Start >= pipe.Start {
			break
		}
		if c.Outer == nil && c.Range.End <= pipe.Start && (left == nil || c.Range.End > left.Range.End) {
			left = c
		}
	}
	return left
}

// pipefailBefore reports whether the script turns pipefail on before
// offset off (set -o pipefail, set -euo pipefail).
func pipefailBefore(s *lint.Script, off int) bool {
	for _, c := range s.Commands {
		if c.Range.Start >= off {
			return false
		}
		if c.Outer == nil && c.SetsPipefail() {
			return true
		}
	}
	return false
}

// pathBase returns the lower-case base name of a program path, without
// ".exe".
func pathBase(p string) string {
	if i := strings.LastIndexAny(p, `/\`); i >= 0 {
		p = p[i+1:]
	}
	return strings.TrimSuffix(strings.ToLower(p), ".exe")
}
