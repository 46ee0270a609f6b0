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
