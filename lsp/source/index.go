package source

import (
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/syntax"
)

// symKind says what a symbol is.
type symKind int

const (
	symVar     symKind = iota + 1 // an ARG or ENV variable
	symStage                      // a build stage
	symHeredoc                    // a here-document's delimiter word
)

// occurrence is one place a symbol is written: declared or referenced.
type occurrence struct {
	kind symKind
	// name is the symbol's name as written here.
	name string
	// rng covers the name only; full also covers "$", "${" and "}".
	rng, full syntax.Range
	// decl is set on declarations: the ARG or ENV key, the stage name
	// after AS.
	decl bool
	// text reports whether rng holds the name, so that renaming can
	// replace it (false for "--from=0", which names a stage by index).
	text bool
	ins  *syntax.Instruction
	// stage is the stage a stage occurrence names.
	stage *lint.Stage
	// pair is the declaration of a variable declaration.
	pair *syntax.KeyValue
	// group numbers the symbol: occurrences of one symbol share it.
	group int
	// resolved is false for a variable reference that no ARG or ENV of
	// the file declares (a builtin, or the base image's environment).
	resolved bool
}

// index lists the symbol occurrences of a document, in source order.
type index struct {
	doc  *lint.Document
	occs []*occurrence
	// pre lists the ARG and ENV declarations before the first FROM, by
	// name, in source order: the scope of the instructions there.
	pre map[string][]*syntax.KeyValue
}

// indexKey memoizes a document's index: every feature reads the one index.
type indexKey struct{}

// newIndex returns the index of doc, built once per document. It is
// immutable once built.
func newIndex(doc *lint.Document) *index {
	return doc.Memo(indexKey{}, func() any { return buildIndex(doc) }).(*index)
}

func buildIndex(doc *lint.Document) *index {
	ix := &index{doc: doc}
	ix.prescope()
	ix.stages()
	ix.vars()
	ix.heredocs()
	slices.SortStableFunc(ix.occs, func(a, b *occurrence) int { return a.full.Start - b.full.Start })
	return ix
}

// at returns the occurrence under the cursor: one that contains off, or
// else one that ends at off. Between two occurrences ("$A$B" with the
// cursor before the second '$'), the one whose name ends there wins: the
// '$' is not part of a name.
func (ix *index) at(off int) *occurrence {
	var end *occurrence
	for _, o := range ix.occs {
		if o.full.Start > off {
			break
		}
		if o.full.Start <= off && off < o.full.End {
			if o.full.Start == off && o.rng.Start > off && end != nil {
				return end
			}
			return o
		}
		if o.full.End == off && end == nil {
			end = o
		}
	}
	return end
}

// group returns the occurrences of o's symbol, in source order.
func (ix *index) group(o *occurrence) []*occurrence {
	var out []*occurrence
	for _, x := range ix.occs {
		if x.kind == o.kind && x.group == o.group {
			out = append(out, x)
		}
	}
	return out
}

// contiguous reports whether the token is written in one piece, so that
// offsets inside its value map to the source by addition.
func contiguous(r syntax.Range, value string) bool { return r.Len() == len(value) }

// stages indexes stage names: FROM … AS name, FROM name, COPY --from=name
// and RUN --mount=…,from=name.
func (ix *index) stages() {
	doc := ix.doc
	for _, st := range doc.Stages {
		if st.NameToken != nil && contiguous(st.NameToken.Range, st.Name) {
			ix.add(&occurrence{kind: symStage, name: st.Name, rng: st.NameToken.Range, decl: true, text: true, ins: st.From, stage: st})
		}
		if b := st.BaseStage; b != nil && !strings.Contains(st.Image.Value, "$") &&
			strings.EqualFold(st.Image.Value, b.Name) && contiguous(st.Image.Range, st.Image.Value) {
			ix.add(&occurrence{kind: symStage, name: st.Image.Value, rng: st.Image.Range, text: true, ins: st.From, stage: b})
		}
		for _, ins := range st.Instructions {
			for _, ref := range stageRefs(doc, st, ins) {
				ix.add(ref)
			}
		}
	}
	for _, o := range ix.occs {
		o.group = o.stage.Index
	}
}

// stageRefs finds the references to earlier stages in the flags of ins, an
// instruction of stage st.
func stageRefs(doc *lint.Document, st *lint.Stage, ins *syntax.Instruction) []*occurrence {
	var out []*occurrence
	for _, f := range ins.Flags {
		switch {
		case ins.Cmd == "copy" && f.Name == "from":
			if o := stageRef(doc, st, ins, f.Value, f.ValueRange, contiguous(f.ValueRange, f.Value)); o != nil {
				out = append(out, o)
			}
		case ins.Cmd == "run" && f.Name == "mount":
			ok := contiguous(f.ValueRange, f.Value)
			for _, fld := range fields(f.Value) {
				k, v, found := strings.Cut(fld.text, "=")
				if !found || !strings.EqualFold(k, "from") {
					continue
				}
				s := f.ValueRange.Start + fld.pos + len(k) + 1
				if o := stageRef(doc, st, ins, v, syntax.Range{Start: s, End: s + len(v)}, ok); o != nil {
					out = append(out, o)
				}
			}
		}
	}
	return out
}

// stageRef resolves a --from value to an earlier stage.
func stageRef(doc *lint.Document, st *lint.Stage, ins *syntax.Instruction, v string, r syntax.Range, ok bool) *occurrence {
	if !ok || v == "" {
		return nil
	}
	if len(v) >= 2 && (v[0] == '"' || v[0] == '\'') && v[len(v)-1] == v[0] {
		v = v[1 : len(v)-1]
		r = syntax.Range{Start: r.Start + 1, End: r.End - 1}
	}
	if n, err := strconv.Atoi(v); err == nil {
		if n >= 0 && n < st.Index {
			return &occurrence{kind: symStage, name: v, rng: r, full: r, ins: ins, stage: doc.Stages[n]}
		}
		return nil
	}
	target := doc.StageByName(v, st.Index)
	if target == nil {
		return nil
	}
	return &occurrence{kind: symStage, name: v, rng: r, full: r, text: true, ins: ins, stage: target}
}

// field is one comma-separated part of a flag value.
type field struct {
	text string
	pos  int
}

// fields splits a --mount value at its commas.
func fields(v string) []field {
	var out []field
	pos := 0
	for {
		i := strings.IndexByte(v[pos:], ',')
		if i < 0 {
			return append(out, field{v[pos:], pos})
		}
		out = append(out, field{v[pos : pos+i], pos})
		pos += i + 1
	}
}

func (ix *index) add(o *occurrence) {
	if o.full == (syntax.Range{}) {
		o.full = o.rng
	}
	ix.occs = append(ix.occs, o)
}

// varRef is a variable reference: $NAME or ${NAME…}.
type varRef struct {
	name      string
	rng, full syntax.Range
}

// varRefs finds the variable references of an instruction: in its text
// (comment lines inside it excluded) and in its here-documents' bodies
// when something expands them (the shell for RUN, the builder for an
// unquoted delimiter). Single quotes are not honoured: a RUN often passes
// them to another shell that expands the variable.
func varRefs(f *syntax.File, ins *syntax.Instruction) []varRef {
	end := ins.Range.End
	if len(ins.Heredocs) > 0 && ins.Heredocs[0].Body.Start > ins.Range.Start {
		end = min(end, ins.Heredocs[0].Body.Start)
	}
	var out []varRef
	start := ins.Range.Start
	for _, c := range f.Comments {
		if c.InContinuation && c.Range.Start > start && c.Range.Start < end {
			out = scanRefs(f.Src, start, c.Range.Start, f.Escape, out)
			start = c.Range.End
		}
	}
	out = scanRefs(f.Src, start, end, f.Escape, out)
	run := ins.Cmd == "run" || ins.Sub != nil && ins.Sub.Cmd == "run"
	for _, h := range ins.Heredocs {
		if run || h.Expand {
			out = scanRefs(f.Src, h.Body.Start, h.Body.End, f.Escape, out)
		}
	}
	return out
}

func isNameStart(c byte) bool { return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isNameChar(c byte) bool  { return isNameStart(c) || c >= '0' && c <= '9' }

// scanRefs appends the references in src[start:end] to out.
func scanRefs(src []byte, start, end int, esc byte, out []varRef) []varRef {
	end = min(end, len(src))
	for i := start; i < end; i++ {
		c := src[i]
		if c == '\\' || c == esc {
			i++
			continue
		}
		if c != '$' {
			continue
		}
		j := i + 1
		brace := j < end && src[j] == '{'
		if brace {
			j++
		}
		if j >= end || !isNameStart(src[j]) {
			continue
		}
		k := j
		var split []byte // the name when a continuation splits it
		for k < end {
			if isNameChar(src[k]) {
				k++
				continue
			}
			n := continuation(src, k, end, esc)
			if n == 0 || k+n >= end || !isNameChar(src[k+n]) {
				break
			}
			if split == nil {
				split = append([]byte{}, src[j:k]...)
			}
			k += n
			m := k
			for m < end && isNameChar(src[m]) {
				m++
			}
			split = append(split, src[k:m]...)
			k = m
		}
		name := string(src[j:k])
		if split != nil {
			name = string(split)
		}
		full := syntax.Range{Start: i, End: k}
		if brace {
			if close := closingBrace(src, k, end, esc); close > 0 {
				full.End = close + 1
			}
		}
		out = append(out, varRef{name: name, rng: syntax.Range{Start: j, End: k}, full: full})
		i = k - 1
	}
	return out
}

// continuation returns the length of the line continuation at src[i:]:
// the escape character, blanks, and a line break; 0 when there is none.
func continuation(src []byte, i, end int, esc byte) int {
	if i >= end || src[i] != esc {
		return 0
	}
	j := i + 1
	for j < end && (src[j] == ' ' || src[j] == '\t' || src[j] == '\r') {
		j++
	}
	if j < end && src[j] == '\n' {
		return j + 1 - i
	}
	return 0
}

// closingBrace returns the offset of the '}' that closes a ${ opened before
// from, or -1 when it is not on the same logical line.
func closingBrace(src []byte, from, end int, esc byte) int {
	depth := 0
	for i := from; i < end; i++ {
		if n := continuation(src, i, end, esc); n > 0 {
			i += n - 1
			continue
		}
		if src[i] == '\n' {
			return -1
		}
		switch src[i] {
		case '{':
			depth++
		case '}':
			if depth == 0 {
				return i
			}
			depth--
		}
	}
	return -1
}

// vars indexes ARG and ENV declarations and the references to them, and
// groups them into symbols: a reference joins the declaration it resolves
// to (lint.Document.Lookup), a declaration joins the one it shadows, and
// an ARG in a stage joins the meta ARG it brings in.
func (ix *index) vars() {
	doc := ix.doc
	first := len(ix.occs)
	declOf := map[*syntax.KeyValue]int{}
	type pending struct {
		at  int
		ins *syntax.Instruction
	}
	var decls []pending
	var refs []pending
	for _, ins := range doc.File.Instructions {
		if ins.Cmd == "arg" || ins.Cmd == "env" {
			for _, kv := range ins.Pairs {
				if kv.Key.Value == "" || kv.Key.Range.Len() < len(kv.Key.Value) {
					continue
				}
				declOf[kv] = len(ix.occs)
				decls = append(decls, pending{len(ix.occs), ins})
				ix.add(&occurrence{kind: symVar, name: kv.Key.Value, rng: kv.Key.Range, decl: true, text: true, ins: ins, pair: kv, resolved: true})
			}
		}
		for _, r := range varRefs(doc.File, ins) {
			refs = append(refs, pending{len(ix.occs), ins})
			ix.add(&occurrence{kind: symVar, name: r.name, rng: r.rng, full: r.full, text: true, ins: ins})
		}
	}
	uf := newUnionFind(len(ix.occs))
	for _, d := range decls {
		o := ix.occs[d.at]
		if kv := ix.lookup(d.ins, o.name); kv != nil {
			if j, ok := declOf[kv]; ok {
				uf.union(d.at, j)
			}
		}
		if st := doc.StageOf(d.ins); st != nil && d.ins.Cmd == "arg" {
			if _, kv := doc.MetaArg(o.name); kv != nil {
				if j, ok := declOf[kv]; ok {
					uf.union(d.at, j)
				}
			}
		}
	}
	// Unresolved references group by name within their stage.
	loose := map[string]int{}
	for _, r := range refs {
		o := ix.occs[r.at]
		if kv := ix.lookup(r.ins, o.name); kv != nil {
			if j, ok := declOf[kv]; ok {
				uf.union(r.at, j)
				o.resolved = true
				continue
			}
		}
		key := o.name + "\x00" + strconv.Itoa(stageIndex(doc, r.ins))
		if j, ok := loose[key]; ok {
			uf.union(r.at, j)
		} else {
			loose[key] = r.at
		}
	}
	for i := first; i < len(ix.occs); i++ {
		ix.occs[i].group = uf.find(i)
	}
}

// lookup returns the declaration of name that a reference in ins
// resolves to, or nil. Inside stages and on FROM lines it is
// lint.Document.Lookup; before the first FROM, where the builder knows
// only ARG, the ARG and ENV declarations above ins form one scope, as
// editors expect of a file being written.
func (ix *index) lookup(ins *syntax.Instruction, name string) *syntax.KeyValue {
	if ix.doc.StageOf(ins) == nil && ins.Cmd != "from" {
		decls := ix.pre[name]
		n := sort.Search(len(decls), func(i int) bool { return decls[i].Range.Start >= ins.Range.Start })
		if n > 0 {
			return decls[n-1]
		}
	}
	if v := ix.doc.Lookup(ins, name); v != nil {
		return v.Pair
	}
	return nil
}

// prescope indexes the ARG and ENV declarations before the first FROM.
func (ix *index) prescope() {
	ix.pre = map[string][]*syntax.KeyValue{}
	for _, x := range ix.doc.File.Instructions {
		if x.Cmd == "from" {
			break
		}
		if x.Cmd == "arg" || x.Cmd == "env" {
			for _, kv := range x.Pairs {
				ix.pre[kv.Key.Value] = append(ix.pre[kv.Key.Value], kv)
			}
		}
	}
}

// heredocs indexes here-document delimiters: the word after << (the
// declaration) and the terminator line, one symbol per here-document.
func (ix *index) heredocs() {
	src := ix.doc.File.Src
	group := 0
	for _, ins := range ix.doc.File.Instructions {
		for _, h := range ins.Heredocs {
			if h.Name == "" || h.Marker.End > len(src) {
				continue
			}
			group++
			i := strings.Index(string(src[h.Marker.Start:h.Marker.End]), h.Name)
			if i < 0 {
				continue
			}
			s := h.Marker.Start + i
			ix.add(&occurrence{kind: symHeredoc, name: h.Name, rng: syntax.Range{Start: s, End: s + len(h.Name)}, decl: true, text: true, ins: ins, group: group})
			if !h.Terminated || h.Terminator.End > len(src) {
				continue
			}
			if j := strings.Index(string(src[h.Terminator.Start:h.Terminator.End]), h.Name); j >= 0 {
				s := h.Terminator.Start + j
				ix.add(&occurrence{kind: symHeredoc, name: h.Name, rng: syntax.Range{Start: s, End: s + len(h.Name)}, text: true, ins: ins, group: group})
			}
		}
	}
}

// stageIndex returns the index of the stage of ins, or -1 before the first
// FROM and on FROM lines (which see only the meta ARGs).
func stageIndex(doc *lint.Document, ins *syntax.Instruction) int {
	st := doc.StageOf(ins)
	if st == nil || st.From == ins {
		return -1
	}
	return st.Index
}

type unionFind []int

func newUnionFind(n int) unionFind {
	u := make(unionFind, n)
	for i := range u {
		u[i] = i
	}
	return u
}

func (u unionFind) find(i int) int {
	for u[i] != i {
		u[i] = u[u[i]]
		i = u[i]
	}
	return i
}

func (u unionFind) union(a, b int) {
	a, b = u.find(a), u.find(b)
	if a < b {
		u[b] = a
	} else {
		u[a] = b
	}
}
