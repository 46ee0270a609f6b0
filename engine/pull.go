package engine

import (
	"context"
	"errors"
	"fmt"
	"strings"

	cerrdefs "github.com/containerd/errdefs"
	"github.com/containerd/platforms"
	"github.com/distribution/reference"
	"github.com/moby/moby/client"
	ocispec "github.com/opencontainers/image-spec/specs-go/v1"
)

// Pull pulls the image ref ("busybox:1.36", "ghcr.io/org/app@sha256:...")
// for platform ("linux/arm64"; "" for the daemon's), with the Docker CLI's
// credentials for its registry (see AuthFor). Each progress line of the
// daemon goes to progress (which may be nil). It returns the pull's error:
// an image the registry does not have gives an error naming the image and
// saying what the registry answered. Cancelling ctx stops the pull and
// returns promptly with ctx's error; a connection lost mid-pull is an
// error, never a success. A daemon that is not there gives an
// *UnreachableError.
func (c *Client) Pull(ctx context.Context, ref, platform string, progress func(PullEvent)) error {
	named, err := reference.ParseNormalizedNamed(ref)
	if err != nil {
		return fmt.Errorf("pull %s: bad image reference: %w", ref, err)
	}
	opts := client.ImagePullOptions{}
	if platform != "" {
		p, err := parsePlatform(platform)
		if err != nil {
			return fmt.Errorf("pull %s: %w", ref, err)
		}
		opts.Platforms = []ocispec.Platform{p}
	}
	auth, err := AuthFor("", reference.Domain(named))
	if err != nil {
		return fmt.Errorf("pull %s: %w", ref, err)
	}
	if opts.RegistryAuth, err = EncodeAuth(auth); err != nil {
		return fmt.Errorf("pull %s: %w", ref, err)
	}
	// A quick ping first: a daemon that accepts connections and never
	// answers fails here within PingTimeout rather than hanging the pull.
	if _, err := c.Ping(ctx); err != nil {
		if IsUnreachable(err) {
			return err
		}
		return fmt.Errorf("pull %s: %w", ref, err)
	}

	resp, err := c.api.ImagePull(ctx, ref, opts)
	if err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("pull %s: %w", ref, ctx.Err())
		}
		return c.fail("pull "+ref, err, 0)
	}
	defer resp.Close()
	got := 0
	for m, err := range resp.JSONMessages(ctx) {
		if ctx.Err() != nil {
			// Lines already read may still decode after a cancel.
			return fmt.Errorf("pull %s: %w", ref, ctx.Err())
		}
		if err != nil {
			if ctx.Err() != nil {
				return fmt.Errorf("pull %s: %w", ref, ctx.Err())
			}
			return fmt.Errorf("pull %s: connection to the daemon lost: %w", ref, err)
		}
		got++
		if m.Error != nil {
			msg := m.Error.Message
			if msg == "" {
				msg = "failed"
			}
			if m.Error.Code == 404 || strings.Contains(msg, "not found") || strings.Contains(msg, "does not exist") || strings.Contains(msg, "manifest unknown") {
				return fmt.Errorf("pull %s: %w", ref, cerrdefs.ErrNotFound.WithMessage(msg))
			}
			return fmt.Errorf("pull %s: %w", ref, errors.New(msg))
		}
		if progress != nil {
			ev := PullEvent{Status: m.Status}
			if isLayerID(m.ID) {
				ev.Layer = m.ID
			}
			if m.Progress != nil {
				ev.Current, ev.Total = m.Progress.Current, m.Progress.Total
			}
			progress(ev)
		}
	}
	if ctx.Err() != nil {
		return fmt.Errorf("pull %s: %w", ref, ctx.Err())
	}
	if got == 0 {
		return fmt.Errorf("pull %s: the daemon ended the pull without a word", ref)
	}
	return nil
}

// isLayerID reports whether a progress line's id is a layer (or image)
// ID, hexadecimal, rather than a tag.
func isLayerID(id string) bool {
	if len(id) < 12 {
		return false
	}
	for _, r := range id {
		if !strings.ContainsRune("0123456789abcdef", r) {
			return false
		}
	}
	return true
}

// parsePlatform reads a pull's platform ("linux/arm64", "linux/aarch64",
// "linux/arm/v7") as docker pull --platform does, with containerd's
// parser: the other names of an architecture (aarch64, x86_64, armhf)
// are normalised, so that the daemon is asked for what the registry
// lists.
func parsePlatform(s string) (ocispec.Platform, error) {
	p, err := platforms.Parse(strings.TrimSpace(s))
	if err != nil {
		return ocispec.Platform{}, fmt.Errorf("platform %q: %w", s, err)
	}
	return platforms.Normalize(p), nil
}
