package engine

import (
	"context"
	"crypto/tls"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/docker/go-connections/tlsconfig"
	"github.com/moby/moby/client"
	"github.com/moby/moby/client/pkg/versions"
)

// Timeouts of the quick calls, used when the caller's context has no
// deadline, so that a daemon that accepts connections and never answers
// cannot hang anything.
const (
	// PingTimeout bounds Ping.
	PingTimeout = 3 * time.Second
	// CallTimeout bounds Images, Image and RepoDigest.
	CallTimeout = 15 * time.Second
)

// Client is a connection to one daemon. Its methods are safe for
// concurrent use; each takes a context and gives up when it is done.
type Client struct {
	ep  Endpoint
	api *client.Client

	// pingTimeout and callTimeout are PingTimeout and CallTimeout (tests
	// shorten them).
	pingTimeout, callTimeout time.Duration

	mu sync.Mutex
	// info is the answer of the last successful Ping, nil when there is
	// none or it was forgotten.
	info *Info
	// renegotiate makes the next Ping negotiate the API version again
	// (after Refresh, or a failure: the daemon may have been replaced).
	renegotiate bool
}

// Info describes the daemon.
type Info struct {
	// APIVersion is the highest API version the daemon speaks ("1.41").
	APIVersion string
	// OS and Arch are the daemon's platform ("linux", "amd64").
	OS, Arch string
	// ServerVersion is the daemon's version ("20.10.24", "4.3.1").
	ServerVersion string
	// BuildKit reports whether the daemon offers BuildKit: its ping says
	// Builder-Version 2, or it is a Docker daemon on Linux with API 1.39 or
	// later. Podman's Docker-compatible service does not.
	BuildKit bool
	// Podman reports whether the daemon is Podman's service.
	Podman bool
}

// New returns a client for ep. It does no I/O: the API version is
// negotiated on the first call. A tcp endpoint with TLS files uses TLS,
// verifying the server's certificate only when ep.TLSVerify is set.
func New(ep Endpoint) (*Client, error) {
	var opts []client.Opt
	if ep.CACert != "" || ep.Cert != "" || ep.Key != "" {
		cfg, err := tlsconfig.Client(tlsconfig.Options{
			CAFile:             ep.CACert,
			CertFile:           ep.Cert,
			KeyFile:            ep.Key,
			InsecureSkipVerify: !ep.TLSVerify,
			ExclusiveRootPools: true,
			MinVersion:         tls.VersionTLS12,
		})
		if err != nil {
			return nil, fmt.Errorf("docker host %q: TLS: %w", ep.Host, err)
		}
		opts = append(opts, client.WithHTTPClient(&http.Client{Transport: &http.Transport{TLSClientConfig: cfg}}))
	}
	opts = append(opts, client.WithHost(ep.Host), client.WithAPIVersionNegotiation())
	api, err := client.New(opts...)
	if err != nil {
		return nil, fmt.Errorf("docker host %q: %w", ep.Host, err)
	}
	return &Client{ep: ep, api: api, pingTimeout: PingTimeout, callTimeout: CallTimeout}, nil
}

// Endpoint returns where the client connects.
func (c *Client) Endpoint() Endpoint { return c.ep }

// Close releases the client's connections.
func (c *Client) Close() error { return c.api.Close() }

// Ping checks that the daemon answers, negotiates the API version and
// describes the daemon. The answer is cached after the first success;
// Refresh, or any call finding the daemon unreachable, forgets it. A
// daemon that is not there gives an *UnreachableError.
func (c *Client) Ping(ctx context.Context) (Info, error) {
	c.mu.Lock()
	if c.info != nil {
		info := *c.info
		c.mu.Unlock()
		return info, nil
	}
	force := c.renegotiate
	c.mu.Unlock()

	pctx, cancel, timeout := withTimeout(ctx, c.pingTimeout)
	p, err := c.api.Ping(pctx, client.PingOptions{NegotiateAPIVersion: true, ForceNegotiate: force})
	cancel()
	if err != nil {
		return Info{}, c.fail("ping", err, timeout)
	}
	// The daemon is there. What it says of itself may take longer while it
	// is busy (Podman's /version waits for its storage during a build):
	// the other quick calls' timeout, not Ping's, which is for telling a
	// daemon that never answers.
	vctx, cancel, timeout := withTimeout(ctx, c.callTimeout)
	defer cancel()
	v, err := c.api.ServerVersion(vctx, client.ServerVersionOptions{})
	if err != nil {
		return Info{}, c.fail("ping: version", err, timeout)
	}
	info := Info{
		APIVersion:    p.APIVersion,
		OS:            v.Os,
		Arch:          v.Arch,
		ServerVersion: v.Version,
		Podman:        isPodman(v),
	}
	if info.APIVersion == "" {
		info.APIVersion = v.APIVersion
	}
	if info.OS == "" {
		info.OS = p.OSType
	}
	info.BuildKit = !info.Podman && (p.BuilderVersion == "2" ||
		(info.OS == "linux" && info.APIVersion != "" && versions.GreaterThanOrEqualTo(info.APIVersion, "1.39")))

	c.mu.Lock()
	c.info, c.renegotiate = &info, false
	c.mu.Unlock()
	return info, nil
}

// Refresh forgets what Ping learned, so that the next Ping asks the daemon
// again (and negotiates the API version again).
func (c *Client) Refresh() {
	c.mu.Lock()
	c.info, c.renegotiate = nil, true
	c.mu.Unlock()
}

// isPodman reports whether a version answer comes from Podman.
func isPodman(v client.ServerVersionResult) bool {
	if strings.Contains(strings.ToLower(v.Platform.Name), "podman") {
		return true
	}
	for _, comp := range v.Components {
		if strings.Contains(strings.ToLower(comp.Name), "podman") {
			return true
		}
	}
	return false
}

// fail turns an error of a call named op into what the caller gets: an
// *UnreachableError (as is: its message says it all) when the daemon
// could not be reached, forgetting the cached Info; else err wrapped with
// op.
func (c *Client) fail(op string, err error, timeout time.Duration) error {
	err = c.unreachable(err, timeout)
	if IsUnreachable(err) {
		c.Refresh()
		return err
	}
	return fmt.Errorf("%s: %w", op, err)
}

// withTimeout bounds a quick call by d: ctx gets a deadline d from now
// unless its own comes sooner. It returns d, or 0 when ctx's deadline was
// kept (its expiry is then the caller's, not a daemon that does not
// answer).
func withTimeout(ctx context.Context, d time.Duration) (context.Context, context.CancelFunc, time.Duration) {
	if dl, ok := ctx.Deadline(); (ok && time.Until(dl) <= d) || d <= 0 {
		return ctx, func() {}, 0
	}
	ctx, cancel := context.WithTimeout(ctx, d)
	return ctx, cancel, d
}
