package engine

import (
	"fmt"

	"github.com/moby/moby/client"
)

// Client is a connection to one daemon. Its methods are safe for
// concurrent use; each takes a context and gives up when it is done.
type Client struct {
	ep  Endpoint
	api *client.Client
}

// New returns a client for ep. It does no I/O: the API version is
// negotiated on the first call.
func New(ep Endpoint) (*Client, error) {
	opts := []client.Opt{client.WithHost(ep.Host), client.WithAPIVersionNegotiation()}
	if ep.CACert != "" || ep.Cert != "" || ep.Key != "" {
		opts = append(opts, client.WithTLSClientConfig(ep.CACert, ep.Cert, ep.Key))
	}
	api, err := client.New(opts...)
	if err != nil {
		return nil, fmt.Errorf("docker host %q: %w", ep.Host, err)
	}
	return &Client{ep: ep, api: api}, nil
}

// Endpoint returns where the client connects.
func (c *Client) Endpoint() Endpoint { return c.ep }

// Close releases the client's connections.
func (c *Client) Close() error { return c.api.Close() }
