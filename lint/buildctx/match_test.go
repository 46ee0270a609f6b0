package buildctx

import (
	"path"
	"strings"
	"testing"
)

// TestGlobStar checks the credential-name globs' matcher against
// path.Match over names around each glob.
func TestGlobStar(t *testing.T) {
	names := []string{"", ".env", ".env.local", "prod.env", "env", "x.pem", ".pem", "pem", "id_rsa", "id_rsa.pub", "id_rs",
		"kubeconfig", "a.kubeconfig", "kubeconfig.bak", ".netrc", "a.p12", "key", "a.key", ".git-credentials", "id_ed25519_x"}
	for _, s := range secretNames {
		if strings.ContainsAny(s.glob, "?[\\") || strings.Count(s.glob, "*") > 1 {
			t.Fatalf("glob %q has more than one '*' for special character: globStar cannot match it", s.glob)
		}
		for _, n := range names {
			want, _ := path.Match(s.glob, n)
			if got := globStar(s.glob, n); got != want {
				t.Errorf("globStar(%q, %q) = %v, path.Match says %v", s.glob, n, got, want)
			}
		}
	}
}
