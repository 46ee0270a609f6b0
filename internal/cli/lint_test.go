package cli

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/syntax"
)

// fakeRule reports every "RUN sudo" without "# ok" and offers two fixes:
// an unsafe one that drops sudo and, second, a safe one that appends
// "# ok".
var fakeRule = &lint.Rule{
	Code: "XX0001", Name: "no-sudo", Title: "Do not use sudo", Severity: lint.Warning, Fix: lint.AlwaysFix,
	Check: func(p *lint.Pass) {
		for _, ins := range p.Doc.File.Instructions {
			i := strings.Index(ins.Logical, "sudo ")
			if ins.Cmd != "run" || i < 0 || strings.HasSuffix(ins.Logical, "# ok") {
				continue
			}
			start := ins.Range.Start + i
			p.Report(lint.Diagnostic{
				Range:   syntax.Range{Start: start, End: start + 4},
				Message: "do not use sudo",
				Fixes: []lint.Fix{
					{Title: "Drop sudo", Edits: []lint.Edit{{Range: syntax.Range{Start: start, End: start + 5}}}},
					{Title: "Mark it", Safe: true, Edits: []lint.Edit{{Range: syntax.Range{Start: ins.Range.End, End: ins.Range.End}, NewText: " # ok"}}},
				},
			})
		}
	},
}

// chainRule turns "RUN a" into "RUN b", then "RUN b" into "RUN c": a fix
// that enables another, which --fix reaches by re-linting.
var chainRule = &lint.Rule{
	Code: "XX0002", Name: "chain", Title: "Chain", Severity: lint.Error, Fix: lint.AlwaysFix,
	Check: func(p *lint.Pass) {
		for _, ins := range p.Doc.File.Instructions {
			next := map[string]string{"a": "b", "b": "c"}[ins.Rest.Value]
			if ins.Cmd != "run" || next == "" {
				continue
			}
			p.Report(lint.Diagnostic{Range: ins.Rest.Range, Message: "chain",
				Fixes: []lint.Fix{{Title: "Advance", Safe: true, Edits: []lint.Edit{{Range: ins.Rest.Range, NewText: next}}}}})
		}
	},
}

func lintSrc(t *testing.T, l *linter, src string) outcome {
	t.Helper()
	return l.lintOne(0, &input{path: "-", data: []byte(src)})
}

func TestFixSafeAndUnsafe(t *testing.T) {
	src := "FROM alpine:3.19\nRUN sudo apk add x\n"
	safe := lintSrc(t, &linter{rules: []*lint.Rule{fakeRule}, fix: true}, src)
	if got, want := string(safe.result.Src), "FROM alpine:3.19\nRUN sudo apk add x # ok\n"; got != want {
		t.Errorf("safe fixes: got %q, want %q", got, want)
	}
	if safe.fixed != 1 || !safe.changed() || len(safe.result.Diagnostics) != 0 {
		t.Errorf("safe fixes: fixed %d, changed %v, %d diagnostics left", safe.fixed, safe.changed(), len(safe.result.Diagnostics))
	}

	unsafe := lintSrc(t, &linter{rules: []*lint.Rule{fakeRule}, fix: true, unsafe: true}, src)
	if got, want := string(unsafe.result.Src), "FROM alpine:3.19\nRUN apk add x\n"; got != want {
		t.Errorf("unsafe fixes: got %q, want %q", got, want)
	}
	if unsafe.fixed != 1 || len(unsafe.result.Diagnostics) != 0 {
		t.Errorf("unsafe fixes: fixed %d, %d diagnostics left", unsafe.fixed, len(unsafe.result.Diagnostics))
	}

	none := lintSrc(t, &linter{rules: []*lint.Rule{fakeRule}}, src)
	if none.changed() || none.fixed != 0 || !bytes.Equal(none.orig, []byte(src)) {
		t.Errorf("without --fix the source changed: %q", none.result.Src)
	}
}

func TestFixReachesFixedPoint(t *testing.T) {
	out := lintSrc(t, &linter{rules: []*lint.Rule{chainRule}, fix: true}, "FROM alpine:3.19\nRUN a\nRUN b\n")
	if got, want := string(out.result.Src), "FROM alpine:3.19\nRUN c\nRUN c\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if out.fixed != 3 || len(out.result.Diagnostics) != 0 {
		t.Errorf("fixed %d (want 3), %d diagnostics left", out.fixed, len(out.result.Diagnostics))
	}
}

func TestFixLoopIsBounded(t *testing.T) {
	// A fix that always re-creates its finding must not loop forever.
	grow := &lint.Rule{Code: "XX0003", Name: "grow", Severity: lint.Error, Check: func(p *lint.Pass) {
		end := len(p.Doc.File.Src)
		p.Report(lint.Diagnostic{Range: syntax.Range{Start: end, End: end}, Message: "grow",
			Fixes: []lint.Fix{{Title: "Grow", Safe: true, Edits: []lint.Edit{{Range: syntax.Range{Start: end, End: end}, NewText: "#\n"}}}}})
	}}
	out := lintSrc(t, &linter{rules: []*lint.Rule{grow}, fix: true}, "FROM alpine:3.19\n")
	if out.fixed != maxFixPasses {
		t.Errorf("fixed %d times, want %d", out.fixed, maxFixPasses)
	}
	if out.fixErr == nil || !strings.Contains(out.fixErr.Error(), "did not settle") {
		t.Errorf("fixErr = %v, want a report that the fixes did not settle", out.fixErr)
	}
}

func TestBadFixIsAnError(t *testing.T) {
	overlap := &lint.Rule{Code: "XX0004", Name: "overlap", Severity: lint.Error, Check: func(p *lint.Pass) {
		p.Report(lint.Diagnostic{Range: syntax.Range{Start: 0, End: 4}, Message: "overlap",
			Fixes: []lint.Fix{{Title: "Overlap", Safe: true, Edits: []lint.Edit{
				{Range: syntax.Range{Start: 0, End: 4}, NewText: "x"},
				{Range: syntax.Range{Start: 2, End: 6}, NewText: "y"},
			}}}})
	}}
	out := lintSrc(t, &linter{rules: []*lint.Rule{overlap}, fix: true}, "FROM alpine:3.19\n")
	if out.fixErr == nil || out.changed() {
		t.Errorf("fixErr %v, changed %v: want an error and no change", out.fixErr, out.changed())
	}
}

// dockerfileNames reads fixtures/dockerfile-names.txt: file names, and
// whether berth takes them for Dockerfiles (lint.IsDockerfileName, for a
// folder search here).
func dockerfileNames(t *testing.T) map[string]bool {
	t.Helper()
	data, err := os.ReadFile("../../fixtures/dockerfile-names.txt")
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for line := range strings.Lines(string(data)) {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		name, answer, _ := strings.Cut(line, " ")
		if answer != "yes" && answer != "no" {
			t.Fatalf("dockerfile-names.txt: %q is not NAME yes|no", line)
		}
		names[name] = answer == "yes"
	}
	if len(names) < 20 {
		t.Fatalf("dockerfile-names.txt: %d names", len(names))
	}
	return names
}

func TestIsDockerfileName(t *testing.T) {
	for name, want := range dockerfileNames(t) {
		if got := lint.IsDockerfileName(name); got != want {
			t.Errorf("lint.IsDockerfileName(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestParseFlags(t *testing.T) {
	var o lintOptions
	fs := newLintFlags(&o)
	pos, err := parseFlags(fs, []string{"a", "--no-fail", "b", "-f", "json", "--ignore", "X,Y", "--", "--fix", "-"})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Join(pos, " "), "a b --fix -"; got != want {
		t.Errorf("positional %q, want %q", got, want)
	}
	if !o.noFail || o.fix || o.format != "json" || strings.Join(o.ignore, " ") != "X Y" {
		t.Errorf("flags not parsed: %+v", o)
	}
}
