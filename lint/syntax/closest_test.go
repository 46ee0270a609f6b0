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
