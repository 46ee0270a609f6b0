package rules

import (
	"bufio"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/berth-dev/berth/lint"
)

// TestDumpShellCheckScripts writes the scripts berth gives ShellCheck for
// the Dockerfiles listed in BERTH_SC_FILES (one path a line) to
// BERTH_SC_DUMP/<dialect>/<n>.sh: scripts/bench.sh times shellcheck itself
// over them, the peer of berth lint with ShellCheck on.
func TestDumpShellCheckScripts(t *testing.T) {
	list, dir := os.Getenv("BERTH_SC_FILES"), os.Getenv("BERTH_SC_DUMP")
	if list == "" || dir == "" {
		t.Skip("set BERTH_SC_FILES and BERTH_SC_DUMP")
	}
	f, err := os.Open(list)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	n := 0
	dump := &lint.Rule{Code: "BR999", Name: "dump", Severity: lint.Warning, Check: func(p *lint.Pass) {
		eachRunScript(p, true, func(r runScript) {
			if scSkip(r.Script.Src) != "" {
				return
			}
			j := scNewJob(p.Doc, r)
			if j == nil {
				return
			}
			d := filepath.Join(dir, j.dialect)
			os.MkdirAll(d, 0o755)
			if err := os.WriteFile(filepath.Join(d, strconv.Itoa(n)+".sh"), []byte(j.text), 0o644); err != nil {
				t.Fatal(err)
			}
			n++
		})
	}}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		path := strings.TrimSpace(sc.Text())
		src, err := os.ReadFile(path)
		if err != nil {
			continue
		}
		lint.Run(lint.NewDocument(path, src), []*lint.Rule{dump}, &lint.Config{})
	}
	t.Logf("%d scripts", n)
}
