package rules

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/syntax"
)

// DL3011 reports EXPOSE ports that are not valid port numbers, once
// variables are expanded, the way BuildKit parses them.
var DL3011 = &lint.Rule{
	Code:     "DL3011",
	Name:     "expose-invalid-port",
	Title:    "Expose only valid port numbers",
	Severity: lint.Error,
	Fix:      lint.NoFix,
	Check:    checkExposePorts,
}

func checkExposePorts(p *lint.Pass) {
	doc := p.Doc
	var scope *varScope
	for _, ins := range doc.File.Instructions {
		outer := ins
		if ins.Cmd == "onbuild" && ins.Sub != nil {
			ins = ins.Sub
		}
		if ins.Cmd != "expose" {
			continue
		}
		st := doc.StageOf(outer)
		for _, w := range ins.Words() {
			specs, ok := syntax.Literal(w.Value, doc.File.Escape)
			list := []string{specs}
			if !ok || strings.ContainsAny(w.Value, " \t") {
				if st == nil || outer != ins {
					continue // ONBUILD runs in another stage's environment
				}
				if scope == nil {
					scope = newVarScope(doc)
				}
				env := newStageEnv(scope, st, ins)
				if dl3011Unknown(w.Value, doc.File.Escape, env) {
					continue // a variable the base image may set
				}
				words, cut, err := doc.ExpandWords(scope.lexer(0), w.Value, env)
				if err != nil || cut {
					continue // BR030 reports what does not expand
				}
				list = words
			}
			for _, spec := range list {
				if msg := exposePortProblem(spec); msg != "" {
					if spec != w.Value {
						msg = fmt.Sprintf("%s (%s expands to %q)", msg, w.Value, spec)
					}
					p.Report(lint.Diagnostic{Range: w.Range, Message: msg})
					break
				}
			}
		}
	}
}

// dl3011Unknown reports whether word uses a variable that the file does
// not define in a stage built on an image, whose environment may.
func dl3011Unknown(word string, esc byte, env *stageEnv) bool {
	if !env.external {
		return false
	}
	for _, ref := range syntax.VarRefs(word, esc) {
		if _, ok := env.Get(ref.Name); !ok {
			return true
		}
	}
	return false
}

// exposePortProblem checks an EXPOSE item exactly as BuildKit's converter
// parses it ([[ip:]host:]port[-end][/proto]) and returns "" when it builds.
func exposePortProblem(spec string) string {
	ip, host, container := splitExposePort(spec)
	port, proto, _ := strings.Cut(container, "/")
	if port == "" {
		return fmt.Sprintf("%q has no port number: write the container port, such as 8080 or 8080/tcp", spec)
	}
	switch strings.ToLower(proto) {
	case "", "tcp", "udp", "sctp":
	default:
		return fmt.Sprintf("unknown protocol %q in %q: use tcp, udp or sctp", proto, spec)
	}
	if ip != "" && ip[0] == '[' {
		raw, ok := unbracket(ip)
		if !ok {
			return fmt.Sprintf("invalid IP address %q in %q: EXPOSE takes only the container port", ip, spec)
		}
		ip = raw
	}
	if ip != "" && !isIP(ip) {
		return fmt.Sprintf("invalid IP address %q in %q: EXPOSE takes only the container port", ip, spec)
	}
	lo, hi, msg := exposePortRange(port)
	if msg != "" {
		return msg
	}
	if host != "" {
		hlo, hhi, msg := exposePortRange(host)
		if msg != "" {
			return msg
		}
		if hi-lo != hhi-hlo && hi != lo {
			return fmt.Sprintf("port ranges %q and %q differ in size: EXPOSE takes only the container port", port, host)
		}
	}
	return ""
}

// splitExposePort splits an EXPOSE item on ':' as BuildKit does.
func splitExposePort(spec string) (ip, host, container string) {
	parts := strings.Split(spec, ":")
	switch n := len(parts); n {
	case 1:
		return "", "", parts[0]
	case 2:
		return "", parts[0], parts[1]
	default:
		return strings.Join(parts[:n-2], ":"), parts[n-2], parts[n-1]
	}
}

func exposePortRange(s string) (lo, hi int64, msg string) {
	if s == "" {
		return 0, 0, "missing port number"
	}
	start, end, isRange := strings.Cut(s, "-")
	lo, msg = exposePortNumber(start)
	if msg != "" || !isRange || start == end {
		return lo, lo, msg
	}
	hi, msg = exposePortNumber(end)
	if msg != "" {
		return 0, 0, msg
	}
	if hi < lo {
		return 0, 0, fmt.Sprintf("port range %q ends before it starts", s)
	}
	return lo, hi, ""
}

func exposePortNumber(s string) (int64, string) {
	if s == "" {
		return 0, "missing port number"
	}
	n, err := strconv.ParseInt(s, 10, 0)
	switch {
	case errors.Is(err, strconv.ErrRange) || err == nil && (n < 0 || n > 65535):
		return 0, fmt.Sprintf("port %q is out of range: ports go from 0 to 65535", s)
	case err != nil:
		return 0, fmt.Sprintf("%q is not a port number", s)
	}
	return n, ""
}
