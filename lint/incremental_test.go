package lint_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/berth-dev/berth/internal/corpus"
	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/rules"
)

// render writes diagnostics one per line, everything a user sees of them.
func render(ds []lint.Diagnostic) string {
	var b strings.Builder
	for _, d := range ds {
		fmt.Fprintf(&b, "%s %d-%d %s %q tags=%v\n", d.Code, d.Range.Start, d.Range.End, d.Severity, d.Message, d.Tags)
		for _, f := range d.Fixes {
			fmt.Fprintf(&b, "  fix %q safe=%v %+v\n", f.Title, f.Safe, f.Edits)
		}
	}
	return b.String()
}

// firstDiff returns the first line where a and b differ.
func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(al) || i < len(bl); i++ {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y {
			return fmt.Sprintf("whole:  %s\nstaged: %s", x, y)
		}
	}
	return ""
}

var shellCheckOff = func() *lint.Config {
	off := false
	return &lint.Config{ShellCheck: &off}
}()

// TestStageLocalRules checks rules.stageLocal over the corpus and over
// files made by gluing the corpus's files together (stages that copy
// from, and build on, stages of other files): a file's findings are the
// same whether the rules run over the whole file or stage by stage.
func TestStageLocalRules(t *testing.T) {
	files := corpus.Files(t)
	all := rules.All()
	check := func(name string, src []byte) {
		t.Helper()
		doc := lint.NewDocument(name, src)
		want := render(lint.Run(doc, all, shellCheckOff))
		got := render(lint.RunUnitByUnit(doc, all, shellCheckOff))
		if got != want {
			t.Errorf("%s: stage by stage differs from the whole file:\n%s", name, firstDiff(want, got))
		}
	}
	step, glue := 1, 1500
	if testing.Short() {
		step, glue = 10, 150
	}
	var srcs [][]byte
	for i := 0; i < len(files); i += step {
		f := files[i]
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		check(f, src)
		if len(src) < 64<<10 {
			srcs = append(srcs, src)
		}
	}
	// Glued files: the stages of one file followed by another's, names
	// and numbers referring across the seam.
	rng := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < glue && len(srcs) > 1; i++ {
		a, b := srcs[rng.IntN(len(srcs))], srcs[rng.IntN(len(srcs))]
		glued := append(append(append([]byte(nil), a...), '\n'), b...)
		check(fmt.Sprintf("glued-%d", i), glued)
	}
}

// TestRunIncrementalEdits edits a many-stage file stage by stage, header
// included, and checks each result against a whole run.
func TestRunIncrementalEdits(t *testing.T) {
	var b strings.Builder
	b.WriteString("# syntax=docker/dockerfile:1\nARG BASE=ubuntu:22.04\n")
	for i := range 30 {
		fmt.Fprintf(&b, "FROM $BASE AS Stage%d\nMAINTAINER someone\nARG V%d=1\n", i, i)
		b.WriteString("RUN apt-get update && apt-get install -y curl \\\n    && rm -rf /var/lib/apt/lists/*\n")
		fmt.Fprintf(&b, "COPY --from=Stage%d /a /b\nADD file%d.txt /opt/\nENV key%d value\nCMD echo $UNDEF%d\n", max(i-1, 0), i, i, i)
		if i%7 == 3 {
			fmt.Fprintf(&b, "FROM Stage%d\nRUN cd /x && echo $V%d | wc\n", i, i)
		}
	}
	text := b.String()
	all := rules.All()
	edits := []func(string, int) string{
		// a line in stage k
		func(s string, k int) string {
			return strings.Replace(s, fmt.Sprintf("ENV key%d value\n", k), fmt.Sprintf("ENV key%d value\nRUN sudo apt install x | grep y\n", k), 1)
		},
		// a stage renamed, so others' references break
		func(s string, k int) string {
			return strings.Replace(s, fmt.Sprintf("AS Stage%d\n", k), fmt.Sprintf("AS stage%d\n", k), 1)
		},
		// a stage name misspelt in a COPY --from, which a rule may
		// correct with the name of an earlier stage
		func(s string, k int) string {
			return strings.Replace(s, fmt.Sprintf("COPY --from=Stage%d ", k), fmt.Sprintf("COPY --from=Stge%d ", k), 1)
		},
		// the header
		func(s string, k int) string { return strings.Replace(s, "ARG BASE=ubuntu:22.04", "ARG BASE=alpine", 1) },
		// a stage deleted
		func(s string, k int) string {
			i := strings.Index(s, fmt.Sprintf("FROM $BASE AS Stage%d\n", k))
			j := strings.Index(s, fmt.Sprintf("FROM $BASE AS Stage%d\n", k+1))
			if i < 0 || j < 0 {
				return s
			}
			return s[:i] + s[j:]
		},
		// a comment at the end
		func(s string, k int) string { return s + fmt.Sprintf("# edit %d\n", k) },
		// a shell pragma above a FROM, and one in a stage
		func(s string, k int) string {
			return strings.Replace(s, fmt.Sprintf("FROM $BASE AS Stage%d\n", k), fmt.Sprintf("# hadolint shell=pwsh\nFROM $BASE AS Stage%d\n", k), 1)
		},
		func(s string, k int) string {
			return strings.Replace(s, fmt.Sprintf("ENV key%d value\n", k), fmt.Sprintf("ENV key%d value\n# hadolint shell=cmd\n", k), 1)
		},
		// a pragma above a FROM
		func(s string, k int) string {
			return strings.Replace(s, fmt.Sprintf("FROM $BASE AS Stage%d\n", k), fmt.Sprintf("# hadolint ignore=DL4000,DL3008\nFROM $BASE AS Stage%d\n", k), 1)
		},
		// BuildKit's check comment above an ARG: an opt-in check on for
		// it alone, the others skipped there
		func(s string, k int) string {
			return strings.Replace(s, fmt.Sprintf("ARG V%d=1\n", k), fmt.Sprintf("# check=skip=all;experimental=InvalidDefinitionDescription\n# Version\nARG V%d=1\n", k), 1)
		},
	}
	var inc *lint.Incremental
	rng := rand.New(rand.NewPCG(3, 4))
	for step := range 120 {
		k := rng.IntN(30)
		text = edits[rng.IntN(len(edits))](text, k)
		doc := lint.NewDocument("Dockerfile", []byte(text))
		var got []lint.Diagnostic
		got, inc = lint.RunIncremental(doc, all, shellCheckOff, inc)
		want := lint.Run(doc, all, shellCheckOff)
		if g, w := render(got), render(want); g != w {
			t.Fatalf("step %d (stage %d): incremental differs from the whole file:\n%s", step, k, firstDiff(w, g))
		}
	}
}

// TestStageLocalShellCheck is TestStageLocalRules for ShellCheck's
// findings, over the corpus's files of several stages.
func TestStageLocalShellCheck(t *testing.T) {
	if _, err := exec.LookPath("shellcheck"); err != nil {
		if os.Getenv("BERTH_REQUIRE_SHELLCHECK") != "" {
			t.Fatal("shellcheck not found, and BERTH_REQUIRE_SHELLCHECK is set")
		}
		t.Skip("shellcheck not found: install it to run this test")
	}
	on := true
	cfg := &lint.Config{ShellCheck: &on}
	all := rules.All()
	n := 0
	for _, f := range corpus.Files(t) {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		doc := lint.NewDocument(f, src)
		if len(doc.Stages) < 2 || len(src) > 32<<10 {
			continue
		}
		if n++; n > 150 {
			break
		}
		want := render(lint.Run(doc, all, cfg))
		got := render(lint.RunUnitByUnit(doc, all, cfg))
		if got != want {
			t.Errorf("%s: stage by stage differs from the whole file:\n%s", f, firstDiff(want, got))
		}
	}
}

// TestRunIncrementalDeferred: findings computed while a rule left work for
// later (ShellCheck's scripts, see lint.Deferred) are not kept for the next
// version, which would otherwise never get the rule's findings on the
// stages it does not change.
func TestRunIncrementalDeferred(t *testing.T) {
	ready := false
	rule := &lint.Rule{Code: "XX001", Name: "deferring", Severity: lint.Warning, StageLocal: true, Check: func(p *lint.Pass) {
		if df := p.Doc.Deferred(); df != nil && !ready {
			df.Add(func(context.Context) error { return nil })
			return
		}
		for _, st := range p.Doc.Stages {
			p.Reportf(st.From.Keyword.Range, "stage %s", st.Name)
		}
	}}
	text := "FROM a AS one\nRUN x\nFROM b AS two\nRUN y\nFROM c AS three\nRUN z\n"
	doc := lint.NewDocument("Dockerfile", []byte(text))
	doc.Defer(new(lint.Deferred))
	ds, inc := lint.RunIncremental(doc, []*lint.Rule{rule}, nil, nil)
	if len(ds) != 0 {
		t.Fatalf("findings while deferred: %v", ds)
	}
	ready = true
	for _, edit := range []string{"RUN zz\n", "RUN zzz\n"} {
		doc = lint.NewDocument("Dockerfile", []byte(strings.Replace(text, "RUN z\n", edit, 1)))
		doc.Defer(new(lint.Deferred))
		ds, inc = lint.RunIncremental(doc, []*lint.Rule{rule}, nil, inc)
		if len(ds) != 3 {
			t.Fatalf("after %q: %d findings, want one per stage: %v", edit, len(ds), ds)
		}
	}
}

// TestRunIncrementalSplit: a split rule (lint.Split) gives through
// RunIncremental what Run gives, edit after edit, while its stage part
// runs again only over the stages an edit changed, and its whole-file
// part completes findings kept from earlier versions without changing
// them.
func TestRunIncrementalSplit(t *testing.T) {
	stageRuns := 0
	split := &lint.Split{
		// Each RUN, with a fix that rewrites it.
		Stage: func(p *lint.Pass) {
			stageRuns++
			for _, ins := range p.Doc.File.Instructions {
				if ins.Cmd == "run" {
					p.Report(lint.Diagnostic{Range: ins.Keyword.Range, Message: "a run", Fixes: []lint.Fix{{
						Title: "Write run", Edits: []lint.Edit{{Range: ins.Keyword.Range, NewText: "run"}},
					}}})
				}
			}
		},
		// Only in stages no other copies from, the fix also naming the
		// last stage.
		Finish: func(doc *lint.Document, d *lint.Diagnostic) bool {
			st := doc.StageOf(doc.File.InstructionAt(d.Range.Start))
			for _, o := range doc.Stages {
				for _, ins := range o.Instructions {
					if f := ins.Flag("from"); f != nil && st != nil && strings.EqualFold(f.Value, st.Name) {
						return false
					}
				}
			}
			last := doc.Stages[len(doc.Stages)-1].From
			f := d.Fixes[0]
			f.Edits = append(f.Edits[:len(f.Edits):len(f.Edits)], lint.Edit{Range: last.Keyword.Range, NewText: "FROM"})
			d.Fixes = []lint.Fix{f}
			return true
		},
	}
	rule := &lint.Rule{Code: "XX002", Name: "split", Severity: lint.Warning, Split: split, Check: split.Check}
	var b strings.Builder
	for i := range 20 {
		fmt.Fprintf(&b, "FROM alpine AS s%d\nRUN a%d\nCOPY --from=s%d /a /b\nRUN b%d\n", i, i, max(i-2, 0), i)
	}
	text := b.String()
	rules := []*lint.Rule{rule}
	doc := lint.NewDocument("Dockerfile", []byte(text))
	got, inc := lint.RunIncremental(doc, rules, nil, nil)
	if g, w := render(got), render(lint.Run(doc, rules, nil)); g != w {
		t.Fatalf("first run differs from the whole file:\n%s", firstDiff(w, g))
	}
	rng := rand.New(rand.NewPCG(5, 6))
	for step := range 60 {
		k := rng.IntN(20)
		edited := k
		switch rng.IntN(3) {
		case 0: // a line in stage k
			text = strings.Replace(text, fmt.Sprintf("RUN b%d\n", k), fmt.Sprintf("RUN b%d\nRUN c%d\n", k, step), 1)
		case 1: // stage k copies from another, which then no longer ships
			text = strings.Replace(text, fmt.Sprintf("RUN a%d\n", k), fmt.Sprintf("RUN a%d\nCOPY --from=s%d /c /d\n", k, rng.IntN(20)), 1)
		case 2: // a comment at the end
			text += fmt.Sprintf("# edit %d\n", step)
			edited = 19
		}
		doc := lint.NewDocument("Dockerfile", []byte(text))
		stageRuns = 0
		got, inc = lint.RunIncremental(doc, rules, nil, inc)
		units := stageRuns
		if g, w := render(got), render(lint.Run(doc, rules, nil)); g != w {
			t.Fatalf("step %d: incremental differs from the whole file:\n%s", step, firstDiff(w, g))
		}
		// The edited stage, the stages that copy from it, and the
		// header's unit (which holds the first stage and what it copies
		// from) when it is one of them.
		if most := 2 + strings.Count(text, fmt.Sprintf("--from=s%d ", edited)); units > most {
			t.Errorf("step %d: the stage part ran over %d units, want at most %d", step, units, most)
		}
		// Again over the same version: the kept findings were not changed
		// by the whole-file part.
		again, _ := lint.RunIncremental(doc, rules, nil, inc)
		if g, w := render(again), render(got); g != w {
			t.Fatalf("step %d: a second run differs:\n%s", step, firstDiff(w, g))
		}
	}
}

// TestRunIncrementalCorpusEdits edits the corpus's files of several
// stages (and files glued from two of them) at random places, as an
// editor does, version after version: each version's findings through
// RunIncremental, over the document parsed incrementally from the last,
// are Run's over the document parsed whole. The edits are the same on
// every run; BERTH_EDIT_SEED=N picks others, and BERTH_EDIT_FILES=N how
// many files are edited (300, 40 with -short), for a longer search:
//
//	BERTH_EDIT_SEED=$RANDOM BERTH_EDIT_FILES=3000 go test -run CorpusEdits ./lint
func TestRunIncrementalCorpusEdits(t *testing.T) {
	srcs := corpus.MultiStage(t, 32<<10)
	all := rules.All()
	edits := corpus.NewEdits(t, 7, srcs)
	n, steps := 300, 12
	if testing.Short() {
		n = 40
	}
	n = corpus.EditCount(t, n)
	for k := range n {
		text := string(edits.Pick())
		if k%3 == 2 {
			text += "\n" + string(edits.Pick())
		}
		var prev *lint.Document
		var inc *lint.Incremental
		prevText := ""
		for step := range steps {
			if step > 0 {
				prevText, text = text, edits.Edit(text)
			}
			doc := lint.NewDocumentIncremental("Dockerfile", []byte(text), prev)
			var got []lint.Diagnostic
			got, inc = lint.RunIncremental(doc, all, shellCheckOff, inc)
			want := lint.Run(lint.NewDocument("Dockerfile", []byte(text)), all, shellCheckOff)
			if g, w := render(got), render(want); g != w {
				t.Fatalf("seed %d, file %d, step %d: incremental differs from the whole file:\n%s\nthe text before the edit: %q\nafter: %q", edits.Seed, k, step, firstDiff(w, g), prevText, text)
			}
			prev = doc
		}
	}
}

// TestRunIncrementalCases checks RunIncremental against Run after edits
// that once made them differ.
func TestRunIncrementalCases(t *testing.T) {
	all := rules.All()
	for _, c := range []struct{ name, before, after string }{{
		// DL3022 suggests the name of an earlier stage the unit of the
		// stage holds only because the name is misspelt.
		name:   "misspelt COPY --from",
		before: "FROM alpine:3 AS build\nRUN a\nFROM alpine:3 AS other\nRUN b\nFROM alpine:3 AS third\nRUN c\nFROM alpine:3\nCOPY --from=build /a /b\n",
		after:  "FROM alpine:3 AS build\nRUN a\nFROM alpine:3 AS other\nRUN b\nFROM alpine:3 AS third\nRUN c\nFROM alpine:3\nCOPY --from=biuld /a /b\n",
	}, {
		// A stage moved within an empty header keeps its length: the
		// header's empty text and the first stage's start at the same
		// offset.
		name:   "line moved within the first stage",
		before: "FROM debian:12\nRUN apt-get update && apt-get install -y \\\n    a \\\n    b\nRUN x\nFROM alpine:3\nRUN y\n",
		after:  "FROM debian:12\nRUN x\nRUN apt-get update && apt-get install -y \\\n    a \\\n    b\nFROM alpine:3\nRUN y\n",
	}, {
		// A stage added between a preamble that BR030 refuses (an ADD
		// before the first FROM) and a stage that BR031's
		// SOURCE_DATE_EPOCH names.
		name:   "stage added after a preamble with an ADD",
		before: "\nARG SOURCE_DATE_EPOCH=mysource\nADD %s/src.tar /\nFROM scratch AS mysource\nFROM scratch\nCOPY Dockerfile .\n",
		after:  "\nARG SOURCE_DATE_EPOCH=mysource\nADD %s/src.tar /\nfrom scratch as base2\nFROM scratch AS mysource\nFROM scratch\nCOPY Dockerfile .\n",
	}, {
		// An ONBUILD COPY --from names a stage defined later, which
		// BR031 reports: the stage is one the unit of the ONBUILD's
		// stage depends on, as for a COPY --from.
		name:   "ONBUILD COPY --from a later stage",
		before: "FROM alpine:3\nONBUILD COPY --from=src /in /out\nRUN a\nFROM alpine:3 AS src\nRUN b\nFROM alpine:3 AS c\nRUN c\nFROM alpine:3 AS d\nRUN d\n",
		after:  "FROM alpine:3\nONBUILD COPY --from=src /in /out\nRUN ab\nFROM alpine:3 AS src\nRUN b\nFROM alpine:3 AS c\nRUN c\nFROM alpine:3 AS d\nRUN d\n",
	}, {
		// COPY --from\=0 is COPY --from=0 to BuildKit: the stage it
		// names is the file's first, not the unit's.
		name:   "an escaped COPY --from",
		before: "\nFROM busybox\nRUN echo -n \"foo-contents\" > /foo\nFROM scratch\nCOPY --from\\=0 /foo /foo\n",
		after:  "\nFROM busybox\nRUN echo -n \"foo-contents\" > /foo\nFROM scratch\nCOPY --from\\=0 /f\"oo /foo\n",
	}, {
		// An ONBUILD trigger BuildKit refuses is an error when a stage
		// of the file is built on its stage (BR030 names it), else a
		// warning (BR031): the stages built on a stage with ONBUILD are
		// in its unit.
		name:   "an ONBUILD trigger broken, with a stage built on its stage",
		before: "\nFROM alpine:3 AS src\nRUN a\nFROM alpine:3 AS base\nONBUILD COPY --from=src /in /out\nFROM base AS mid\nRUN b\nFROM alpine:3 AS c\nRUN c\nFROM alpine:3 AS d\nRUN d\n",
		after:  "\nFROM alpine:3 AS src\nRUN a\nFROM alpine:3 AS base\nONBUILD COPY--from=src /in /out\nFROM base AS mid\nRUN b\nFROM alpine:3 AS c\nRUN c\nFROM alpine:3 AS d\nRUN d\n",
	}} {
		if diff := incrementalDiff([]byte(c.before), []byte(c.after), all); diff != "" {
			t.Errorf("%s: incremental differs from the whole file:\n%s", c.name, diff)
		}
	}
}

// incrementalDiff lints before, then after through RunIncremental from
// before's document and findings, as the language server does after an
// edit, and after afresh through Run; it describes the first difference
// ("" when there is none).
func incrementalDiff(before, after []byte, all []*lint.Rule) string {
	doc := lint.NewDocument("Dockerfile", before)
	_, inc := lint.RunIncremental(doc, all, shellCheckOff, nil)
	got, _ := lint.RunIncremental(lint.NewDocumentIncremental("Dockerfile", after, doc), all, shellCheckOff, inc)
	want := lint.Run(lint.NewDocument("Dockerfile", after), all, shellCheckOff)
	if g, w := render(got), render(want); g != w {
		return firstDiff(w, g)
	}
	return ""
}

// TestStageLocalIgnoresContext: the stage-local rules and the stage parts
// of split rules find the same with and without a build context (the
// folder of each corpus file, with its files and .dockerignore), so that
// RunIncremental may keep their findings when the context changes.
func TestStageLocalIgnoresContext(t *testing.T) {
	var local []*lint.Rule
	for _, r := range rules.All() {
		if r.StageLocal {
			local = append(local, r)
		} else if r.Split != nil {
			c := *r
			c.Check, c.Split = r.Split.Stage, nil
			local = append(local, &c)
		}
	}
	for f, src := range corpus.Sources(t) {
		without := lint.NewDocument(f, src)
		with := lint.NewDocument(f, src)
		with.Context = filepath.Dir(f)
		if g, w := render(lint.Run(with, local, shellCheckOff)), render(lint.Run(without, local, shellCheckOff)); g != w {
			t.Errorf("%s: findings differ with a build context:\n%s", f, firstDiff(w, g))
		}
	}
}

// TestSourceDateEpochNamesStage: a global SOURCE_DATE_EPOCH names a stage
// unless it is empty, "context" or a number of seconds.
func TestSourceDateEpochNamesStage(t *testing.T) {
	for v, want := range map[string]bool{
		"": false, "context": false, "0": false, "1700000000": false, "-5": false,
		"build": true, "Context": true, "$X": true, "12a": true, "1.5": true,
	} {
		if got := lint.SourceDateEpochNamesStage(v); got != want {
			t.Errorf("SourceDateEpochNamesStage(%q) = %v, want %v", v, got, want)
		}
	}
}

// FuzzRunIncremental: after an edit (src with src[at:at+del] replaced by
// ins), what RunIncremental reports of the new text, reusing the first
// version's parse and findings as the language server does, is what Run
// reports of the new text linted afresh.
func FuzzRunIncremental(f *testing.F) {
	for _, c := range []struct {
		src      string
		at, del  int
		inserted string
	}{
		{"FROM alpine:3 AS build\nRUN a\nFROM alpine:3\nCOPY --from=build /a /b\n", 46, 5, "biuld"},
		{"FROM debian:12\nRUN apt-get update\nFROM build\nRUN y\n", 15, 0, "RUN x\n"},
		{"ARG SOURCE_DATE_EPOCH=base\nFROM scratch AS base\nFROM base\nONBUILD COPY --from=base / /\n", 27, 0, "FROM scratch AS base2\n"},
		{"# escape=`\nFROM a\nRUN a `\n b\n", 2, 1, "x"},
		{"FROM a\nRUN <<EOF\nsudo x\nEOF\nRUN b\n", 17, 4, "apt-get install y"},
		{"FROM a\r\nRUN b\r\nFROM c\r\n", 14, 0, "x"},
		{"FROM a\nONBUILD RUN <<-A cat\n\tA\nFROM b\n", 8, 3, ""},
	} {
		f.Add([]byte(c.src), uint16(c.at), uint8(c.del), []byte(c.inserted))
	}
	all := rules.All()
	f.Fuzz(func(t *testing.T, src []byte, at uint16, del uint8, inserted []byte) {
		if len(src) > 4<<10 || len(inserted) > 256 {
			return
		}
		a := min(int(at), len(src))
		b := min(a+int(del), len(src))
		next := slices.Concat(src[:a], inserted, src[b:])
		if diff := incrementalDiff(src, next, all); diff != "" {
			t.Fatalf("incremental differs from the whole file:\n%s\nthe text before the edit: %q\nafter: %q", diff, src, next)
		}
	})
}
