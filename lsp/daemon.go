package lsp

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/berth-dev/berth/engine"
	"github.com/berth-dev/berth/lint"
)

// daemon is the server's link to the container engine: one client for the
// address in force, what the engine said of the images the open documents
// name, and the failed step of each document's last build. Nothing here
// runs on the connection's reader goroutine, and nothing a keystroke
// triggers waits for the engine: features read the cache, and the cache is
// filled in the background.
type daemon struct {
	mu     sync.Mutex
	host   string // the docker.host setting the client was made for
	client *engine.Client
	info   *engine.Info // from the last successful ping
	// down holds the last connection failure until retryAt: background
	// look-ups do not knock on a dead daemon at every keystroke (explicit
	// actions always try again).
	down    error
	retryAt time.Time

	images  map[string]*imageEntry // by resolved reference
	list    []engine.Image         // every local image, for completion
	listAt  time.Time
	listing bool

	failures map[uri.URI]*buildFailure
}

// imageEntry is what the engine said of one reference.
type imageEntry struct {
	img      *engine.Image // nil when the engine does not have it
	known    bool          // the engine answered
	fetching bool
}

// buildFailure is a failed build step, remembered by the text of the
// instruction it failed on so that it follows the instruction as lines
// move and disappears when the instruction is edited.
type buildFailure struct {
	logical string // the instruction's logical text
	stage   int    // index of its stage
	message string
}

// daemonRetry is how long background look-ups leave a daemon that did not
// answer alone.
const daemonRetry = 10 * time.Second

func newDaemon() *daemon {
	return &daemon{images: map[string]*imageEntry{}, failures: map[uri.URI]*buildFailure{}}
}

// engineClient returns a client for the daemon the settings name, after a
// ping that negotiates the API version. Its error says what to do.
func (s *Server) engineClient(ctx context.Context) (*engine.Client, engine.Info, error) {
	s.mu.Lock()
	host := s.settings.Docker.Host
	s.mu.Unlock()
	d := s.daemon
	d.mu.Lock()
	if d.client == nil || d.host != host {
		if d.client != nil {
			d.client.Close()
		}
		d.client, d.info, d.down = nil, nil, nil
		ep, err := engine.Resolve(engine.Env{Host: host})
		if err != nil {
			d.mu.Unlock()
			return nil, engine.Info{}, fmt.Errorf("finding the Docker daemon: %w", err)
		}
		c, err := engine.New(ep)
		if err != nil {
			d.mu.Unlock()
			return nil, engine.Info{}, err
		}
		d.client, d.host = c, host
	}
	c := d.client
	d.mu.Unlock()
	info, err := c.Ping(ctx)
	d.mu.Lock()
	defer d.mu.Unlock()
	if err != nil {
		if d.client == c {
			d.down, d.retryAt, d.info = err, time.Now().Add(daemonRetry), nil
		}
		return nil, engine.Info{}, err
	}
	if d.client == c {
		d.down, d.info = nil, &info
	}
	return c, info, nil
}

// backgroundClient is engineClient for look-ups nobody asked for: it gives
// up at once while a recent attempt failed.
func (s *Server) backgroundClient(ctx context.Context) (*engine.Client, engine.Info, bool) {
	d := s.daemon
	d.mu.Lock()
	wait := d.down != nil && time.Now().Before(d.retryAt)
	d.mu.Unlock()
	if wait {
		return nil, engine.Info{}, false
	}
	c, info, err := s.engineClient(ctx)
	if err != nil {
		s.log.Debug("daemon look-up skipped", "err", err)
		return nil, engine.Info{}, false
	}
	return c, info, true
}

// daemonInfo returns the last ping's answer, if the daemon answered.
func (s *Server) daemonInfo() (engine.Info, bool) {
	d := s.daemon
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.info == nil || d.down != nil {
		return engine.Info{}, false
	}
	return *d.info, true
}

// cachedImage returns what the engine said of ref: the image (nil when it
// has none) and whether it answered at all.
func (s *Server) cachedImage(ref string) (*engine.Image, bool) {
	d := s.daemon
	d.mu.Lock()
	defer d.mu.Unlock()
	e := d.images[ref]
	if e == nil || !e.known {
		return nil, false
	}
	return e.img, true
}

// baseImages returns the resolved references of the base images of a
// document that the engine can be asked about: not scratch, not a stage,
// no unresolved variable.
func baseImages(doc *lint.Document) []string {
	var refs []string
	for _, st := range doc.Stages {
		if ref, ok := pullable(st); ok && !slices.Contains(refs, ref) {
			refs = append(refs, ref)
		}
	}
	return refs
}

// pullable returns the reference of a stage's base image when the engine
// can pull it (lint.Stage.ExternalImage).
func pullable(st *lint.Stage) (string, bool) {
	if !st.ExternalImage() {
		return "", false
	}
	return st.Resolved, true
}

// wantImages makes sure the engine is asked, in the background, about the
// base images of a snapshot it was not asked about yet. When answers
// arrive, the open documents' diagnostics are published again (the
// platform check depends on them).
func (s *Server) wantImages(snap *Snapshot) {
	refs := baseImages(snap.Document())
	d := s.daemon
	d.mu.Lock()
	var missing []string
	for _, r := range refs {
		if e := d.images[r]; e == nil {
			d.images[r] = &imageEntry{fetching: true}
			missing = append(missing, r)
		}
	}
	d.mu.Unlock()
	if len(missing) > 0 {
		go s.fetchImages(missing)
	}
}

// fetchImages asks the engine about refs and records the answers. Refs it
// could not ask about are forgotten, to be asked about again later.
func (s *Server) fetchImages(refs []string) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	go func() { // the server stopping ends the look-ups
		select {
		case <-s.done:
			cancel()
		case <-ctx.Done():
		}
	}()
	c, _, ok := s.backgroundClient(ctx)
	changed := false
	d := s.daemon
	for _, r := range refs {
		var img *engine.Image
		var err error
		if ok {
			img, err = c.Image(ctx, r)
		}
		d.mu.Lock()
		e := d.images[r]
		switch {
		case e == nil:
		case !ok || (err != nil && !engine.IsNotFound(err)):
			delete(d.images, r)
		default:
			e.img, e.known, e.fetching = img, true, false
			changed = true
		}
		d.mu.Unlock()
		if err != nil && !engine.IsNotFound(err) {
			s.log.Debug("image look-up failed", "image", r, "err", err)
		}
	}
	if changed {
		s.republishAll()
	}
}

// forgetImages drops what the engine said of images (after a build or a
// pull changed them) and asks again for the open documents.
func (s *Server) forgetImages() {
	d := s.daemon
	d.mu.Lock()
	d.images = map[string]*imageEntry{}
	d.list, d.listAt = nil, time.Time{}
	d.mu.Unlock()
	for _, u := range s.openURIs() {
		if snap := s.snapshot(u); snap != nil {
			s.wantImages(snap)
		}
	}
	s.refreshImageList()
}

// localImages returns the engine's list of local images as last fetched,
// and starts a new fetch when it is older than a minute.
func (s *Server) localImages() []engine.Image {
	d := s.daemon
	d.mu.Lock()
	list, stale := d.list, time.Since(d.listAt) > time.Minute
	d.mu.Unlock()
	if stale {
		s.refreshImageList()
	}
	return list
}

// refreshImageList fetches the list of local images in the background.
func (s *Server) refreshImageList() {
	d := s.daemon
	d.mu.Lock()
	if d.listing {
		d.mu.Unlock()
		return
	}
	d.listing = true
	d.mu.Unlock()
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		var list []engine.Image
		var err error
		c, _, ok := s.backgroundClient(ctx)
		if ok {
			list, err = c.Images(ctx)
		}
		d.mu.Lock()
		d.listing = false
		if ok && err == nil {
			d.list, d.listAt = list, time.Now()
		}
		d.mu.Unlock()
	}()
}

// republishAll publishes the diagnostics of every open document again,
// with the daemon's findings as they now stand.
func (s *Server) republishAll() {
	select {
	case <-s.done:
		return
	default:
	}
	s.relintAll()
}

// daemonDiagnostics returns the findings of the engine that are not a
// rule's: the failed step of the document's last build. It reads what is
// cached and never waits for the engine.
func (s *Server) daemonDiagnostics(snap *Snapshot) []protocol.Diagnostic {
	if d, ok := s.buildDiagnostic(snap); ok {
		return []protocol.Diagnostic{d}
	}
	return nil
}

// daemonImages answers the rules' questions about local images
// (lint.LocalImages) from the server's cache: nothing when the daemon has
// not answered.
type daemonImages struct{ s *Server }

// Platform returns the platform of the local image ref, when the daemon
// said it has it.
func (d daemonImages) Platform(ref string) (string, bool) {
	img, known := d.s.cachedImage(ref)
	if !known || img == nil || img.OS == "" {
		return "", false
	}
	return img.Platform(), true
}

// EnginePlatform returns the daemon's os/arch, "" before it answered.
func (d daemonImages) EnginePlatform() string {
	info, ok := d.s.daemonInfo()
	if !ok || info.OS == "" {
		return ""
	}
	return info.OS + "/" + info.Arch
}

// daemonError turns an engine error into the message a user reads.
func daemonError(action string, err error) error {
	if errors.Is(err, context.Canceled) {
		return fmt.Errorf("%s: cancelled", action)
	}
	return fmt.Errorf("%s: %w", action, err)
}
