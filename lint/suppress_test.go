package lint

import (
	"slices"
	"strings"
	"testing"
)

// lines returns the 1-based lines of the findings of rules on src.
func findingLines(src string, cfg *Config, rules ...*Rule) string {
	doc := NewDocument("Dockerfile", []byte(src))
	var out []string
	for _, d := range Run(doc, rules, cfg) {
		l, _ := doc.File.LineCol(d.Range.Start)
		out = append(out, d.Code+"@"+string(rune('0'+l)))
	}
	return strings.Join(out, " ")
}

// TestStageIgnore: "# hadolint stage ignore=" and "# berth stage ignore="
// silence the rules from the instruction after the pragma to the end of
// that instruction's stage; placed above a FROM, the whole stage, FROM
// included.
func TestStageIgnore(t *testing.T) {
	run := keywordRule("DL9999", "run")
	from := keywordRule("DL9998", "from")
	for _, tc := range []struct {
		name, src, want string
	}{
		{"none", "FROM a\nRUN x\nRUN y\n", "DL9998@1 DL9999@2 DL9999@3"},
		{"mid stage", "FROM a\nRUN x\n# hadolint stage ignore=DL9999\nRUN y\nRUN z\nFROM b\nRUN w\n",
			"DL9998@1 DL9999@2 DL9998@6 DL9999@7"},
		{"above FROM", "FROM a\nRUN x\n# berth stage ignore=DL9998,DL9999 reason\nFROM b\nRUN y\nFROM c\nRUN z\n",
			"DL9998@1 DL9999@2 DL9998@6 DL9999@7"},
		{"blank line before the instruction", "FROM a\n# hadolint stage ignore=DL9999\n\nRUN x\n", "DL9998@1"},
		{"spaces around the list", "FROM a\n# hadolint stage ignore = DL1234 , DL9999 # why\nRUN x\n", "DL9998@1"},
		{"by name", "FROM a\n# berth stage ignore=test-dl9999\nRUN x\n", "DL9998@1"},
		{"other code", "FROM a\n# hadolint stage ignore=DL1234\nRUN x\n", "DL9998@1 DL9999@3"},
		{"not a stage pragma", "FROM a\n# hadolint stageignore=DL9999\nRUN x\n", "DL9998@1 DL9999@3"},
		{"before the meta ARGs", "# hadolint stage ignore=DL9999\nARG X\nFROM a\nRUN x\n", "DL9998@3 DL9999@4"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := findingLines(tc.src, nil, from, run); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
	// disable-ignore-pragma turns the stage form off too.
	src := "FROM a\n# hadolint stage ignore=DL9999\nRUN x\n"
	if got := findingLines(src, &Config{DisableIgnorePragma: true}, run); got != "DL9999@3" {
		t.Errorf("disable-ignore-pragma: got %q", got)
	}
}

func TestParsePragma(t *testing.T) {
	for _, tc := range []struct {
		text   string
		codes  []string
		global bool
		ok     bool
	}{
		{"hadolint ignore=DL3008", []string{"DL3008"}, false, true},
		{"hadolint ignore=DL3008,DL3009 reason", []string{"DL3008", "DL3009"}, false, true},
		{"hadolint ignore = DL3008 , DL3009 # reason", []string{"DL3008", "DL3009"}, false, true},
		{"berth global ignore=DL3059", []string{"DL3059"}, true, true},
		{"hadolint stage ignore=DL3011", []string{"DL3011"}, false, true},
		{"hadolint shell=pwsh", nil, false, false},
		{"hadolint ignore=", nil, false, false},
		{"hadolints ignore=DL3008", nil, false, false},
		{"just a comment", nil, false, false},
	} {
		codes, global, ok := ParsePragma(tc.text)
		if ok != tc.ok || global != tc.global || !slices.Equal(codes, tc.codes) {
			t.Errorf("ParsePragma(%q) = %q, %v, %v; want %q, %v, %v", tc.text, codes, global, ok, tc.codes, tc.global, tc.ok)
		}
	}
}

// TestCheckCommentAboveInstruction: BuildKit reads "# check=" in the
// comment block above an instruction (its PrevComment) for the checks of
// that instruction: the first such comment, its first word, strictly
// parsed; error=true is not merged there.
func TestCheckCommentAboveInstruction(t *testing.T) {
	check := keywordRule("BR999", "run", "RunFound")
	plain := keywordRule("DL9999", "run")
	for _, tc := range []struct {
		name, src, want string
	}{
		{"none", "FROM a\nRUN x\nRUN y\n", "BR999@2 BR999@3"},
		{"skip one", "FROM a\n# check=skip=RunFound\nRUN x\nRUN y\n", "BR999@4"},
		{"in a block, blank lines between", "FROM a\n# install\n# check=skip=Other,RunFound\n\nRUN x\n", ""},
		{"skip all", "FROM a\n# check=skip=all\nRUN x\nRUN y\n", "BR999@4"},
		{"an empty # line ends the block", "FROM a\n# check=skip=RunFound\n#\nRUN x\n", "BR999@4"},
		{"first check comment wins", "FROM a\n# check=skip=Other\n# check=skip=RunFound\nRUN x\n", "BR999@4"},
		{"bad option ignored", "FROM a\n# check=skip=RunFound;bogus=1\nRUN x\n", "BR999@3"},
		{"value's first word only", "FROM a\n# check=skip=RunFound please\nRUN x\n", ""},
		{"all in a list is a name", "FROM a\n# check=skip=Other,all\nRUN x\n", "BR999@3"},
		// A blank first line ends the directives: BuildKit reads the line
		// as the comment of the instruction below it, and no other.
		{"after a blank first line", "\n# check=skip=RunFound\nFROM a\nRUN x\n", "BR999@4"},
		{"after a blank first line, above the RUN", "\n# check=skip=RunFound\nRUN x\nFROM a\nRUN y\n", "BR999@5"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := findingLines(tc.src, nil, check); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
	// skip=all above an instruction leaves the rules that are not
	// BuildKit's checks alone, as the file-wide directive does.
	if got := findingLines("FROM a\n# check=skip=all\nRUN x\n", nil, check, plain); got != "DL9999@3" {
		t.Errorf("skip=all: got %q", got)
	}
	// The comment stays BuildKit's: disable-ignore-pragma does not touch it.
	if got := findingLines("FROM a\n# check=skip=RunFound\nRUN x\n", &Config{DisableIgnorePragma: true}, check); got != "" {
		t.Errorf("disable-ignore-pragma: got %q", got)
	}
	// error=true raises the file's checks only from the directives.
	diags := Run(NewDocument("Dockerfile", []byte("FROM a\n# check=error=true\nRUN x\n")), []*Rule{check}, nil)
	if len(diags) != 1 || diags[0].Severity != Warning {
		t.Errorf("error=true above an instruction: %+v", diags)
	}
}

// TestExperimentalAboveInstruction: "# check=experimental=NAME" above an
// instruction turns an opt-in BuildKit check on for that instruction
// only, as BuildKit merges the comment into its checks; no skip= skips a
// check experimental= turned on; the configuration's ignore wins; a check
// the configuration enables keeps its findings elsewhere (issue 9).
func TestExperimentalAboveInstruction(t *testing.T) {
	exp := keywordRule("BR998", "run", "RunSeen")
	exp.OptIn = true
	for _, tc := range []struct {
		name, src string
		cfg       *Config
		want      string
	}{
		{"off", "FROM a\nRUN x\nRUN y\n", nil, ""},
		{"above one", "FROM a\nRUN x\n# check=experimental=RunSeen\nRUN y\nRUN z\n", nil, "BR998@4"},
		{"by code", "FROM a\n# check=experimental=br998\nRUN x\nRUN y\n", nil, "BR998@3"},
		{"all", "FROM a\n# check=experimental=all\nRUN x\nRUN y\n", nil, "BR998@3"},
		{"all in a list", "FROM a\n# check=experimental=Other,all\nRUN x\n", nil, ""},
		{"file-wide", "# check=experimental=RunSeen\nFROM a\nRUN x\nRUN y\n", nil, "BR998@3 BR998@4"},
		{"file-wide all in a list", "# check=experimental=Other,all\nFROM a\nRUN x\n", nil, ""},
		{"skip all over the file", "# check=skip=all\nFROM a\n# check=experimental=RunSeen\nRUN x\nRUN y\n", nil, "BR998@4"},
		{"skip and experimental", "# check=skip=RunSeen;experimental=RunSeen\nFROM a\nRUN x\n", nil, "BR998@3"},
		{"skip above, on over the file", "# check=experimental=RunSeen\nFROM a\n# check=skip=all\nRUN x\nRUN y\n", nil, "BR998@4 BR998@5"},
		{"ignored in the configuration", "FROM a\n# check=experimental=RunSeen\nRUN x\n", &Config{Ignore: []string{"BR998"}}, ""},
		{"enabled, skipped over the file", "# check=skip=all\nFROM a\n# check=experimental=RunSeen\nRUN x\nRUN y\n", &Config{Enable: []string{"BR998"}}, "BR998@4"},
		{"enabled", "FROM a\n# check=experimental=RunSeen\nRUN x\nRUN y\n", &Config{Enable: []string{"BR998"}}, "BR998@3 BR998@4"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := findingLines(tc.src, tc.cfg, exp); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}
