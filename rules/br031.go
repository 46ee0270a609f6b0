package rules

import (
	"strconv"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/syntax"
)

// BR031 reports what BuildKit accepts while it converts the file but
// what fails, or does not do what it says, once the build or the
// container runs, when the file alone already says so: a USER or WORKDIR
// that expands to nothing, a stop signal Linux does not have, an ONBUILD
// trigger that fails in every image built on this one.
var BR031 = &lint.Rule{
	Code:     "BR031",
	Name:     "build-step-fails",
	Title:    "Fix what fails once the build or the container runs",
	Severity: lint.Warning,
	Fix:      lint.NoFix,
	Check:    checkBR031,
}

func checkBR031(p *lint.Pass) {
	doc := p.Doc
	c := &bfCheck{p: p, doc: doc, scope: newVarScope(doc), latent: true}
	defer c.scope.release()
	br031SourceDateEpoch(p)
	for _, st := range doc.Stages {
		for _, ins := range st.Instructions {
			if ins.Err != nil || !ins.Parsed() {
				continue
			}
			switch ins.Cmd {
			case "onbuild":
				c.onbuild(st, ins)
			case "user", "workdir":
				c.emptyAfterExpansion(st, ins)
			case "stopsignal":
				br031Signal(p, ins)
			}
		}
	}
}

// emptyAfterExpansion reports a USER or WORKDIR whose variables the file
// defines and that expands to nothing.
func (c *bfCheck) emptyAfterExpansion(st *lint.Stage, ins *syntax.Instruction) {
	word := ins.Rest.Value
	if !hasDollar(word) {
		return
	}
	env := newStageEnv(c.scope, st, ins)
	var names []string
	for _, ref := range syntax.VarRefs(word, c.doc.File.Escape) {
		if _, ok := env.Get(ref.Name); !ok && env.external {
			return // the base image may set it
		}
		names = append(names, ref.Name)
	}
	res, err := c.doc.Expand(c.scope.lexer(0), word, env)
	if err != nil || res.Cut || strings.TrimSpace(res.Result) != "" || len(names) == 0 {
		return
	}
	what := "the user is empty: the steps after it and the container run as the image's default user (root)"
	if ins.Cmd == "workdir" {
		what = "WORKDIR changes nothing: the steps after it run in the previous working directory"
	}
	c.p.Reportf(ins.Rest.Range, "%s %s expands to an empty string with the values the file gives (%s): %s; give %s a value (ARG %s=...) or pass --build-arg %s=...",
		strings.ToUpper(ins.Cmd), bfShort(word), strings.Join(names, ", "), what, names[0], names[0], names[0])
}

// br031Signal reports a numeric STOPSIGNAL that Linux does not have:
// BuildKit takes any number other than 0, the container engine refuses it
// when it stops the container.
func br031Signal(p *lint.Pass, ins *syntax.Instruction) {
	cmd, err := ins.Command()
	sc, ok := cmd.(*instructions.StopSignalCommand)
	if err != nil || !ok || hasDollar(sc.Signal) {
		return
	}
	n, err := strconv.Atoi(sc.Signal)
	if err != nil || n == 0 || n >= 1 && n <= 64 {
		return
	}
	p.Reportf(ins.Rest.Range, "signal %d does not exist on Linux (signals go from 1 to 64): the container cannot be stopped with it; write SIGTERM, 15 or another signal", n)
}

// br031SourceDateEpoch reports a global SOURCE_DATE_EPOCH that is neither
// a number, "context" nor a stage of the file: the build needs a
// --build-context of that name, or fails.
func br031SourceDateEpoch(p *lint.Pass) {
	ins, kv := p.Doc.MetaArg("SOURCE_DATE_EPOCH")
	if ins == nil || kv == nil || !kv.HasValue {
		return
	}
	env, _, ok := p.Doc.BuilderMetaEnv()
	if !ok {
		return
	}
	st, v := bfSourceDateEpochStage(p.Doc, env)
	if st != nil || v == "" || v == "context" {
		return
	}
	if _, err := strconv.ParseInt(v, 10, 64); err == nil {
		return
	}
	p.Reportf(kv.Value.Range, "SOURCE_DATE_EPOCH=%s is neither a number of seconds nor a stage of this file: the build fails unless it passes --build-context %s=...; write a Unix time (1700000000), \"context\" or the name of a stage", bfShort(v), bfShort(v))
}
