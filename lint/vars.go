package lint

import (
	"sort"

	"github.com/berth-dev/berth/lint/syntax"
)

// VarKind says how a variable was declared.
type VarKind int

const (
	// ArgVar is declared by ARG inside a stage.
	ArgVar VarKind = iota + 1
	// EnvVar is declared by ENV (in the stage or a base stage).
	EnvVar
	// MetaArgVar is declared by ARG before the first FROM.
	MetaArgVar
	// BuiltinVar is predefined by the builder (TARGETARCH, HTTP_PROXY...).
	BuiltinVar
)

// Var is a declared build variable.
type Var struct {
	Name     string
	Kind     VarKind
	Value    string
	HasValue bool
	// Ins and Pair locate the declaration; nil for builtins.
	Ins  *syntax.Instruction
	Pair *syntax.KeyValue
}

// builtinsAnywhere are predefined arguments usable in RUN without an ARG.
var builtinsAnywhere = map[string]bool{
	"HTTP_PROXY": true, "http_proxy": true, "HTTPS_PROXY": true, "https_proxy": true,
	"FTP_PROXY": true, "ftp_proxy": true, "NO_PROXY": true, "no_proxy": true,
	"ALL_PROXY": true, "all_proxy": true,
}

func isPredefined(name string) bool {
	for _, p := range PredefinedArgs {
		if p == name {
			return true
		}
	}
	return false
}

// Lookup returns the declaration of name visible at instruction at, or
// nil. In FROM lines (and before the first FROM) only meta ARGs and the
// builder's own arguments are visible; inside a stage, its ARG and ENV
// declarations before at, the ENV of its base stages, and meta ARGs that
// the stage re-declares with ARG.
func (d *Document) Lookup(at *syntax.Instruction, name string) *Var {
	st := d.StageOf(at)
	if st == nil || st.From == at {
		return d.metaLookup(at, name)
	}
	if v := d.stageLookup(st, at, name, true); v != nil {
		return v
	}
	if builtinsAnywhere[name] {
		return &Var{Name: name, Kind: BuiltinVar}
	}
	return nil
}

func (d *Document) metaLookup(before *syntax.Instruction, name string) *Var {
	var found *Var
	for _, ins := range d.MetaArgs {
		if before != nil && ins.Range.Start >= before.Range.Start {
			break
		}
		for _, kv := range ins.Pairs {
			if kv.Key.Value == name {
				found = &Var{Name: name, Kind: MetaArgVar, Value: kv.Value.Value, HasValue: kv.HasValue, Ins: ins, Pair: kv}
			}
		}
	}
	if found == nil && isPredefined(name) {
		return &Var{Name: name, Kind: BuiltinVar}
	}
	return found
}

// stageLookup finds the last declaration of name in the stage before at
// (anywhere in the stage when at is nil; only ENV when args is false),
// then in its base stages' ENV.
func (d *Document) stageLookup(st *Stage, at *syntax.Instruction, name string, args bool) *Var {
	decls := d.scopes()[st.Index][name]
	n := len(decls)
	if at != nil {
		n = sort.Search(len(decls), func(i int) bool { return decls[i].Ins.Range.Start >= at.Range.Start })
	}
	for i := n - 1; i >= 0; i-- {
		if args || decls[i].Kind == EnvVar {
			v := *decls[i]
			return &v
		}
	}
	if st.BaseStage != nil && st.BaseStage.Index < st.Index {
		return d.stageLookup(st.BaseStage, nil, name, false)
	}
	return nil
}

// scopes indexes, once per document, each stage's ARG and ENV
// declarations by name, in source order.
func (d *Document) scopes() []map[string][]*Var {
	d.scopeOnce.Do(func() {
		d.scopeIdx = make([]map[string][]*Var, len(d.Stages))
		for i, st := range d.Stages {
			m := map[string][]*Var{}
			for _, ins := range st.Instructions {
				switch ins.Cmd {
				case "env":
					for _, kv := range ins.Pairs {
						name := kv.Key.Value
						m[name] = append(m[name], &Var{Name: name, Kind: EnvVar, Value: kv.Value.Value, HasValue: true, Ins: ins, Pair: kv})
					}
				case "arg":
					for _, kv := range ins.Pairs {
						name := kv.Key.Value
						v := &Var{Name: name, Kind: ArgVar, Value: kv.Value.Value, HasValue: kv.HasValue, Ins: ins, Pair: kv}
						if !kv.HasValue {
							if meta := d.metaLookup(nil, name); meta != nil && meta.HasValue {
								v.Value, v.HasValue = meta.Value, true
							}
						}
						m[name] = append(m[name], v)
					}
				}
			}
			d.scopeIdx[i] = m
		}
	})
	return d.scopeIdx
}
