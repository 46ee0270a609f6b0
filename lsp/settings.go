package lsp

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"go.lsp.dev/protocol"

	"github.com/berth-dev/berth/internal/safeio"
	"github.com/berth-dev/berth/lint"
)

// Settings are what an editor can set, in initializationOptions or with
// workspace/didChangeConfiguration, either at the top level or under a
// "berth" key. They are laid over the workspace's configuration file.
type Settings struct {
	// Ignore lists rules (code, name or alias) not to run.
	Ignore []string `json:"ignore,omitempty" desc:"Rules not to run, by code, name or alias (DL3008, DL3007, JSONArgsRecommended). Added to the ignore list of .berth.yaml."`
	// Enable lists opt-in rules to run.
	Enable []string `json:"enable,omitempty" desc:"Opt-in rules to run, by code or name (berth rules lists them)."`
	// Severity overrides rule severities: error, warning, info, style, off.
	Severity map[string]string `json:"severity,omitempty" desc:"Severity overrides by rule, for example {\"DL3007\": \"info\"}. Laid over .berth.yaml." enum:"error,warning,info,style,off"`
	// ShellCheck turns the analysis of RUN commands on or off.
	ShellCheck *bool `json:"shellcheck,omitempty" desc:"Analyse RUN commands with ShellCheck: true, false, or null for on when shellcheck is installed."`
	// Docker says how to reach the container engine for the build, pull
	// and pin commands.
	Docker DockerSettings `json:"docker,omitzero"`
	// Build configures the build commands.
	Build BuildSettings `json:"build,omitzero"`
	// DebounceMS is how long, in milliseconds, diagnostics wait for typing
	// to pause when edits arrive faster than they are linted (default 30).
	DebounceMS *int `json:"debounceMs,omitempty" desc:"When edits arrive faster than they are linted, wait this many milliseconds of quiet before linting again. An edit after a pause is linted at once." default:"30" minimum:"0"`
	// ConfigFile names a configuration file to use instead of looking for
	// .berth.yaml or .hadolint.yaml near each document.
	ConfigFile string `json:"configFile,omitempty" desc:"A configuration file to use instead of the .berth.yaml or .hadolint.yaml found near each Dockerfile."`
	// Locale is the language of what berth says ("en", "es"), over the
	// editor's own (initialize's locale).
	Locale string `json:"locale,omitempty" desc:"The language of berth's messages, hover and actions: en or es. Empty: the editor's language."`
}

// DockerSettings say where the daemon is.
type DockerSettings struct {
	// Host is the daemon address (unix:///path, tcp://host:port); empty
	// means DOCKER_HOST, the Docker CLI's context, then the default and
	// Podman sockets.
	Host string `json:"host,omitempty" desc:"The Docker (or Podman) daemon to build, pull and pin with, such as unix:///var/run/docker.sock or tcp://127.0.0.1:2376. Empty: DOCKER_HOST, then the Docker CLI's current context, then the default Docker and Podman sockets."`
}

// BuildSettings configure "Build image" and "Build stage".
type BuildSettings struct {
	// Context is the build context folder, relative to the workspace
	// folder (or to the Dockerfile's folder outside a workspace); empty
	// for the Dockerfile's folder.
	Context string `json:"context,omitempty" desc:"The build context folder, relative to the workspace folder. Empty: the Dockerfile's folder."`
	// Tag names the built image; empty derives it from the folder and
	// file names.
	Tag string `json:"tag,omitempty" desc:"The tag of built images. Empty: a name made from the folder and the Dockerfile's name."`
	// Args are build arguments (--build-arg).
	Args map[string]string `json:"args,omitempty" desc:"Build arguments (--build-arg NAME=VALUE)."`
	// Network is the network of RUN steps: "default", "none" or "host".
	Network string `json:"network,omitempty" desc:"The network RUN steps build with." enum:"default,none,host" default:"\"default\""`
	// NoCache builds without the build cache.
	NoCache bool `json:"noCache,omitempty" desc:"Build without the build cache."`
	// Builder is "buildkit", "classic", or empty for BuildKit when the
	// daemon has it.
	Builder string `json:"builder,omitempty" desc:"The builder: BuildKit when the daemon has it (empty), or always one of them." enum:",buildkit,classic"`
}

// check reports settings that cannot work.
func (b BuildSettings) check() error {
	switch b.Network {
	case "", "default", "none", "host":
	default:
		return fmt.Errorf("settings: build.network is %q: want default, none or host", b.Network)
	}
	switch b.Builder {
	case "", "buildkit", "classic":
	default:
		return fmt.Errorf("settings: build.builder is %q: want buildkit or classic", b.Builder)
	}
	return nil
}

// parseSettings reads settings from an LSP "any" value: an object with the
// fields of Settings, possibly wrapped in {"berth": {...}}. Null and empty
// input give zero settings.
func parseSettings(raw []byte) (Settings, error) {
	var s Settings
	if len(raw) == 0 || string(raw) == "null" {
		return s, nil
	}
	var wrapped map[string]json.RawMessage
	if err := json.Unmarshal(raw, &wrapped); err != nil {
		return s, fmt.Errorf("settings: %w", err)
	}
	if inner, ok := wrapped["berth"]; ok {
		raw = inner
	}
	if err := json.Unmarshal(raw, &s); err != nil {
		return s, fmt.Errorf("settings: %w", err)
	}
	if err := s.Build.check(); err != nil {
		return Settings{}, err
	}
	return s, nil
}

// config turns the settings into a lint configuration.
func (s Settings) config() (*lint.Config, error) {
	c := &lint.Config{Ignore: s.Ignore, Enable: s.Enable, ShellCheck: s.ShellCheck}
	for name, level := range s.Severity {
		sev, err := lint.ParseSeverity(level)
		if err != nil {
			return nil, fmt.Errorf("settings: severity of %s: %w", name, err)
		}
		if c.Severity == nil {
			c.Severity = map[string]lint.Severity{}
		}
		c.Severity[name] = sev
	}
	return c, nil
}

// debounce returns the debounce delay in force.
func (s Settings) debounce() time.Duration {
	if s.DebounceMS == nil {
		return 30 * time.Millisecond
	}
	return time.Duration(max(0, *s.DebounceMS)) * time.Millisecond
}

// configs finds and caches the configuration file that applies to each
// folder. The cache is dropped when settings change or a configuration file
// is saved or reported changed.
type configs struct {
	mu     sync.Mutex
	byDir  map[string]configEntry
	warned map[string]bool
}

type configEntry struct {
	cfg *lint.Config
	err error
}

// forDir returns the configuration found from dir upwards (or in file when
// set), parsed; nil when there is none. An unreadable or invalid file gives
// an error (reported once) and no configuration; a file that names a rule
// that is none of rs (Config.CheckRuleNames, as berth lint checks it)
// gives its configuration and the error.
func (c *configs) forDir(dir, file string, rs []*lint.Rule) (*lint.Config, error) {
	key := dir + "\x00" + file
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.byDir[key]; ok {
		return e.cfg, e.err
	}
	path := file
	if path == "" && dir != "" {
		path = lint.FindConfig(dir)
	}
	var e configEntry
	if path != "" {
		e.cfg, e.err = lint.LoadConfig(path)
		if e.err == nil {
			e.err = e.cfg.CheckRuleNames(rs)
		}
	}
	if c.byDir == nil {
		c.byDir = map[string]configEntry{}
	}
	c.byDir[key] = e
	return e.cfg, e.err
}

// firstWarning reports whether err is seen for the first time.
func (c *configs) firstWarning(err error) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.warned == nil {
		c.warned = map[string]bool{}
	}
	msg := err.Error()
	if c.warned[msg] {
		return false
	}
	c.warned[msg] = true
	return true
}

// warnConfig tells the user what is wrong with a configuration file, in
// berth lint's words and the user's language: in the server's log, the
// editor's log (window/logMessage) and a message (window/showMessage),
// as warnings. Callers say each error once (configs.firstWarning). It
// never blocks.
func (s *Server) warnConfig(err error) {
	text := safeio.PrintableLines(err.Error())
	s.log.Warn(text)
	if s.client == nil {
		return
	}
	msg := "berth: " + s.text(text)
	s.sends.Go(func() {
		if err := s.client.LogMessage(context.Background(), &protocol.LogMessageParams{Type: protocol.MessageTypeWarning, Message: msg}); err != nil {
			s.log.Warn("logMessage failed", "err", err)
		}
		s.showMessage(protocol.MessageTypeWarning, msg)
	})
}

// reset forgets every cached configuration.
func (c *configs) reset() {
	c.mu.Lock()
	c.byDir = nil
	c.warned = nil
	c.mu.Unlock()
}

// isConfigFile reports whether path names a berth or hadolint configuration.
func isConfigFile(path string) bool {
	base := filepath.Base(path)
	for _, n := range lint.ConfigNames {
		if strings.EqualFold(base, n) {
			return true
		}
	}
	return false
}

// dirExists reports whether dir is an existing folder.
func dirExists(dir string) bool {
	st, err := os.Stat(dir)
	return err == nil && st.IsDir()
}
