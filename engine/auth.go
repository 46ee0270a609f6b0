package engine

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"

	credclient "github.com/docker/docker-credential-helpers/client"
	"github.com/docker/docker-credential-helpers/credentials"
	"github.com/moby/moby/api/types/registry"
)

// AuthConfig is a registry credential as the daemon takes it.
type AuthConfig = registry.AuthConfig

// dockerHubAuthKey is Docker Hub's key in the CLI configuration's auths
// and the server address its credential helpers are asked for.
const dockerHubAuthKey = "https://index.docker.io/v1/"

// cliConfig is the part of the Docker CLI's config.json that holds
// credentials.
type cliConfig struct {
	Auths map[string]struct {
		Auth          string `json:"auth"`
		Username      string `json:"username"`
		Password      string `json:"password"`
		IdentityToken string `json:"identitytoken"`
		RegistryToken string `json:"registrytoken"`
	} `json:"auths"`
	CredsStore  string            `json:"credsStore"`
	CredHelpers map[string]string `json:"credHelpers"`
}

// AuthFor returns the credential the Docker CLI would use for the registry
// registryHost ("ghcr.io", "localhost:5000"; "docker.io" or "" for Docker
// Hub), from configDir/config.json ("" for $DOCKER_CONFIG or ~/.docker):
// the credential helper credHelpers names for the registry, else the
// credsStore helper, else the auths entry (base64 "auth" or an
// identitytoken). A helper is the program docker-credential-NAME on PATH.
// No configuration, or no credential for the registry, gives the zero
// AuthConfig (an anonymous pull) and no error.
func AuthFor(configDir, registryHost string) (AuthConfig, error) {
	if configDir == "" {
		configDir = DockerConfigDir(nil)
	}
	path := filepath.Join(configDir, "config.json")
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return AuthConfig{}, nil
	}
	if err != nil {
		return AuthConfig{}, fmt.Errorf("reading credentials: %w", err)
	}
	var cfg cliConfig
	if err := json.Unmarshal(data, &cfg); err != nil {
		return AuthConfig{}, fmt.Errorf("reading credentials from %s: %w", path, err)
	}
	host := registryHostname(registryHost)
	server := host
	if host == "docker.io" {
		server = dockerHubAuthKey
	}

	helper := cfg.CredHelpers[host]
	if helper == "" && host == "docker.io" {
		helper = cfg.CredHelpers[dockerHubAuthKey]
	}
	if helper == "" {
		helper = cfg.CredsStore
	}
	if helper != "" {
		creds, err := credclient.Get(helperProgram("docker-credential-"+helper), server)
		switch {
		case err == nil:
			a := AuthConfig{ServerAddress: server, Username: creds.Username, Password: creds.Secret}
			if creds.Username == "<token>" {
				a = AuthConfig{ServerAddress: server, IdentityToken: creds.Secret}
			}
			return a, nil
		case !credentials.IsErrCredentialsNotFound(err):
			return AuthConfig{}, fmt.Errorf("credentials for %s from docker-credential-%s: %w", host, helper, err)
		}
	}

	keys := []string{server, host}
	for _, k := range slices.Sorted(maps.Keys(cfg.Auths)) {
		if registryHostname(k) == host {
			keys = append(keys, k)
		}
	}
	for _, key := range keys {
		e, ok := cfg.Auths[key]
		if !ok {
			continue
		}
		a := AuthConfig{
			ServerAddress: server,
			Username:      e.Username,
			Password:      e.Password,
			IdentityToken: e.IdentityToken,
			RegistryToken: e.RegistryToken,
		}
		if e.Auth != "" {
			raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(e.Auth))
			if err != nil {
				return AuthConfig{}, fmt.Errorf("credentials for %s in %s: bad auth value: %w", host, path, err)
			}
			user, pass, ok := strings.Cut(string(raw), ":")
			if !ok {
				return AuthConfig{}, fmt.Errorf("credentials for %s in %s: auth value is not user:password", host, path)
			}
			a.Username, a.Password = user, pass
		}
		return a, nil
	}
	return AuthConfig{}, nil
}

// EncodeAuth encodes a credential for the X-Registry-Auth header (base64url
// JSON), "" for the zero credential.
func EncodeAuth(a AuthConfig) (string, error) {
	if a == (AuthConfig{}) {
		return "", nil
	}
	data, err := json.Marshal(a)
	if err != nil {
		return "", fmt.Errorf("encoding credentials: %w", err)
	}
	return base64.URLEncoding.EncodeToString(data), nil
}

// registryHostname reduces a registry address or auths key
// ("https://index.docker.io/v1/", "http://host:5000/v2", "ghcr.io") to its
// host, Docker Hub's names to "docker.io".
func registryHostname(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.Index(s, "://"); i >= 0 {
		s = s[i+3:]
	}
	if i := strings.IndexByte(s, '/'); i >= 0 {
		s = s[:i]
	}
	s = strings.ToLower(s)
	switch s {
	case "", "docker.io", "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com":
		return "docker.io"
	}
	return s
}

// helperProgram runs a credential helper with its stderr kept out of
// ours (the language server's stderr is its log).
func helperProgram(name string) credclient.ProgramFunc {
	return func(args ...string) credclient.Program {
		return &helperCmd{cmd: exec.Command(name, args...)}
	}
}

// helperCmd is a credential helper process.
type helperCmd struct{ cmd *exec.Cmd }

// Output runs the helper and returns its standard output; a failure's
// message includes what it wrote on stderr.
func (h *helperCmd) Output() ([]byte, error) {
	var stderr bytes.Buffer
	h.cmd.Stderr = &stderr
	out, err := h.cmd.Output()
	if err != nil && stderr.Len() > 0 {
		err = fmt.Errorf("%w: %s", err, strings.TrimSpace(stderr.String()))
	}
	return out, err
}

// Input sets the helper's standard input.
func (h *helperCmd) Input(in io.Reader) { h.cmd.Stdin = in }
