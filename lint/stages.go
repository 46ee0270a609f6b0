package lint

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
