package main

import (
	"os"
	"os/exec"
	"path/filepath"
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

// TestWarmHeapInitFirst: berth initialises internal/warmheap before the
// packages whose initialisation allocates most (berth's rules, YAML,
// protobuf's descriptors), so that their heap is mapped in one call
// rather than a page fault at a time (GODEBUG=inittrace=1 of the built
// binary gives the order).
func TestWarmHeapInitFirst(t *testing.T) {
	if testing.Short() {
		t.Skip("short: builds berth")
	}
	bin := filepath.Join(t.TempDir(), "berth")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "version")
	cmd.Env = append(os.Environ(), "GODEBUG=inittrace=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("berth version: %v\n%s", err, out)
	}
	order := map[string]int{}
	n := 0
	for line := range strings.Lines(string(out)) {
		if f := strings.Fields(line); len(f) > 1 && f[0] == "init" {
			order[f[1]] = n
			n++
		}
	}
	warm, ok := order["github.com/berth-dev/berth/internal/warmheap"]
	if !ok {
		t.Fatalf("internal/warmheap is not initialised:\n%s", out)
	}
	for _, later := range []string{
		"github.com/berth-dev/berth/rules",
		"github.com/berth-dev/berth/lint/shell",
		"go.yaml.in/yaml/v3",
		"google.golang.org/protobuf/internal/filedesc",
	} {
		if i, ok := order[later]; ok && i < warm {
			t.Errorf("%s is initialised before internal/warmheap", later)
		}
	}
}
