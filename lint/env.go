package lint

import (
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/shell"
)

// Env is an ordered environment for BuildKit's shell lexer (a
// shell.EnvGetter): the names in the order they were first set, and the
// names whose values Expand cut short.
type Env struct {
	keys []string
	vals map[string]string
	// cut names the variables whose values reached the expansion bound.
	cut map[string]bool
}

// NewEnv returns an empty environment.
func NewEnv() *Env { return &Env{vals: map[string]string{}} }

// NewEnvCap returns an empty environment with room for n names.
func NewEnvCap(n int) *Env {
	return &Env{vals: make(map[string]string, n), keys: make([]string, 0, n)}
}

// Get returns the value of k and whether it is set.
func (e *Env) Get(k string) (string, bool) { v, ok := e.vals[k]; return v, ok }

// Keys returns the names set, in the order they were first set.
func (e *Env) Keys() []string { return e.keys }

// IsCut reports whether k's value was cut short by the expansion bound
// (Document.Expand reports the expansions that use it as cut).
func (e *Env) IsCut(k string) bool { return e.cut[k] }

// Set sets k to v; a new name goes last in Keys.
func (e *Env) Set(k, v string) {
	if _, ok := e.vals[k]; !ok {
		e.keys = append(e.keys, k)
	}
	e.vals[k] = v
}

// setExpanded sets k to the result of an expansion, and records whether
// the expansion was cut.
func (e *Env) setExpanded(k string, res Expansion) {
	e.Set(k, res.Result)
	if res.Cut {
		if e.cut == nil {
			e.cut = map[string]bool{}
		}
		e.cut[k] = true
	} else {
		delete(e.cut, k)
	}
}

type builderMetaEnvKey struct{}

type builderMetaEnv struct {
	env      *Env
	declared map[string]bool
	ok       bool
}

// BuilderMetaEnv returns the environment BuildKit expands FROM lines in
// when no build argument is given: the predefined platform arguments (for
// a linux/amd64 builder, TARGETSTAGE the last stage) and the meta ARGs
// with their defaults, expanded in order. declared names every meta ARG;
// ok is false when a default does not expand. It is computed once per
// document; do not modify env.
//
// Stage.Resolved is expanded without the predefined arguments (see
// ExpandMeta): a FROM that names one is reported by rules, not resolved.
func (d *Document) BuilderMetaEnv() (env *Env, declared map[string]bool, ok bool) {
	m := d.Memo(builderMetaEnvKey{}, func() any {
		var m builderMetaEnv
		m.env, m.declared, m.ok = d.newBuilderMetaEnv()
		return &m
	}).(*builderMetaEnv)
	return m.env, m.declared, m.ok
}

func (d *Document) newBuilderMetaEnv() (env *Env, declared map[string]bool, ok bool) {
	var lex *shell.Lex // made for the first default
	n := 11            // the builder's platform arguments below
	for _, ins := range d.MetaArgs {
		n += len(ins.Pairs)
	}
	env = NewEnvCap(n)
	target := "default"
	if n := len(d.Stages); n > 0 && d.Stages[n-1].Name != "" {
		target = strings.ToLower(d.Stages[n-1].Name)
	}
	for _, kv := range [...][2]string{
		{"BUILDPLATFORM", "linux/amd64"}, {"BUILDOS", "linux"}, {"BUILDOSVERSION", ""},
		{"BUILDARCH", "amd64"}, {"BUILDVARIANT", ""},
		{"TARGETPLATFORM", "linux/amd64"}, {"TARGETOS", "linux"}, {"TARGETOSVERSION", ""},
		{"TARGETARCH", "amd64"}, {"TARGETVARIANT", ""}, {"TARGETSTAGE", target},
	} {
		env.Set(kv[0], kv[1])
	}
	declared = map[string]bool{}
	ok = true
	for _, ins := range d.MetaArgs {
		for _, kv := range ins.Pairs {
			declared[kv.Key.Value] = true
			if !kv.HasValue {
				continue
			}
			if lex == nil {
				lex = Lexer(rune(d.File.Escape))
				defer ReleaseLexer(rune(d.File.Escape), lex)
			}
			res, err := d.Expand(lex, kv.Value.Value, env)
			if err != nil {
				ok = false
				continue
			}
			env.setExpanded(kv.Key.Value, res)
		}
	}
	return env, declared, ok
}
