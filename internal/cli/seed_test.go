package cli

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var updateSeed = flag.Bool("update-seed", false, "rewrite fixtures/seed/*.golden")

// TestSeedExamples pins what berth says about the two Dockerfiles of the
// tutorial its users learn from (fixtures/seed), in every output format
// people read: text and JSON, in English and (with --lang es, the
// *.es.*.golden files) in Spanish. ShellCheck is off so that the result does not
// depend on whether it is installed.
func TestSeedExamples(t *testing.T) {
	files, _ := filepath.Glob("../../fixtures/seed/*.Dockerfile")
	if len(files) != 2 {
		t.Fatalf("want the two tutorial examples in fixtures/seed, found %v", files)
	}
	for _, path := range files {
		for _, variant := range []string{"text", "json", "es.text", "es.json"} {
			format, lang := strings.TrimPrefix(variant, "es."), "en"
			if format != variant {
				lang = "es"
			}
			var out, errOut bytes.Buffer
			e := &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut, Getenv: func(string) string { return "" }}
			code := runIn(t, filepath.Dir(path), e, "lint", "--shellcheck=off", "--lang", lang, "--format", format, filepath.Base(path))
			if code != exitFindings {
				t.Errorf("%s: exit %d, want %d (the examples have warnings); stderr: %s", path, code, exitFindings, errOut.String())
			}
			golden := strings.TrimSuffix(path, ".Dockerfile") + "." + variant + ".golden"
			if *updateSeed {
				if err := os.WriteFile(golden, out.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				continue
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./cmd/berth -run TestSeedExamples -update-seed)", err)
			}
			if !bytes.Equal(want, out.Bytes()) {
				t.Errorf("%s --format %s:\n got:\n%s\nwant:\n%s", path, format, out.String(), want)
			}
		}
	}
}

// runIn runs berth in dir (so that paths in the output are short) and
// returns to the test's folder.
func runIn(t *testing.T, dir string, e *Env, args ...string) int {
	t.Helper()
	old, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	defer os.Chdir(old)
	return Run(e, args)
}
