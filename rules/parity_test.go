package rules

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/moby/buildkit/client/llb"
	"github.com/moby/buildkit/client/llb/sourceresolver"
	"github.com/moby/buildkit/frontend/dockerfile/dockerfile2llb"
	"github.com/moby/buildkit/frontend/dockerui"
	"github.com/moby/buildkit/solver/pb"
	digest "github.com/opencontainers/go-digest"
	ocispecs "github.com/opencontainers/image-spec/specs-go/v1"

	"github.com/berth-dev/berth/internal/corpus"
	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/syntax"
)

// The parity test runs BuildKit's own build checks (the code behind
// "docker build --check", offline) over the shared corpus and wants every
// warning matched by a berth diagnostic of a rule that carries the check's
// name as an alias, on the same instruction. berth may report more (its
// rules are often broader); it may not report less, except for the cases
// of parityExceptions, each with its reason. Imported in a test only, so
// the berth binary does not carry BuildKit's converter.

// parityMaxInstructions skips files on which BuildKit's converter, which
// is quadratic in the number of instructions, would take too long.
const parityMaxInstructions = 3000

// corpusFiles lists the Dockerfiles of the corpus (see corpus.Files).
func corpusFiles(tb testing.TB) []string { return corpus.Files(tb) }

// parityWarning is one BuildKit warning.
type parityWarning struct {
	Rule, Message string
	Start, End    int // 1-based lines
}

// parityException excuses BuildKit warnings that berth does not match on
// purpose.
type parityException struct {
	// Rule is the BuildKit check; "" means any.
	Rule   string
	Reason string
	// Match tells whether the exception covers the warning, given berth's
	// diagnostics for the file; nil means every warning of Rule.
	Match func(w parityWarning, doc *lint.Document, diags []lint.Diagnostic) bool
}

var (
	parityUndefinedVarRe = regexp.MustCompile(`^Usage of undefined variable '\$([^']*)'`)
	parityWorkdirRe      = regexp.MustCompile(`^Relative workdir ("(?:[^"\\]|\\.)*")`)
	paritySecretRe       = regexp.MustCompile(`\((?:ARG|ENV) "([^"]*)"\)$`)
)

// parityWindowsPath reports whether a WORKDIR is a Windows absolute path.
func parityWindowsPath(p string) bool {
	return strings.HasPrefix(p, `\`) || len(p) >= 3 && p[1] == ':' && (p[2] == '\\' || p[2] == '/')
}

// parityVarName extracts the variable of an UndefinedVar warning.
func parityVarName(w parityWarning) string {
	if m := parityUndefinedVarRe.FindStringSubmatch(w.Message); m != nil {
		return m[1]
	}
	return ""
}

// parityInstructions returns the instructions that BuildKit's line range
// touches.
func parityInstructions(doc *lint.Document, w parityWarning) []*syntax.Instruction {
	var out []*syntax.Instruction
	for _, ins := range doc.File.Instructions {
		if ins.StartLine <= w.End && w.Start <= ins.EndLine {
			out = append(out, ins)
		}
	}
	return out
}

var parityExceptions = []parityException{
	{
		Rule:   "FromPlatformFlagConstDisallowed",
		Reason: "a constant FROM --platform is reported once, by DL3029 (hadolint's code), while it runs; BR010 reports it when DL3029 is off",
		Match: func(w parityWarning, doc *lint.Document, diags []lint.Diagnostic) bool {
			for _, ins := range parityInstructions(doc, w) {
				for _, d := range diags {
					if d.Code == "DL3029" && ins.Range.Contains(d.Range.Start) {
						return true
					}
				}
			}
			return false
		},
	},
	{
		Rule:   "JSONArgsRecommended",
		Reason: "a malformed exec form (CMD [\"a\",]) is reported once, by BR016, which says what is wrong and can rewrite it",
		Match: func(w parityWarning, doc *lint.Document, diags []lint.Diagnostic) bool {
			for _, ins := range parityInstructions(doc, w) {
				for _, d := range diags {
					if d.Code == "BR016" && ins.Range.Contains(d.Range.Start) {
						return true
					}
				}
			}
			return false
		},
	},
	{
		Reason: "the instruction carries a hadolint or berth ignore pragma for the rule, which BuildKit does not read",
		Match: func(w parityWarning, doc *lint.Document, _ []lint.Diagnostic) bool {
			var comments []*syntax.Comment
			for _, c := range doc.File.Comments {
				if strings.Contains(c.Text, "global ignore=") {
					comments = append(comments, c)
				}
			}
			for _, ins := range parityInstructions(doc, w) {
				comments = append(comments, ins.Comments...)
			}
			{
				for _, c := range comments {
					_, list, ok := strings.Cut(c.Text, "ignore=")
					if !ok || !isPragma(c.Text) {
						continue
					}
					list, _, _ = strings.Cut(list, " ")
					for _, code := range strings.Split(list, ",") {
						if r := ByName(strings.TrimSpace(code)); r != nil && slices.Contains(r.Aliases, w.Rule) {
							return true
						}
					}
				}
			}
			return false
		},
	},
	{
		Rule:   "SecretsUsedInArgOrEnv",
		Reason: "DL3064 excuses names of public key material and places (GPG_KEY, SWIFT_SIGNING_KEY, *_RELEASE_KEY, KEY_DIR), see its doc",
		Match: func(w parityWarning, _ *lint.Document, _ []lint.Diagnostic) bool {
			m := paritySecretRe.FindStringSubmatch(w.Message)
			return m != nil && !secretName(m[1])
		},
	},
	{
		Rule:   "WorkdirRelativePath",
		Reason: "DL3000 takes Windows paths (C:\\app, \\app, C:/app) as absolute; BuildKit lints for a linux target",
		Match: func(w parityWarning, doc *lint.Document, _ []lint.Diagnostic) bool {
			if m := parityWorkdirRe.FindStringSubmatch(w.Message); m != nil {
				if p, err := strconv.Unquote(m[1]); err == nil && parityWindowsPath(p) {
					return true
				}
			}
			for _, ins := range parityInstructions(doc, w) {
				if ins.Cmd == "workdir" && parityWindowsPath(lint.Unquote(ins.Rest.Value)) {
					return true
				}
			}
			return false
		},
	},
	{
		Rule:   "WorkdirRelativePath",
		Reason: "the WORKDIR uses a variable that only the base image sets (WORKDIR $HOME): offline, BuildKit expands it to an empty, relative path",
		Match: func(w parityWarning, doc *lint.Document, _ []lint.Diagnostic) bool {
			for _, ins := range parityInstructions(doc, w) {
				if ins.Cmd != "workdir" {
					continue
				}
				for _, ref := range syntax.VarRefs(ins.Rest.Value, doc.File.Escape) {
					if doc.Lookup(ins, ref.Name) == nil {
						return true
					}
				}
			}
			return false
		},
	},
	{
		Rule:   "MultipleInstructionsDisallowed",
		Reason: "BuildKit points at the instruction that is replaced, berth (DL4003, DL4004, DL3012) at the one that replaces it",
		Match: func(w parityWarning, doc *lint.Document, diags []lint.Diagnostic) bool {
			for _, ins := range parityInstructions(doc, w) {
				st := doc.StageOf(ins)
				if st == nil {
					continue
				}
				i := slices.Index(st.Instructions, ins)
				for _, next := range st.Instructions[i+1:] {
					if next.Cmd != ins.Cmd {
						continue
					}
					for _, d := range diags {
						if r := ByName(d.Code); r != nil && slices.Contains(r.Aliases, w.Rule) && next.Range.Contains(d.Range.Start) {
							return true
						}
					}
					break
				}
			}
			return false
		},
	},
	{
		Rule:   "UndefinedVar",
		Reason: "berth assumes the variables common base images set (imageEnvVars); offline BuildKit knows only PATH",
		Match: func(w parityWarning, doc *lint.Document, _ []lint.Diagnostic) bool {
			name := parityVarName(w)
			if !imageEnvVars[name] {
				return false
			}
			for _, ins := range parityInstructions(doc, w) {
				if st := doc.StageOf(ins); st != nil && !scopeRootStage(newVarScope(doc), st).IsScratch() {
					return true
				}
			}
			return false
		},
	},
	{
		Rule:   "UndefinedVar",
		Reason: "berth takes a reference with a fallback (${VAR:-default}, ${VAR:+x}, ${VAR?msg}) as handling an unset variable",
		Match: func(w parityWarning, doc *lint.Document, _ []lint.Diagnostic) bool {
			name := parityVarName(w)
			for _, ins := range parityInstructions(doc, w) {
				refs := syntax.VarRefs(ins.Logical, doc.File.Escape)
				for _, h := range ins.Heredocs {
					refs = append(refs, syntax.VarRefs(h.Content, '\\')...)
				}
				if _, found, only := firstVarRef(refs, name); found && only {
					return true
				}
			}
			return false
		},
	},
	{
		Rule:   "UndefinedVar",
		Reason: "BuildKit runs the ONBUILD triggers of a base stage in the child stage and reports them there; berth does not lint ONBUILD text for variables",
		Match: func(w parityWarning, doc *lint.Document, _ []lint.Diagnostic) bool {
			for _, ins := range parityInstructions(doc, w) {
				if st := doc.StageOf(ins); st != nil && ins == st.From {
					return true
				}
			}
			return false
		},
	},
	{
		Rule:   "StageNameCasing",
		Reason: "a stage name holding a variable (AS ${NAME}) is invalid for BuildKit anyway; lowercasing it would rename the variable",
		Match: func(w parityWarning, doc *lint.Document, _ []lint.Diagnostic) bool {
			return strings.Contains(w.Message, "$")
		},
	},
	{
		Rule:   "InvalidDefaultArgInFrom",
		Reason: "BuildKit also reports FROM lines without variables (an invalid constant name, a stage named in capitals); berth reports only FROM lines whose ARGs lack a valid default",
		Match: func(w parityWarning, doc *lint.Document, _ []lint.Diagnostic) bool {
			for _, ins := range parityInstructions(doc, w) {
				if st := doc.StageOf(ins); st != nil && st.From == ins && !hasDollar(st.Image.Value) {
					return true
				}
			}
			return false
		},
	},
}

// parityNotImplemented lists BuildKit checks that no berth rule carries
// yet; filled in by TestBuildKitParity when a check is missing.
var parityNotImplemented = map[string]string{}

// fakeResolver answers every image with an empty linux configuration, so
// that BuildKit runs offline.
type fakeResolver struct{}

func (fakeResolver) ResolveImageConfig(_ context.Context, ref string, opt sourceresolver.Opt) (string, digest.Digest, []byte, error) {
	arch := runtime.GOARCH
	if opt.ImageOpt != nil && opt.ImageOpt.Platform != nil {
		arch = opt.ImageOpt.Platform.Architecture
	}
	cfg := fmt.Sprintf(`{"architecture":%q,"os":"linux","rootfs":{"type":"layers","diff_ids":["sha256:0000000000000000000000000000000000000000000000000000000000000000"]},"config":{}}`, arch)
	return ref, digest.FromString(ref), []byte(cfg), nil
}

// buildkitLint runs BuildKit's checks on src, offline.
func buildkitLint(path string, src []byte) ([]parityWarning, error) {
	sm := llb.NewSourceMap(nil, path, "Dockerfile", src)
	sm.Definition = &llb.Definition{}
	caps := pb.Caps.CapSet(pb.Caps.All())
	plat := ocispecs.Platform{OS: "linux", Architecture: runtime.GOARCH}
	res, err := dockerfile2llb.DockerfileLint(context.Background(), src, dockerfile2llb.ConvertOpt{
		Config:       dockerui.Config{BuildPlatforms: []ocispecs.Platform{plat}},
		SourceMap:    sm,
		MetaResolver: fakeResolver{},
		LLBCaps:      &caps,
	})
	if err != nil {
		return nil, err
	}
	var out []parityWarning
	for _, w := range res.Warnings {
		pw := parityWarning{Rule: w.RuleName, Message: w.Detail}
		if w.Location != nil {
			for i, r := range w.Location.Ranges {
				if i == 0 || int(r.Start.Line) < pw.Start {
					pw.Start = int(r.Start.Line)
				}
				pw.End = max(pw.End, int(r.End.Line))
			}
		}
		out = append(out, pw)
	}
	return out, nil
}

// buildkitLintSafe runs BuildKit's checks on one file, a panic of
// BuildKit's made an error. It has no timeout: parityMaxInstructions bounds
// BuildKit's work, and whether a file is compared must not depend on how
// fast the machine is.
func buildkitLintSafe(path string, src []byte) (ws []parityWarning, err error) {
	defer func() {
		if p := recover(); p != nil {
			ws, err = nil, fmt.Errorf("buildkit panicked: %v", p)
		}
	}()
	return buildkitLint(path, src)
}

// parityMatched reports whether berth's diagnostics cover the warning: a
// diagnostic of a rule with the warning's alias that starts on the
// warning's lines or inside an instruction those lines belong to.
func parityMatched(doc *lint.Document, w parityWarning, diags []lint.Diagnostic, codes map[string]bool) bool {
	lo, hi := w.Start, w.End
	for _, ins := range parityInstructions(doc, w) {
		lo, hi = min(lo, ins.StartLine), max(hi, ins.EndLine)
		if len(ins.Comments) > 0 {
			// the comments above belong to the instruction (BR014)
			l, _ := doc.File.LineCol(ins.Comments[0].Range.Start)
			lo = min(lo, l)
		}
	}
	for _, d := range diags {
		if !codes[d.Code] {
			continue
		}
		if l, _ := doc.File.LineCol(d.Range.Start); lo <= l && l <= hi {
			return true
		}
	}
	return false
}

func TestBuildKitParity(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: runs BuildKit over the corpus")
	}
	files := corpusFiles(t)
	all := All()
	cfg := &lint.Config{}
	aliases := map[string]map[string]bool{} // BuildKit check -> berth codes
	for _, r := range all {
		cfg.Enable = append(cfg.Enable, r.Code)
		for _, a := range r.Aliases {
			if aliases[a] == nil {
				aliases[a] = map[string]bool{}
			}
			aliases[a][r.Code] = true
		}
	}

	type fileResult struct {
		path                        string
		warnings, excused, unmapped int
		missing                     []string // "Rule line: message"
		excusedBy                   map[string]int
		unmappedBy                  map[string]int
		warningsBy                  map[string]int
		skipped                     string
	}
	results := make([]fileResult, len(files))
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for i, path := range files {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			fr := fileResult{path: path, excusedBy: map[string]int{}, unmappedBy: map[string]int{}, warningsBy: map[string]int{}}
			defer func() { results[i] = fr }()
			src, err := os.ReadFile(path)
			if err != nil {
				fr.skipped = err.Error()
				return
			}
			doc := lint.NewDocument(path, src)
			if len(doc.File.Instructions) > parityMaxInstructions {
				fr.skipped = "too many instructions"
				return
			}
			ws, err := buildkitLintSafe(path, src)
			if err != nil {
				fr.skipped = err.Error()
				return
			}
			if len(ws) == 0 {
				return
			}
			doc.Context = filepath.Dir(path)
			diags := lint.Run(doc, all, cfg)
		warnings:
			for _, w := range ws {
				fr.warnings++
				fr.warningsBy[w.Rule]++
				codes := aliases[w.Rule]
				if len(codes) == 0 {
					fr.unmapped++
					fr.unmappedBy[w.Rule]++
					continue
				}
				if parityMatched(doc, w, diags, codes) {
					continue
				}
				for _, e := range parityExceptions {
					if (e.Rule == "" || e.Rule == w.Rule) && (e.Match == nil || e.Match(w, doc, diags)) {
						fr.excused++
						rule := e.Rule
						if rule == "" {
							rule = "any check"
						}
						fr.excusedBy[rule+": "+e.Reason]++
						continue warnings
					}
				}
				fr.missing = append(fr.missing, fmt.Sprintf("%s line %d: %s", w.Rule, w.Start, w.Message))
			}
		}()
	}
	wg.Wait()

	var compared, skipped, warnings, excused int
	missingBy := map[string]int{}
	excusedBy := map[string]int{}
	unmappedBy := map[string]int{}
	warningsBy := map[string]int{}
	for _, fr := range results {
		if fr.skipped != "" {
			skipped++
			t.Logf("skipped %s: %s", fr.path, fr.skipped)
			continue
		}
		compared++
		warnings += fr.warnings
		excused += fr.excused
		for k, n := range fr.excusedBy {
			excusedBy[k] += n
		}
		for k, n := range fr.unmappedBy {
			unmappedBy[k] += n
		}
		for k, n := range fr.warningsBy {
			warningsBy[k] += n
		}
		for _, m := range fr.missing {
			rule, _, _ := strings.Cut(m, " ")
			missingBy[rule]++
			t.Errorf("%s: berth misses BuildKit's %s", fr.path, m)
		}
	}
	t.Logf("BuildKit parity: %d files compared (%d skipped), %d BuildKit warnings, %d excused", compared, skipped, warnings, excused)
	for _, k := range slices.Sorted(mapKeys(warningsBy)) {
		t.Logf("  %-32s %5d warnings, %d missed", k, warningsBy[k], missingBy[k])
	}
	for _, k := range slices.Sorted(mapKeys(excusedBy)) {
		t.Logf("  excused %5d  %s", excusedBy[k], k)
	}
	for _, k := range slices.Sorted(mapKeys(unmappedBy)) {
		reason, known := parityNotImplemented[k]
		if !known {
			reason = "not implemented yet"
		}
		t.Logf("  no rule %5d  %s (%s)", unmappedBy[k], k, reason)
	}
	for _, k := range slices.Sorted(mapKeys(missingBy)) {
		t.Logf("  MISSING %5d  %s", missingBy[k], k)
	}
	for _, check := range buildkitChecks {
		if len(aliases[check]) == 0 {
			reason, known := parityNotImplemented[check]
			if !known {
				reason = "not implemented yet"
			}
			t.Logf("  no berth rule for %s: %s", check, reason)
		}
	}
}

func mapKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// sweepAllowed lists rules that may fire on more than 60% of the corpus,
// with the reason.
var sweepAllowed = map[string]string{
	"BR001":  "opt-in: most real images are pinned by tag, not digest; teams that want digests turn it on",
	"DL3057": "opt-in (off by default as in hadolint): most images leave health checks to the orchestrator",
}

// TestCorpusSweep lints every corpus file with every rule: no rule may
// panic (BR900), and no rule may fire on more than 60% of the files
// unless sweepAllowed says why.
func TestCorpusSweep(t *testing.T) {
	if testing.Short() {
		t.Skip("the corpus sweep runs without -short")
	}
	files := corpusFiles(t)
	all := All()
	cfg := &lint.Config{}
	for _, r := range all {
		cfg.Enable = append(cfg.Enable, r.Code)
	}
	fired := map[string]int{}
	for _, path := range files {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		doc := lint.NewDocument(path, src)
		doc.Context = filepath.Dir(path)
		seen := map[string]bool{}
		for _, d := range lint.Run(doc, all, cfg) {
			if d.Code == lint.InternalErrorCode {
				t.Errorf("%s: %s", path, d.Message)
			}
			if !seen[d.Code] {
				seen[d.Code] = true
				fired[d.Code]++
			}
		}
	}
	for _, code := range slices.Sorted(mapKeys(fired)) {
		share := float64(fired[code]) / float64(len(files))
		if share > 0.6 {
			if reason, ok := sweepAllowed[code]; ok {
				t.Logf("%s fires on %.0f%% of the corpus: %s", code, 100*share, reason)
				continue
			}
			t.Errorf("%s fires on %.0f%% of the corpus (%d of %d files): too noisy, or add it to sweepAllowed with a reason", code, 100*share, fired[code], len(files))
		}
	}
}
