package engine

import (
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fakeHelper installs docker-credential-NAME on PATH: a shell script that
// answers get for the servers in creds (server → JSON answer) and says
// "credentials not found in native keychain" for the others. It records
// the servers it was asked for in the returned file.
func fakeHelper(t *testing.T, name string, creds map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	log := filepath.Join(dir, "asked")
	var b strings.Builder
	b.WriteString("#!/bin/sh\n[ \"$1\" = get ] || { echo unsupported >&2; exit 1; }\nread server\n")
	b.WriteString("echo \"$server\" >> '" + log + "'\ncase \"$server\" in\n")
	for server, answer := range creds {
		b.WriteString("'" + server + "') echo '" + answer + "' ;;\n")
	}
	b.WriteString("*) echo 'credentials not found in native keychain'; exit 1 ;;\nesac\n")
	script := filepath.Join(dir, "docker-credential-"+name)
	if err := os.WriteFile(script, []byte(b.String()), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))
	return log
}

func writeConfig(t *testing.T, content string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "config.json"), []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return dir
}

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

func TestAuthForAuths(t *testing.T) {
	cfg := writeConfig(t, `{
		"auths": {
			"https://index.docker.io/v1/": {"auth": "`+b64("hubuser:hubpass")+`"},
			"ghcr.io": {"auth": "`+b64("gh:tok:en")+`"},
			"https://registry.example.com/v2/": {"identitytoken": "idtok"},
			"localhost:5000": {}
		}
	}`)
	tests := []struct {
		host string
		want AuthConfig
	}{
		{"docker.io", AuthConfig{Username: "hubuser", Password: "hubpass", ServerAddress: dockerHubAuthKey}},
		{"", AuthConfig{Username: "hubuser", Password: "hubpass", ServerAddress: dockerHubAuthKey}},
		{"index.docker.io", AuthConfig{Username: "hubuser", Password: "hubpass", ServerAddress: dockerHubAuthKey}},
		{"ghcr.io", AuthConfig{Username: "gh", Password: "tok:en", ServerAddress: "ghcr.io"}},
		{"registry.example.com", AuthConfig{IdentityToken: "idtok", ServerAddress: "registry.example.com"}},
		{"localhost:5000", AuthConfig{ServerAddress: "localhost:5000"}},
		{"quay.io", AuthConfig{}},
	}
	for _, tc := range tests {
		got, err := AuthFor(cfg, tc.host)
		if err != nil {
			t.Errorf("AuthFor(%q): %v", tc.host, err)
			continue
		}
		if got != tc.want {
			t.Errorf("AuthFor(%q) = %+v, want %+v", tc.host, got, tc.want)
		}
	}
}

func TestAuthForNoConfig(t *testing.T) {
	got, err := AuthFor(t.TempDir(), "docker.io")
	if err != nil || got != (AuthConfig{}) {
		t.Errorf("AuthFor without config.json = %+v, %v; want nothing", got, err)
	}
}

func TestAuthForBadConfig(t *testing.T) {
	if _, err := AuthFor(writeConfig(t, `{"auths":`), "docker.io"); err == nil || !strings.Contains(err.Error(), "config.json") {
		t.Errorf("AuthFor with broken config.json: %v, want an error naming it", err)
	}
	cfg := writeConfig(t, `{"auths":{"ghcr.io":{"auth":"!!!"}}}`)
	if _, err := AuthFor(cfg, "ghcr.io"); err == nil || !strings.Contains(err.Error(), "ghcr.io") {
		t.Errorf("AuthFor with a bad auth value: %v, want an error naming the registry", err)
	}
}

func TestAuthForHelpers(t *testing.T) {
	log := fakeHelper(t, "xyz", map[string]string{
		"ghcr.io":                     `{"ServerURL":"ghcr.io","Username":"helperuser","Secret":"helpersecret"}`,
		"https://index.docker.io/v1/": `{"ServerURL":"https://index.docker.io/v1/","Username":"<token>","Secret":"refresh"}`,
	})
	fakeHelper(t, "store", map[string]string{
		"quay.io": `{"ServerURL":"quay.io","Username":"storeuser","Secret":"storesecret"}`,
	})
	cfg := writeConfig(t, `{
		"auths": {"registry.example.com": {"auth": "`+b64("fileuser:filepass")+`"}},
		"credHelpers": {"ghcr.io": "xyz", "docker.io": "xyz"},
		"credsStore": "store"
	}`)
	tests := []struct {
		host string
		want AuthConfig
	}{
		{"ghcr.io", AuthConfig{Username: "helperuser", Password: "helpersecret", ServerAddress: "ghcr.io"}},
		// "<token>" marks an identity token.
		{"docker.io", AuthConfig{IdentityToken: "refresh", ServerAddress: dockerHubAuthKey}},
		// Registries without a credHelpers entry go to the credsStore.
		{"quay.io", AuthConfig{Username: "storeuser", Password: "storesecret", ServerAddress: "quay.io"}},
		// The store has nothing: the auths entry answers.
		{"registry.example.com", AuthConfig{Username: "fileuser", Password: "filepass", ServerAddress: "registry.example.com"}},
		{"localhost:5000", AuthConfig{}},
	}
	for _, tc := range tests {
		got, err := AuthFor(cfg, tc.host)
		if err != nil {
			t.Errorf("AuthFor(%q): %v", tc.host, err)
			continue
		}
		if got != tc.want {
			t.Errorf("AuthFor(%q) = %+v, want %+v", tc.host, got, tc.want)
		}
	}
	asked, err := os.ReadFile(log)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(asked), "ghcr.io\nhttps://index.docker.io/v1/\n"; got != want {
		t.Errorf("helper xyz was asked for %q, want %q", got, want)
	}
}

func TestAuthForMissingHelper(t *testing.T) {
	cfg := writeConfig(t, `{"credHelpers": {"ghcr.io": "berth-no-such-helper"}}`)
	_, err := AuthFor(cfg, "ghcr.io")
	if err == nil || !strings.Contains(err.Error(), "docker-credential-berth-no-such-helper") {
		t.Errorf("AuthFor with a missing helper: %v, want an error naming it", err)
	}
}

func TestEncodeAuth(t *testing.T) {
	if s, err := EncodeAuth(AuthConfig{}); s != "" || err != nil {
		t.Errorf("EncodeAuth(zero) = %q, %v; want empty", s, err)
	}
	a := AuthConfig{Username: "u", Password: "p/+?", ServerAddress: "ghcr.io"}
	s, err := EncodeAuth(a)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := base64.URLEncoding.DecodeString(s)
	if err != nil {
		t.Fatalf("EncodeAuth = %q: not base64url: %v", s, err)
	}
	var back AuthConfig
	if err := json.Unmarshal(raw, &back); err != nil || back != a {
		t.Errorf("EncodeAuth round trip = %+v, %v; want %+v", back, err, a)
	}
}
