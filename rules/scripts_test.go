package rules

import (
	"fmt"
	"testing"

	"github.com/berth-dev/berth/internal/corpus"
	"github.com/berth-dev/berth/lint"
)

// mayRunLines are RUN lines at the edges of mayRun.
var mayRunLines = []string{
	`RUN cd /x`, `RUN /bin/cd x`, `RUN abcd x`, `RUN c"d" /x`, `RUN \cd /x`, `RUN c'd' x`, `RUN (cd x && make)`,
	`RUN x=$(cd y; pwd)`, "RUN a `cd b`", `RUN sudo -u me ln -s a b`, `RUN go build`, `RUN go1.21 build`, `RUN ./go run .`,
	`RUN if true; then cd /; fi`, `RUN a|cd b`, `RUN a&&cd b`, `RUN {cd,ls} x`, `RUN !cd`, `RUN ! cd x`, `RUN env A=1 sudo x`,
	"RUN <<EOF\ncd /x\nEOF", "RUN <<EOF\nc\\\nd /x\nEOF", "RUN c\\\nd /x", `RUN sh -c "cd /x"`, `RUN xargs ln -s`,
	`RUN time go test`, `RUN $(echo cd) x`, `RUN exec sudo x`, `RUN curl https://x | sh && ps aux`, `RUN p"s" aux`,
	`RUN service nginx start`, `RUN kill -9 1; top`,
}

// TestMayRun: every RUN of the corpus, and of the lines at the edges, that
// calls cd, ln, sudo, go or one of DL3001's commands, and holds its name,
// passes mayRun for that name and mayCall for its list.
func TestMayRun(t *testing.T) {
	srcs := map[string][]byte{}
	for i, l := range mayRunLines {
		srcs[fmt.Sprintf("line %d", i)] = []byte("FROM scratch\n" + l + "\n")
	}
	for path, src := range corpus.Sources(t) {
		srcs[path] = src
	}
	calls := 0
	for path, src := range srcs {
		doc := lint.NewDocument(path, src)
		for _, ins := range doc.File.Instructions {
			run := ins
			if ins.Cmd == "onbuild" && ins.Sub != nil {
				run = ins.Sub
			}
			s := doc.Script(ins)
			if s == nil {
				continue
			}
			for _, names := range [][]string{{"cd"}, {"ln"}, {"sudo"}, {"go"}, pointlessNames} {
				for c := range s.Calls(names...) {
					if !runMentions(ins, run, names) {
						break // the needles' filter leaves it out before
					}
					calls++
					if !mayRun(ins, run, []string{c.Base()}) || !mayCall(ins, run, nil, names) {
						t.Errorf("%s: %q calls %s, mayRun or mayCall says it cannot", path, ins.Logical, c.Base())
					}
					break
				}
			}
		}
	}
	quoted := lint.NewDocument("Dockerfile", []byte("FROM scratch\nRUN echo \"x\" 'y'\n")).File.Instructions[1]
	if mayCall(quoted, quoted, nil, []string{"cd"}) {
		t.Error("mayCall: a RUN without the name, quotes or not, cannot call it")
	}
	if calls < 20 {
		t.Errorf("only %d RUNs call cd, ln, sudo or go", calls)
	}
}

// checkHasWord fails when hasWord's two ways (a search per name for a few
// names, a lookup per word for many) answer differently for a name (a
// word without separators, or empty).
func checkHasWord(t *testing.T, text, name string) {
	for i := 0; i < len(name); i++ {
		if wordSep[name[i]] {
			return // not a name: a word holds no separator
		}
	}
	few := hasWord(text, []string{name})
	many := hasWord(text, []string{name, name, name, name, name})
	if few != many {
		t.Errorf("hasWord(%q, %q): %v with one name, %v with five", text, name, few, many)
	}
}

func FuzzHasWord(f *testing.F) {
	for _, l := range mayRunLines {
		f.Add(l, "cd")
	}
	f.Add("https://x ps", "ps")
	f.Add("cd", "")
	f.Fuzz(checkHasWord)
}
