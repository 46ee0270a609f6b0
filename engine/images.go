package engine

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/distribution/reference"
	"github.com/moby/moby/client"
)

// Images lists the daemon's images (OS and Arch are empty: the list does
// not give them).
func (c *Client) Images(ctx context.Context) ([]Image, error) {
	ctx, cancel, timeout := withTimeout(ctx, c.callTimeout)
	defer cancel()
	res, err := c.api.ImageList(ctx, client.ImageListOptions{})
	if err != nil {
		return nil, c.fail("list images", err, timeout)
	}
	images := make([]Image, 0, len(res.Items))
	for _, s := range res.Items {
		images = append(images, Image{
			ID:          s.ID,
			RepoTags:    s.RepoTags,
			RepoDigests: s.RepoDigests,
			Size:        s.Size,
			Created:     time.Unix(s.Created, 0),
		})
	}
	return images, nil
}

// Image inspects the local image ref (a name, name:tag, name@digest or
// ID). An image the daemon does not have gives an error for which
// IsNotFound is true.
func (c *Client) Image(ctx context.Context, ref string) (*Image, error) {
	ctx, cancel, timeout := withTimeout(ctx, c.callTimeout)
	defer cancel()
	return c.image(ctx, ref, timeout)
}

func (c *Client) image(ctx context.Context, ref string, timeout time.Duration) (*Image, error) {
	if strings.TrimSpace(ref) == "" {
		return nil, errors.New("inspect image: empty image reference")
	}
	res, err := c.api.ImageInspect(ctx, ref)
	if err != nil {
		return nil, c.fail("inspect image "+ref, err, timeout)
	}
	img := &Image{
		ID:          res.ID,
		RepoTags:    res.RepoTags,
		RepoDigests: res.RepoDigests,
		Size:        res.Size,
		OS:          res.Os,
		Arch:        res.Architecture,
		Variant:     res.Variant,
	}
	if t, err := time.Parse(time.RFC3339Nano, res.Created); err == nil {
		img.Created = t
	}
	return img, nil
}

// RepoDigest returns the registry digest ("sha256:...") of the local image
// ref: the digest among its RepoDigests whose repository is ref's
// (compared in normalized form: "busybox" is "docker.io/library/busybox").
// An image with no such digest (built locally, never pushed or pulled)
// is an error that says so; an image the daemon does not have gives an
// error for which IsNotFound is true.
func (c *Client) RepoDigest(ctx context.Context, ref string) (string, error) {
	named, err := reference.ParseNormalizedNamed(ref)
	if err != nil {
		return "", fmt.Errorf("image reference %q: %w", ref, err)
	}
	ctx, cancel, timeout := withTimeout(ctx, c.callTimeout)
	defer cancel()
	img, err := c.image(ctx, ref, timeout)
	if err != nil {
		return "", err
	}
	return repoDigest(named, img.RepoDigests)
}

// repoDigest picks the digest of named's repository among repoDigests
// ("localhost:5000/busybox@sha256:...").
func repoDigest(named reference.Named, repoDigests []string) (string, error) {
	var others []string
	for _, rd := range repoDigests {
		r, err := reference.ParseNormalizedNamed(rd)
		if err != nil {
			continue
		}
		canon, ok := r.(reference.Canonical)
		if !ok {
			continue
		}
		if r.Name() == named.Name() {
			if want, ok := named.(reference.Digested); ok && want.Digest() != canon.Digest() {
				continue
			}
			return canon.Digest().String(), nil
		}
		others = append(others, reference.FamiliarName(r))
	}
	name := reference.FamiliarString(named)
	if len(others) > 0 {
		return "", fmt.Errorf("image %s has no repository digest for %s (only for %s)", name, reference.FamiliarName(named), strings.Join(others, ", "))
	}
	return "", fmt.Errorf("image %s has no repository digest: it was built locally and never pushed to or pulled from a registry", name)
}
