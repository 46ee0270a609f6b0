package engine

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// DefaultHost is the Docker daemon's default socket.
const DefaultHost = "unix:///var/run/docker.sock"

// Env is what Resolve looks at to find the daemon. Its zero value means
// the process's environment and file system.
type Env struct {
	// Host is the docker.host editor setting ("" when unset).
	Host string
	// Getenv reads environment variables; nil means os.Getenv.
	Getenv func(string) string
	// ConfigDir is the Docker CLI's configuration folder; "" means
	// $DOCKER_CONFIG, else ~/.docker.
	ConfigDir string
	// Exists reports whether a path exists; nil means os.Stat succeeds.
	Exists func(path string) bool
}

func (e Env) getenv(k string) string {
	if e.Getenv != nil {
		return e.Getenv(k)
	}
	return os.Getenv(k)
}

func (e Env) exists(path string) bool {
	if e.Exists != nil {
		return e.Exists(path)
	}
	_, err := os.Stat(path)
	return err == nil
}

// configDir returns the Docker CLI's configuration folder.
func (e Env) configDir() string {
	if e.ConfigDir != "" {
		return e.ConfigDir
	}
	return DockerConfigDir(e.getenv)
}

// DockerConfigDir returns the Docker CLI's configuration folder:
// $DOCKER_CONFIG, else ~/.docker. getenv nil means os.Getenv.
func DockerConfigDir(getenv func(string) string) string {
	if getenv == nil {
		getenv = os.Getenv
	}
	if d := getenv("DOCKER_CONFIG"); d != "" {
		return d
	}
	home := getenv("HOME")
	if home == "" {
		home, _ = os.UserHomeDir()
	}
	return filepath.Join(home, ".docker")
}

// Resolve finds the daemon the way the Docker CLI does, in this order: the
// docker.host setting; DOCKER_HOST (with DOCKER_TLS_VERIFY and
// DOCKER_CERT_PATH); the context named by DOCKER_CONTEXT or by the CLI
// configuration's currentContext ("default" meaning none); the default
// socket /var/run/docker.sock when it exists; Podman's sockets
// ($XDG_RUNTIME_DIR/podman/podman.sock, /run/podman/podman.sock) when one
// exists; and else the default socket anyway. A context that does not
// exist, or a configuration file that cannot be read, is an error.
func Resolve(e Env) (Endpoint, error) {
	if h := strings.TrimSpace(e.Host); h != "" {
		return withEnvTLS(e, Endpoint{Host: normalizeHost(h), Source: "docker.host setting"}), nil
	}
	if h := e.getenv("DOCKER_HOST"); h != "" {
		return withEnvTLS(e, Endpoint{Host: normalizeHost(h), Source: "DOCKER_HOST"}), nil
	}
	name, err := currentContext(e)
	if err != nil {
		return Endpoint{}, err
	}
	if name != "" && name != "default" {
		return contextEndpoint(e, name)
	}
	const defaultSocket = "/var/run/docker.sock"
	if e.exists(defaultSocket) {
		return Endpoint{Host: DefaultHost, Source: "default socket"}, nil
	}
	var podman []string
	if dir := e.getenv("XDG_RUNTIME_DIR"); dir != "" {
		podman = append(podman, filepath.Join(dir, "podman", "podman.sock"))
	}
	podman = append(podman, "/run/podman/podman.sock")
	for _, p := range podman {
		if e.exists(p) {
			return Endpoint{Host: "unix://" + p, Source: "Podman socket"}, nil
		}
	}
	return Endpoint{Host: DefaultHost, Source: "default socket"}, nil
}

// normalizeHost turns a bare socket path into a unix:// address.
func normalizeHost(h string) string {
	if strings.HasPrefix(h, "/") {
		return "unix://" + h
	}
	return h
}

// withEnvTLS applies DOCKER_TLS_VERIFY and DOCKER_CERT_PATH to a tcp
// endpoint, as the Docker CLI does: with either set, TLS uses ca.pem,
// cert.pem and key.pem from DOCKER_CERT_PATH (default: the configuration
// folder), verifying the server only with DOCKER_TLS_VERIFY.
func withEnvTLS(e Env, ep Endpoint) Endpoint {
	if !strings.HasPrefix(ep.Host, "tcp://") && !strings.HasPrefix(ep.Host, "https://") {
		return ep
	}
	verify := e.getenv("DOCKER_TLS_VERIFY") != ""
	certPath := e.getenv("DOCKER_CERT_PATH")
	if !verify && certPath == "" {
		return ep
	}
	if certPath == "" {
		certPath = e.configDir()
	}
	ep.TLSVerify = verify
	ep.CACert = filepath.Join(certPath, "ca.pem")
	ep.Cert = filepath.Join(certPath, "cert.pem")
	ep.Key = filepath.Join(certPath, "key.pem")
	return ep
}

// currentContext returns DOCKER_CONTEXT, else the CLI configuration's
// currentContext, else "".
func currentContext(e Env) (string, error) {
	if name := e.getenv("DOCKER_CONTEXT"); name != "" {
		return name, nil
	}
	path := filepath.Join(e.configDir(), "config.json")
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("reading the Docker CLI configuration: %w", err)
	}
	var cfg struct {
		CurrentContext string `json:"currentContext"`
	}
	if err := json.Unmarshal(data, &cfg); err != nil {
		return "", fmt.Errorf("reading the Docker CLI configuration %s: %w", path, err)
	}
	return cfg.CurrentContext, nil
}

// contextEndpoint reads a Docker CLI context's docker endpoint.
func contextEndpoint(e Env, name string) (Endpoint, error) {
	sum := sha256.Sum256([]byte(name))
	hash := hex.EncodeToString(sum[:])
	dir := e.configDir()
	metaPath := filepath.Join(dir, "contexts", "meta", hash, "meta.json")
	data, err := os.ReadFile(metaPath)
	if errors.Is(err, fs.ErrNotExist) {
		return Endpoint{}, fmt.Errorf("docker context %q not found (no %s): see docker context ls", name, metaPath)
	}
	if err != nil {
		return Endpoint{}, fmt.Errorf("docker context %q: %w", name, err)
	}
	var meta struct {
		Endpoints map[string]struct {
			Host          string
			SkipTLSVerify bool
		}
	}
	if err := json.Unmarshal(data, &meta); err != nil {
		return Endpoint{}, fmt.Errorf("docker context %q: reading %s: %w", name, metaPath, err)
	}
	d, ok := meta.Endpoints["docker"]
	if !ok || d.Host == "" {
		return Endpoint{}, fmt.Errorf("docker context %q has no docker endpoint (%s)", name, metaPath)
	}
	ep := Endpoint{Host: normalizeHost(d.Host), Source: "context " + name}
	tlsDir := filepath.Join(dir, "contexts", "tls", hash, "docker")
	for _, f := range []struct {
		name string
		dst  *string
	}{{"ca.pem", &ep.CACert}, {"cert.pem", &ep.Cert}, {"key.pem", &ep.Key}} {
		if p := filepath.Join(tlsDir, f.name); e.exists(p) {
			*f.dst = p
		}
	}
	ep.TLSVerify = !d.SkipTLSVerify && (ep.CACert != "" || ep.Cert != "")
	return ep, nil
}
