package lint

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/berth-dev/berth/internal/safeio"
)

// shadow looks like /etc/shadow: a configuration file symlinked to it must
// not print its password hashes in errors.
const shadow = "root:$6$saltsalt$SECRETHASHSECRETHASHSECRETHASHSECRETHASHSECRETHASHSECRETHASHSECRETHASH:19000:0:99999:7:::\n" +
	"daemon:*:19000:0:99999:7:::\n"

// TestConfigErrorsDoNotEchoContents: errors name at most a key, truncated
// and escaped, never the values or whole lines of the file.
func TestConfigErrorsDoNotEchoContents(t *testing.T) {
	for _, src := range []string{
		shadow,
		"password: $6$saltsalt$SECRETHASH\n",
		"severity:\n  DL3008: $6$salt$SECRETHASH\n",
		"failure-threshold: SECRETHASHSECRETHASH\n",
		"override:\n  $6$SECRETHASH: [DL3008]\n",
		"label-schema:\n  author: x$SECRETHASH\n  $6$SECRETHASH: y\n",
		"ignore: SECRETHASHSECRETHASH\n",
		"ignore: *SECRETHASH\n",
		"\x1b]0;SECRETHASH\x07: 1\n",
		"\"a\\e[31m" + strings.Repeat("x", 100) + "SECRETHASH\": 1\n",
		"shellcheck: SECRETHASH\n",
		"!!SECRETHASH x: 1\n",
	} {
		_, err := ParseConfig(".hadolint.yaml", []byte(src))
		if err == nil {
			t.Errorf("%q: no error", src)
			continue
		}
		msg := err.Error()
		if strings.Contains(msg, "SECRETHASH") || strings.Contains(msg, "$6$") || strings.ContainsAny(msg, "\x1b\x07\n") {
			t.Errorf("%q: the error echoes the file: %q", src, msg)
		}
	}
	// A key that is a name is still named, so that typos can be fixed.
	_, err := ParseConfig("c.yaml", []byte("failure-treshold: error\n"))
	if err == nil || !strings.Contains(err.Error(), `unknown key "failure-treshold"`) {
		t.Errorf("typo: %v", err)
	}
	_, err = ParseConfig("c.yaml", []byte("severity:\n  DL3008: loud\n"))
	if err == nil || !strings.Contains(err.Error(), `severity of DL3008: unknown severity "loud"`) {
		t.Errorf("bad severity: %v", err)
	}
}

// TestLoadConfigRefusesDevices: a configuration file that is a symbolic
// link to /dev/zero, or a FIFO, is refused at once with a reason (before,
// /dev/zero was read until memory ran out and a FIFO blocked).
func TestLoadConfigRefusesDevices(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("/dev/zero and FIFOs on Linux")
	}
	dir := t.TempDir()
	zero := filepath.Join(dir, ".berth.yaml")
	if err := os.Symlink("/dev/zero", zero); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(dir, "fifo.yaml")
	if err := mkfifo(fifo); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{zero, FindConfig(dir), fifo} {
		done := make(chan error, 1)
		go func() {
			_, err := LoadConfig(path)
			done <- err
		}()
		select {
		case err := <-done:
			if !errors.Is(err, safeio.ErrNotRegular) {
				t.Errorf("%s: err = %v, want ErrNotRegular", path, err)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("%s: LoadConfig blocked", path)
		}
	}
	big := filepath.Join(dir, "big.yaml")
	if err := os.WriteFile(big, []byte("ignore: [DL3008]\n"+strings.Repeat("# padding\n", 1000)), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadConfigMax(big, 1000); !errors.Is(err, safeio.ErrTooLarge) {
		t.Errorf("over the cap: err = %v, want ErrTooLarge", err)
	}
	if _, err := LoadConfigMax(big, 0); err != nil {
		t.Errorf("default cap: %v", err)
	}
}

// TestRunKeys: the keys of .hadolint.yaml that concern a whole run are
// kept for the CLI, and disable-ignore-pragma takes effect (issue 9).
func TestRunKeys(t *testing.T) {
	c, err := ParseConfig(".hadolint.yaml", []byte("format: json\nno-color: true\nverbose: true\noutput-file: r.json\nfile-path-in-report: src/Dockerfile\ndisable-ignore-pragma: true\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := Config{Path: ".hadolint.yaml", Format: "json", NoColor: true, Verbose: true, OutputFile: "r.json", FilePathInReport: "src/Dockerfile", DisableIgnorePragma: true}
	if c.Format != want.Format || c.NoColor != want.NoColor || c.Verbose != want.Verbose || c.OutputFile != want.OutputFile ||
		c.FilePathInReport != want.FilePathInReport || c.DisableIgnorePragma != want.DisableIgnorePragma {
		t.Errorf("got %+v, want %+v", c, want)
	}
	m := (&Config{Format: "text", OutputFile: "a"}).Merge(c)
	if m.Format != "json" || m.OutputFile != "r.json" || !m.NoColor || !m.DisableIgnorePragma {
		t.Errorf("Merge: got %+v", m)
	}
}

// TestCheckRuleNames: the first unknown name, in the file's order, with
// its key and a suggestion when one is close; map keys in sorted order, so
// the error does not vary. hadolint's retired codes, ShellCheck codes and
// "all" are names (issue 9).
func TestCheckRuleNames(t *testing.T) {
	rs := []*Rule{{Code: "DL3000", Name: "absolute-workdir"}, {Code: "DL3001", Name: "no-ssh", Aliases: []string{"NoSSH"}}, {Code: "BR001", Name: "pin-it"}}
	const list = " (berth rules lists them)"
	for src, want := range map[string]string{
		"ignored: [DL3000, XX1]\n":                         `reading config c.yaml: ignored: unknown rule "XX1"` + list,
		"ignore: [DL1]\nenable: [ZZ]\n":                    `reading config c.yaml: ignore: unknown rule "DL1"` + list,
		"enable: [DL3009]\n":                               `reading config c.yaml: enable: unknown rule "DL3009"; did you mean DL3000?` + list,
		"override:\n  warning: [W1]\n  error: [E1]\n":      `reading config c.yaml: override: error: unknown rule "E1"` + list,
		"severity:\n  pin-is: error\n  a: info\n":          `reading config c.yaml: severity: unknown rule "a"` + list,
		"severity:\n  pin-is: error\n":                     `reading config c.yaml: severity: unknown rule "pin-is"; did you mean pin-it?` + list,
		"ignored: [dl3000, nossh, ALL, SC2086, DL4007]\n":  "",
		"ignored: [DL3000]\noverride:\n  info: [DL3001]\n": "",
	} {
		c, err := ParseConfig("c.yaml", []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		got := ""
		if err := c.CheckRuleNames(rs); err != nil {
			got = err.Error()
		}
		if got != want {
			t.Errorf("%q: got %q, want %q", src, got, want)
		}
	}
}

// TestIsRuleName: codes, names and aliases in any case, "all", hadolint's
// retired codes and ShellCheck's codes are names; hadolint's retired codes
// are only those it had.
func TestIsRuleName(t *testing.T) {
	rs := []*Rule{{Code: "DL3000", Name: "absolute-workdir", Aliases: []string{"WorkdirRelativePath"}}}
	for name, want := range map[string]bool{
		"DL3000": true, "dl3000": true, "absolute-workdir": true, "workdirrelativepath": true, "All": true,
		"SC2086": true, "sc1000": true, "DL3005": true, "dl4008": true,
		"DL3006": false, "SC20": false, "SCABCD": false, "XX3000": false, "": false, "DL999x": false,
	} {
		if got := IsRuleName(rs, name); got != want {
			t.Errorf("IsRuleName(%q) = %v, want %v", name, got, want)
		}
	}
}

// TestThresholdHint: the failure threshold's error lists the values the
// help lists (none, not off), as the -t flag's does (issue 9).
func TestThresholdHint(t *testing.T) {
	_, err := ParseConfig("c.yaml", []byte("failure-threshold: fatal\n"))
	if err == nil || !strings.HasSuffix(err.Error(), `failure-threshold: unknown severity "fatal": use error, warning, info, style or none`) {
		t.Errorf("got %v", err)
	}
}

// TestConfigFinder: a finder asked about many folders, in any order and
// relative to its working folder, answers as FindConfig does for each.
func TestConfigFinder(t *testing.T) {
	root := t.TempDir()
	for _, d := range []string{"repo/.git", "repo/a/b/c", "repo/h/i", "repo/d/.berth.yaml", "top/x/y", "top/z"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range []string{"repo/.hadolint.yaml", "repo/a/.berth.yml", "repo/h/.hadolint.yml", "top/.berth.yaml", "top/x/.hadolint.yaml", ".berth.yaml"} {
		if err := os.WriteFile(filepath.Join(root, f), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	dirs := []string{"repo/a/b/c", "repo/a/b", "repo/a", "repo", "repo/h/i", "repo/h", "repo/d", "top/x/y", "top/x", "top/z", "top", "."}
	f := &ConfigFinder{WorkDir: root}
	for range 2 {
		for _, d := range dirs {
			want := FindConfig(filepath.Join(root, d))
			if got := f.Find(d); got != want {
				t.Errorf("Find(%s) = %q, FindConfig %q", d, got, want)
			}
		}
	}
	if got, want := f.Find("repo/a/b/c"), filepath.Join(root, "repo/a/.berth.yml"); got != want {
		t.Errorf("Find(repo/a/b/c) = %q, want %q", got, want)
	}
	if got := f.Find("repo/d"); got != filepath.Join(root, "repo/.hadolint.yaml") {
		t.Errorf("Find(repo/d) = %q: a folder named .berth.yaml is no configuration", got)
	}
}
