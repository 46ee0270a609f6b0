package source

import (
	"strings"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/syntax"
)

// StageLens is what the lenses above a stage say about it.
type StageLens struct {
	Stage *lint.Stage
	// Range is the FROM line's keyword, where the lenses stand.
	Range syntax.Range
	// Users counts the later stages that use this one: FROM it, COPY
	// --from it or mount from it.
	Users int
}

// StageLenses returns one StageLens per stage, in order.
func StageLenses(doc *lint.Document) []StageLens {
	users := make([]map[int]bool, len(doc.Stages))
	use := func(of *lint.Stage, by int) {
		if of == nil || of.Index >= by {
			return
		}
		if users[of.Index] == nil {
			users[of.Index] = map[int]bool{}
		}
		users[of.Index][by] = true
	}
	for _, st := range doc.Stages {
		use(st.BaseStage, st.Index)
		for _, ins := range st.Instructions {
			for _, o := range stageRefs(doc, st, ins) {
				use(o.stage, st.Index)
			}
		}
	}
	out := make([]StageLens, len(doc.Stages))
	for i, st := range doc.Stages {
		out[i] = StageLens{Stage: st, Range: st.From.Keyword.Range, Users: len(users[i])}
	}
	return out
}

// WorkspaceSymbol is a stage or ARG of a Dockerfile, for the workspace
// symbol search.
type WorkspaceSymbol struct {
	Name string
	Kind SymbolKind
	// Container is the stage an ARG belongs to ("" for meta ARGs).
	Container string
	Range     syntax.Range
}

// WorkspaceSymbols returns the named stages and the ARGs of doc whose name
// matches query: its characters appear in the name in order, ignoring case
// (an empty query matches everything).
func WorkspaceSymbols(doc *lint.Document, query string) []WorkspaceSymbol {
	var out []WorkspaceSymbol
	args := func(ins *syntax.Instruction, container string) {
		for _, kv := range ins.Pairs {
			if kv.Key.Value != "" && FuzzyMatch(query, kv.Key.Value) {
				out = append(out, WorkspaceSymbol{Name: kv.Key.Value, Kind: VariableSymbol, Container: container, Range: kv.Key.Range})
			}
		}
	}
	for _, ins := range doc.MetaArgs {
		args(ins, "")
	}
	for _, st := range doc.Stages {
		if st.NameToken != nil && FuzzyMatch(query, st.Name) {
			out = append(out, WorkspaceSymbol{Name: st.Name, Kind: StageSymbol, Range: st.NameToken.Range})
		}
		for _, ins := range st.Instructions {
			if ins.Cmd == "arg" {
				args(ins, stageLabel(st))
			}
		}
	}
	return out
}

// FuzzyMatch reports whether the characters of query appear in name in
// order, ignoring case.
func FuzzyMatch(query, name string) bool {
	q := strings.ToLower(query)
	n := strings.ToLower(name)
	for _, r := range q {
		i := strings.IndexRune(n, r)
		if i < 0 {
			return false
		}
		n = n[i+len(string(r)):]
	}
	return true
}
