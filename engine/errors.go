package engine

import (
	"context"
	"errors"
	"io"
	"net"
	"strings"
	"syscall"
	"time"

	cerrdefs "github.com/containerd/errdefs"
	"github.com/moby/moby/client"
)

// UnreachableError is a call to a daemon that is not there, refuses the
// connection, or accepts it and never answers.
type UnreachableError struct {
	// Endpoint is where the daemon was looked for.
	Endpoint Endpoint
	// Timeout is how long the call waited when the daemon did not answer
	// (0 when the connection failed outright).
	Timeout time.Duration
	// Err is the underlying error.
	Err error
}

// Error says where the daemon was looked for and what to do about it:
// "Docker daemon not reachable at unix:///var/run/docker.sock: is it
// running? Set DOCKER_HOST or the docker.host setting".
func (e *UnreachableError) Error() string {
	what, hint := "Docker daemon", "is it running?"
	if isPodmanEndpoint(e.Endpoint) {
		what, hint = "Podman API service", "is it running (systemctl --user start podman.socket)?"
	}
	if e.Err != nil && strings.Contains(e.Err.Error(), "permission denied") {
		hint = "permission denied: is your user allowed to use the socket (the docker group)?"
	}
	var b strings.Builder
	b.WriteString(what)
	if e.Timeout > 0 {
		b.WriteString(" not answering at ")
	} else {
		b.WriteString(" not reachable at ")
	}
	b.WriteString(e.Endpoint.Host)
	if s := e.Endpoint.Source; s != "" && s != "default socket" {
		b.WriteString(" (from " + s + ")")
	}
	if e.Timeout > 0 {
		b.WriteString(" (no answer in " + e.Timeout.String() + ")")
	}
	b.WriteString(": " + hint + " Set DOCKER_HOST or the docker.host setting")
	return b.String()
}

// Unwrap returns the underlying error.
func (e *UnreachableError) Unwrap() error { return e.Err }

// IsUnreachable reports whether err is, or wraps, an *UnreachableError.
func IsUnreachable(err error) bool {
	var u *UnreachableError
	return errors.As(err, &u)
}

// IsNotFound reports whether err says that the thing asked for (an image,
// say) does not exist.
func IsNotFound(err error) bool {
	return cerrdefs.IsNotFound(err)
}

// isPodmanEndpoint reports whether ep looks like Podman's service.
func isPodmanEndpoint(ep Endpoint) bool {
	return ep.Source == "Podman socket" || strings.Contains(strings.ToLower(ep.Host), "podman")
}

// unreachable returns err as an *UnreachableError when it says the daemon
// could not be reached: a failed connection, or (when timeout > 0 and the
// deadline was the call's own) no answer before it. Other errors come back
// unchanged.
func (c *Client) unreachable(err error, timeout time.Duration) error {
	if err == nil || IsUnreachable(err) {
		return err
	}
	if timeout > 0 && errors.Is(err, context.DeadlineExceeded) {
		return &UnreachableError{Endpoint: c.ep, Timeout: timeout, Err: err}
	}
	if connectionFailed(err) {
		return &UnreachableError{Endpoint: c.ep, Err: err}
	}
	return err
}

// connectionFailed reports whether err is a failure to connect, or a
// connection the other side dropped before answering.
func connectionFailed(err error) bool {
	if client.IsErrConnectionFailed(err) {
		return true
	}
	if errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ENOENT) || errors.Is(err, syscall.ECONNRESET) {
		return true
	}
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" {
		return true
	}
	return errors.Is(err, io.EOF)
}
