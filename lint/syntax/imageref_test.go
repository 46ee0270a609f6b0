package syntax

import "testing"

func TestParseImageRef(t *testing.T) {
	for _, tc := range []struct {
		in                          string
		registry, path, tag, digest string
	}{
		{"alpine", "", "alpine", "", ""},
		{"alpine:3.20", "", "alpine", "3.20", ""},
		{"library/alpine:latest", "", "library/alpine", "latest", ""},
		{"localhost:5000/img:1.0", "localhost:5000", "img", "1.0", ""},
		{"localhost:5000/img", "localhost:5000", "img", "", ""},
		{"localhost/img", "localhost", "img", "", ""},
		{"ghcr.io/org/app@sha256:abc", "ghcr.io", "org/app", "", "sha256:abc"},
		{"ghcr.io/org/app:v1@sha256:abc", "ghcr.io", "org/app", "v1", "sha256:abc"},
		{"org/app:v1", "", "org/app", "v1", ""},
		{"", "", "", "", ""},
		{":", "", "", "", ""},
		{"@", "", "", "", ""},
	} {
		r := ParseImageRef(tc.in)
		if r.Registry != tc.registry || r.Path != tc.path || r.Tag != tc.tag || r.Digest != tc.digest {
			t.Errorf("ParseImageRef(%q) = %q %q %q %q, want %q %q %q %q", tc.in, r.Registry, r.Path, r.Tag, r.Digest, tc.registry, tc.path, tc.tag, tc.digest)
		}
		for _, sp := range []Range{r.RegistrySpan, r.PathSpan, r.TagSpan, r.DigestSpan} {
			if sp.Start < 0 || sp.End > len(tc.in) || sp.Start > sp.End {
				t.Errorf("ParseImageRef(%q): span %v out of bounds", tc.in, sp)
			}
		}
		if tc.tag != "" && tc.in[r.TagSpan.Start:r.TagSpan.End] != tc.tag {
			t.Errorf("ParseImageRef(%q): tag span %v", tc.in, r.TagSpan)
		}
	}
}

func TestValidReference(t *testing.T) {
	for s, want := range map[string]bool{
		"alpine": true, "alpine:3.20": true, "localhost:5000/a/b:1": true, "Registry.IO/x": true,
		"ghcr.io/org/app@sha256:" + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef": true,
		"": false, "alpine:": false, "Alpine": false, ":3.20": false, "a b": false, "org//app": false,
		"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef": false,
	} {
		if got := ValidReference(s); got != want {
			t.Errorf("ValidReference(%q) = %v, want %v", s, got, want)
		}
	}
}
