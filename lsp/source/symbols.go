package source

import (
	"slices"
	"strconv"
	"strings"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/syntax"
)

// SymbolKind says what a Symbol stands for; the lsp package maps it to a
// protocol symbol kind.
type SymbolKind int

const (
	// StageSymbol is a build stage (FROM and what follows it).
	StageSymbol SymbolKind = iota + 1
	// InstructionSymbol is one instruction.
	InstructionSymbol
	// VariableSymbol is an ARG or ENV variable, child of its instruction.
	VariableSymbol
	// DirectiveSymbol is a parser directive such as "# syntax=…".
	DirectiveSymbol
)

// Symbol is an entry of the document outline.
type Symbol struct {
	// Name is the stage name (or its image when unnamed), the instruction
	// keyword in upper case, the variable or directive name.
	Name string
	// Detail is a short description: the FROM line of a stage, the
	// arguments of an instruction (shortened), a variable's value.
	Detail string
	Kind   SymbolKind
	// Deprecated marks MAINTAINER.
	Deprecated bool
	// Range covers the whole symbol; SelectionRange the part to highlight
	// when it is picked (a name or keyword), inside Range.
	Range, SelectionRange syntax.Range
	Children              []Symbol
}

// Symbols returns the outline of the document: the directives, the ARGs
// before the first FROM, then one symbol per stage with its instructions
// as children; ARG and ENV instructions have their variables as children.
func Symbols(doc *lint.Document) []Symbol {
	var out []Symbol
	for _, d := range doc.File.Directives {
		out = append(out, Symbol{Name: d.Name, Detail: d.Value, Kind: DirectiveSymbol, Range: d.Range, SelectionRange: d.NameRange})
	}
	for _, ins := range doc.File.Instructions {
		if doc.StageOf(ins) == nil {
			out = append(out, instructionSymbol(ins))
		}
	}
	for _, st := range doc.Stages {
		s := Symbol{
			Name:           stageLabel(st),
			Detail:         shorten(st.From.Logical),
			Kind:           StageSymbol,
			Range:          stageRange(st),
			SelectionRange: st.From.Keyword.Range,
		}
		if st.NameToken != nil {
			s.SelectionRange = st.NameToken.Range
		} else if st.Image.Value != "" {
			s.SelectionRange = st.Image.Range
		}
		for _, ins := range st.Instructions {
			s.Children = append(s.Children, instructionSymbol(ins))
		}
		out = append(out, s)
	}
	return out
}

// stageLabel names a stage: its name, else its image, else "stage N".
func stageLabel(st *lint.Stage) string {
	switch {
	case st.Name != "":
		return st.Name
	case st.Image.Value != "":
		return st.Image.Value
	}
	return "stage " + strconv.Itoa(st.Index)
}

// stageRange covers a stage from its FROM to the end of its last
// instruction.
func stageRange(st *lint.Stage) syntax.Range {
	r := st.From.Range
	if n := len(st.Instructions); n > 0 {
		r.End = st.Instructions[n-1].Range.End
	}
	return r
}

func instructionSymbol(ins *syntax.Instruction) Symbol {
	s := Symbol{
		Name:           strings.ToUpper(ins.Keyword.Value),
		Detail:         shorten(arguments(ins)),
		Kind:           InstructionSymbol,
		Deprecated:     ins.Cmd == "maintainer",
		Range:          ins.Range,
		SelectionRange: ins.Keyword.Range,
	}
	if ins.Cmd == "arg" || ins.Cmd == "env" {
		for _, kv := range ins.Pairs {
			s.Children = append(s.Children, Symbol{
				Name:           kv.Key.Value,
				Detail:         shorten(kv.Value.Value),
				Kind:           VariableSymbol,
				Range:          kv.Range,
				SelectionRange: kv.Key.Range,
			})
		}
	}
	return s
}

// arguments returns the logical text after the keyword: flags and
// arguments.
func arguments(ins *syntax.Instruction) string {
	if p := ins.Keyword.Pos + len(ins.Keyword.Value); p <= len(ins.Logical) {
		return ins.Logical[p:]
	}
	return ins.Rest.Value
}

// shorten keeps the first line-worth of s: white space squeezed, at most 60
// bytes (cut at a rune boundary).
func shorten(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) <= 60 {
		return s
	}
	i := 57
	for i > 0 && s[i]&0xC0 == 0x80 {
		i--
	}
	return s[:i] + "…"
}

// FoldKind says what a Fold folds.
type FoldKind int

const (
	// RegionFold folds code: a stage, a multi-line instruction, a
	// here-document.
	RegionFold FoldKind = iota + 1
	// CommentFold folds a block of comment lines.
	CommentFold
)

// Fold is a foldable region. Editors fold whole lines: from the line of
// Range.Start to the line of Range.End.
type Fold struct {
	Range syntax.Range
	Kind  FoldKind
}

// Folds returns the foldable regions, in source order: stages of more than
// one line, instructions of more than one line, here-document bodies (from
// the line before the body to the terminator) unless they end their
// instruction's fold, and runs of two or more comment lines.
func Folds(doc *lint.Document) []Fold {
	f := doc.File
	multi := func(r syntax.Range) bool { return r.End > r.Start && f.Line(r.Start) < f.Line(r.End) }
	var out []Fold
	for _, st := range doc.Stages {
		if r := stageRange(st); multi(r) {
			out = append(out, Fold{Range: r, Kind: RegionFold})
		}
	}
	for _, ins := range f.Instructions {
		if multi(ins.Range) {
			out = append(out, Fold{Range: ins.Range, Kind: RegionFold})
		}
		for _, h := range ins.Heredocs {
			end := h.Terminator.End
			if !h.Terminated {
				end = h.Body.End
			}
			r := syntax.Range{Start: max(ins.Range.Start, h.Body.Start-1), End: end}
			if multi(r) && f.Line(r.Start) != f.Line(ins.Range.Start) {
				out = append(out, Fold{Range: r, Kind: RegionFold})
			}
		}
	}
	// Comment blocks: consecutive comment lines, directives apart.
	var block []*syntax.Comment
	flush := func() {
		if len(block) >= 2 {
			out = append(out, Fold{Range: syntax.Range{Start: block[0].Range.Start, End: block[len(block)-1].Range.End}, Kind: CommentFold})
		}
		block = block[:0]
	}
	for _, c := range f.Comments {
		if n := len(block); n > 0 && (f.Line(c.Range.Start) != f.Line(block[n-1].Range.Start)+1 || c.InContinuation != block[n-1].InContinuation) {
			flush()
		}
		block = append(block, c)
	}
	flush()
	sortFolds(out)
	return out
}

func sortFolds(fs []Fold) {
	slices.SortStableFunc(fs, func(a, b Fold) int {
		if a.Range.Start != b.Range.Start {
			return a.Range.Start - b.Range.Start
		}
		return b.Range.End - a.Range.End
	})
}

// Link is a link from an image reference to its page.
type Link struct {
	Range  syntax.Range
	Target string
}

// Links returns links from the images named in FROM lines and COPY --from
// to their pages: Docker Hub (https://hub.docker.com/_/alpine,
// https://hub.docker.com/r/org/app) and the registries that have a web page
// per repository (ghcr.io, quay.io, mcr.microsoft.com, public.ecr.aws). Other registries, stage names and references whose
// variables have no value get no link. The link covers the repository name,
// without tag or digest.
func Links(doc *lint.Document) []Link {
	var out []Link
	for _, st := range doc.Stages {
		if st.BaseStage != nil || len(st.Unresolved) > 0 || st.IsScratch() || st.Image.Value == "" {
			continue
		}
		if l, ok := imageLink(st.Image, st.Ref); ok {
			out = append(out, l)
		}
		for _, ins := range st.Instructions {
			for _, f := range ins.Flags {
				if ins.Cmd != "copy" || f.Name != "from" || strings.Contains(f.Value, "$") ||
					!strings.ContainsAny(f.Value, "/:.@") || doc.StageByName(f.Value, st.Index) != nil {
					continue
				}
				tok := syntax.Token{Value: f.Value, Range: f.ValueRange}
				if l, ok := imageLink(tok, syntax.ParseImageRef(f.Value)); ok {
					out = append(out, l)
				}
			}
		}
	}
	return append(out, ContextLinks(doc)...)
}

// imageLink links an image token; ref is the token's parsed (and, for a
// token with variables, expanded) reference.
func imageLink(tok syntax.Token, ref syntax.ImageRef) (Link, bool) {
	target, ok := ImageURL(ref)
	if !ok {
		return Link{}, false
	}
	r := tok.Range
	if !strings.Contains(tok.Value, "$") && contiguous(tok.Range, tok.Value) {
		end := ref.PathSpan.End
		r = syntax.Range{Start: tok.Range.Start, End: tok.Range.Start + end}
	}
	return Link{Range: r, Target: target}, true
}

// ImageURL returns the web page of an image repository, when its registry
// has one.
func ImageURL(ref syntax.ImageRef) (string, bool) {
	path := ref.Path
	if path == "" || strings.ContainsAny(path, "$ \t") {
		return "", false
	}
	switch strings.ToLower(ref.Registry) {
	case "", "docker.io", "index.docker.io", "registry-1.docker.io":
		path = strings.TrimPrefix(path, "library/")
		switch strings.Count(path, "/") {
		case 0:
			return "https://hub.docker.com/_/" + path, true
		case 1:
			return "https://hub.docker.com/r/" + path, true
		}
		return "", false
	case "ghcr.io":
		// ghcr.io redirects a repository's address to its GitHub package page.
		return "https://ghcr.io/" + path, true
	case "quay.io":
		return "https://quay.io/repository/" + path, true
	case "mcr.microsoft.com":
		return "https://mcr.microsoft.com/artifact/mar/" + path, true
	case "public.ecr.aws":
		return "https://gallery.ecr.aws/" + path, true
	}
	return "", false
}
