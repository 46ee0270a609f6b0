package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/berth-dev/berth/internal/testinputs"
)

// TestPreCommitHook runs the repository's pre-commit hook the way a user's
// pre-commit does (pre-commit try-repo), on a staged Dockerfile from the
// tutorial: it must fail the commit and show the findings. It skips
// without pre-commit (Debian package pre-commit) unless
// BERTH_REQUIRE_PRECOMMIT=1, as in CI.
func TestPreCommitHook(t *testing.T) {
	if testing.Short() {
		t.Skip("pre-commit runs without -short")
	}
	if _, err := exec.LookPath("pre-commit"); err != nil {
		if os.Getenv("BERTH_REQUIRE_PRECOMMIT") == "1" {
			t.Fatal("pre-commit is not installed (apt-get install pre-commit)")
		}
		t.Skip("pre-commit is not installed (apt-get install pre-commit)")
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	testinputs.Consult(t, root) // the hooks' file, berth-engine's packages
	bin := t.TempDir()
	if out, err := exec.Command("go", "build", "-o", bin+string(filepath.Separator), "../../cmd/berth", "../../cmd/berth-engine").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	work := t.TempDir()
	src, err := os.ReadFile(filepath.Join(root, "fixtures/seed/centos.Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	// The tutorial's miDockerfile is linted as Dockerfile is; notes
	// beside them are not.
	for name, text := range map[string][]byte{"Dockerfile": src, "miDockerfile": src, "Dockerfile.md": []byte("# Notes\n\nBuild with docker build.\n")} {
		if err := os.WriteFile(filepath.Join(work, name), text, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	env := append(os.Environ(),
		"PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"),
		"PRE_COMMIT_HOME="+t.TempDir(),
		"GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com")
	git := func(args ...string) {
		cmd := exec.Command("git", args...)
		cmd.Dir, cmd.Env = work, env
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	git("init", "-q")
	git("add", "Dockerfile", "miDockerfile", "Dockerfile.md")
	cmd := exec.Command("pre-commit", "try-repo", root, "berth-system", "--files", "Dockerfile", "miDockerfile", "Dockerfile.md")
	cmd.Dir, cmd.Env = work, env
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatalf("the hook passed a Dockerfile with warnings:\n%s", out)
	}
	for _, want := range []string{"Failed", "DL3006", "DL3025", "\nDockerfile:3:5", "miDockerfile:3:5"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("hook output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(string(out), "Dockerfile.md") {
		t.Errorf("the hook linted Dockerfile.md:\n%s", out)
	}
}

// TestHookFilesPattern: the hooks of .pre-commit-hooks.yaml run on the
// names a folder search picks up (lint.IsDockerfileName), in any folder.
// pre-commit matches files and exclude with Python's re.search; for
// these patterns Go's regexp agrees.
func TestHookFilesPattern(t *testing.T) {
	data, err := os.ReadFile("../../.pre-commit-hooks.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var hooks []struct {
		ID      string `yaml:"id"`
		Files   string `yaml:"files"`
		Exclude string `yaml:"exclude"`
	}
	if err := yaml.Unmarshal(data, &hooks); err != nil {
		t.Fatal(err)
	}
	if len(hooks) == 0 {
		t.Fatal("no hooks")
	}
	names := dockerfileNames(t)
	for _, h := range hooks {
		files, exclude := regexp.MustCompile(h.Files), regexp.MustCompile(h.Exclude)
		for name, want := range names {
			for _, path := range []string{name, "services/api/" + name} {
				if got := files.MatchString(path) && !exclude.MatchString(path); got != want {
					t.Errorf("hook %s on %s: %v, want %v", h.ID, path, got, want)
				}
			}
		}
	}
}
