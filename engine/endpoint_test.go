package engine

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeContext writes a Docker CLI context into configDir, with the named
// TLS files.
func writeContext(t *testing.T, configDir, name, meta string, tlsFiles ...string) string {
	t.Helper()
	sum := sha256.Sum256([]byte(name))
	hash := hex.EncodeToString(sum[:])
	dir := filepath.Join(configDir, "contexts", "meta", hash)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "meta.json"), []byte(meta), 0o644); err != nil {
		t.Fatal(err)
	}
	tlsDir := filepath.Join(configDir, "contexts", "tls", hash, "docker")
	for _, f := range tlsFiles {
		if err := os.MkdirAll(tlsDir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(tlsDir, f), []byte("pem"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return tlsDir
}

func TestResolve(t *testing.T) {
	type want struct {
		host, source string
		tlsVerify    bool
		ca, cert     string // "" for none; paths relative to the case's config dir as "CFG/..."
		err          string // substring of the error
	}
	tests := []struct {
		name    string
		setting string
		env     map[string]string
		config  string // config.json content, "" for none
		// contexts maps names to meta.json content; tls lists the TLS
		// files each has.
		contexts map[string]string
		tls      map[string][]string
		exists   []string
		want     want
	}{
		{
			name:    "setting wins over everything",
			setting: "tcp://127.0.0.1:2375",
			env:     map[string]string{"DOCKER_HOST": "unix:///other.sock", "DOCKER_CONTEXT": "ctx"},
			exists:  []string{"/var/run/docker.sock"},
			want:    want{host: "tcp://127.0.0.1:2375", source: "docker.host setting"},
		},
		{
			name:    "setting as a bare socket path",
			setting: "/tmp/d.sock",
			want:    want{host: "unix:///tmp/d.sock", source: "docker.host setting"},
		},
		{
			name:   "DOCKER_HOST unix",
			env:    map[string]string{"DOCKER_HOST": "unix:///run/user/1000/docker.sock"},
			exists: []string{"/var/run/docker.sock"},
			want:   want{host: "unix:///run/user/1000/docker.sock", source: "DOCKER_HOST"},
		},
		{
			name: "DOCKER_HOST tcp with TLS verify and cert path",
			env: map[string]string{"DOCKER_HOST": "tcp://127.0.0.1:2376", "DOCKER_TLS_VERIFY": "1",
				"DOCKER_CERT_PATH": "/certs"},
			want: want{host: "tcp://127.0.0.1:2376", source: "DOCKER_HOST", tlsVerify: true,
				ca: "/certs/ca.pem", cert: "/certs/cert.pem"},
		},
		{
			name: "DOCKER_TLS_VERIFY without cert path uses the config dir",
			env:  map[string]string{"DOCKER_HOST": "tcp://127.0.0.1:2376", "DOCKER_TLS_VERIFY": "1"},
			want: want{host: "tcp://127.0.0.1:2376", source: "DOCKER_HOST", tlsVerify: true,
				ca: "CFG/ca.pem", cert: "CFG/cert.pem"},
		},
		{
			name: "DOCKER_CERT_PATH alone: TLS without verification",
			env:  map[string]string{"DOCKER_HOST": "tcp://127.0.0.1:2376", "DOCKER_CERT_PATH": "/certs"},
			want: want{host: "tcp://127.0.0.1:2376", source: "DOCKER_HOST", ca: "/certs/ca.pem", cert: "/certs/cert.pem"},
		},
		{
			name: "TLS variables do not apply to unix sockets",
			env:  map[string]string{"DOCKER_HOST": "unix:///d.sock", "DOCKER_TLS_VERIFY": "1"},
			want: want{host: "unix:///d.sock", source: "DOCKER_HOST"},
		},
		{
			name:     "DOCKER_CONTEXT",
			env:      map[string]string{"DOCKER_CONTEXT": "remote"},
			contexts: map[string]string{"remote": `{"Name":"remote","Endpoints":{"docker":{"Host":"tcp://127.0.0.1:2376","SkipTLSVerify":false}}}`},
			tls:      map[string][]string{"remote": {"ca.pem", "cert.pem", "key.pem"}},
			exists:   []string{"/var/run/docker.sock"},
			want: want{host: "tcp://127.0.0.1:2376", source: "context remote", tlsVerify: true,
				ca: "CTX(remote)/ca.pem", cert: "CTX(remote)/cert.pem"},
		},
		{
			name:     "currentContext from config.json, SkipTLSVerify",
			config:   `{"currentContext":"colima","auths":{}}`,
			contexts: map[string]string{"colima": `{"Name":"colima","Endpoints":{"docker":{"Host":"tcp://127.0.0.1:2376","SkipTLSVerify":true}}}`},
			tls:      map[string][]string{"colima": {"ca.pem"}},
			want:     want{host: "tcp://127.0.0.1:2376", source: "context colima", ca: "CTX(colima)/ca.pem"},
		},
		{
			name:     "context with a unix socket and no TLS",
			config:   `{"currentContext":"rootless"}`,
			contexts: map[string]string{"rootless": `{"Name":"rootless","Endpoints":{"docker":{"Host":"unix:///run/user/1000/docker.sock"}}}`},
			want:     want{host: "unix:///run/user/1000/docker.sock", source: "context rootless"},
		},
		{
			name:   "DOCKER_CONTEXT wins over currentContext",
			env:    map[string]string{"DOCKER_CONTEXT": "default"},
			config: `{"currentContext":"missing"}`,
			exists: []string{"/var/run/docker.sock"},
			want:   want{host: DefaultHost, source: "default socket"},
		},
		{
			name:   "context default means no context",
			config: `{"currentContext":"default"}`,
			exists: []string{"/var/run/docker.sock"},
			want:   want{host: DefaultHost, source: "default socket"},
		},
		{
			name:   "missing context is an error naming it",
			config: `{"currentContext":"gone"}`,
			want:   want{err: `docker context "gone" not found`},
		},
		{
			name:     "context without a docker endpoint",
			env:      map[string]string{"DOCKER_CONTEXT": "k8s"},
			contexts: map[string]string{"k8s": `{"Name":"k8s","Endpoints":{}}`},
			want:     want{err: `docker context "k8s" has no docker endpoint`},
		},
		{
			name:   "malformed config.json",
			config: `{"currentContext":`,
			want:   want{err: "config.json"},
		},
		{
			name:   "default socket when it exists",
			env:    map[string]string{"XDG_RUNTIME_DIR": "/run/user/1000"},
			exists: []string{"/var/run/docker.sock", "/run/user/1000/podman/podman.sock"},
			want:   want{host: DefaultHost, source: "default socket"},
		},
		{
			name:   "rootless Podman socket",
			env:    map[string]string{"XDG_RUNTIME_DIR": "/run/user/1000"},
			exists: []string{"/run/user/1000/podman/podman.sock", "/run/podman/podman.sock"},
			want:   want{host: "unix:///run/user/1000/podman/podman.sock", source: "Podman socket"},
		},
		{
			name:   "rootful Podman socket",
			env:    map[string]string{"XDG_RUNTIME_DIR": "/run/user/1000"},
			exists: []string{"/run/podman/podman.sock"},
			want:   want{host: "unix:///run/podman/podman.sock", source: "Podman socket"},
		},
		{
			name: "nothing: the default socket anyway",
			want: want{host: DefaultHost, source: "default socket"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := t.TempDir()
			if tc.config != "" {
				if err := os.WriteFile(filepath.Join(cfg, "config.json"), []byte(tc.config), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			tlsDirs := map[string]string{}
			for name, meta := range tc.contexts {
				tlsDirs[name] = writeContext(t, cfg, name, meta, tc.tls[name]...)
			}
			exists := map[string]bool{}
			for _, p := range tc.exists {
				exists[p] = true
			}
			env := Env{
				Host:      tc.setting,
				Getenv:    func(k string) string { return tc.env[k] },
				ConfigDir: cfg,
				Exists: func(p string) bool {
					if strings.HasPrefix(p, cfg) {
						_, err := os.Stat(p)
						return err == nil
					}
					return exists[p]
				},
			}
			ep, err := Resolve(env)
			if tc.want.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.want.err) {
					t.Fatalf("Resolve = %+v, %v; want an error containing %q", ep, err, tc.want.err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Resolve: %v", err)
			}
			expand := func(s string) string {
				if s == "" {
					return ""
				}
				s = strings.Replace(s, "CFG", cfg, 1)
				for name, dir := range tlsDirs {
					s = strings.Replace(s, "CTX("+name+")", dir, 1)
				}
				return filepath.FromSlash(s)
			}
			if ep.Host != tc.want.host || ep.Source != tc.want.source || ep.TLSVerify != tc.want.tlsVerify {
				t.Errorf("Resolve = host %q source %q tlsverify %v; want %q %q %v",
					ep.Host, ep.Source, ep.TLSVerify, tc.want.host, tc.want.source, tc.want.tlsVerify)
			}
			if ep.CACert != expand(tc.want.ca) || ep.Cert != expand(tc.want.cert) {
				t.Errorf("Resolve TLS files = %q %q; want %q %q", ep.CACert, ep.Cert, expand(tc.want.ca), expand(tc.want.cert))
			}
			if (ep.Cert == "") != (ep.Key == "") {
				t.Errorf("Resolve: cert %q without key %q, or the reverse", ep.Cert, ep.Key)
			}
		})
	}
}

func TestDockerConfigDir(t *testing.T) {
	env := map[string]string{"HOME": "/home/u"}
	get := func(k string) string { return env[k] }
	if got, want := DockerConfigDir(get), filepath.Join("/home/u", ".docker"); got != want {
		t.Errorf("DockerConfigDir = %q, want %q", got, want)
	}
	env["DOCKER_CONFIG"] = "/etc/dc"
	if got := DockerConfigDir(get); got != "/etc/dc" {
		t.Errorf("DockerConfigDir with DOCKER_CONFIG = %q, want /etc/dc", got)
	}
}
