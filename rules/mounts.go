package rules

// RUN --mount: the mounts of a RUN and whether a cache or tmpfs mount
// covers a directory.

import (
	"path"
	"strings"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/syntax"
)

// runMount is one --mount flag of a RUN.
type runMount struct {
	Type, Target, From string
}

// runMounts parses the --mount flags of a RUN.
func runMounts(run *syntax.Instruction) []runMount {
	var out []runMount
	for _, f := range run.Flags {
		if f.Name != "mount" {
			continue
		}
		m := runMount{Type: "bind"}
		for _, part := range strings.Split(lint.Unquote(f.Value), ",") {
			k, v, _ := strings.Cut(strings.TrimSpace(part), "=")
			v = lint.Unquote(v)
			switch strings.ToLower(k) {
			case "type":
				m.Type = strings.ToLower(v)
			case "target", "dst", "destination":
				m.Target = v
			case "from":
				m.From = v
			}
		}
		out = append(out, m)
	}
	return out
}

// mountCovers reports whether a cache or tmpfs mount of the RUN holds
// dir: its target is dir or a folder above it. Files written there stay
// out of the layer.
func mountCovers(run *syntax.Instruction, dirs ...string) bool {
	for _, m := range runMounts(run) {
		if m.Type != "cache" && m.Type != "tmpfs" || m.Target == "" {
			continue
		}
		t := path.Clean(m.Target)
		for _, d := range dirs {
			if pathUnder(d, t) {
				return true
			}
		}
	}
	return false
}

// mountHolds reports whether a cache or tmpfs mount of the RUN has a
// target whose path contains one of parts, as ".cache/pip" in
// /root/.cache/pip or /home/app/.cache/pip.
func mountHolds(run *syntax.Instruction, parts ...string) bool {
	for _, m := range runMounts(run) {
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
