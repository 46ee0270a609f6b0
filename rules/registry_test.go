package rules

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/berth-dev/berth/lint"
)

var (
	codeRe = regexp.MustCompile(`^(DL[0-9]{4}|BR[0-9]{3})$`)
	nameRe = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
)

// TestRegistry is our analysis.Validate: codes unique and well formed,
// names and aliases unique, docs and fixtures present for every rule.
func TestRegistry(t *testing.T) {
	seen := map[string]string{}
	for _, r := range All() {
		if !codeRe.MatchString(r.Code) {
			t.Errorf("%s: code is not DLnnnn or BRnnn", r.Code)
		}
		if !nameRe.MatchString(r.Name) {
			t.Errorf("%s: name %q is not kebab-case", r.Code, r.Name)
		}
		for _, n := range r.Names() {
			k := strings.ToLower(n)
			if other, dup := seen[k]; dup && other != r.Code && !sharedCheckName(n, r, ByName(other)) {
				t.Errorf("%s: name %q already used by %s", r.Code, n, other)
			}
			seen[k] = r.Code
		}
		if r.Title == "" || len(r.Title) > 70 || strings.HasSuffix(r.Title, ".") {
			t.Errorf("%s: title %q must be short, without a final period", r.Code, r.Title)
		}
		if !r.HasCheck() && r.Code != lint.InternalErrorCode {
			t.Errorf("%s: no Check", r.Code)
		}
		if r.Split != nil && r.Check != nil {
			t.Errorf("%s: a split rule's whole-file check is its Split's: Check must be nil", r.Code)
		}
		checkDoc(t, r)
		if r.Code != lint.InternalErrorCode {
			checkFixtureFolder(t, r)
		}
	}
}

// buildkitChecks are the names of BuildKit's checks (linter/ruleset.go).
// BuildKit gives some checks to several situations that berth splits into
// rules: MultipleInstructionsDisallowed covers DL4003, DL4004 and DL3012.
var buildkitChecks = []string{
	"StageNameCasing", "FromAsCasing", "NoEmptyContinuation", "ConsistentInstructionCasing",
	"DuplicateStageName", "ReservedStageName", "JSONArgsRecommended", "MaintainerDeprecated",
	"UndefinedArgInFrom", "WorkdirRelativePath", "UndefinedVar", "MultipleInstructionsDisallowed",
	"LegacyKeyValueFormat", "InvalidBaseImagePlatform", "RedundantTargetPlatform",
	"SecretsUsedInArgOrEnv", "InvalidDefaultArgInFrom", "FromPlatformFlagConstDisallowed",
	"CopyIgnoredFile", "InvalidDefinitionDescription", "ExposeProtoCasing", "ExposeInvalidFormat",
}

// sharedCheckName reports whether two rules may both answer to name: only
// a BuildKit check name, given as an alias by both, so that
// "# check=skip=NAME" silences every rule that stands for the check.
func sharedCheckName(name string, a, b *lint.Rule) bool {
	if b == nil || !slices.Contains(buildkitChecks, name) {
		return false
	}
	return slices.Contains(a.Aliases, name) && slices.Contains(b.Aliases, name)
}

func checkDoc(t *testing.T, r *lint.Rule) {
	doc, _ := r.Documentation()
	if doc == "" {
		t.Errorf("%s: no rules/docs/%s.md", r.Code, r.Code)
		return
	}
	first, _, _ := strings.Cut(doc, "\n")
	if want := "# " + r.Code + ": " + r.Title; first != want {
		t.Errorf("%s: doc starts with %q, want %q", r.Code, first, want)
	}
	for _, sec := range []string{"## Why", "## Example", "## Fix", "## References"} {
		if !strings.Contains(doc, "\n"+sec+"\n") {
			t.Errorf("%s: doc lacks a %q section", r.Code, sec)
		}
	}
	for _, a := range r.Aliases {
		if !strings.Contains(doc, a) {
			t.Errorf("%s: doc does not mention alias %s", r.Code, a)
		}
	}
}

// checkFixtureFolder wants at least one fixture where the rule fires and
// one where it stays silent.
func checkFixtureFolder(t *testing.T, r *lint.Rule) {
	files, _ := filepath.Glob(filepath.Join(fixturesDir, r.Code, "*.Dockerfile"))
	fires, silent := false, false
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if wantRe.Match(firstWant(src)) {
			fires = true
		} else {
			silent = true
		}
	}
	if !fires || !silent {
		t.Errorf("%s: fixtures/rules/%s needs a Dockerfile where the rule fires (# want) and one where it stays silent", r.Code, r.Code)
	}
}

func firstWant(src []byte) []byte {
	for _, ln := range strings.Split(string(src), "\n") {
		if wantRe.MatchString(ln) {
			return []byte(ln)
		}
	}
	return nil
}

// TestDocsHaveRules finds docs without a rule.
func TestDocsHaveRules(t *testing.T) {
	entries, err := docs.ReadDir("docs")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		code := strings.TrimSuffix(e.Name(), ".md")
		if ByName(code) == nil {
			t.Logf("docs/%s has no rule yet", e.Name())
		}
	}
}
