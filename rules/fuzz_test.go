package rules

import (
	"testing"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/syntax"
)

// lintAll runs every rule, opt-in ones included, and checks the engine's
// promises: no rule panics, ranges lie inside the file, and the fixes
// apply without overlap to a file that parses again.
func lintAll(t *testing.T, src []byte) {
	t.Helper()
	all := All()
	cfg := &lint.Config{}
	for _, r := range all {
		cfg.Enable = append(cfg.Enable, r.Code)
	}
	doc := lint.NewDocument("Dockerfile", src)
	diags := lint.Run(doc, all, cfg)
	for _, d := range diags {
		if d.Code == lint.InternalErrorCode {
			t.Fatalf("rule panicked on %q: %s", src, d.Message)
		}
		if d.Range.Start < 0 || d.Range.End > len(src) || d.Range.Start > d.Range.End {
			t.Fatalf("%s range %v outside the file (%d bytes)", d.Code, d.Range, len(src))
		}
		for _, f := range d.Fixes {
			if _, err := lint.Apply(src, f.Edits); err != nil {
				t.Fatalf("%s fix %q: %v", d.Code, f.Title, err)
			}
		}
	}
	for _, unsafe := range []bool{false, true} {
		fixed, err := lint.Apply(src, lint.SelectFixes(diags, unsafe))
		if err != nil {
			t.Fatalf("applying fixes: %v", err)
		}
		syntax.Parse(fixed)
	}
}

func FuzzLint(f *testing.F) {
	for _, s := range []string{
		"FROM alpine\nMAINTAINER me\nADD . /app\nCMD node server.js\n",
		"FROM ubuntu:latest AS Build\nRUN apt-get update && apt-get install curl\nCOPY --from=buld a b c\n",
		"ARG V=1\nFROM golang:${V} as b\nENV A 1\nWORKDIR app\nRUN cd /x | grep y\nEXPOSE 80/TCP 99999\n",
		"FROM a\nRUN <<EOF\napk add curl\npip install x\nEOF\nONBUILD RUN sudo yum install y\n",
		"# escape=`\nFROM mcr.microsoft.com/windows\nRUN dir `\n c:\\\nLABEL a b\nHEALTHCHECK CMD curl x\n",
		"\xef\xbb\xbfFROM a\r\nUSER root\r\nCMD [\"a\",]\r\n",
		"FROM a\nENV FOO\nCMD [\"a\", 1]\nRUN <<EOF\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		lintAll(t, src)
	})
}
