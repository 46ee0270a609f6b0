package rules

import (
	"testing"

	"github.com/berth-dev/berth/lint"
)

// TestBR010YieldsToDL3029: a constant --platform is one problem, reported
// once, by DL3029 while it runs and by BR010 when DL3029 is off.
func TestBR010YieldsToDL3029(t *testing.T) {
	src := []byte("FROM --platform=linux/amd64 alpine:3.20\n")
	codes := func(cfg *lint.Config) []string {
		var out []string
		for _, d := range lint.Run(lint.NewDocument("Dockerfile", src), []*lint.Rule{DL3029, BR010}, cfg) {
			out = append(out, d.Code)
		}
		return out
	}
	if got := codes(nil); len(got) != 1 || got[0] != "DL3029" {
		t.Errorf("default config: got %v, want [DL3029]", got)
	}
	if got := codes(&lint.Config{Ignore: []string{"DL3029"}}); len(got) != 1 || got[0] != "BR010" {
		t.Errorf("DL3029 ignored: got %v, want [BR010]", got)
	}
}
