package rules

import (
	"slices"
	"testing"

	"github.com/berth-dev/berth/lint"
)

// TestBeforeFirstFrom: the instructions before the first FROM belong to
// no stage. The build stops at the first that is not an ARG (BR030) and
// DL3061 reports each; the rules on what an instruction says check them
// as anywhere else, while the rules on what a stage does (its last USER,
// its repeated CMD) leave them to those two. DL3064 checks the ARGs and
// ENVs of stages only, as BuildKit (see its doc).
func TestBeforeFirstFrom(t *testing.T) {
	src := `ARG GITHUB_TOKEN
ARG VERSION=3.20
ENV DB_PASSWORD=hunter2
WORKDIR app
EXPOSE 8080/TCP 99999
USER root
CMD echo hi
CMD echo again
run apt-get install curl
FROM alpine:${VERSION}
USER app
CMD ["app"]
`
	doc := lint.NewDocument("Dockerfile", []byte(src))
	got := map[int][]string{}
	for _, d := range lint.Run(doc, All(), &lint.Config{}) {
		l, _ := doc.File.LineCol(d.Range.Start)
		got[l] = append(got[l], d.Code)
	}
	for line, codes := range map[int][]string{
		3: {"BR030", "DL3061"},
		4: {"DL3061", "DL3000"},
		5: {"DL3061", "BR012", "DL3011"},
		7: {"DL3061", "DL3025"},
		9: {"DL3061", "DL3008", "DL3014", "BR004"},
	} {
		for _, c := range codes {
			if !slices.Contains(got[line], c) {
				t.Errorf("line %d: no %s (got %v)", line, c, got[line])
			}
		}
	}
	// What a stage does is not asked of instructions in no stage.
	for line, codes := range got {
		for _, c := range codes {
			if slices.Contains([]string{"DL3002", "DL4003", "DL3059", "DL3045", "DL3064"}, c) && line < 10 {
				t.Errorf("line %d: %s on an instruction before the first FROM", line, c)
			}
		}
	}
}
