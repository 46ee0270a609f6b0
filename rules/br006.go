package rules

import (
	"fmt"
	"slices"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/syntax"
)

// BR006 reports variables that instructions expanded by the builder use
// without a definition.
var BR006 = &lint.Rule{
	Code:     "BR006",
	Name:     "undefined-var",
	Aliases:  []string{"UndefinedVar"},
	Title:    "Define variables before using them",
	Severity: lint.Warning,
	Fix:      lint.SometimesFix,
	Check:    checkBR006,
}

// r4NonEnvArgs are build arguments BuildKit never reports (nonEnvArgs).
var r4NonEnvArgs = map[string]bool{"BUILDKIT_SBOM_SCAN_CONTEXT": true, "BUILDKIT_SBOM_SCAN_STAGE": true}

// r4PlatformArgs are the predefined arguments a stage sees only after
// declaring them with ARG.
var r4PlatformArgs = map[string]bool{
	"BUILDPLATFORM": true, "BUILDOS": true, "BUILDOSVERSION": true, "BUILDARCH": true, "BUILDVARIANT": true,
	"TARGETPLATFORM": true, "TARGETOS": true, "TARGETOSVERSION": true, "TARGETARCH": true, "TARGETVARIANT": true,
	"TARGETSTAGE": true,
}

func checkBR006(p *lint.Pass) {
	doc := p.Doc
	scope := newR4Scope(doc)
	for _, st := range doc.Stages {
		for _, ins := range st.Instructions {
			words := r4ExpandedWords(ins)
			if len(words) == 0 {
				continue
			}
			var env *r4StageEnv
			reported := map[string]bool{}
			for _, w := range words {
				if !r4HasDollar(w.Text) {
					continue
				}
				if env == nil {
					env = newR4StageEnv(scope, st, ins)
					env.names = true
				}
				l, esc := scope.lexer(0), doc.File.Escape
				if w.Raw {
					l, esc = scope.rawLexer(), '\\'
				}
				// Fast path: when every reference is defined, the lexer
				// has nothing to report.
				refs := r4Refs(w.Text, esc)
				if len(refs) > 0 && r4AllDefined(refs, env) {
					continue
				}
				// Like BuildKit, report what did not match even when the
				// word then fails to expand.
				res, _ := doc.Expand(l, w.Text, env)
				if len(res.Unmatched) == 0 {
					continue
				}
				firsts := r4FirstRefs(refs)
				for _, ref := range refs {
					name := ref.Name
					if _, ok := res.Unmatched[name]; !ok || reported[name] || r4NonEnvArgs[name] || r4ArgBefore(ins, name, w.Pos) {
						continue
					}
					f := firsts[name]
					if f.OnlyFallback() {
						continue
					}
					first := f.Ref
					reported[name] = true
					reportBR006(p, st, ins, env, name, w.Pos, w.r4Range(ins, first.Start, first.End))
				}
				var rest []string
				for name := range res.Unmatched {
					if _, found := firsts[name]; !found && !reported[name] && !r4NonEnvArgs[name] && !r4ArgBefore(ins, name, w.Pos) {
						rest = append(rest, name)
					}
				}
				slices.Sort(rest)
				for _, name := range rest {
					reported[name] = true
					reportBR006(p, st, ins, env, name, w.Pos, w.r4Range(ins, 0, len(w.Text)))
				}
			}
		}
	}
}

func r4AllDefined(refs []r4Ref, env *r4StageEnv) bool {
	for _, r := range refs {
		if _, ok := env.Get(r.Name); !ok {
			return false
		}
	}
	return true
}

func r4HasDollar(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == '$' {
			return true
		}
	}
	return false
}

func reportBR006(p *lint.Pass, st *lint.Stage, ins *syntax.Instruction, env *r4StageEnv, name string, pos int, r syntax.Range) {
	d := lint.Diagnostic{Range: r}
	declare := func() {
		at := r4LineAfter(p.Doc.File, st.From.Range.End)
		if at <= st.From.Range.End {
			return
		}
		d.Fixes = []lint.Fix{{
			Title: fmt.Sprintf("Declare ARG %s in the stage", name),
			Edits: []lint.Edit{{Range: syntax.Range{Start: at, End: at}, NewText: "ARG " + name + "\n"}},
		}}
	}
	switch later := r4DefinedLater(st, ins, name, pos); {
	case later == ins:
		d.Message = fmt.Sprintf("variable %q is set by this same ENV, which expands all its values before setting any: set it in an earlier ENV", name)
	case r4SelfRef(ins, name, pos):
		d.Message = fmt.Sprintf("variable %q is not defined before this ENV extends it: unless the base image sets it, the value has an empty part", name)
	case later != nil:
		line, _ := p.Doc.File.LineCol(later.Range.Start)
		d.Message = fmt.Sprintf("variable %q is used before the %s on line %d defines it", name, later.Keyword.Value, line)
	case p.Doc.Lookup(st.From, name) != nil && p.Doc.Lookup(st.From, name).Kind == lint.MetaArgVar:
		d.Message = fmt.Sprintf("variable %q is a global ARG, which a stage does not see: declare it in the stage with \"ARG %s\"", name, name)
		declare()
	case r4PlatformArgs[name]:
		d.Message = fmt.Sprintf("variable %q is a predefined build argument, which a stage sees only after \"ARG %s\"", name, name)
		declare()
	default:
		d.Message = fmt.Sprintf("variable %q is not defined", name) + r4DidYouMean(r4Suggest(name, env.Keys()))
	}
	p.Report(d)
}

// r4ArgBefore reports whether ARG instruction ins declares name before
// logical offset pos: an ARG sets its variables one after the other.
func r4ArgBefore(ins *syntax.Instruction, name string, pos int) bool {
	if ins.Cmd != "arg" {
		return false
	}
	for _, kv := range ins.Pairs {
		if kv.Key.Value == name && kv.Key.Pos < pos {
			return true
		}
	}
	return false
}

// r4SelfRef reports whether the reference at logical offset pos is in
// the value of the ENV pair that sets name (ENV PATH=/opt/bin:$PATH).
func r4SelfRef(ins *syntax.Instruction, name string, pos int) bool {
	if ins.Cmd != "env" {
		return false
	}
	for _, kv := range ins.Pairs {
		if kv.Key.Value == name && kv.Value.Pos <= pos && pos <= kv.Value.Pos+len(kv.Value.Value) {
			return true
		}
	}
	return false
}

// r4DefinedLater returns the ARG or ENV that defines name after ins in
// the stage, or ins itself when it is an ENV that sets name in a pair
// before logical offset pos.
func r4DefinedLater(st *lint.Stage, ins *syntax.Instruction, name string, pos int) *syntax.Instruction {
	if ins.Cmd == "env" {
		for _, kv := range ins.Pairs {
			if kv.Key.Value == name && kv.Key.Pos < pos && !(kv.Value.Pos <= pos && pos <= kv.Value.Pos+len(kv.Value.Value)) {
				return ins
			}
		}
	}
	for _, i := range st.Instructions {
		if i.Range.Start <= ins.Range.Start || i.Cmd != "arg" && i.Cmd != "env" {
			continue
		}
		for _, kv := range i.Pairs {
			if kv.Key.Value == name {
				return i
			}
		}
	}
	return nil
}
