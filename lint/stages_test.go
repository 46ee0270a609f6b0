package lint

import (
	"fmt"
	"strings"
	"testing"
)

func TestStageChains(t *testing.T) {
	doc := NewDocument("Dockerfile", []byte(`FROM alpine AS a
FROM a AS b
USER app
FROM b AS c
FROM debian AS d
FROM scratch
`))
	names := func(ss []*Stage) string {
		var out []string
		for _, s := range ss {
			out = append(out, fmt.Sprint(s.Index))
		}
		return strings.Join(out, ",")
	}
	a, b, c, d := doc.Stages[0], doc.Stages[1], doc.Stages[2], doc.Stages[3]
	if a.Base() != nil || b.Base() != a || c.Base() != b || d.Base() != nil {
		t.Errorf("Base: %v %v %v %v", a.Base(), b.Base(), c.Base(), d.Base())
	}
	if got := names(c.Ancestors(0)); got != "2,1,0" {
		t.Errorf("c.Ancestors(0) = %s, want 2,1,0", got)
	}
	if got := names(c.Ancestors(2)); got != "2,1" {
		t.Errorf("c.Ancestors(2) = %s, want 2,1", got)
	}
	if got := names(d.Ancestors(0)); got != "3" {
		t.Errorf("d.Ancestors(0) = %s, want 3", got)
	}
	if doc.RootStage(c) != a || doc.RootStage(a) != a || doc.RootStage(d) != d {
		t.Error("RootStage: want a for c and a, d for d")
	}
	user := doc.Inherited(func(st *Stage) bool {
		for _, ins := range st.Instructions {
			if ins.Cmd == "user" {
				return true
			}
		}
		return false
	})
	if fmt.Sprint(user) != "[false true true false false]" {
		t.Errorf("Inherited(USER) = %v", user)
	}
}

// TestStageChainLong: a chain of many stages is walked in linear time by
// RootStage and Inherited, and Ancestors honours its limit.
func TestStageChainLong(t *testing.T) {
	var b strings.Builder
	b.WriteString("FROM alpine AS s0\n")
	for i := 1; i < 5000; i++ {
		fmt.Fprintf(&b, "FROM s%d AS s%d\n", i-1, i)
	}
	doc := NewDocument("Dockerfile", []byte(b.String()))
	last := doc.Stages[len(doc.Stages)-1]
	if doc.RootStage(last) != doc.Stages[0] {
		t.Fatal("RootStage of the last stage is not the first")
	}
	if n := len(last.Ancestors(64)); n != 64 {
		t.Errorf("len(Ancestors(64)) = %d", n)
	}
	if n := len(last.Ancestors(0)); n != 5000 {
		t.Errorf("len(Ancestors(0)) = %d", n)
	}
}

// TestAncestorsWithoutStage: an instruction before the first FROM has no
// stage; asking for its chain gives none (DL3025 crashed on the parser's
// invalid-json test files, CMD with no FROM).
func TestAncestorsWithoutStage(t *testing.T) {
	doc := NewDocument("Dockerfile", []byte("CMD [\"echo\", 'hi']\n"))
	if got := doc.StageOf(doc.File.Instructions[0]).Ancestors(64); got != nil {
		t.Errorf("Ancestors of no stage = %v, want nil", got)
	}
}

func TestStageRefsAndUse(t *testing.T) {
	doc := NewDocument("Dockerfile", []byte(`FROM alpine AS deps
FROM alpine AS Tools
FROM alpine AS unused
FROM alpine AS cache
FROM deps AS build
COPY --from=tools /bin/x /bin/x
RUN --mount=type=cache,from=3,target=/c make
COPY --from="nginx:1" /etc/nginx /etc/nginx
FROM scratch
COPY --from=build /out /
`))
	for ref, want := range map[string]int{"deps": 0, "TOOLS": 1, "3": 3, "7": -1, "-1": -1, "nginx:1": -1} {
		got := -1
		if s := doc.StageByRef(ref); s != nil {
			got = s.Index
		}
		if got != want {
			t.Errorf("StageByRef(%q) = stage %d, want %d", ref, got, want)
		}
	}
	if got := fmt.Sprint(doc.UsedStages()); got != "[true true false true true false]" {
		t.Errorf("UsedStages() = %s", got)
	}
}

func TestExternalImageAndPlatform(t *testing.T) {
	doc := NewDocument("Dockerfile", []byte("ARG V\nFROM --platform=\"linux/arm64\" alpine:3.20 AS a\nFROM a\nFROM scratch\nFROM --platform=$BUILDPLATFORM alpine:$V\n"))
	for i, want := range []struct {
		external bool
		platform string
	}{{true, "linux/arm64"}, {false, ""}, {false, ""}, {false, ""}} {
		st := doc.Stages[i]
		if st.ExternalImage() != want.external || st.LiteralPlatform() != want.platform {
			t.Errorf("stage %d: ExternalImage %v, LiteralPlatform %q; want %v, %q", i, st.ExternalImage(), st.LiteralPlatform(), want.external, want.platform)
		}
	}
}

// TestShellPragma: "# hadolint shell=NAME" sets the shell of the RUNs as
// hadolint does: before the first FROM, the default of every stage; in a
// stage, from there to its end (and in the stages built on it); above a
// FROM, that stage. A SHELL instruction after it wins, and the reverse.
func TestShellPragma(t *testing.T) {
	src := `# hadolint shell=pwsh
FROM a AS base
RUN one
# hadolint shell=bash
RUN two
FROM base AS child
RUN three
FROM other
RUN four
SHELL ["/bin/sh", "-c"]
RUN five
# berth shell=cmd # Windows
RUN six
# hadolint shell=powershell
FROM win AS w
RUN seven
`
	doc := NewDocument("Dockerfile", []byte(src))
	want := map[string]string{
		"one": "pwsh", "two": "bash", "three": "bash", "four": "pwsh",
		"five": "/bin/sh -c", "six": "cmd", "seven": "powershell",
	}
	for _, ins := range doc.File.Instructions {
		if ins.Cmd != "run" {
			continue
		}
		if got := strings.Join(doc.ShellOf(ins), " "); got != want[ins.Rest.Value] {
			t.Errorf("RUN %s: shell %q, want %q", ins.Rest.Value, got, want[ins.Rest.Value])
		}
		_, posix := doc.Dialect(ins)
		if wantPosix := ins.Rest.Value == "two" || ins.Rest.Value == "three" || ins.Rest.Value == "five"; posix != wantPosix {
			t.Errorf("RUN %s: POSIX %v, want %v", ins.Rest.Value, posix, wantPosix)
		}
	}

	// In a stage, the pragma applies from its line on, and only there.
	doc = NewDocument("Dockerfile", []byte("FROM a\nRUN before\n# hadolint shell=pwsh\nRUN after\nFROM b\nRUN next\n"))
	for _, ins := range doc.File.Instructions {
		if ins.Cmd != "run" {
			continue
		}
		if _, posix := doc.Dialect(ins); posix != (ins.Rest.Value != "after") {
			t.Errorf("RUN %s: POSIX %v", ins.Rest.Value, posix)
		}
	}
}

func TestPreamble(t *testing.T) {
	doc := NewDocument("Dockerfile", []byte("ARG A\nRUN x\n# c\nARG B\nFROM a\nRUN y\n"))
	var got []string
	for _, ins := range doc.Preamble() {
		got = append(got, ins.Cmd)
	}
	if strings.Join(got, ",") != "arg,run,arg" {
		t.Errorf("Preamble = %v", got)
	}
	if n := len(NewDocument("Dockerfile", []byte("FROM a\nARG A\n")).Preamble()); n != 0 {
		t.Errorf("Preamble of a file starting with FROM has %d instructions", n)
	}
	if n := len(NewDocument("Dockerfile", []byte("ARG A\nRUN x\n")).Preamble()); n != 2 {
		t.Errorf("Preamble of a file without FROM has %d instructions, want 2", n)
	}
}
