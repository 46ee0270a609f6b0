package rules

import (
	"fmt"
	"strings"
	"testing"

	"github.com/berth-dev/berth/lint"
)

// TestCheckCommentsAsBuildKit runs BuildKit itself (the pinned frontend,
// in process) and berth on "# check=" comments above instructions and
// after a blank first line, and wants the same JSONArgsRecommended
// findings, line for line.
func TestCheckCommentsAsBuildKit(t *testing.T) {
	for _, src := range []string{
		"FROM alpine\nCMD echo hi\n",
		"FROM alpine\n# check=skip=JSONArgsRecommended\nCMD echo hi\nENTRYPOINT echo x\n",
		"\n# check=skip=JSONArgsRecommended\nFROM alpine\nCMD echo hi\n",
		"\n# check=skip=JSONArgsRecommended\nFROM alpine\n# check=skip=JSONArgsRecommended\nCMD echo hi\n",
		"FROM alpine\n# check=skip=JSONArgsRecommended\n\nCMD echo hi\n",
		"FROM alpine\n# check=skip=JSONArgsRecommended\n#\nCMD echo hi\n",
		"FROM alpine\n# check=skip=all\nCMD echo hi\n",
		"FROM alpine\n# check=skip=Other,all\nCMD echo hi\n",
		"# check=skip=Other,all\nFROM alpine\nCMD echo hi\n",
		"# check=skip=all\nFROM alpine\nCMD echo hi\n",
		"FROM alpine\n# check=skip=Other\n# check=skip=JSONArgsRecommended\nCMD echo hi\n",
		"FROM alpine\n# check=skip=JSONArgsRecommended please\nCMD echo hi\n",
		"FROM alpine\n# check=skip=JSONArgsRecommended;bogus=1\nCMD echo hi\n",
		"FROM alpine\n# install\n# check=skip=JSONArgsRecommended\nCMD echo hi\n",
		"FROM alpine\n#check = skip = JSONArgsRecommended\nCMD echo hi\n",
	} {
		ws, err := buildkitLint("Dockerfile", []byte(src))
		if err != nil {
			t.Fatalf("%q: BuildKit: %v", src, err)
		}
		var want []string
		for _, w := range ws {
			if w.Rule == "JSONArgsRecommended" {
				want = append(want, fmt.Sprint(w.Start))
			}
		}
		doc := lint.NewDocument("Dockerfile", []byte(src))
		var got []string
		for _, d := range lint.Run(doc, []*lint.Rule{DL3025}, &lint.Config{}) {
			l, _ := doc.File.LineCol(d.Range.Start)
			got = append(got, fmt.Sprint(l))
		}
		if strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("%q: berth reports lines %v, BuildKit %v", src, got, want)
		}
	}
}

// TestExperimentalCommentsAsBuildKit runs BuildKit and berth on
// "# check=experimental=" comments above instructions: the opt-in check
// they name (InvalidDefinitionDescription, berth's BR014) runs for that
// instruction only, as BuildKit merges the comment into that
// instruction's checks. BR014 reports the comment where BuildKit points at
// the instruction: a finding counts on the line of its instruction.
func TestExperimentalCommentsAsBuildKit(t *testing.T) {
	const on = "# check=experimental=InvalidDefinitionDescription\n"
	for _, src := range []string{
		// No comment: the check is off.
		"FROM alpine AS build\n# Version\nARG VERSION=1\n",
		// Above one instruction: that one only.
		"FROM alpine AS build\n" + on + "# Version\nARG VERSION=1\n# Other\nARG OTHER=1\n",
		"ARG BASE=alpine\n" + on + "# The base\nFROM $BASE AS base\n# Version\nARG VERSION=1\n",
		on + "# VERSION is the version\nARG VERSION=1\n",
		"FROM alpine\n" + on + "# Two\nARG A=1 B=2\n# b\nFROM alpine AS b\n",
		// Before an instruction the check never describes.
		"FROM alpine\n" + on + "# Run\nRUN true\n# Version\nARG VERSION=1\n",
		// all, and all among names (the name of no check).
		"FROM alpine\n# check=experimental=all\n# Version\nARG VERSION=1\n# Other\nARG OTHER=1\n",
		"FROM alpine\n# check=experimental=Other,all\n# Version\nARG VERSION=1\n",
		"FROM alpine\n# check=experimental=Other,InvalidDefinitionDescription\n# Version\nARG VERSION=1\n",
		// The first check comment of the block counts, strictly parsed.
		"FROM alpine\n# check=skip=JSONArgsRecommended\n" + on + "# Version\nARG VERSION=1\n",
		"FROM alpine\n# check=experimental=InvalidDefinitionDescription;bogus=1\n# Version\nARG VERSION=1\n",
		"FROM alpine\n# check=experimental=InvalidDefinitionDescription please\n# Version\nARG VERSION=1\n",
		"FROM alpine\n# check=skip=all;experimental=InvalidDefinitionDescription\n# Version\nARG VERSION=1\n",
		// A blank line does not end the block, for BuildKit.
		"FROM alpine\n" + on + "\n# Version\nARG VERSION=1\n",
		// File-wide, as a directive.
		on + "FROM alpine\n# Version\nARG VERSION=1\n# Other\nARG OTHER=1\n",
		"# check=experimental=Other,all\nFROM alpine\n# Version\nARG VERSION=1\n",
		"# check=experimental=all\nFROM alpine\n# Version\nARG VERSION=1\n",
		// No skip= skips a check experimental= turned on (linter.Run).
		"# check=skip=all\nFROM alpine\n" + on + "# Version\nARG VERSION=1\n# Other\nARG OTHER=1\n",
		"# check=skip=InvalidDefinitionDescription\nFROM alpine\n" + on + "# Version\nARG VERSION=1\n",
		"# check=skip=InvalidDefinitionDescription;experimental=InvalidDefinitionDescription\nFROM alpine\n# Version\nARG VERSION=1\n",
		"# check=skip=all;experimental=InvalidDefinitionDescription\nFROM alpine\n# Version\nARG VERSION=1\n",
		on + "FROM alpine\n# check=skip=all\n# Version\nARG VERSION=1\n",
		on + "FROM alpine\n# check=skip=InvalidDefinitionDescription\n# Version\nARG VERSION=1\n",
	} {
		ws, err := buildkitLint("Dockerfile", []byte(src))
		if err != nil {
			t.Fatalf("%q: BuildKit: %v", src, err)
		}
		var want []string
		for _, w := range ws {
			if w.Rule == "InvalidDefinitionDescription" {
				want = append(want, fmt.Sprint(w.Start))
			}
		}
		if got := br014Lines(src); strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("%q: berth reports lines %v, BuildKit %v", src, got, want)
		}
	}
	// BR014's documented departures: a "# check=" comment is no
	// description, nor is a comment a blank line separates.
	for _, src := range []string{
		"FROM alpine\n" + on + "ARG VERSION=1\n",
		"FROM alpine\n" + on + "# Version\n\nARG VERSION=1\n",
	} {
		ws, err := buildkitLint("Dockerfile", []byte(src))
		if err != nil {
			t.Fatalf("%q: BuildKit: %v", src, err)
		}
		if len(ws) == 0 {
			t.Errorf("%q: BuildKit reports nothing: the departure is gone", src)
		}
		if got := br014Lines(src); len(got) > 0 {
			t.Errorf("%q: berth reports lines %v", src, got)
		}
	}
}

// br014Lines runs BR014 alone on src and returns the line of the
// instruction each finding is about.
func br014Lines(src string) []string {
	doc := lint.NewDocument("Dockerfile", []byte(src))
	var got []string
	for _, d := range lint.Run(doc, []*lint.Rule{BR014}, &lint.Config{}) {
		for _, ins := range doc.File.Instructions {
			if ins.Range.End >= d.Range.Start {
				got = append(got, fmt.Sprint(ins.StartLine))
				break
			}
		}
	}
	return got
}
