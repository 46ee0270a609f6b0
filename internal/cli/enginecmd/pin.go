package enginecmd

import (
	"context"
	"fmt"
	"os"
	"os/signal"

	"golang.org/x/text/language"

	"github.com/berth-dev/berth/engine"
	"github.com/berth-dev/berth/internal/cli"
	"github.com/berth-dev/berth/lint/i18n"
)

// resolveDigests is berth pin's cli.DigestResolver: it finds the digest
// of each image through the daemon, pulling missing images.
func resolveDigests(e *cli.Env, lang language.Tag, host string, images []cli.PinImage) (map[cli.PinImage]cli.PinDigest, bool) {
	results := map[cli.PinImage]cli.PinDigest{}
	ep, err := engine.Resolve(engine.Env{Host: host, Getenv: e.Getenv})
	if err != nil {
		fmt.Fprintln(e.Stderr, i18n.Sprintf(lang, "berth pin: finding the Docker daemon: %s", err.Error()))
		return nil, false
	}
	if host != "" {
		ep.Source = "--host"
	}
	c, err := engine.New(ep)
	if err != nil {
		fmt.Fprintln(e.Stderr, i18n.Sprintf(lang, "berth pin: %s", err.Error()))
		return nil, false
	}
	defer c.Close()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if _, err := c.Ping(ctx); err != nil {
		fmt.Fprintln(e.Stderr, i18n.Sprintf(lang, "berth pin: %s", err.Error()))
		return nil, false
	}
	for _, k := range images {
		d, err := c.RepoDigest(ctx, k.Image)
		if engine.IsNotFound(err) {
			fmt.Fprintln(e.Stderr, i18n.Sprintf(lang, "berth pin: pulling %s", k.Image))
			if err = c.Pull(ctx, k.Image, k.Platform, nil); err == nil {
				d, err = c.RepoDigest(ctx, k.Image)
			}
		}
		if engine.IsUnreachable(err) || ctx.Err() != nil {
			if err == nil {
				err = ctx.Err()
			}
			fmt.Fprintln(e.Stderr, i18n.Sprintf(lang, "berth pin: %s", err.Error()))
			return nil, false
		}
		results[k] = cli.PinDigest{Digest: d, Err: err}
	}
	return results, true
}
