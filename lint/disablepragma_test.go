package lint

import "testing"

// TestDisableIgnorePragma: with DisableIgnorePragma, hadolint's ignore
// pragmas (per instruction and global) do nothing; BuildKit's check=skip
// still does.
func TestDisableIgnorePragma(t *testing.T) {
	r := &Rule{Code: "DL9999", Name: "every-instruction", Aliases: []string{"EveryInstruction"}, Severity: Warning, Check: func(p *Pass) {
		for _, ins := range p.Doc.File.Instructions {
			p.Reportf(ins.Range, "here")
		}
	}}
	for _, tc := range []struct {
		src     string
		disable bool
		want    int
	}{
		{"FROM a\n# hadolint ignore=DL9999\nRUN b\n", false, 1},
		{"FROM a\n# hadolint ignore=DL9999\nRUN b\n", true, 2},
		{"# hadolint global ignore=DL9999\nFROM a\n", false, 0},
		{"# hadolint global ignore=DL9999\nFROM a\n", true, 1},
		{"# check=skip=EveryInstruction\nFROM a\n", true, 0},
	} {
		got := Run(NewDocument("Dockerfile", []byte(tc.src)), []*Rule{r}, &Config{DisableIgnorePragma: tc.disable})
		if len(got) != tc.want {
			t.Errorf("%q (disable %v): %d findings, want %d", tc.src, tc.disable, len(got), tc.want)
		}
	}
}
