package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/berth-dev/berth/rules"
)

// TestColorOn: NO_COLOR (any value), TERM=dumb, a non-terminal output and
// no-color in a configuration file turn colours off; --color=always and
// FORCE_COLOR turn them on; --color=never and --no-color win over
// FORCE_COLOR (issue 9).
func TestColorOn(t *testing.T) {
	for _, tc := range []struct {
		name    string
		color   colorMode
		noColor bool // --no-color
		fileNo  bool // no-color: true in the configuration
		env     map[string]string
		tty     bool
		want    bool
	}{
		{name: "terminal", color: "auto", tty: true, want: true},
		{name: "pipe", color: "auto", tty: false, want: false},
		{name: "NO_COLOR", color: "auto", tty: true, env: map[string]string{"NO_COLOR": "0"}, want: false},
		{name: "TERM=dumb", color: "auto", tty: true, env: map[string]string{"TERM": "dumb"}, want: false},
		{name: "TERM=xterm", color: "auto", tty: true, env: map[string]string{"TERM": "xterm-256color"}, want: true},
		{name: "FORCE_COLOR", color: "auto", tty: false, env: map[string]string{"FORCE_COLOR": "1"}, want: true},
		{name: "NO_COLOR beats FORCE_COLOR", color: "auto", tty: true, env: map[string]string{"FORCE_COLOR": "1", "NO_COLOR": "1"}, want: false},
		{name: "config no-color", color: "auto", fileNo: true, tty: true, want: false},
		{name: "--no-color", color: "auto", noColor: true, tty: true, env: map[string]string{"FORCE_COLOR": "1"}, want: false},
		{name: "--color=never", color: "never", tty: true, env: map[string]string{"FORCE_COLOR": "1"}, want: false},
		{name: "--color=always", color: "always", tty: false, fileNo: true, env: map[string]string{"NO_COLOR": "1", "TERM": "dumb"}, want: true},
	} {
		e := &Env{Getenv: func(k string) string { return tc.env[k] }}
		o := &lintOptions{color: tc.color, noColor: tc.noColor}
		if got := o.colorOn(e, &runSettings{noColor: tc.fileNo}, tc.tty); got != tc.want {
			t.Errorf("%s: colorOn = %v, want %v", tc.name, got, tc.want)
		}
	}
}

// TestHadolintCodesAreRules: every rule of hadolint's is one of berth's,
// under its code, so lint.IsRuleName needs to know only the codes hadolint
// has retired.
func TestHadolintCodesAreRules(t *testing.T) {
	for code := range hlRules {
		if rules.ByName(code) == nil {
			t.Errorf("hadolint's %s is no rule of berth's: lint.IsRuleName would reject it", code)
		}
	}
}

// TestConfigUnknownRuleSpanish: an unknown rule in a configuration file
// is reported in the user's language, as the language server shows it
// (issue 9).
func TestConfigUnknownRuleSpanish(t *testing.T) {
	dir := t.TempDir()
	for name, data := range map[string]string{"Dockerfile": "FROM alpine:3.20\n", ".hadolint.yaml": "ignored: [DL9999]\n"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	code, _, stderr := runBerth(t, map[string]string{"LC_ALL": "es_ES.UTF-8"}, "lint", filepath.Join(dir, "Dockerfile"))
	want := `: ignored: regla desconocida "DL9999"; ¿tal vez DL3009? (berth rules las lista)`
	if code != exitError || !strings.Contains(stderr, "berth lint: al leer la configuración ") || !strings.Contains(stderr, want) {
		t.Errorf("exit %d, stderr:\n%s\nwant it to contain %q", code, stderr, want)
	}
}
