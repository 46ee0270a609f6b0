package rules

import (
	"fmt"
	"strings"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/syntax"
)

// BR012 reports an EXPOSE protocol that is not lowercase.
var BR012 = &lint.Rule{
	Code:     "BR012",
	Name:     "expose-proto-casing",
	Aliases:  []string{"ExposeProtoCasing"},
	Title:    "Write EXPOSE protocols in lowercase",
	Severity: lint.Warning,
	Fix:      lint.SometimesFix,
	Check:    checkBR012,
}

func checkBR012(p *lint.Pass) {
	eachPort(p, func(ins *syntax.Instruction, w syntax.Token, port exposedPort, literal bool) {
		if port.proto == strings.ToLower(port.proto) || !validProto(port.proto) {
			return
		}
		d := lint.Diagnostic{
			Range:   w.Range,
			Message: fmt.Sprintf("protocol %q of port %q is not lowercase", port.proto, port.raw),
		}
		if literal {
			at := w.Pos + strings.LastIndexByte(w.Value, '/') + 1
			r := ins.SrcRange(at, w.Pos+len(w.Value))
			d.Range = r
			d.Fixes = []lint.Fix{{
				Title: fmt.Sprintf("Write %q", strings.ToLower(port.proto)),
				Safe:  true,
				Edits: []lint.Edit{{Range: r, NewText: strings.ToLower(port.proto)}},
			}}
		}
		p.Report(d)
	})
}

func validProto(p string) bool {
	switch strings.ToLower(p) {
	case "tcp", "udp", "sctp":
		return true
	}
	return false
}

// exposedPort is one EXPOSE port split as BuildKit splits it:
// [ip:][hostPort:]containerPort[/proto].
type exposedPort struct {
	raw, ip, host, container, proto string
}

func splitPort(raw string) exposedPort {
	p := exposedPort{raw: raw}
	parts := strings.Split(raw, ":")
	switch n := len(parts); n {
	case 1:
		p.container = parts[0]
	case 2:
		p.host, p.container = parts[0], parts[1]
	default:
		p.ip, p.host, p.container = strings.Join(parts[:n-2], ":"), parts[n-2], parts[n-1]
	}
	p.container, p.proto, _ = strings.Cut(p.container, "/")
	return p
}

// eachPort calls fn for every port of every EXPOSE, after expanding
// variables as the builder does. literal is true when the word is written
// without variables, quotes or escapes, so its text can be edited.
func eachPort(p *lint.Pass, fn func(ins *syntax.Instruction, w syntax.Token, port exposedPort, literal bool)) {
	doc := p.Doc
	// An EXPOSE before the first FROM is in no stage (the build stops
	// there, BR030) and has no variables: its literal ports are checked.
	for _, ins := range doc.Preamble() {
		if ins.Cmd != "expose" {
			continue
		}
		for _, w := range ins.Words() {
			if !strings.ContainsAny(w.Value, `$"'`) && !strings.Contains(w.Value, string(doc.File.Escape)) {
				fn(ins, w, splitPort(w.Value), true)
			}
		}
	}
	scope := newVarScope(doc)
	for _, st := range doc.Stages {
		for _, ins := range st.Instructions {
			if ins.Cmd != "expose" {
				continue
			}
			var env *stageEnv
			for _, w := range ins.Words() {
				literal := !strings.ContainsAny(w.Value, `$"'`) && !strings.Contains(w.Value, string(doc.File.Escape))
				ports := []string{w.Value}
				if !literal {
					if env == nil {
						env = newStageEnv(scope, st, ins)
					}
					words, _, err := doc.ExpandWords(scope.lexer(0), w.Value, env)
					if err != nil {
						continue
					}
					ports = words
				}
				for _, raw := range ports {
					fn(ins, w, splitPort(raw), literal)
				}
			}
		}
	}
}

// isPortRange reports whether s is a port or a port range.
func isPortRange(s string) bool {
	a, b, _ := strings.Cut(s, "-")
	return isPortNumber(a) && (b == "" && !strings.Contains(s, "-") || isPortNumber(b))
}

func isPortNumber(s string) bool {
	if s == "" || len(s) > 5 {
		return false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n <= 65535
}

func validIP(ip string) bool {
	if strings.HasPrefix(ip, "[") && strings.HasSuffix(ip, "]") {
		ip = ip[1 : len(ip)-1]
	}
	return isIP(ip)
}
