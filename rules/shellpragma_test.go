package rules

import (
	"strings"
	"testing"

	"github.com/berth-dev/berth/lint"
)

// TestShellPragmaPowerShell: under "# hadolint shell=pwsh" a PowerShell
// RUN gets no POSIX-shell finding from any rule (ShellCheck included),
// while the same RUN without the pragma gets several.
func TestShellPragmaPowerShell(t *testing.T) {
	needShellCheck(t)
	const run = `RUN Invoke-WebRequest -Uri https://example.com/x.zip -OutFile x.zip | Out-Null; cd C:\app; apt-get install curl; Expand-Archive x.zip -DestinationPath $env:TEMP` + "\n"
	lintRun := func(src string) []string {
		doc := lint.NewDocument("Dockerfile", []byte(src))
		var out []string
		for _, d := range lint.Run(doc, All(), &lint.Config{}) {
			if doc.File.InstructionAt(d.Range.Start).Cmd == "run" {
				out = append(out, d.Code)
			}
		}
		return out
	}
	const from = "FROM mcr.microsoft.com/powershell:7.4-ubuntu-22.04\n"
	if got := lintRun(from + run); len(got) < 3 {
		t.Fatalf("without the pragma, the RUN gets only %v: the test no longer shows anything", got)
	}
	for _, src := range []string{
		"# hadolint shell=pwsh\n" + from + run,
		from + "# hadolint shell=pwsh\n" + run,
		"# berth shell=powershell # Windows PowerShell\n" + from + run,
	} {
		if got := lintRun(src); len(got) > 0 {
			t.Errorf("%q: POSIX findings on a PowerShell RUN: %s", strings.SplitN(src, "\n", 2)[0], strings.Join(got, ", "))
		}
	}
}
