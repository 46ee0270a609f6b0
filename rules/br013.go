package rules

import (
	"fmt"
	"strings"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/syntax"
)

// BR013 reports an EXPOSE port with an IP address or a host port.
var BR013 = &lint.Rule{
	Code:     "BR013",
	Name:     "expose-invalid-format",
	Aliases:  []string{"ExposeInvalidFormat"},
	Title:    "Expose container ports only, without host mapping",
	Severity: lint.Warning,
	Fix:      lint.SometimesFix,
	Check:    checkBR013,
}

func checkBR013(p *lint.Pass) {
	eachPort(p, func(ins *syntax.Instruction, w syntax.Token, port exposedPort, literal bool) {
		if port.ip == "" && port.host == "" {
			return
		}
		what := "a host port"
		if port.ip != "" {
			what = "an IP address"
		}
		d := lint.Diagnostic{
			Range:   w.Range,
			Message: fmt.Sprintf("port %q has %s: EXPOSE takes only the container port, publish it with \"docker run -p\"", port.raw, what),
		}
		if literal && protoOK(port.proto) && isPortRange(port.container) {
			keep := w.Value[strings.LastIndexByte(w.Value, ':')+1:]
			// The builder keeps the container port and drops the rest, so
			// removing the rest is safe when it would not fail the build.
			safe := isPortRange(port.host) && (port.ip == "" || validIP(port.ip))
			d.Fixes = []lint.Fix{{
				Title: fmt.Sprintf("Keep only the container port %q", keep),
				Safe:  safe,
				Edits: []lint.Edit{{Range: w.Range, NewText: keep}},
			}}
		}
		p.Report(d)
	})
}

func protoOK(p string) bool { return p == "" || validProto(p) }
