package rules

import (
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"

	"github.com/berth-dev/berth/lint"
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
	var scope *r4Scope
	for _, ins := range doc.File.Instructions {
		outer := ins
		if ins.Cmd == "onbuild" && ins.Sub != nil {
			ins = ins.Sub
		}
		if ins.Cmd != "expose" {
			continue
		}
		st := doc.StageOf(outer)
		for _, w := range ins.Words {
			specs, ok := r3Literal(w.Value, doc.File.Escape)
			list := []string{specs}
			if !ok || strings.ContainsAny(w.Value, " \t") {
				if st == nil || outer != ins {
					continue // ONBUILD runs in another stage's environment
				}
				if scope == nil {
					scope = newR4Scope(doc)
				}
				env := newR4StageEnv(scope, st, ins)
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
				if msg := r3PortProblem(spec); msg != "" {
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
func dl3011Unknown(word string, esc byte, env *r4StageEnv) bool {
	if !env.external {
		return false
	}
	for _, ref := range r4Refs(word, esc) {
		if _, ok := env.Get(ref.Name); !ok {
			return true
		}
	}
	return false
}

// r3PortProblem checks an EXPOSE item exactly as BuildKit's converter
// parses it ([[ip:]host:]port[-end][/proto]) and returns "" when it builds.
func r3PortProblem(spec string) string {
	ip, host, container := r3SplitPort(spec)
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
		raw, _, err := net.SplitHostPort(ip + ":")
		if err != nil {
			return fmt.Sprintf("invalid IP address %q in %q: EXPOSE takes only the container port", ip, spec)
		}
		ip = raw
	}
	if ip != "" && net.ParseIP(ip) == nil {
		return fmt.Sprintf("invalid IP address %q in %q: EXPOSE takes only the container port", ip, spec)
	}
	lo, hi, msg := r3PortRange(port)
	if msg != "" {
		return msg
	}
	if host != "" {
		hlo, hhi, msg := r3PortRange(host)
		if msg != "" {
			return msg
		}
		if hi-lo != hhi-hlo && hi != lo {
			return fmt.Sprintf("port ranges %q and %q differ in size: EXPOSE takes only the container port", port, host)
		}
	}
	return ""
}

// r3SplitPort splits an EXPOSE item on ':' as BuildKit does.
func r3SplitPort(spec string) (ip, host, container string) {
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

func r3PortRange(s string) (lo, hi int64, msg string) {
	if s == "" {
		return 0, 0, "missing port number"
	}
	start, end, isRange := strings.Cut(s, "-")
	lo, msg = r3PortNumber(start)
	if msg != "" || !isRange || start == end {
		return lo, lo, msg
	}
	hi, msg = r3PortNumber(end)
	if msg != "" {
		return 0, 0, msg
	}
	if hi < lo {
		return 0, 0, fmt.Sprintf("port range %q ends before it starts", s)
	}
	return lo, hi, ""
}

func r3PortNumber(s string) (int64, string) {
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
