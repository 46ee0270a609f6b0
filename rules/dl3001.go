package rules

import (
	"slices"
	"strings"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/syntax"
)

// DL3001 reports commands that make no sense in a build step: interactive
// tools, service managers and commands that inspect or change the host.
var DL3001 = &lint.Rule{
	Code:     "DL3001",
	Name:     "pointless-command",
	Title:    "Avoid commands meant for interactive or host use",
	Severity: lint.Info,
	Fix:      lint.NoFix,
	Check:    checkPointlessCommands,
}

// pointlessCommands maps each command DL3001 looks for to why it is out of
// place in a RUN.
var pointlessCommands = map[string]string{
	"ssh":      "reaches a remote host at build time, which makes the build depend on it and changes nothing in the image by itself",
	"vim":      "waits for a terminal that a build step does not have",
	"shutdown": "cannot stop anything from inside a build container",
	"service":  "manages daemons of the build container, which stop when the RUN ends: start services from CMD or ENTRYPOINT",
	"ps":       "lists the processes of the build step, not of the running container",
	"free":     "reports the memory of the build host, not of the image",
	"top":      "is interactive and reports the build host, not the image",
	"kill":     "only reaches processes of the same build step, which end with it anyway",
	"mount":    "shows or changes the mounts of the build container, which do not persist into the image",
	"ifconfig": "reports the network of the build container, not of the running one",
}

var pointlessNames = func() []string {
	var names []string
	for n := range pointlessCommands {
		names = append(names, n)
	}
	return names
}()

func checkPointlessCommands(p *lint.Pass) {
	// Names such as ps and top are in many words (https, stop): the RUNs
	// that may call them hold them as words.
	eachRunCalling(p, true, pointlessNames, func(r runScript) {
		for c := range r.Script.Calls(pointlessNames...) {
			p.Report(lint.Diagnostic{
				Range:   r.fileRange(c.Name.Range),
				Message: "\"" + c.Base() + "\" " + pointlessCommands[c.Base()],
			})
		}
	})
}

// mentionsWord reports whether the text of a RUN or of its heredocs
// holds one of names as a word of its own: after the start, a blank, an
// operator or a slash, and before a blank, an operator or the end.
func mentionsWord(ins, run *syntax.Instruction, names []string) bool {
	return anyRunText(ins, run, func(t string) bool { return hasWord(t, names) })
}

// hasWord reports whether text holds one of names (words without the
// separators of wordSep) as a word of its own.
func hasWord(text string, names []string) bool {
	if len(names) <= 4 {
		// A few names: search each (strings.Index is fast), then look at
		// what is around it.
		for _, n := range names {
			for i := 0; n != ""; {
				j := strings.Index(text[i:], n)
				if j < 0 {
					break
				}
				j += i
				e := j + len(n)
				if (j == 0 || wordSep[text[j-1]]) && (e == len(text) || wordSep[text[e]]) {
					return true
				}
				i = j + 1
			}
		}
		return false
	}
	// Many names: look each word up among them.
	lo, hi := len(text)+1, 0 // the shortest and longest name
	for _, n := range names {
		lo, hi = min(lo, len(n)), max(hi, len(n))
	}
	lo = max(lo, 1) // an empty name matches nothing
	for i := 0; i < len(text); {
		// i is at the start of a word; find its end.
		end := i
		for end < len(text) && !wordSep[text[end]] {
			end++
		}
		if end-i >= lo && end-i <= hi && slices.Contains(names, text[i:end]) {
			return true
		}
		i = end + 1
	}
	return false
}

// wordSep marks the bytes that end a word for hasWord.
var wordSep = func() (t [256]bool) {
	for _, c := range []byte(" \t\n;&|()`\"'/<>$={}") {
		t[c] = true
	}
	return t
}()
