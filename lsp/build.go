package lsp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/berth-dev/berth/engine"
	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/syntax"
)

// BuildSource is the source of the diagnostics a failed build leaves.
const BuildSource = "docker build"

// BuildKind is the code action kind of "Build image".
const BuildKind protocol.CodeActionKind = "source.build.berth"

// buildArg is the argument of berth.build.
type buildArg struct {
	URI uri.URI `json:"uri"`
	// Target is the stage to build; empty for the whole file.
	Target string `json:"target,omitempty"`
	// Tag overrides the build.tag setting and the derived name.
	Tag string `json:"tag,omitempty"`
}

// buildResult is berth.build's answer.
type buildResult struct {
	ImageID    string   `json:"imageId"`
	Tags       []string `json:"tags"`
	DurationMS int64    `json:"durationMs"`
	Steps      int      `json:"steps"`
	Cached     int      `json:"cached"`
	Builder    string   `json:"builder"`
}

// runBuild builds the image of a Dockerfile (or one of its stages) from
// the editor's text, with progress, and puts a failed step back on its
// instruction.
func runBuild(ctx context.Context, s *Server, args []json.RawMessage, p *Progress) (any, error) {
	var a buildArg
	if err := oneArg("berth.build", args, &a); err != nil {
		return nil, err
	}
	snap := s.snapshot(a.URI)
	if snap == nil {
		return nil, jsonrpc2.Errorf(jsonrpc2.InvalidParams, "berth.build: %s is not open", a.URI)
	}
	if snap.Path == "" {
		return nil, s.actionFailed(errors.New("build: save the Dockerfile to a file first: its folder is the build context"))
	}
	s.mu.Lock()
	bs := s.settings.Build
	roots := s.roots
	s.mu.Unlock()
	opts := engine.BuildOptions{
		ContextDir:     buildContext(snap.Path, bs.Context, roots),
		Dockerfile:     snap.Path,
		DockerfileText: snap.Text,
		Target:         a.Target,
		Args:           bs.Args,
		Network:        bs.Network,
		NoCache:        bs.NoCache,
		Builder:        bs.Builder,
	}
	tag := a.Tag
	if tag == "" {
		tag = bs.Tag
	}
	if tag == "" {
		tag = DeriveTag(snap.Path, a.Target)
	}
	opts.Tags = []string{tag}
	if st, err := os.Stat(opts.ContextDir); err != nil || !st.IsDir() {
		return nil, s.actionFailed(fmt.Errorf("build: the build context %s is not a folder (build.context setting)", opts.ContextDir))
	}
	c, _, err := s.engineClient(ctx)
	if err != nil {
		return nil, s.actionFailed(daemonError("build "+tag, err))
	}
	p.Report("Building "+tag, 0)
	s.log.Info("build", "tag", tag, "dockerfile", snap.Path, "context", opts.ContextDir, "target", a.Target)
	res, err := c.Build(ctx, opts, func(ev engine.BuildEvent) { reportBuild(p, ev) })
	var be *engine.BuildError
	switch {
	case errors.As(err, &be):
		where := s.recordFailure(snap, be)
		s.republishAll()
		return nil, s.actionFailed(fmt.Errorf("build %s failed%s: %s", tag, where, be.Msg))
	case err != nil:
		return nil, s.actionFailed(daemonError("build "+tag, err))
	}
	s.clearFailure(snap.URI)
	s.forgetImages()
	s.republishAll()
	msg := s.text(fmt.Sprintf("Built %s (%s) in %s, %d of %d steps cached, with %s", strings.Join(res.Tags, ", "), shortID(res.ImageID), res.Duration.Round(10*time.Millisecond), res.Cached, res.Steps, builderName(res.Builder)))
	s.log.Info("build done", "tag", tag, "image", res.ImageID, "duration", res.Duration, "steps", res.Steps, "cached", res.Cached)
	p.End(msg)
	s.sends.Go(func() { s.showMessage(protocol.MessageTypeInfo, msg) })
	return &buildResult{ImageID: res.ImageID, Tags: res.Tags, DurationMS: res.Duration.Milliseconds(), Steps: res.Steps, Cached: res.Cached, Builder: res.Builder}, nil
}

func builderName(b string) string {
	if b == "classic" {
		return "the classic builder"
	}
	return "BuildKit"
}

// reportBuild turns a build event into a progress report.
func reportBuild(p *Progress, ev engine.BuildEvent) {
	st := ev.Step
	if st == nil || !st.Started || st.Instruction == "" {
		return
	}
	msg := st.Instruction
	if st.Index > 0 && st.Total > 0 {
		msg = fmt.Sprintf("Step %d/%d: %s", st.Index, st.Total, st.Instruction)
		if st.Stage != "" {
			msg = "[" + st.Stage + "] " + msg
		}
	}
	if len(msg) > 120 {
		msg = msg[:117] + "..."
	}
	pct := -1
	if st.Index > 0 && st.Total > 0 {
		pct = 100 * (st.Index - 1) / st.Total
		if st.Done {
			pct = 100 * st.Index / st.Total
		}
	}
	p.Report(msg, pct)
}

// shortID shortens an image ID for people: sha256:1234567890ab.
func shortID(id string) string {
	hex := strings.TrimPrefix(id, "sha256:")
	if len(hex) > 12 {
		hex = hex[:12]
	}
	if hex == "" {
		return "no image ID"
	}
	return "sha256:" + hex
}

// buildContext returns the build context folder: the build.context setting
// relative to the workspace folder holding the Dockerfile (or to the
// Dockerfile's folder), else the Dockerfile's folder.
func buildContext(dockerfile, setting string, roots []string) string {
	dir := filepath.Dir(dockerfile)
	if setting == "" {
		return dir
	}
	if filepath.IsAbs(setting) {
		return filepath.Clean(setting)
	}
	base := dir
	for _, r := range roots {
		if rel, err := filepath.Rel(r, dockerfile); err == nil && !strings.HasPrefix(rel, "..") {
			base = r
			break
		}
	}
	return filepath.Join(base, setting)
}

var tagUnsafe = regexp.MustCompile(`[^a-z0-9._-]+`)

// DeriveTag names the image of a Dockerfile built without a tag: the
// folder's name ("imagenpersonalizada" for imagenpersonalizada/Dockerfile),
// with what distinguishes a Dockerfile of another name
// ("shop-api" for shop/api.Dockerfile, "app-mi" for app/miDockerfile), and
// the stage as the tag ("app:build").
func DeriveTag(dockerfile, target string) string {
	folder := sanitizeName(filepath.Base(filepath.Dir(dockerfile)))
	base := filepath.Base(dockerfile)
	lower := strings.ToLower(base)
	var extra string
	switch {
	case lower == "dockerfile" || lower == "containerfile":
	case strings.HasSuffix(lower, ".dockerfile") || strings.HasSuffix(lower, ".containerfile"):
		extra = base[:strings.LastIndexByte(base, '.')]
	case strings.HasPrefix(lower, "dockerfile.") || strings.HasPrefix(lower, "containerfile."):
		extra = base[strings.IndexByte(base, '.')+1:]
	case strings.HasSuffix(lower, "dockerfile"):
		extra = base[:len(base)-len("dockerfile")]
	case strings.HasSuffix(lower, "containerfile"):
		extra = base[:len(base)-len("containerfile")]
	default:
		extra = base
	}
	name := folder
	if e := sanitizeName(extra); e != "" {
		if name == "" {
			name = e
		} else {
			name += "-" + e
		}
	}
	if name == "" {
		name = "image"
	}
	if target != "" {
		if t := tagUnsafe.ReplaceAllString(target, "-"); t != "" && t != "-" {
			name += ":" + strings.Trim(t, "-.")
		}
	}
	return name
}

// sanitizeName makes s a valid repository name component.
func sanitizeName(s string) string {
	s = tagUnsafe.ReplaceAllString(strings.ToLower(s), "-")
	return strings.Trim(s, "-._")
}

// recordFailure puts a failed step on the instruction it ran, and returns
// " at line N" for the message (or "" when the step is not found).
func (s *Server) recordFailure(snap *Snapshot, be *engine.BuildError) string {
	doc := snap.Document()
	ins, stage := StepInstruction(doc, be.Step)
	if ins == nil {
		s.clearFailure(snap.URI)
		return ""
	}
	msg := strings.TrimSpace(be.Msg)
	if msg == "" {
		msg = be.Step.Error
	}
	if logs := lastLines(be.Step.Logs, 8); logs != "" {
		msg += "\n" + logs
	}
	d := s.daemon
	d.mu.Lock()
	d.failures[snap.URI] = &buildFailure{logical: ins.Logical, stage: stage, message: msg}
	d.mu.Unlock()
	return fmt.Sprintf(" at line %d", ins.StartLine)
}

func (s *Server) clearFailure(u uri.URI) {
	d := s.daemon
	d.mu.Lock()
	delete(d.failures, u)
	d.mu.Unlock()
}

// lastLines returns the last n non-empty lines of s.
func lastLines(s string, n int) string {
	var lines []string
	for _, l := range strings.Split(strings.TrimRight(s, "\n"), "\n") {
		if strings.TrimSpace(l) != "" {
			lines = append(lines, strings.TrimRight(l, "\r "))
		}
	}
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// buildDiagnostic returns the diagnostic of the document's last failed
// build, on the instruction with the text that failed. An edit of that
// instruction forgets it.
func (s *Server) buildDiagnostic(snap *Snapshot) (protocol.Diagnostic, bool) {
	d := s.daemon
	d.mu.Lock()
	f := d.failures[snap.URI]
	d.mu.Unlock()
	if f == nil {
		return protocol.Diagnostic{}, false
	}
	doc := snap.Document()
	var found *syntax.Instruction
	for i, st := range doc.Stages {
		for _, ins := range append([]*syntax.Instruction{st.From}, st.Instructions...) {
			if ins.Logical == f.logical && (found == nil || i == f.stage) {
				found = ins
			}
		}
	}
	if found == nil {
		d.mu.Lock()
		if d.failures[snap.URI] == f {
			delete(d.failures, snap.URI)
		}
		d.mu.Unlock()
		return protocol.Diagnostic{}, false
	}
	return protocol.Diagnostic{
		Range:    snap.Mapper().Range(found.Range),
		Severity: protocol.DiagnosticSeverityError,
		Source:   protocol.NewOptional(BuildSource),
		Message:  protocol.String(f.message),
	}, true
}

// StepInstruction finds the instruction a builder's step ran, and the
// index of its stage. BuildKit names steps "[stage-0 4/4] RUN ..." (no
// stage name when the file has one stage), counting from the stage's FROM
// only the instructions that make a step: FROM, RUN, COPY, ADD and WORKDIR.
// The classic builder's "Step 4/7 : RUN ..." counts every instruction of
// the file, the ARGs before the first FROM included. The step's text
// confirms the match; when it does not, the instruction with that text is
// taken, in the step's stage first.
func StepInstruction(doc *lint.Document, step engine.BuildStep) (*syntax.Instruction, int) {
	if len(doc.Stages) == 0 {
		return nil, -1
	}
	matches := func(ins *syntax.Instruction) bool {
		return step.Instruction == "" || sameInstruction(ins.Logical, step.Instruction)
	}
	byText := func(stages []int) (*syntax.Instruction, int) {
		if step.Instruction == "" {
			return nil, -1
		}
		for _, i := range stages {
			st := doc.Stages[i]
			for _, ins := range append([]*syntax.Instruction{st.From}, st.Instructions...) {
				if sameInstruction(ins.Logical, step.Instruction) {
					return ins, i
				}
			}
		}
		return nil, -1
	}
	all := make([]int, len(doc.Stages))
	for i := range all {
		all[i] = i
	}
	if strings.HasPrefix(step.Name, "[") { // BuildKit
		si := len(doc.Stages) - 1
		if step.Stage != "" {
			si = stageIndex(doc, step.Stage)
		}
		if si >= 0 {
			st := doc.Stages[si]
			steps := []*syntax.Instruction{st.From}
			for _, ins := range st.Instructions {
				switch ins.Cmd {
				case "run", "copy", "add", "workdir":
					steps = append(steps, ins)
				}
			}
			if k := step.Index - 1; k >= 0 && k < len(steps) && matches(steps[k]) {
				return steps[k], si
			}
			if ins, i := byText([]int{si}); ins != nil {
				return ins, i
			}
		}
		return byText(all)
	}
	type located struct {
		ins   *syntax.Instruction
		stage int
	}
	var flat []located
	for _, ins := range doc.MetaArgs {
		flat = append(flat, located{ins, 0})
	}
	for i, st := range doc.Stages {
		flat = append(flat, located{st.From, i})
		for _, ins := range st.Instructions {
			flat = append(flat, located{ins, i})
		}
	}
	if k := step.Index - 1; step.Stage == "" && k >= 0 && k < len(flat) && matches(flat[k].ins) {
		return flat[k].ins, flat[k].stage
	}
	return byText(all)
}

// stageIndex returns the index of the stage BuildKit calls name: its
// name, or "stage-N" for the Nth; -1 when there is none.
func stageIndex(doc *lint.Document, name string) int {
	for i, st := range doc.Stages {
		if st.Name != "" && strings.EqualFold(st.Name, name) {
			return i
		}
	}
	if n, ok := strings.CutPrefix(name, "stage-"); ok {
		if i, err := strconv.Atoi(n); err == nil && i >= 0 && i < len(doc.Stages) {
			return i
		}
	}
	return -1
}

// sameInstruction compares an instruction's logical text with a builder's
// rendering of it: case of the keyword and runs of white space aside, and
// allowing the builder to have cut it short.
func sameInstruction(logical, shown string) bool {
	a, b := strings.Fields(logical), strings.Fields(shown)
	if len(a) == 0 || len(b) == 0 || !strings.EqualFold(a[0], b[0]) {
		return false
	}
	x, y := strings.Join(a[1:], " "), strings.Join(b[1:], " ")
	if x == y {
		return true
	}
	if t, ok := strings.CutSuffix(y, "..."); ok && strings.HasPrefix(x, strings.TrimSpace(t)) {
		return true
	}
	return false
}

// oneArg decodes the single argument of a command.
func oneArg(name string, args []json.RawMessage, v any) error {
	if len(args) != 1 {
		return jsonrpc2.Errorf(jsonrpc2.InvalidParams, `%s: want one argument, {"uri": "file:///..."}`, name)
	}
	if err := json.Unmarshal(args[0], v); err != nil {
		return jsonrpc2.Errorf(jsonrpc2.InvalidParams, "%s: %v", name, err)
	}
	return nil
}

// actionFailed shows an action's error to the user and returns it as the
// command's error.
func (s *Server) actionFailed(err error) error {
	msg := "berth: " + s.text(err.Error())
	s.log.Warn("action failed", "err", err)
	s.sends.Go(func() { s.showMessage(protocol.MessageTypeError, msg) })
	return jsonrpc2.NewError(errRequestFailed, msg)
}
