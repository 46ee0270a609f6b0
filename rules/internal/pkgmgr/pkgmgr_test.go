package pkgmgr

import "testing"

// TestTables: option names are written without dashes, once per table;
// dnf takes yum's options too.
func TestTables(t *testing.T) {
	for name, opts := range map[string][]string{"apt-get": AptGetValued, "apk": ApkValued, "yum": YumValued, "dnf": DnfValued, "zypper": ZypperValued} {
		seen := map[string]bool{}
		for _, o := range opts {
			if o == "" || o[0] == '-' {
				t.Errorf("%s: option %q is empty or keeps its dashes", name, o)
			}
			if seen[o] && name != "dnf" {
				t.Errorf("%s: option %q twice", name, o)
			}
			seen[o] = true
		}
	}
	dnf := map[string]bool{}
	for _, o := range DnfValued {
		dnf[o] = true
	}
	for _, o := range YumValued {
		if !dnf[o] {
			t.Errorf("dnf lacks yum's option %q", o)
		}
	}
}
