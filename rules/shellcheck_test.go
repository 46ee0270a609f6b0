package rules

import (
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"github.com/berth-dev/berth/lint"
)

// scReal is the lookup of the real shellcheck. The package's other tests
// (the fixture harness) run BR017 as if shellcheck were not installed, so
// that they give the same result on every machine: fixtures/rules/BR017
// covers the diagnostic for a missing shellcheck, and the tests below run
// the real program.
var scReal = scFind

func init() {
	scFind = func() (string, error) { return "", exec.ErrNotFound }
}

// needShellCheck makes BR017 use the real shellcheck for the test, which
// is skipped when shellcheck is not installed, and fails then when
// BERTH_REQUIRE_SHELLCHECK=1 (as in CI).
func needShellCheck(t *testing.T) {
	t.Helper()
	if _, err := scReal(); err != nil {
		if os.Getenv("BERTH_REQUIRE_SHELLCHECK") == "1" {
			t.Fatalf("BERTH_REQUIRE_SHELLCHECK=1 but shellcheck is not usable: %v", err)
		}
		t.Skip("shellcheck is not installed")
	}
	saved := scFind
	scFind = scReal
	t.Cleanup(func() { scFind = saved })
}

// scFinding is a diagnostic as the tests compare it.
type scFinding struct {
	Code, Text string // Text is the source the range covers
	Line, Col  int
	Severity   lint.Severity
	Message    string
	Fixes      int
}

func lintSC(t *testing.T, src string, cfg *lint.Config) []scFinding {
	t.Helper()
	if cfg == nil {
		cfg = &lint.Config{}
	}
	doc := lint.NewDocument("Dockerfile", []byte(src))
	var out []scFinding
	for _, d := range lint.Run(doc, []*lint.Rule{BR017}, cfg) {
		l, c := doc.File.LineCol(d.Range.Start)
		out = append(out, scFinding{Code: d.Code, Text: src[d.Range.Start:d.Range.End], Line: l, Col: c, Severity: d.Severity, Message: d.Message, Fixes: len(d.Fixes)})
	}
	return out
}

// find returns the findings of code.
func find(fs []scFinding, code string) []scFinding {
	var out []scFinding
	for _, f := range fs {
		if f.Code == code {
			out = append(out, f)
		}
	}
	return out
}

func TestShellCheckMultiLineRun(t *testing.T) {
	needShellCheck(t)
	src := "FROM debian:bookworm-slim\n" +
		"RUN set -e; \\\n" +
		"    # a comment line, dropped by the builder\n" +
		"    mkdir -p /opt/app && \\\n" +
		"\tcp /tmp/x.conf $target && \\\n" +
		"    echo \"é\" $other\n"
	fs := lintSC(t, src, nil)
	got := find(fs, "SC2086")
	if len(got) != 2 {
		t.Fatalf("want 2 SC2086 findings, got %+v", fs)
	}
	// Line 5 starts with a tab; line 6 has a two-byte character before
	// the finding: columns are counted in bytes of the file.
	if f := got[0]; f.Line != 5 || f.Col != 17 || f.Text != "$target" {
		t.Errorf("first finding at %d:%d on %q, want 5:17 on $target", f.Line, f.Col, f.Text)
	}
	if f := got[1]; f.Line != 6 || f.Col != 15 || f.Text != "$other" {
		t.Errorf("second finding at %d:%d on %q, want 6:15 on $other", f.Line, f.Col, f.Text)
	}
	if got[0].Severity != lint.Info || got[0].Fixes != 1 {
		t.Errorf("SC2086 should be info with a fix: %+v", got[0])
	}
	if m := got[0].Message; m != "double quote to prevent globbing and word splitting" {
		t.Errorf("message %q", m)
	}
	// $target and $other are lowercase and unset: SC2154 too.
	if n := len(find(fs, "SC2154")); n != 2 {
		t.Errorf("want 2 SC2154, got %+v", fs)
	}
}

func TestShellCheckVariablesFromDockerfile(t *testing.T) {
	needShellCheck(t)
	src := `FROM debian:bookworm-slim AS base
ENV app_home=/srv
FROM base
ARG version
ARG TARGETARCH
RUN echo "$version $app_home $http_proxy $TARGETARCH $unknown"
`
	fs := find(lintSC(t, src, nil), "SC2154")
	if len(fs) != 1 || fs[0].Text != "$unknown" {
		t.Errorf("only $unknown should be unset (ARG, inherited ENV and proxies are declared): %+v", fs)
	}
}

func TestShellCheckDialect(t *testing.T) {
	needShellCheck(t)
	src := `FROM debian:bookworm-slim
RUN [[ -f /etc/os-release ]] && echo ok
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN [[ -f /etc/os-release ]] && echo ok
FROM debian:bookworm-slim
SHELL ["/usr/bin/env", "ksh", "-c"]
RUN [[ -f /etc/os-release ]] && echo ok
FROM debian:bookworm-slim
SHELL ["zsh", "-c"]
RUN echo $unquoted
FROM mcr.microsoft.com/windows/servercore:ltsc2022
SHELL ["powershell", "-Command"]
RUN Write-Host $env:PATH
`
	fs := lintSC(t, src, nil)
	if len(fs) != 1 || fs[0].Code != "SC3010" || fs[0].Line != 2 {
		t.Errorf("want only SC3010 ([[ in POSIX sh) on line 2, got %+v", fs)
	}
}

func TestShellCheckHeredocs(t *testing.T) {
	needShellCheck(t)
	src := `FROM debian:bookworm-slim
RUN <<EOF
set -e
cd /tmp
echo $one
EOF
RUN <<EOF
#!/usr/bin/env python3
print("$two")
EOF
RUN <<EOF
#!/bin/bash
[[ -n $HOME ]] && echo $three
EOF
RUN cat <<EOF > /etc/motd && echo $four
hello $five
EOF
RUN ["sh", "-c", "echo $six"]
ONBUILD RUN echo $seven
`
	var got []string
	for _, f := range find(lintSC(t, src, nil), "SC2154") {
		got = append(got, f.Text+"@"+strconv.Itoa(f.Line))
	}
	want := "$one@5 $three@13 $four@15 $five@16 $seven@19"
	if strings.Join(got, " ") != want {
		t.Errorf("SC2154 on %v, want %s", got, want)
	}
}

func TestShellCheckSuppression(t *testing.T) {
	needShellCheck(t)
	src := `FROM debian:bookworm-slim
ARG x
# hadolint ignore=SC2086
RUN echo $x
RUN echo $x
RUN <<EOF
# shellcheck disable=SC2086
echo $x
EOF
`
	fs := lintSC(t, src, nil)
	if len(fs) != 1 || fs[0].Code != "SC2086" || fs[0].Line != 5 {
		t.Errorf("want one SC2086 on line 5, got %+v", fs)
	}
	if fs := lintSC(t, src, &lint.Config{Ignore: []string{"SC2086"}}); len(fs) != 0 {
		t.Errorf("--ignore SC2086 left %+v", fs)
	}
	cfg := &lint.Config{Severity: map[string]lint.Severity{"sc2086": lint.Error}}
	if fs := lintSC(t, src, cfg); len(fs) != 1 || fs[0].Severity != lint.Error {
		t.Errorf("severity override of SC2086: %+v", fs)
	}
	cfg = &lint.Config{Severity: map[string]lint.Severity{"shellcheck": lint.Style}}
	if fs := lintSC(t, src, cfg); len(fs) != 1 || fs[0].Severity != lint.Style {
		t.Errorf("severity override of BR017: %+v", fs)
	}
	off := false
	if fs := lintSC(t, src, &lint.Config{ShellCheck: &off}); len(fs) != 0 {
		t.Errorf("ShellCheck off still reports %+v", fs)
	}
}

func TestShellCheckFix(t *testing.T) {
	needShellCheck(t)
	src := "FROM debian:bookworm-slim\nARG dir\nRUN mkdir -p $dir && \\\n    cp a $dir/\n"
	doc := lint.NewDocument("Dockerfile", []byte(src))
	diags := lint.Run(doc, []*lint.Rule{BR017}, &lint.Config{})
	if edits := lint.SelectFixes(diags, false); len(edits) != 0 {
		t.Errorf("ShellCheck's fixes must not be safe: %v", edits)
	}
	fixed, err := lint.Apply([]byte(src), lint.SelectFixes(diags, true))
	if err != nil {
		t.Fatal(err)
	}
	want := "FROM debian:bookworm-slim\nARG dir\nRUN mkdir -p \"$dir\" && \\\n    cp a \"$dir\"/\n"
	if string(fixed) != want {
		t.Errorf("fixed:\n%s\nwant:\n%s", fixed, want)
	}
}

func TestShellCheckCacheAndBatch(t *testing.T) {
	needShellCheck(t)
	var b strings.Builder
	b.WriteString("FROM debian:bookworm-slim\n")
	for i := 0; i < scBatch+20; i++ {
		b.WriteString("RUN echo $v" + strings.Repeat("x", i%7) + " " + strings.Repeat("a", i) + "\n")
	}
	first := lintSC(t, b.String(), nil)
	if n := len(find(first, "SC2154")); n != scBatch+20 {
		t.Fatalf("want %d SC2154 over two batches, got %d", scBatch+20, n)
	}
	saved := scFind
	scFind = func() (string, error) { return "/nonexistent/shellcheck", nil }
	defer func() { scFind = saved }()
	again := lintSC(t, b.String(), nil)
	if len(again) != len(first) {
		t.Errorf("second run (from the cache) gave %d findings, want %d", len(again), len(first))
	}
}

func TestShellCheckMissing(t *testing.T) {
	saved := scFind
	scFind = func() (string, error) { return "", exec.ErrNotFound }
	defer func() { scFind = saved }()
	src := "FROM debian:bookworm-slim\nRUN echo $x\nRUN echo $y\n"
	if fs := lintSC(t, src, nil); len(fs) != 0 {
		t.Errorf("auto mode without shellcheck must be silent: %+v", fs)
	}
	on := true
	fs := lintSC(t, src, &lint.Config{ShellCheck: &on})
	if len(fs) != 1 || fs[0].Code != "BR017" || fs[0].Line != 2 || !strings.Contains(fs[0].Message, "not on PATH") {
		t.Errorf("ShellCheck on without shellcheck: want one BR017 on line 2, got %+v", fs)
	}
}

func TestShellCheckFailure(t *testing.T) {
	saved := scFind
	scFind = func() (string, error) { return "/bin/false", nil }
	defer func() { scFind = saved }()
	fs := lintSC(t, "FROM debian:bookworm-slim\nRUN echo $failing_run\nRUN echo $failing_run2\n", nil)
	if len(fs) != 1 || fs[0].Code != "BR017" || !strings.HasPrefix(fs[0].Message, "shellcheck failed") {
		t.Errorf("want one BR017 about the failure, got %+v", fs)
	}
}

func TestSCMessage(t *testing.T) {
	for in, want := range map[string]string{
		"Double quote to prevent globbing and word splitting.":     "double quote to prevent globbing and word splitting",
		"In POSIX sh, [[ ]] is undefined.":                         "in POSIX sh, [[ ]] is undefined",
		"PATH is referenced but not assigned.":                     "PATH is referenced but not assigned",
		"foo is referenced but not assigned.":                      "foo is referenced but not assigned",
		"Use ./*glob* or -- *glob* so names won't become options.": "use ./*glob* or -- *glob* so names won't become options",
	} {
		if got := scMessage(in); got != want {
			t.Errorf("scMessage(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSCDialect(t *testing.T) {
	for _, c := range []struct {
		argv []string
		want string
		ok   bool
	}{
		{nil, "sh", true},
		{[]string{"/bin/sh", "-c"}, "sh", true},
		{[]string{"/bin/bash", "-o", "pipefail", "-c"}, "bash", true},
		{[]string{"/usr/bin/env", "bash"}, "bash", true},
		{[]string{"/bin/ash", "-eo", "pipefail", "-c"}, "dash", true},
		{[]string{"mksh", "-c"}, "ksh", true},
		{[]string{"zsh", "-c"}, "", false},
		{[]string{"pwsh", "-Command"}, "", false},
		{[]string{"/usr/bin/env", "python3"}, "", false},
	} {
		got, ok := scDialect(c.argv)
		if got != c.want || ok != c.ok {
			t.Errorf("scDialect(%q) = %q, %v; want %q, %v", c.argv, got, ok, c.want, c.ok)
		}
	}
}
