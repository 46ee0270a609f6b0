package i18n

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/rules"
)

// fixtureTexts lints every Dockerfile of fixtures/rules with its rule
// and returns the messages and fix titles the rules wrote, with the
// diagnostics they came from.
func fixtureTexts(t testing.TB) (msgs []lint.Diagnostic, fixes []string) {
	t.Helper()
	dirs, _ := filepath.Glob("../../fixtures/rules/*")
	seenFix := map[string]bool{}
	for _, dir := range dirs {
		code := filepath.Base(dir)
		var r *lint.Rule
		for _, x := range rules.All() {
			if x.Code == code {
				r = x
			}
		}
		if r == nil {
			continue
		}
		cfg := &lint.Config{}
		if p := filepath.Join(dir, "berth.yaml"); fileExists(p) {
			if c, err := lint.LoadConfig(p); err == nil {
				cfg = c
			}
		}
		cfg.Enable = append(cfg.Enable, r.Code)
		files, _ := filepath.Glob(filepath.Join(dir, "*Dockerfile"))
		for _, f := range files {
			src, err := os.ReadFile(f)
			if err != nil {
				continue
			}
			doc := lint.NewDocument(f, src)
			doc.Context = dir
			for _, d := range lint.Run(doc, []*lint.Rule{r}, cfg) {
				msgs = append(msgs, d)
				for _, fx := range d.Fixes {
					if !seenFix[fx.Title] {
						seenFix[fx.Title] = true
						fixes = append(fixes, fx.Title)
					}
				}
			}
		}
	}
	sort.Strings(fixes)
	return msgs, fixes
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// TestFixtureMessagesSpanish renders in Spanish every message and fix
// title the rules write on their fixtures and fails on one left in
// English. ShellCheck's own messages (SC codes) stay in English.
func TestFixtureMessagesSpanish(t *testing.T) {
	msgs, fixes := fixtureTexts(t)
	for _, d := range msgs {
		if strings.HasPrefix(d.Code, "SC") {
			continue
		}
		if got := Message(Spanish, &d); got == d.Message && d.Code == "BR030" {
			// BR030 passes on BuildKit's own errors, some of which have no
			// Spanish yet.
			t.Logf("%s: no Spanish for %q", d.Code, d.Message)
		} else if got == d.Message {
			t.Errorf("%s: no Spanish for %q", d.Code, d.Message)
		}
	}
	for _, f := range fixes {
		if Text(Spanish, f) == f {
			t.Errorf("no Spanish for the fix title %q", f)
		}
	}
	for _, r := range rules.All() {
		if RuleTitle(Spanish, r) == r.Title {
			t.Errorf("%s: no Spanish for the title %q", r.Code, r.Title)
		}
	}
}

func TestParse(t *testing.T) {
	for in, want := range map[string]string{"es": "es", "es_AR.UTF-8": "es", "es-ES": "es", "ES": "es", "en_US.UTF-8": "en", "C": "en", "": "en", "fr_FR": "en"} {
		got, _ := Parse(in)
		if Code(got) != want {
			t.Errorf("Parse(%q) = %s, want %s", in, Code(got), want)
		}
	}
	env := map[string]string{"LANG": "es_AR.UTF-8"}
	if got := FromEnv(func(k string) string { return env[k] }); got != Spanish {
		t.Errorf("LANG=es_AR.UTF-8: %v", got)
	}
	env["LC_ALL"] = "C"
	if got := FromEnv(func(k string) string { return env[k] }); got != English {
		t.Errorf("LC_ALL=C over LANG: %v", got)
	}
}

func TestDumpRuntime(t *testing.T) {
	if !testing.Verbose() {
		t.Skip("a listing for translators: go test -v -run TestDumpRuntime")
	}
	msgs, fixes := fixtureTexts(t)
	seen := map[string]bool{}
	for _, d := range msgs {
		if seen[d.Message] {
			continue
		}
		seen[d.Message] = true
		t.Logf("M\t%s\t%q\t%q", d.Code, d.Message, d.Format)
	}
	for _, f := range fixes {
		t.Logf("F\t%q", f)
	}
}
