package syntax

import "testing"

func TestClosest(t *testing.T) {
	opts := []string{"VERSION", "VARIANT", "TARGETARCH"}
	for name, want := range map[string]string{
		"VERSON":     "VERSION",
		"VERSION":    "",
		"TARGETARH":  "TARGETARCH",
		"targetarch": "",
		"X":          "",
	} {
		if got := Closest(name, opts); got != want {
			t.Errorf("Closest(%q) = %q, want %q", name, got, want)
		}
	}
	if got := Closest("a", nil); got != "" {
		t.Errorf("Closest with no options = %q", got)
	}
}

func TestTypo(t *testing.T) {
	names := []string{"lint", "rules", "explain", "version", "DL4000", "maintainer-deprecated", "build"}
	for in, want := range map[string]string{
		"lnt": "lint", "rule": "rules", "dl400": "DL4000", "maintainer-deprecate": "maintainer-deprecated",
		"zzzzzz": "", "": "", "BÛILD": "build",
	} {
		if got := Typo(in, names); got != want {
			t.Errorf("Typo(%q) = %q, want %q", in, got, want)
		}
	}
	// Characters, not bytes, as BuildKit counts.
	if d := EditDistance("bûild", "build"); d != 1 {
		t.Errorf("EditDistance(bûild, build) = %d, want 1", d)
	}
}
