package lint

import (
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

// stageLookup searches the stage's instructions before at (all of them
// when at is nil), then its base stages' ENV.
func (d *Document) stageLookup(st *Stage, at *syntax.Instruction, name string, args bool) *Var {
	var found *Var
	for _, ins := range st.Instructions {
		if at != nil && ins.Range.Start >= at.Range.Start {
			break
		}
		switch ins.Cmd {
		case "env":
			for _, kv := range ins.Pairs {
				if kv.Key.Value == name {
					found = &Var{Name: name, Kind: EnvVar, Value: kv.Value.Value, HasValue: true, Ins: ins, Pair: kv}
				}
			}
		case "arg":
			if !args {
				continue
			}
			for _, kv := range ins.Pairs {
				if kv.Key.Value != name {
					continue
				}
				v := &Var{Name: name, Kind: ArgVar, Value: kv.Value.Value, HasValue: kv.HasValue, Ins: ins, Pair: kv}
				if !kv.HasValue {
					if m := d.metaLookup(nil, name); m != nil && m.HasValue {
						v.Value, v.HasValue = m.Value, true
					}
				}
				found = v
			}
		}
	}
	if found != nil {
		return found
	}
	if st.BaseStage != nil && st.BaseStage.Index < st.Index {
		return d.stageLookup(st.BaseStage, nil, name, false)
	}
	return nil
}
