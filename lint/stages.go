package lint

import (
	"sort"
	"strconv"
	"strings"

	"github.com/berth-dev/berth/lint/syntax"
)

// ExternalImage reports whether the stage's base is an image to pull
// whose name is fully known: not scratch, not an earlier stage, no
// variable left without a value, no parse error.
func (s *Stage) ExternalImage() bool {
	return s.From.Err == nil && s.Image.Value != "" && s.Resolved != "" &&
		len(s.Unresolved) == 0 && !s.IsScratch() && s.BaseStage == nil &&
		!strings.ContainsAny(s.Resolved, "$ \t\"'")
}

// LiteralPlatform returns the stage's --platform value, unquoted, when it
// names no variable; "" otherwise.
func (s *Stage) LiteralPlatform() string {
	if s.Platform == nil || strings.Contains(s.Platform.Value, "$") {
		return ""
	}
	return strings.Trim(s.Platform.Value, `"'`)
}

// Base returns the earlier stage of the file that s is built on (FROM
// names it), or nil.
func (s *Stage) Base() *Stage {
	if b := s.BaseStage; b != nil && b.Index < s.Index {
		return b
	}
	return nil
}

// Ancestors returns s followed by the stages of the file it is built on,
// nearest first. limit > 0 bounds the length of the result, for callers
// that walk the chain of every stage of a file.
func (s *Stage) Ancestors(limit int) []*Stage {
	if s == nil { // an instruction before the first FROM has no stage
		return nil
	}
	out := []*Stage{s}
	for b := s.Base(); b != nil && (limit <= 0 || len(out) < limit); b = b.Base() {
		out = append(out, b)
	}
	return out
}

type rootStageKey struct{}

// RootStage returns the first stage of the chain st is built on (st
// itself when it is built on no stage of the file), from an index made
// once per document.
func (d *Document) RootStage(st *Stage) *Stage {
	roots := d.Memo(rootStageKey{}, func() any {
		roots := make([]*Stage, len(d.Stages))
		for i, s := range d.Stages {
			roots[i] = s
			if b := s.Base(); b != nil {
				roots[i] = roots[b.Index]
			}
		}
		return roots
	}).([]*Stage)
	if st.Index < len(roots) && d.Stages[st.Index] == st {
		return roots[st.Index]
	}
	chain := st.Ancestors(0)
	return chain[len(chain)-1]
}

// Inherited computes, for every stage, whether own holds for it or for a
// stage it is built on, in one pass over the stages (a base stage comes
// first): walking each stage's chain would cost the square of a long
// chain.
func (d *Document) Inherited(own func(st *Stage) bool) []bool {
	out := make([]bool, len(d.Stages))
	for i, st := range d.Stages {
		out[i] = own(st)
		if b := st.Base(); b != nil && !out[i] {
			out[i] = out[b.Index]
		}
	}
	return out
}

// StageByRef finds the stage a --from value (quotes removed) names: a
// stage name anywhere in the file, or a stage index. It returns nil for
// anything else (an image).
func (d *Document) StageByRef(from string) *Stage {
	if n, err := strconv.Atoi(from); err == nil {
		if n >= 0 && n < len(d.Stages) {
			return d.Stages[n]
		}
		return nil
	}
	return d.StageByName(from, -1)
}

// UsedStages reports, per stage index, whether another stage builds on it
// (FROM), copies from it (COPY --from) or mounts it (RUN --mount=from=).
// The stages that nothing uses are the ones that end up as images: the
// last stage and any other stage built with --target.
func (d *Document) UsedStages() []bool {
	used := make([]bool, len(d.Stages))
	esc := d.File.Escape
	for _, st := range d.Stages {
		if st.BaseStage != nil && st.BaseStage != st {
			used[st.BaseStage.Index] = true
		}
		for _, ins := range st.Instructions {
			var refs []string
			switch ins.Cmd {
			case "copy":
				if f := ins.Flag("from"); f != nil {
					v, _ := syntax.Literal(f.Value, esc)
					refs = append(refs, v)
				}
			case "run":
				refs = mountFroms(ins, esc)
			}
			for _, r := range refs {
				if s := d.StageByRef(r); s != nil && s != st {
					used[s.Index] = true
				}
			}
		}
	}
	return used
}

// mountFroms returns the from= values of the --mount flags of a RUN.
func mountFroms(ins *syntax.Instruction, esc byte) []string {
	var out []string
	for _, f := range ins.Flags {
		if f.Name != "mount" {
			continue
		}
		v, _ := syntax.Literal(f.Value, esc)
		for _, part := range strings.Split(v, ",") {
			if k, val, ok := strings.Cut(strings.TrimSpace(part), "="); ok && strings.EqualFold(k, "from") {
				out = append(out, val)
			}
		}
	}
	return out
}

// shellPragmas says where "# hadolint shell=NAME" pragmas set the shell of
// RUN instructions: def is the default of every stage (a pragma before
// the first FROM), byStage the pragmas of each stage in order.
type shellPragmas struct {
	def     []string
	byStage [][]shellPragma
}

// shellPragma is one shell pragma: it applies to the instructions of its
// stage that start at or after at.
type shellPragma struct {
	at   int
	argv []string
}

type shellPragmasKey struct{}

// shellPragmas indexes the shell pragmas of the file once. A pragma before
// the first FROM sets the default of every stage, as in hadolint; one in a
// stage applies from its line to the end of the stage, and a pragma above
// a later FROM applies to the stage that FROM starts (hadolint would give
// it to the tail of the stage before, where it changes nothing).
func (d *Document) shellPragmas() *shellPragmas {
	return d.Memo(shellPragmasKey{}, func() any {
		sp := &shellPragmas{byStage: make([][]shellPragma, len(d.Stages))}
		ins := d.File.Instructions
		for _, c := range d.File.Comments {
			name, ok := parseShellPragma(c.Text)
			if !ok || c.InContinuation {
				continue
			}
			argv := []string{name}
			if len(d.Stages) == 0 || c.Range.Start < d.Stages[0].From.Range.Start {
				sp.def = argv
				continue
			}
			p := shellPragma{at: c.Range.Start, argv: argv}
			i := sort.Search(len(ins), func(i int) bool { return ins[i].Range.Start > c.Range.Start })
			st := d.StageOf(ins[max(i-1, 0)])
			if i < len(ins) && ins[i].Cmd == "from" {
				st, p.at = d.StageOf(ins[i]), ins[i].Range.Start
			}
			if st != nil {
				sp.byStage[st.Index] = append(sp.byStage[st.Index], p)
			}
		}
		return sp
	}).(*shellPragmas)
}

// stageShellPragma returns the last shell pragma of stage st that applies
// at offset at (at < 0: at the end of the stage), or nil.
func (sp *shellPragmas) stageShellPragma(st *Stage, at int) *shellPragma {
	ps := sp.byStage[st.Index]
	for i := len(ps) - 1; i >= 0; i-- {
		if at < 0 || ps[i].at <= at {
			return &ps[i]
		}
	}
	return nil
}

// Preamble returns the instructions before the first FROM, which belong to
// no stage: the meta ARGs, and whatever else is written there (BuildKit
// stops the build at the first instruction that is not an ARG). Rules on
// what a stage does skip them; rules on what an instruction says should
// check them too.
func (d *Document) Preamble() []*syntax.Instruction {
	ins := d.File.Instructions
	for i, in := range ins {
		if in.Cmd == "from" {
			return ins[:i:i]
		}
	}
	return ins[:len(ins):len(ins)]
}
