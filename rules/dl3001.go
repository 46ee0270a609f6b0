package rules

import (
	"github.com/berth-dev/berth/lint"
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
