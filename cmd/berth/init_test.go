package main

import (
	"os/exec"
	"strings"
	"testing"
)

// slowInit are packages berth does without because their initialisation
// costs every start (issue 10), with what it uses instead: the reference
// library compiles its regular expressions at init, 0.6 ms of each
// "berth lint"; containerd's platforms and BuildKit's dfgitutil bring a
// logger and an SSH client, 1.5 ms of each start together.
var slowInit = map[string]string{
	"github.com/distribution/reference":                      "lint/syntax.ParseNormalizedNamed reads references the same way",
	"github.com/containerd/platforms":                        "rules/internal/buildref.ParsePlatform reads platforms the same way",
	"github.com/moby/buildkit/frontend/dockerfile/dfgitutil": "rules/internal/buildref.ParseGitRef reads git sources the same way",
	"golang.org/x/crypto/ssh":                                "nothing: berth lint opens no SSH connection",
	"github.com/sirupsen/logrus":                             "nothing: berth lint logs nothing",
}

// TestLinksNoSlowInit fails when berth links a package of slowInit, and
// says through which import.
func TestLinksNoSlowInit(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "-f", `{{.ImportPath}}{{range .Imports}} {{.}}{{end}}`, ".").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	importers := map[string][]string{}
	for line := range strings.Lines(string(out)) {
		f := strings.Fields(line)
		for _, imp := range f[min(1, len(f)):] {
			importers[imp] = append(importers[imp], f[0])
		}
	}
	for p, instead := range slowInit {
		if by := importers[p]; len(by) > 0 {
			t.Errorf("berth links %s (imported by %s), whose init slows every start: %s", p, strings.Join(by, ", "), instead)
		}
	}
}
