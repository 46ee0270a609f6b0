package rules

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/berth-dev/berth/lint"
)

// DL3011 reports EXPOSE ports that are not valid port numbers.
var DL3011 = &lint.Rule{
	Code:     "DL3011",
	Name:     "expose-invalid-port",
	Title:    "Expose only valid port numbers",
	Severity: lint.Error,
	Fix:      lint.NoFix,
	Check:    checkExposePorts,
}

func checkExposePorts(p *lint.Pass) {
	for _, ins := range p.Doc.File.Instructions {
		if ins.Cmd == "onbuild" && ins.Sub != nil {
			ins = ins.Sub
		}
		if ins.Cmd != "expose" {
			continue
		}
		for _, w := range ins.Words {
			spec, ok := r3Literal(w.Value, p.Doc.File.Escape)
			if !ok {
				continue
			}
			if msg := r3PortProblem(spec); msg != "" {
				p.Report(lint.Diagnostic{Range: w.Range, Message: msg})
			}
		}
	}
}

// r3PortProblem checks an EXPOSE item the way the builder parses it:
// [[ip:]host:]port[-end][/proto]. It returns "" when the item is valid.
func r3PortProblem(spec string) string {
	parts := strings.Split(spec, ":")
	container := parts[len(parts)-1]
	port, proto, _ := strings.Cut(container, "/")
	switch strings.ToLower(proto) {
	case "", "tcp", "udp", "sctp":
	default:
		return fmt.Sprintf("unknown protocol %q in %q: use tcp, udp or sctp", proto, spec)
	}
	if msg := r3PortRange(port); msg != "" {
		return msg
	}
	if len(parts) >= 2 {
		return r3PortRange(parts[len(parts)-2])
	}
	return ""
}

func r3PortRange(s string) string {
	if s == "" {
		return "missing port number"
	}
	start, end, isRange := strings.Cut(s, "-")
	lo, msg := r3PortNumber(start)
	if msg != "" || !isRange || start == end {
		return msg
	}
	hi, msg := r3PortNumber(end)
	if msg != "" {
		return msg
	}
	if hi < lo {
		return fmt.Sprintf("port range %q ends before it starts", s)
	}
	return ""
}

func r3PortNumber(s string) (int64, string) {
	n, err := strconv.ParseInt(s, 10, 0)
	switch {
	case errors.Is(err, strconv.ErrRange) || err == nil && (n < 0 || n > 65535):
		return 0, fmt.Sprintf("port %q is out of range: ports go from 0 to 65535", s)
	case err != nil:
		return 0, fmt.Sprintf("%q is not a port number", s)
	}
	return n, ""
}
