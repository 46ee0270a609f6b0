// Package engine talks to the local container engine (a Docker daemon, or
// Podman's Docker-compatible service) through github.com/moby/moby/client:
// it finds the daemon the way the Docker CLI does, builds images (BuildKit
// through a session, as docker build does, or the classic builder), pulls
// them with the CLI's credentials, and answers what images it has.
//
// Package lint never imports engine: linting needs no daemon. The language
// server and the CLI's pin command use it.
package engine

import "time"

// Endpoint says where the daemon is and why it was chosen.
type Endpoint struct {
	// Host is the daemon address: unix:///path, tcp://host:port, ssh://...
	Host string
	// TLSVerify, CACert, Cert and Key configure TLS for tcp hosts
	// (DOCKER_TLS_VERIFY and DOCKER_CERT_PATH, or a context's TLS files).
	TLSVerify bool
	CACert    string
	Cert      string
	Key       string
	// Source says where Host came from: "docker.host setting",
	// "DOCKER_HOST", "context NAME", "Podman socket", "default socket".
	Source string
}

// Image is what the daemon knows of a local image.
type Image struct {
	ID          string
	RepoTags    []string
	RepoDigests []string
	Size        int64
	Created     time.Time
	OS          string
	Arch        string
	Variant     string
}

// Platform returns the image's platform as os/arch[/variant].
func (i *Image) Platform() string {
	p := i.OS + "/" + i.Arch
	if i.Variant != "" {
		p += "/" + i.Variant
	}
	return p
}

// PullEvent is one progress line of a pull.
type PullEvent struct {
	// Layer is the layer ID the line is about ("" for whole-image lines).
	Layer string
	// Status is the daemon's text: "Downloading", "Pull complete", ...
	Status string
	// Current and Total are bytes, when known (Total 0 otherwise).
	Current, Total int64
}

// BuildOptions say what to build.
type BuildOptions struct {
	// ContextDir is the build context folder (absolute).
	ContextDir string
	// Dockerfile is the Dockerfile's path (absolute; any name, inside or
	// outside ContextDir). DockerfileText, when not nil, is built instead
	// of the file's content on disk (an unsaved editor buffer).
	Dockerfile     string
	DockerfileText []byte
	// Tags name the image ("imagenpersonalizada", "app:1.0").
	Tags []string
	// Target is the stage to build; "" for the last.
	Target string
	// Args are the build arguments (--build-arg).
	Args map[string]string
	// Network is "default", "none" or "host"; "" for the default.
	Network string
	// NoCache builds without the cache.
	NoCache bool
	// Builder is "buildkit", "classic", or "" to use BuildKit when the
	// daemon has it and the classic builder otherwise.
	Builder string
	// Platform is the target platform ("linux/amd64"), or "".
	Platform string
}

// BuildStep is one step of a build as the builder names it.
type BuildStep struct {
	// Name is the builder's name for the step: BuildKit's vertex name
	// ("[stage-0 4/4] RUN make", "[build 2/3] COPY . .") or the classic
	// builder's "Step 4/7 : RUN make".
	Name string
	// Stage is the stage name of a BuildKit vertex ("stage-0", "build"),
	// "" when the name carries none (classic builder, internal vertices,
	// and single-stage files on Docker 20.10: "[2/3] RUN make").
	Stage string
	// Index and Total are the step's number and count: within the stage
	// for BuildKit ("[stage-0 4/4]": the FROM is 1; ARG and ENV are not
	// counted, WORKDIR is), in the whole file for the classic builder
	// ("Step 4/7", every instruction counted). 0 when the name has none.
	Index, Total int
	// Instruction is the instruction text the name ends with ("RUN make").
	Instruction string
	// Cached, Started and Done report the step's state. A FROM step that
	// pulled nothing counts as cached (the image store answered it).
	Cached, Started, Done bool
	// Error is the builder's error for the step, if it failed.
	Error string
	// Logs are the step's last output lines (the failing command's
	// stderr and stdout), at most a few KB.
	Logs string
}

// BuildEvent is one progress event of a build: a step that changed, or a
// line of text.
type BuildEvent struct {
	Step    *BuildStep
	Message string
}

// BuildResult describes a finished build.
type BuildResult struct {
	ImageID  string
	Tags     []string
	Duration time.Duration
	// Steps and Cached count the build's steps and those the cache
	// answered.
	Steps, Cached int
	// Builder is "buildkit" or "classic": the builder that ran.
	Builder string
}

// BuildError is a build that failed at a step.
type BuildError struct {
	Step BuildStep
	// Msg is the daemon's message.
	Msg string
}

func (e *BuildError) Error() string {
	if e.Step.Name != "" {
		return e.Step.Name + ": " + e.Msg
	}
	return e.Msg
}
