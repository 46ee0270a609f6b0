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

// nonEnvBuildArgs are build arguments BuildKit never reports (nonEnvArgs).
var nonEnvBuildArgs = map[string]bool{"BUILDKIT_SBOM_SCAN_CONTEXT": true, "BUILDKIT_SBOM_SCAN_STAGE": true}

// platformArgs are the predefined arguments a stage sees only after
// declaring them with ARG.
var platformArgs = map[string]bool{
	"BUILDPLATFORM": true, "BUILDOS": true, "BUILDOSVERSION": true, "BUILDARCH": true, "BUILDVARIANT": true,
	"TARGETPLATFORM": true, "TARGETOS": true, "TARGETOSVERSION": true, "TARGETARCH": true, "TARGETVARIANT": true,
	"TARGETSTAGE": true,
}

func checkBR006(p *lint.Pass) {
	doc := p.Doc
	scope := newVarScope(doc)
	defer scope.release()
	for _, st := range doc.Stages {
		for _, ins := range st.Instructions {
			if !mayExpand(ins) {
				continue
			}
			words := expandedWords(ins)
			if len(words) == 0 {
				continue
			}
			var env *stageEnv
			reported := map[string]bool{}
			for _, w := range words {
				if !hasDollar(w.Text) {
					continue
				}
				if env == nil {
					env = newStageEnv(scope, st, ins)
					env.names = true
				}
				l, esc := scope.lexer(0), doc.File.Escape
				if w.Raw {
					l, esc = scope.rawLexer(), '\\'
				}
				// Fast path: when every reference is defined, the lexer
				// has nothing to report.
				refs := syntax.VarRefs(w.Text, esc)
				if len(refs) > 0 && allDefined(refs, env) {
					continue
				}
				// Like BuildKit, report what did not match even when the
				// word then fails to expand.
				res, _ := doc.Expand(l, w.Text, env)
				if len(res.Unmatched) == 0 {
					continue
				}
				firsts := firstVarRefs(refs)
				for _, ref := range refs {
					name := ref.Name
					if _, ok := res.Unmatched[name]; !ok || reported[name] || nonEnvBuildArgs[name] || argBefore(ins, name, w.Pos) {
						continue
					}
					f := firsts[name]
					if f.OnlyFallback() {
						continue
					}
					first := f.Ref
					reported[name] = true
					reportBR006(p, st, ins, env, name, w.Pos, w.sourceRange(ins, first.Start, first.End))
				}
				var rest []string
				for name := range res.Unmatched {
					if _, found := firsts[name]; !found && !reported[name] && !nonEnvBuildArgs[name] && !argBefore(ins, name, w.Pos) {
						rest = append(rest, name)
					}
				}
				slices.Sort(rest)
				for _, name := range rest {
					reported[name] = true
					reportBR006(p, st, ins, env, name, w.Pos, w.sourceRange(ins, 0, len(w.Text)))
				}
			}
		}
	}
}

// mayExpand reports whether ins holds a "$" that expandedWords could
// give: in its text or in a heredoc body.
func mayExpand(ins *syntax.Instruction) bool {
	if hasDollar(ins.Logical) {
		return true
	}
	for _, h := range ins.Heredocs {
		if hasDollar(h.Content) {
			return true
		}
	}
	return false
}

func allDefined(refs []syntax.VarRef, env *stageEnv) bool {
	for _, r := range refs {
		if _, ok := env.Get(r.Name); !ok {
			return false
		}
	}
	return true
}

func hasDollar(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == '$' {
			return true
		}
	}
	return false
}

func reportBR006(p *lint.Pass, st *lint.Stage, ins *syntax.Instruction, env *stageEnv, name string, pos int, r syntax.Range) {
	d := lint.Diagnostic{Range: r}
	declare := func() {
		at := lineAfter(p.Doc.File, st.From.Range.End)
		if at <= st.From.Range.End {
			return
		}
		d.Fixes = []lint.Fix{{
			Title: fmt.Sprintf("Declare ARG %s in the stage", name),
			Edits: []lint.Edit{{Range: syntax.Range{Start: at, End: at}, NewText: "ARG " + name + "\n"}},
		}}
	}
	switch later := definedLater(st, ins, name, pos); {
	case later == ins:
		d.Message = fmt.Sprintf("variable %q is set by this same ENV, which expands all its values before setting any: set it in an earlier ENV", name)
	case selfRef(ins, name, pos):
		d.Message = fmt.Sprintf("variable %q is not defined before this ENV extends it: unless the base image sets it, the value has an empty part", name)
	case later != nil:
		line, _ := p.Doc.File.LineCol(later.Range.Start)
		d.Message = fmt.Sprintf("variable %q is used before the %s on line %d defines it", name, later.Keyword.Value, line)
	case p.Doc.Lookup(st.From, name) != nil && p.Doc.Lookup(st.From, name).Kind == lint.MetaArgVar:
		d.Message = fmt.Sprintf("variable %q is a global ARG, which a stage does not see: declare it in the stage with \"ARG %s\"", name, name)
		declare()
	case platformArgs[name]:
		d.Message = fmt.Sprintf("variable %q is a predefined build argument, which a stage sees only after \"ARG %s\"", name, name)
		declare()
	default:
		d.Message = fmt.Sprintf("variable %q is not defined", name) + didYouMean(syntax.Closest(name, env.Keys()))
	}
	p.Report(d)
}

// argBefore reports whether ARG instruction ins declares name before
// logical offset pos: an ARG sets its variables one after the other.
func argBefore(ins *syntax.Instruction, name string, pos int) bool {
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

// selfRef reports whether the reference at logical offset pos is in
// the value of the ENV pair that sets name (ENV PATH=/opt/bin:$PATH).
func selfRef(ins *syntax.Instruction, name string, pos int) bool {
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

// definedLater returns the ARG or ENV that defines name after ins in
// the stage, or ins itself when it is an ENV that sets name in a pair
// before logical offset pos.
func definedLater(st *lint.Stage, ins *syntax.Instruction, name string, pos int) *syntax.Instruction {
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
