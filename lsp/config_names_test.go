package lsp

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestConfigUnknownRule: a configuration file that names no rule
// (ignored: [DL9999]) is said once, in the editor's log and in a message,
// in berth lint's words and the user's language, and the rest of the file
// applies (issue 9).
func TestConfigUnknownRule(t *testing.T) {
	for _, tc := range []struct {
		locale, want string
	}{
		{"en", `.hadolint.yaml: ignored: unknown rule "DL9999"; did you mean DL3009? (berth rules lists them)`},
		{"es", `.hadolint.yaml: ignored: regla desconocida "DL9999"; ¿tal vez DL3009? (berth rules las lista)`},
	} {
		t.Run(tc.locale, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.Mkdir(filepath.Join(dir, "sub"), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, ".hadolint.yaml"), []byte("ignored:\n  - DL9999\n  - DL3006\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			s := newSession(t, sessionOptions{rootURI: fileURI(dir), initOptions: `{"shellcheck": false, "locale": "` + tc.locale + `"}`})
			// Three documents in two folders under one file: one warning.
			for _, name := range []string{"Dockerfile", "b.Dockerfile", "sub/Dockerfile"} {
				u := fileURI(filepath.Join(dir, name))
				for _, d := range s.waitDiags(u, s.open(u, "FROM ubuntu\n")) {
					if codeOf(d.Code) == "DL3006" {
						t.Errorf("%s: DL3006 reported, but the configuration file ignores it", name)
					}
				}
			}
			deadline := time.Now().Add(20 * time.Second)
			for {
				s.mu.Lock()
				var got []string
				for _, m := range s.messages {
					if strings.Contains(m, "DL9999") {
						got = append(got, m)
					}
				}
				s.mu.Unlock()
				if len(got) == 2 || time.Now().After(deadline) {
					// A round trip: any later message would be in.
					s.call("shutdown", nil, nil)
					s.mu.Lock()
					got = got[:0]
					for _, m := range s.messages {
						if strings.Contains(m, "DL9999") {
							got = append(got, m)
						}
					}
					s.mu.Unlock()
					if len(got) != 2 {
						t.Fatalf("messages %q: want one log message and one shown message about DL9999", got)
					}
					for _, m := range got {
						if !strings.HasPrefix(m, "berth: ") || !strings.HasSuffix(m, tc.want) {
							t.Errorf("message %q, want it to end with %q", m, tc.want)
						}
					}
					return
				}
				time.Sleep(10 * time.Millisecond)
			}
		})
	}
}
