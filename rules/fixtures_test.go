package rules

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/berth-dev/berth/lint"
)

var update = flag.Bool("update", false, "rewrite the .golden files of the rule fixtures")

// fixturesDir holds one folder per rule code, each with Dockerfiles.
const fixturesDir = "../fixtures/rules"

// want is one "# want CODE "regexp"" marker.
type want struct {
	code string
	re   *regexp.Regexp
	line int // 0-based line the marker applies to
	met  bool
}

var wantRe = regexp.MustCompile(`^\s*#\s*want\s+(\S+)\s+("(?:[^"\\]|\\.)*")\s*$`)

// parseWants finds the markers of src and returns src with the marker
// lines blanked to spaces, so offsets do not move.
func parseWants(t *testing.T, name string, src []byte) ([]*want, []byte) {
	t.Helper()
	lines := bytes.SplitAfter(src, []byte("\n"))
	var wants []*want
	var pending []*want
	blanked := make([]byte, 0, len(src))
	for i, ln := range lines {
		m := wantRe.FindSubmatch(bytes.TrimRight(ln, "\r\n"))
		if m == nil {
			for _, w := range pending {
				w.line = i
			}
			pending = nil
			blanked = append(blanked, ln...)
			continue
		}
		pat, err := strconv.Unquote(string(m[2]))
		if err != nil {
			t.Fatalf("%s:%d: bad want pattern: %v", name, i+1, err)
		}
		re, err := regexp.Compile(pat)
		if err != nil {
			t.Fatalf("%s:%d: bad want regexp: %v", name, i+1, err)
		}
		w := &want{code: string(m[1]), re: re}
		wants, pending = append(wants, w), append(pending, w)
		for _, c := range ln {
			if c == '\n' || c == '\r' {
				blanked = append(blanked, c)
			} else {
				blanked = append(blanked, ' ')
			}
		}
	}
	if len(pending) > 0 {
		t.Fatalf("%s: a want marker ends the file", name)
	}
	return wants, blanked
}

// fixtureConfig reads the optional berth.yaml next to a rule's fixtures
// and enables the rule under test.
func fixtureConfig(t *testing.T, dir string, r *lint.Rule) *lint.Config {
	cfg := &lint.Config{}
	if p := filepath.Join(dir, "berth.yaml"); fileExists(p) {
		c, err := lint.LoadConfig(p)
		if err != nil {
			t.Fatal(err)
		}
		cfg = c
	}
	cfg.Enable = append(cfg.Enable, r.Code)
	return cfg
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// lintOne runs rule r alone on src.
func lintOne(r *lint.Rule, path string, src []byte, cfg *lint.Config) (*lint.Document, []lint.Diagnostic) {
	doc := lint.NewDocument(path, src)
	doc.Context = filepath.Dir(path)
	if images, err := os.ReadFile(path + ".images"); err == nil {
		doc.LocalImages = parseFixtureImages(string(images))
	}
	return doc, lint.Run(doc, []*lint.Rule{r}, cfg)
}

// fixtureImages stands for the container engine in fixtures that need
// one: NAME.Dockerfile.images lists "engine os/arch" and "REF os/arch"
// lines, what the daemon would say of itself and of its local images.
type fixtureImages struct {
	engine    string
	platforms map[string]string
}

func parseFixtureImages(text string) *fixtureImages {
	fi := &fixtureImages{platforms: map[string]string{}}
	for _, line := range strings.Split(text, "\n") {
		f := strings.Fields(line)
		if len(f) != 2 || strings.HasPrefix(f[0], "#") {
			continue
		}
		if f[0] == "engine" {
			fi.engine = f[1]
		} else {
			fi.platforms[f[0]] = f[1]
		}
	}
	return fi
}

func (fi *fixtureImages) Platform(ref string) (string, bool) {
	p, ok := fi.platforms[ref]
	return p, ok
}

func (fi *fixtureImages) EnginePlatform() string { return fi.engine }

// TestFixtures runs every rule over its fixtures: each diagnostic must be
// wanted by a marker on the line above its instruction and each marker met;
// the file with all safe fixes applied must match NAME.golden.
func TestFixtures(t *testing.T) {
	for _, r := range All() {
		dir := filepath.Join(fixturesDir, r.Code)
		files, _ := filepath.Glob(filepath.Join(dir, "*.Dockerfile"))
		for _, path := range files {
			t.Run(r.Code+"/"+filepath.Base(path), func(t *testing.T) {
				runFixture(t, r, path)
			})
		}
	}
}

func runFixture(t *testing.T, r *lint.Rule, path string) {
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	wants, blanked := parseWants(t, path, src)
	cfg := fixtureConfig(t, filepath.Dir(path), r)
	doc, diags := lintOne(r, path, blanked, cfg)
	f := doc.File
	for _, d := range diags {
		line, col := f.LineCol(d.Range.Start)
		ins := f.InstructionAt(d.Range.Start)
		first := line - 1
		if ins != nil {
			first = ins.StartLine - 1
		}
		ok := false
		for _, w := range wants {
			if !w.met && w.code == d.Code && w.line == first && w.re.MatchString(d.Message) {
				w.met, ok = true, true
				break
			}
		}
		if !ok {
			t.Errorf("%s:%d:%d: unexpected %s %q", path, line, col, d.Code, d.Message)
		}
	}
	for _, w := range wants {
		if !w.met {
			t.Errorf("%s:%d: no %s diagnostic matching %q", path, w.line+1, w.code, w.re)
		}
	}
	checkFixes(t, r, path, src, blanked, diags, cfg)
}

// checkFixes applies the safe fixes and compares with the golden file;
// the fixed file must not need the same safe fixes again.
func checkFixes(t *testing.T, r *lint.Rule, path string, src, blanked []byte, diags []lint.Diagnostic, cfg *lint.Config) {
	for _, d := range diags {
		for _, f := range d.Fixes {
			if f.Title == "" || len(f.Edits) == 0 {
				t.Errorf("%s: %s fix %q has no title or no edits", path, d.Code, f.Title)
			}
		}
	}
	// The golden file is the fixed Dockerfile: edits of other files
	// (.dockerignore) are tested where they are applied.
	edits := slices.DeleteFunc(lint.SelectFixes(diags, false), func(e lint.Edit) bool { return e.Path != "" })
	golden := path + ".golden"
	if len(edits) == 0 {
		if fileExists(golden) {
			t.Errorf("%s: no safe fix applies, but %s exists", path, golden)
		}
		return
	}
	fixed, err := lint.Apply(src, edits)
	if err != nil {
		t.Fatalf("%s: applying fixes: %v", path, err)
	}
	if *update {
		if err := os.WriteFile(golden, fixed, 0o644); err != nil {
			t.Fatal(err)
		}
	} else {
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%s: missing golden file (run go test ./rules -update): %v", path, err)
		}
		if !bytes.Equal(want, fixed) {
			t.Errorf("%s: fixed file differs from %s:\n%s", path, golden, diffLines(string(want), string(fixed)))
		}
	}
	fixedBlanked, err := lint.Apply(blanked, edits)
	if err != nil {
		t.Fatal(err)
	}
	_, again := lintOne(r, path, fixedBlanked, cfg)
	for _, d := range again {
		for _, f := range d.Fixes {
			if f.Safe {
				line, _ := lint.NewDocument(path, fixedBlanked).File.LineCol(d.Range.Start)
				t.Errorf("%s: after fixing, line %d still has %s with a safe fix %q", path, line, d.Code, f.Title)
			}
		}
	}
}

func diffLines(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	for i := 0; i < max(len(w), len(g)); i++ {
		var a, c string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			c = g[i]
		}
		if a != c {
			fmt.Fprintf(&b, "line %d:\n  want %q\n  got  %q\n", i+1, a, c)
		}
	}
	return b.String()
}
