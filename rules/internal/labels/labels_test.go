package labels

import "testing"

func TestValid(t *testing.T) {
	for _, c := range []struct {
		name  string
		valid func(string) bool
		good  []string
		bad   []string
	}{
		{"url", ValidURL, []string{"https://example.com/x"}, []string{"example.com", ""}},
		{"rfc3339", ValidRFC3339, []string{"2024-11-05T14:03:00Z", "2024-11-05T14:03:00.5+01:00"}, []string{"2024-11-05", "yesterday"}},
		{"spdx", ValidSPDX, []string{"MIT", "Apache-2.0", "MIT OR Apache-2.0", "(MIT AND BSD-3-Clause)", "GPL-2.0-or-later WITH Classpath-exception-2.0", "LicenseRef-mine"}, []string{"MIT OR", "Apache 2", "Nope-1.0", ""}},
		{"hash", ValidGitHash, []string{"0123abc", "0123456789abcdef0123456789abcdef01234567"}, []string{"0123ab", "XYZ1234", "0123ABC"}},
		{"semver", ValidSemver, []string{"1.4.2", "1.0.0-rc.1+build.5"}, []string{"1.4", "01.2.3", "v1.2.3"}},
		{"email", ValidEmail, []string{"team@example.com", `"a b"@example.com`, "a@[127.0.0.1]"}, []string{"team", "@example.com", "a@", "a..b@example.com"}},
	} {
		for _, s := range c.good {
			if !c.valid(s) {
				t.Errorf("%s: %q is valid, said invalid", c.name, s)
			}
		}
		for _, s := range c.bad {
			if c.valid(s) {
				t.Errorf("%s: %q is invalid, said valid", c.name, s)
			}
		}
	}
}
