package lint

import (
	"strings"
	"testing"

	"github.com/berth-dev/berth/lint/syntax"
)

// keywordRule reports every instruction whose keyword is kw.
func keywordRule(code, kw string, aliases ...string) *Rule {
	return &Rule{Code: code, Name: "test-" + strings.ToLower(code), Aliases: aliases, Title: "test", Severity: Warning,
		Check: func(p *Pass) {
			for _, ins := range p.Doc.File.Instructions {
				if ins.Cmd == kw {
					p.Reportf(ins.Keyword.Range, "found %s", kw)
				}
			}
		}}
}

func codes(diags []Diagnostic) string {
	var s []string
	for _, d := range diags {
		s = append(s, d.Code)
	}
	return strings.Join(s, ",")
}

// TestCheckSkipAll: "# check=skip=all" turns BuildKit's checks off (the
// rules with a BuildKit name), not the errors the build would raise.
func TestCheckSkipAll(t *testing.T) {
	check := keywordRule("DL9999", "run", "RunFound")
	buildError := keywordRule("DL9998", "run")
	src := "# check=skip=all\nFROM a\nRUN x\n"
	if got := codes(Run(NewDocument("Dockerfile", []byte(src)), []*Rule{check, buildError}, nil)); got != "DL9998" {
		t.Errorf("got %q, want only DL9998", got)
	}
}

func TestSuppression(t *testing.T) {
	rule := keywordRule("DL9999", "run", "RunFound")
	for _, tc := range []struct {
		name, src, want string
	}{
		{"none", "FROM a\nRUN x\n", "DL9999"},
		{"berth line", "FROM a\n# berth ignore=DL9999 because\nRUN x\nRUN y\n", "DL9999"},
		{"hadolint line", "FROM a\n# hadolint ignore=DL1234,DL9999\nRUN x\n", ""},
		{"not directly above", "FROM a\n# hadolint ignore=DL9999\n\nRUN x\n", "DL9999"},
		{"comment block", "FROM a\n# berth ignore=DL9999\n# more words\nRUN x\n", ""},
		{"global", "FROM a\nRUN x\n# hadolint global ignore=DL9999\nRUN y\n", ""},
		{"berth global", "# berth global ignore=test-dl9999\nFROM a\nRUN x\n", ""},
		{"check skip alias", "# check=skip=RunFound\nFROM a\nRUN x\n", ""},
		{"check skip all", "# check=skip=all\nFROM a\nRUN x\n", ""},
		{"check skip other", "# check=skip=Other\nFROM a\nRUN x\n", "DL9999"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := codes(Run(NewDocument("Dockerfile", []byte(tc.src)), []*Rule{rule}, nil))
			if tc.name == "berth line" {
				// Only the RUN right below the pragma is silenced.
				if got != "DL9999" {
					t.Errorf("got %q", got)
				}
				return
			}
			if got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestCheckExperimentalEnablesOptInChecks(t *testing.T) {
	rule := keywordRule("BR998", "from", "SomeCheck")
	rule.OptIn = true
	src := []byte("# check=experimental=SomeCheck\nFROM a\n")
	if got := codes(Run(NewDocument("Dockerfile", src), []*Rule{rule}, nil)); got != "BR998" {
		t.Errorf("experimental check not enabled: %q", got)
	}
	cfg := &Config{Ignore: []string{"BR998"}}
	if got := codes(Run(NewDocument("Dockerfile", src), []*Rule{rule}, cfg)); got != "" {
		t.Errorf("ignored check enabled by the directive: %q", got)
	}
}

func TestCheckErrorRaisesAliasedRules(t *testing.T) {
	rule := keywordRule("DL9999", "run", "RunFound")
	diags := Run(NewDocument("Dockerfile", []byte("# check=error=true\nFROM a\nRUN x\n")), []*Rule{rule}, nil)
	if len(diags) != 1 || diags[0].Severity != Error {
		t.Errorf("got %+v", diags)
	}
}

func TestConfigSeverity(t *testing.T) {
	rule := keywordRule("DL9999", "run", "RunFound")
	opt := keywordRule("BR999", "from")
	opt.OptIn = true
	doc := NewDocument("Dockerfile", []byte("FROM a\nRUN x\n"))
	cfg, err := ParseConfig("test.yaml", []byte("override:\n  error: [RunFound]\nenable: [BR999]\n"))
	if err != nil {
		t.Fatal(err)
	}
	diags := Run(doc, []*Rule{rule, opt}, cfg)
	if codes(diags) != "BR999,DL9999" || diags[1].Severity != Error {
		t.Errorf("got %+v", diags)
	}
	if got := Run(doc, []*Rule{rule, opt}, nil); codes(got) != "DL9999" {
		t.Errorf("opt-in rule ran without being enabled: %v", codes(got))
	}
	cfg, _ = ParseConfig("test.yaml", []byte("ignored: [DL9999]\n"))
	if got := Run(doc, []*Rule{rule}, cfg); len(got) != 0 {
		t.Errorf("ignored rule ran")
	}
}

func TestParseConfigErrors(t *testing.T) {
	for _, src := range []string{
		"unknown-key: 1\n",
		"failure-threshold: loud\n",
		"override:\n  fatal: [DL3000]\n",
		"label-schema:\n  author: colour\n",
		"ignored: {a: b}\n",
	} {
		if _, err := ParseConfig("bad.yaml", []byte(src)); err == nil || !strings.Contains(err.Error(), "bad.yaml") {
			t.Errorf("%q: got %v, want an error naming the file", src, err)
		}
	}
	c, err := ParseConfig("empty.yaml", nil)
	if err != nil || c.Threshold() != Warning {
		t.Errorf("empty config: %v %v", c, err)
	}
	c, err = ParseConfig("hadolint.yaml", []byte("failure-threshold: error\ntrustedRegistries: [docker.io]\nformat: json\nno-color: true\n"))
	if err != nil || c.Threshold() != Error || len(c.TrustedRegistries) != 1 {
		t.Errorf("hadolint config: %+v %v", c, err)
	}
}

func TestPanickingRuleBecomesDiagnostic(t *testing.T) {
	bad := &Rule{Code: "DL9998", Name: "boom", Title: "boom", Severity: Warning, Check: func(p *Pass) { panic("boom") }}
	outside := &Rule{Code: "DL9997", Name: "outside", Title: "outside", Severity: Warning, Check: func(p *Pass) {
		p.Reportf(syntax.Range{Start: 0, End: 1 << 20}, "too far")
	}}
	good := keywordRule("DL9999", "run")
	diags := Run(NewDocument("Dockerfile", []byte("FROM a\nRUN x\n")), []*Rule{bad, outside, good}, nil)
	if codes(diags) != "BR900,BR900,DL9999" {
		t.Fatalf("got %v", codes(diags))
	}
	if !strings.Contains(diags[0].Message, "DL9998") && !strings.Contains(diags[1].Message, "DL9998") {
		t.Errorf("message does not name the rule: %q", diags[0].Message)
	}
}

func TestApplyAndSelectFixes(t *testing.T) {
	src := []byte("FROM a\nMAINTAINER me\n")
	fix := func(s, e int, text string, safe bool) Diagnostic {
		return Diagnostic{Fixes: []Fix{{Title: "t", Safe: safe, Edits: []Edit{{Range: syntax.Range{Start: s, End: e}, NewText: text}}}}}
	}
	diags := []Diagnostic{fix(0, 4, "from", true), fix(2, 6, "xx", true), fix(7, 17, "LABEL", false)}
	edits := SelectFixes(diags, false)
	out, err := Apply(src, edits)
	if err != nil || string(out) != "from a\nMAINTAINER me\n" {
		t.Errorf("safe: %q %v", out, err)
	}
	out, _ = Apply(src, SelectFixes(diags, true))
	if string(out) != "from a\nLABEL me\n" {
		t.Errorf("unsafe: %q", out)
	}
	if _, err := Apply(src, []Edit{{Range: syntax.Range{Start: 0, End: 4}}, {Range: syntax.Range{Start: 2, End: 3}}}); err == nil {
		t.Error("overlapping edits applied")
	}
}

func TestStagesAndVars(t *testing.T) {
	src := "ARG TAG=3.20\nARG BASE=alpine\nFROM ${BASE}:${TAG} AS build\nARG TAG\nENV HOME=/root\nRUN echo $TAG\nFROM build AS final\nRUN echo $HOME\nFROM other:${MISSING}\n"
	doc := NewDocument("Dockerfile", []byte(src))
	if len(doc.Stages) != 3 || len(doc.MetaArgs) != 2 {
		t.Fatalf("stages %d meta %d", len(doc.Stages), len(doc.MetaArgs))
	}
	b := doc.Stages[0]
	if b.Resolved != "alpine:3.20" || b.Ref.Tag != "3.20" || b.Name != "build" {
		t.Errorf("stage 0: %+v", b)
	}
	f := doc.Stages[1]
	if f.BaseStage != b {
		t.Errorf("stage 1 base not resolved to stage 0")
	}
	if s := doc.Stages[2]; len(s.Unresolved) != 1 || s.Unresolved[0] != "MISSING" {
		t.Errorf("unresolved %v", s.Unresolved)
	}
	run := b.Instructions[2]
	if v := doc.Lookup(run, "TAG"); v == nil || v.Kind != ArgVar || v.Value != "3.20" {
		t.Errorf("TAG in stage: %+v", v)
	}
	if v := doc.Lookup(f.Instructions[0], "HOME"); v == nil || v.Kind != EnvVar {
		t.Errorf("HOME inherited: %+v", v)
	}
	if v := doc.Lookup(f.Instructions[0], "TAG"); v != nil {
		t.Errorf("ARG leaked into the next stage: %+v", v)
	}
	if v := doc.Lookup(b.From, "TAG"); v == nil || v.Kind != MetaArgVar {
		t.Errorf("meta arg in FROM: %+v", v)
	}
}

func TestScriptMapsToSource(t *testing.T) {
	src := "FROM a\nRUN apt-get update \\\n  # comment\n  && apt-get install -y curl\nRUN <<EOF\nset -e\ncd /tmp\nEOF\n"
	doc := NewDocument("Dockerfile", []byte(src))
	runs := doc.Stages[0].Instructions
	s := doc.Script(runs[0])
	if s == nil {
		t.Fatal("no script")
	}
	var names []string
	for _, c := range s.Commands {
		r := s.SrcRange(c.Name.Range)
		names = append(names, src[r.Start:r.End])
	}
	if strings.Join(names, " ") != "apt-get apt-get" {
		t.Errorf("commands %v", names)
	}
	last := s.Commands[len(s.Commands)-1]
	arg := last.Args[len(last.Args)-1]
	if r := s.SrcRange(arg.Range); src[r.Start:r.End] != "curl" {
		t.Errorf("arg maps to %q", src[r.Start:r.End])
	}
	h := doc.Script(runs[1])
	if h == nil || len(h.Commands) != 2 {
		t.Fatalf("heredoc script: %+v", h)
	}
	if r := h.SrcRange(h.Commands[1].Name.Range); src[r.Start:r.End] != "cd" {
		t.Errorf("heredoc command maps to %q", src[r.Start:r.End])
	}
	if doc.Script(runs[0]) != s {
		t.Error("script not cached")
	}
}

func TestConfigAppliesToFindingCodes(t *testing.T) {
	rule := &Rule{Code: "BR997", Name: "multi", Title: "multi", Severity: Info, Check: func(p *Pass) {
		p.Report(Diagnostic{Code: "SC2086", Severity: Info, Message: "a"})
		p.Report(Diagnostic{Code: "SC2164", Severity: Warning, Message: "b"})
		p.Report(Diagnostic{Code: "SC1000", Severity: Warning, Message: "c"})
	}}
	cfg := &Config{Ignore: []string{"SC2086"}, Severity: map[string]Severity{"sc2164": Error, "SC1000": Off}}
	diags := Run(NewDocument("Dockerfile", []byte("FROM a\n")), []*Rule{rule}, cfg)
	if codes(diags) != "SC2164" || diags[0].Severity != Error {
		t.Errorf("got %+v", diags)
	}
}

// TestConfigChangedBetweenRuns: what a configuration says of the rules is
// kept from one run to the next, but a change to its names, made in place
// between two runs, is seen.
func TestConfigChangedBetweenRuns(t *testing.T) {
	rule := keywordRule("DL9999", "run", "RunFound")
	other := keywordRule("DL9996", "from")
	rules := []*Rule{rule, other}
	doc := NewDocument("Dockerfile", []byte("FROM a\nRUN x\n"))
	cfg := &Config{}
	if got := codes(Run(doc, rules, cfg)); got != "DL9996,DL9999" {
		t.Fatalf("got %s", got)
	}
	cfg.Ignore = append(cfg.Ignore, "RunFound")
	if got := codes(Run(doc, rules, cfg)); got != "DL9996" {
		t.Errorf("after ignoring RunFound: %s", got)
	}
	cfg.Ignore[0] = "DL9996"
	if got := codes(Run(doc, rules, cfg)); got != "DL9999" {
		t.Errorf("after ignoring DL9996 in its place: %s", got)
	}
	cfg.Ignore = nil
	cfg.Severity = map[string]Severity{"DL9999": Error}
	if got := Run(doc, rules, cfg); codes(got) != "DL9996,DL9999" || got[1].Severity != Error {
		t.Errorf("after raising DL9999: %+v", got)
	}
	cfg.Severity["DL9999"] = Off
	if got := codes(Run(doc, rules, cfg)); got != "DL9996" {
		t.Errorf("after turning DL9999 off: %s", got)
	}
	rules[1] = keywordRule("DL9995", "from")
	if got := codes(Run(doc, rules, cfg)); got != "DL9995" {
		t.Errorf("after replacing a rule in place: %s", got)
	}
}
