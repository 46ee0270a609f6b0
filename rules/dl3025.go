package rules

import (
	"strings"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/syntax"
)

// DL3025 reports CMD and ENTRYPOINT in shell form. HEALTHCHECK CMD is left
// alone, as hadolint and BuildKit do: the check runs beside the main
// process, signals are not its concern, and Docker's own reference writes
// it in shell form.
var DL3025 = &lint.Rule{
	Code:     "DL3025",
	Name:     "json-args-recommended",
	Aliases:  []string{"JSONArgsRecommended"},
	Title:    "Use exec form for CMD and ENTRYPOINT",
	Severity: lint.Warning,
	Fix:      lint.SometimesFix,
	Check:    checkExecForm,
}

// execFormShellSyntax are the bytes that make a command need a shell to mean what
// it says: expansions, quoting, operators, globs, comments, grouping.
const execFormShellSyntax = "$`\\\"'|&;<>*?[]~#(){}!"

// execFormShellOnly are first words that are shell builtins or keywords with no
// program of the same name to exec.
var execFormShellOnly = map[string]bool{
	".": true, "source": true, "cd": true, "exit": true, "export": true, "set": true,
	"unset": true, "eval": true, "trap": true, "wait": true, "ulimit": true, "umask": true,
	"readonly": true, "local": true, "return": true, "shift": true, "alias": true,
	"times": true, "read": true, "if": true, "for": true, "while": true, "until": true,
	"case": true, "function": true, "select": true, "time": true, "declare": true,
	"typeset": true, "let": true, "builtin": true, "command": true, "hash": true,
	"getopts": true, "break": true, "continue": true,
}

func checkExecForm(p *lint.Pass) {
	for _, top := range p.Doc.File.Instructions {
		if top.Err != nil {
			continue
		}
		for _, ins := range top.WithTrigger() {
			switch ins.Cmd {
			case "cmd", "entrypoint":
				checkShellForm(p, top, ins)
			}
		}
	}
}

func checkShellForm(p *lint.Pass, top, ins *syntax.Instruction) {
	if ins.JSON {
		return
	}
	text, pos := ins.Rest.Value, ins.Rest.Pos
	what := strings.ToUpper(ins.Cmd)
	if text == "" || execFormCustomShell(p, top) {
		return
	}
	rng := ins.SrcRange(pos, pos+len(text))
	if strings.HasPrefix(text, "[") {
		if strings.HasSuffix(text, "]") {
			if _, _, ok := execElems(text[1 : len(text)-1]); ok {
				return // a malformed exec form: BR016 says what is wrong and fixes it
			}
		}
		p.Report(lint.Diagnostic{
			Range:   rng,
			Message: what + " looks like an exec-form array but is not valid JSON, so it runs in shell form",
		})
		return
	}
	// The default shell: cmd on Windows, told by "# escape=`" or the
	// base image.
	windows := p.Doc.File.Escape == '`' || execFormWindows(p.Doc.StageOf(top))
	var msg string
	if windows {
		msg = what + " in shell form runs under \"cmd /S /C\", which does not pass signals on: use the exec form"
	} else {
		msg = what + " in shell form runs under \"/bin/sh -c\", which does not pass signals on: use the exec form"
	}
	d := lint.Diagnostic{Range: rng, Message: msg}
	if words := execFormWords(text, p.Doc.File.Escape); words != nil {
		// A script without a "#!" line runs under sh but cannot be exec'd.
		safe := !strings.HasSuffix(words[0], ".sh")
		if ins.Cmd == "entrypoint" && safe {
			// Exec form appends CMD to the entrypoint; shell form ignores it.
			safe = top == ins && !execFormStageHasCmd(p, top)
		}
		d.Fixes = append(d.Fixes, lint.Fix{
			Title: "Rewrite " + what + " in exec form",
			Safe:  safe,
			Edits: []lint.Edit{{Range: rng, NewText: execFormArray(words)}},
		})
	} else if !windows {
		// On Windows the shell is not /bin/sh.
		d.Fixes = append(d.Fixes, lint.Fix{
			Title: "Wrap " + what + " in an explicit /bin/sh -c",
			Edits: []lint.Edit{{Range: rng, NewText: execFormArray([]string{"/bin/sh", "-c", text})}},
		})
	}
	p.Report(d)
}

// execFormWords splits text into words when it has no shell syntax at all,
// dropping a leading "exec"; it returns nil when a shell is needed.
func execFormWords(text string, esc byte) []string {
	if strings.ContainsAny(text, execFormShellSyntax) || strings.IndexByte(text, esc) >= 0 {
		return nil
	}
	words := strings.Fields(text)
	for len(words) > 0 && words[0] == "exec" {
		words = words[1:]
	}
	if len(words) == 0 || execFormShellOnly[words[0]] || strings.Contains(words[0], "=") {
		return nil
	}
	return words
}

// execFormCustomShell reports whether a SHELL instruction before ins applies to
// its stage: shell form then deliberately runs through that shell.
func execFormCustomShell(p *lint.Pass, ins *syntax.Instruction) bool {
	st := p.Doc.StageOf(ins)
	for i, s := range st.Ancestors(64) {
		for _, o := range s.Instructions {
			if i == 0 && o.Range.Start >= ins.Range.Start {
				break
			}
			if o.Cmd == "shell" {
				return true
			}
		}
	}
	return false
}

// execFormStageHasCmd reports whether the stage of ins has a CMD instruction.
func execFormStageHasCmd(p *lint.Pass, ins *syntax.Instruction) bool {
	st := p.Doc.StageOf(ins)
	if st == nil {
		return false
	}
	for _, o := range st.Instructions {
		if o.Cmd == "cmd" {
			return true
		}
	}
	return false
}

// execFormWindows reports whether the stage builds on a Windows image.
func execFormWindows(st *lint.Stage) bool {
	for n := 0; st != nil && n < 64; n++ {
		img := strings.ToLower(st.Ref.Path)
		if strings.Contains(img, "windows") || strings.Contains(img, "nanoserver") || strings.Contains(img, "servercore") {
			return true
		}
		st = st.BaseStage
	}
	return false
}
