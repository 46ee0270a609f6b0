package engine

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/containerd/platforms"
	controlapi "github.com/moby/buildkit/api/services/control"
	"github.com/moby/buildkit/session"
	"github.com/moby/buildkit/session/auth"
	"github.com/moby/buildkit/session/filesync"
	"github.com/moby/moby/api/types/build"
	"github.com/moby/moby/client"
	ocispec "github.com/opencontainers/image-spec/specs-go/v1"
	"github.com/tonistiigi/fsutil"
	fstypes "github.com/tonistiigi/fsutil/types"
	"google.golang.org/grpc"
)

// The session's folder names, as the Dockerfile frontend asks for them.
const (
	localContext    = "context"
	localDockerfile = "dockerfile"
)

// hiddenPattern matches nothing in a context: it answers the frontend's
// own request for ignore files (berth applies them itself).
const hiddenPattern = ".berth-no-such-file-"

// buildKit runs the build with BuildKit: a session serves the context
// and the Dockerfile, and the daemon's progress trace becomes events.
// When fallback is set and the daemon refuses the session, it returns
// errNoBuildKit before anything is built.
func (c *Client) buildKit(ctx context.Context, opts BuildOptions, bc *buildContext, progress func(BuildEvent), fallback bool) (*BuildResult, error) {
	dfDir := filepath.Dir(bc.dockerfile)
	if bc.textOverride {
		tmp, err := os.MkdirTemp("", "berth-dockerfile-")
		if err != nil {
			return nil, fmt.Errorf("build: %w", err)
		}
		defer os.RemoveAll(tmp)
		if err := os.WriteFile(filepath.Join(tmp, bc.dockerfileName()), bc.dockerfileText, 0o600); err != nil {
			return nil, fmt.Errorf("build: %w", err)
		}
		dfDir = tmp
	}
	ctxFS, err := fsutil.NewFS(bc.dir)
	if err != nil {
		return nil, fmt.Errorf("build context: %w", err)
	}
	if ctxFS, err = fsutil.NewFilterFS(ctxFS, &fsutil.FilterOpt{Map: resetOwner}); err != nil {
		return nil, fmt.Errorf("build context: %w", err)
	}
	dfFS, err := fsutil.NewFS(dfDir)
	if err != nil {
		return nil, fmt.Errorf("build: the Dockerfile's folder: %w", err)
	}

	sum := sha256.Sum256([]byte(bc.dir))
	s, err := session.NewSession(ctx, hex.EncodeToString(sum[:]))
	if err != nil {
		return nil, fmt.Errorf("build: BuildKit session: %w", err)
	}
	s.Allow(filesync.NewFSSyncProvider(filesync.StaticDirSource{localContext: ctxFS, localDockerfile: dfFS}, bc.filterSync))
	s.Allow(sessionAuth{})
	dialed := make(chan error, 1)
	runDone := make(chan struct{})
	go func() {
		defer close(runDone)
		err := s.Run(ctx, func(dctx context.Context, proto string, meta map[string][]string) (net.Conn, error) {
			conn, err := c.api.DialHijack(dctx, "/session", proto, meta)
			dialed <- err
			return conn, err
		})
		if err != nil {
			select {
			case dialed <- err:
			default:
			}
		}
	}()
	defer func() {
		s.Close()
		<-runDone
	}()
	select {
	case err := <-dialed:
		if err != nil {
			if fallback && strings.Contains(err.Error(), "unable to upgrade") {
				return nil, errNoBuildKit
			}
			return nil, fmt.Errorf("build: opening a BuildKit session: %w", err)
		}
	case <-ctx.Done():
		return nil, ctx.Err()
	}

	var idb [16]byte
	if _, err := rand.Read(idb[:]); err != nil {
		return nil, fmt.Errorf("build: %w", err)
	}
	buildID := "berth-" + hex.EncodeToString(idb[:])
	bo, err := apiBuildOptions(opts)
	if err != nil {
		return nil, err
	}
	bo.Version = build.BuilderBuildKit
	bo.SessionID = s.ID()
	bo.RemoteContext = "client-session"
	bo.Dockerfile = bc.dockerfileName()
	bo.BuildID = buildID

	stopWatch := watchCancel(ctx, func() {
		cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		_, _ = c.api.BuildCancel(cctx, buildID, client.BuildCancelOptions{})
		s.Close()
	})
	defer stopWatch()

	resp, err := c.api.ImageBuild(ctx, nil, bo)
	if err != nil {
		return nil, fmt.Errorf("build: %w", err)
	}
	defer resp.Body.Close()

	st := newKitState(progress)
	var imageID, errMsg string
	err = decodeMessages(resp.Body, func(m *jsonMessage) error {
		if t := m.errText(); t != "" {
			errMsg = t
			return nil
		}
		if m.Aux != nil {
			switch m.ID {
			case "moby.buildkit.trace":
				st.trace(m.Aux)
			case "moby.image.id":
				var r build.Result
				if json.Unmarshal(m.Aux, &r) == nil && r.ID != "" {
					imageID = r.ID
				}
			}
			return nil
		}
		lines(m.Stream+m.Status, func(l string) { progress(BuildEvent{Message: l}) })
		return nil
	})
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	if err != nil {
		return nil, fmt.Errorf("build: %w", err)
	}
	if errMsg != "" {
		return nil, &BuildError{Step: st.failed(), Msg: errMsg}
	}
	if imageID == "" {
		return nil, errors.New("build: the daemon ended the build without an image")
	}
	steps, cached := st.counts()
	return &BuildResult{ImageID: imageID, Steps: steps, Cached: cached, Builder: BuilderBuildKit}, nil
}

// apiBuildOptions are the request options both builders share.
func apiBuildOptions(opts BuildOptions) (client.ImageBuildOptions, error) {
	bo := client.ImageBuildOptions{
		Tags:        opts.Tags,
		Target:      opts.Target,
		NetworkMode: opts.Network,
		NoCache:     opts.NoCache,
		Remove:      true,
		ForceRemove: true, // no containers left behind by failed steps
	}
	if len(opts.Args) > 0 {
		bo.BuildArgs = make(map[string]*string, len(opts.Args))
		for k, v := range opts.Args {
			bo.BuildArgs[k] = &v
		}
	}
	if opts.Platform != "" {
		p, err := platforms.Parse(opts.Platform)
		if err != nil {
			return bo, fmt.Errorf("build: platform %q: %w", opts.Platform, err)
		}
		bo.Platforms = []ocispec.Platform{p}
	}
	return bo, nil
}

// resetOwner sends the context's files as root's, as docker build does.
func resetOwner(_ string, st *fstypes.Stat) fsutil.MapResult {
	st.Uid, st.Gid = 0, 0
	return fsutil.MapResultKeep
}

// filterSync adjusts the frontend's requests for the session's folders:
// the context gets berth's ignore patterns, and the frontend's own
// request for ignore files finds none (berth has applied the right one,
// <Dockerfile>.dockerignore or .dockerignore, whatever the daemon's
// frontend knows); the Dockerfile's folder serves the Dockerfile only.
func (bc *buildContext) filterSync(name string, opt *fsutil.FilterOpt) error {
	switch name {
	case localContext:
		if len(opt.IncludePatterns) > 0 && !slices.ContainsFunc(opt.IncludePatterns, func(p string) bool {
			return p != dockerignoreName && p != bc.dockerfileName()+".dockerignore"
		}) {
			opt.IncludePatterns = []string{hiddenPattern}
			opt.ExcludePatterns, opt.FollowPaths = nil, nil
			return nil
		}
		opt.ExcludePatterns = append(slices.Clip(opt.ExcludePatterns), bc.excludes...)
	case localDockerfile:
		opt.IncludePatterns = []string{escapePattern(bc.dockerfileName())}
		opt.ExcludePatterns = nil
		opt.FollowPaths = []string{bc.dockerfileName()}
	}
	return nil
}

// kitState follows a BuildKit build's vertices.
type kitState struct {
	progress func(BuildEvent)
	steps    map[string]*BuildStep
	order    []string
	// pulled are the vertices that reported transfer progress (a FROM
	// that downloaded layers).
	pulled map[string]bool
	// partial is each vertex's output after its last newline.
	partial map[string]string
}

func newKitState(progress func(BuildEvent)) *kitState {
	return &kitState{progress: progress, steps: map[string]*BuildStep{}, pulled: map[string]bool{}, partial: map[string]string{}}
}

// step returns the vertex's step, new if unknown.
func (k *kitState) step(digest string) *BuildStep {
	s, ok := k.steps[digest]
	if !ok {
		s = &BuildStep{}
		k.steps[digest] = s
		k.order = append(k.order, digest)
	}
	return s
}

// trace applies one "moby.buildkit.trace" aux message: a JSON string
// holding a protobuf StatusResponse. Messages it cannot decode are
// skipped (progress is best effort; the build's outcome is not).
func (k *kitState) trace(aux json.RawMessage) {
	var dt []byte
	if err := json.Unmarshal(aux, &dt); err != nil {
		return
	}
	var resp controlapi.StatusResponse
	if err := resp.UnmarshalVT(dt); err != nil {
		return
	}
	for _, st := range resp.Statuses {
		k.pulled[st.Vertex] = true
	}
	for _, v := range resp.Vertexes {
		s := k.step(v.Digest)
		before := *s
		parseVertexName(s, v.Name)
		s.Started = v.Started != nil
		s.Done = v.Completed != nil
		s.Error = v.Error
		// A FROM that downloaded nothing counts as cached: the image
		// store answered it (BuildKit never marks it cached).
		s.Cached = v.Cached || s.Done && s.Error == "" && s.Index > 0 &&
			!k.pulled[v.Digest] && strings.HasPrefix(strings.ToUpper(s.Instruction), "FROM ")
		if s.Done && k.partial[v.Digest] != "" {
			k.progress(BuildEvent{Message: k.partial[v.Digest]})
			delete(k.partial, v.Digest)
		}
		if *s != before {
			cp := *s
			k.progress(BuildEvent{Step: &cp})
		}
	}
	for _, l := range resp.Logs {
		s := k.step(l.Vertex)
		s.Logs = tailLogs(s.Logs, l.Msg)
		text := k.partial[l.Vertex] + string(l.Msg)
		i := strings.LastIndexByte(text, '\n')
		k.partial[l.Vertex] = text[i+1:]
		lines(text[:i+1], func(line string) { k.progress(BuildEvent{Message: line}) })
	}
	for _, w := range resp.Warnings {
		if len(w.Short) > 0 {
			k.progress(BuildEvent{Message: "WARNING: " + string(w.Short)})
		}
	}
}

// failed returns the step that failed: a vertex with an error of its own
// (not a cancellation caused by another's failure), an instruction step
// first.
func (k *kitState) failed() BuildStep {
	var best *BuildStep
	bestRank := -1
	for _, d := range k.order {
		s := k.steps[d]
		if s.Error == "" {
			continue
		}
		rank := 0
		if !strings.Contains(s.Error, "context canceled") && !strings.Contains(s.Error, "cancelled") {
			rank += 2
		}
		if s.Index > 0 {
			rank++
		}
		if rank > bestRank {
			best, bestRank = s, rank
		}
	}
	if best == nil {
		return BuildStep{}
	}
	return *best
}

// counts returns how many instruction steps the build had and how many
// the cache answered.
func (k *kitState) counts() (steps, cached int) {
	for _, s := range k.steps {
		if s.Index == 0 {
			continue
		}
		steps++
		if s.Cached {
			cached++
		}
	}
	return steps, cached
}

// sessionAuth answers the daemon's requests for registry credentials
// during a BuildKit build (pulling a private base image) with the Docker
// CLI's credentials (AuthFor). Token requests are left to the daemon.
type sessionAuth struct {
	auth.UnimplementedAuthServer
}

// Register makes sessionAuth a session attachable.
func (a sessionAuth) Register(server *grpc.Server) { auth.RegisterAuthServer(server, a) }

// Credentials returns the credential for req.Host (none when the CLI has
// none).
func (sessionAuth) Credentials(_ context.Context, req *auth.CredentialsRequest) (*auth.CredentialsResponse, error) {
	host := req.GetHost()
	if host == "registry-1.docker.io" {
		host = "docker.io"
	}
	ac, err := AuthFor("", host)
	if err != nil {
		return nil, fmt.Errorf("credentials for %s: %w", host, err)
	}
	if ac.IdentityToken != "" {
		return &auth.CredentialsResponse{Secret: ac.IdentityToken}, nil
	}
	return &auth.CredentialsResponse{Username: ac.Username, Secret: ac.Password}, nil
}
