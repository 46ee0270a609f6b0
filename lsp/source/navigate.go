package source

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/syntax"
)

// Definition returns where the symbol under the cursor is declared: the
// stage name after AS (or the FROM line of a stage named by index or left
// unnamed) for a stage reference; the ARG or ENV key a variable reference
// resolves to (before the first FROM, the ARG and ENV above it); the word
// after << for a here-document's terminator. On a declaration it returns
// the declaration itself, or the first declaration of the variable in the
// same scope when it redeclares one. It returns nil elsewhere, and for variables this
// Dockerfile does not declare.
func Definition(doc *lint.Document, off int) []syntax.Range {
	ix := newIndex(doc)
	o := ix.at(off)
	if o == nil {
		return nil
	}
	switch o.kind {
	case symStage:
		if t := o.stage.NameToken; t != nil {
			return []syntax.Range{t.Range}
		}
		return []syntax.Range{o.stage.From.Range}
	case symVar:
		if o.decl {
			// A declaration that redeclares a variable of its stage goes
			// to the first declaration, as the node server does.
			for _, x := range ix.group(o) {
				if x.decl && stageIndex(doc, x.ins) == stageIndex(doc, o.ins) {
					return []syntax.Range{x.rng}
				}
			}
			return []syntax.Range{o.rng}
		}
		if kv := ix.lookup(o.ins, o.name); kv != nil {
			return []syntax.Range{kv.Key.Range}
		}
	case symHeredoc:
		for _, x := range ix.group(o) {
			if x.decl {
				return []syntax.Range{x.rng}
			}
		}
	}
	return nil
}

// References returns the places the symbol under the cursor is written, in
// source order, declarations included when includeDecl is set. A stage's
// references are FROM name, COPY --from and RUN --mount=from (by name or by
// index); a variable's are $NAME and ${NAME…} in any instruction, RUN text
// and here-documents included, that resolve to the same declarations.
func References(doc *lint.Document, off int, includeDecl bool) []syntax.Range {
	ix := newIndex(doc)
	o := ix.at(off)
	if o == nil {
		return nil
	}
	var out []syntax.Range
	for _, x := range ix.group(o) {
		if includeDecl || !x.decl {
			out = append(out, x.rng)
		}
	}
	return out
}

// Highlight is one occurrence of the symbol under the cursor.
type Highlight struct {
	Range syntax.Range
	// Write is set on declarations (the stage name after AS, the ARG or
	// ENV key); references are reads.
	Write bool
}

// Highlights returns the occurrences of the symbol under the cursor, in
// the file, for the editor to highlight.
func Highlights(doc *lint.Document, off int) []Highlight {
	ix := newIndex(doc)
	o := ix.at(off)
	if o == nil {
		return nil
	}
	var out []Highlight
	for _, x := range ix.group(o) {
		out = append(out, Highlight{Range: x.rng, Write: x.decl})
	}
	return out
}

// PrepareRename checks that the symbol under the cursor can be renamed and
// returns the range of its name there and the name, as the editor shows it
// for editing. Stages, here-document delimiters and variables can be
// renamed, undeclared ones too (every reference in the scope is renamed);
// the builder's predefined arguments cannot.
func PrepareRename(doc *lint.Document, off int) (syntax.Range, string, bool) {
	ix := newIndex(doc)
	o := ix.at(off)
	if o == nil || !o.text || renamable(ix, o) != nil {
		return syntax.Range{}, "", false
	}
	return o.rng, o.name, true
}

// renamable returns why o's symbol cannot be renamed, or nil.
func renamable(ix *index, o *occurrence) error {
	if o.kind != symVar {
		return nil
	}
	if slices.Contains(lint.PredefinedArgs, o.name) {
		return fmt.Errorf("%q is predefined by the builder and cannot be renamed", o.name)
	}
	return nil
}

var (
	stageNameRE   = regexp.MustCompile(`^[a-z][a-z0-9-_.]*$`)
	varNameRE     = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
	heredocNameRE = regexp.MustCompile(`^[A-Za-z0-9_.-]+$`)
)

// Rename returns the edits that rename the symbol under the cursor to
// newName everywhere in the file (a here-document's delimiter: after <<
// and on the terminator line). It fails when there is no symbol there,
// when the name is not valid for the symbol (a stage name is a letter then
// letters, digits, '-', '_' or '.', in any case; a variable name is a
// letter or '_' then letters, digits or '_'), or when the new name is
// already used where the symbol is, so that the rename would capture
// another stage, image or variable.
func Rename(doc *lint.Document, off int, newName string) ([]lint.Edit, error) {
	ix := newIndex(doc)
	o := ix.at(off)
	if o == nil || !o.text {
		return nil, fmt.Errorf("no stage, variable or here-document to rename here")
	}
	if err := renamable(ix, o); err != nil {
		return nil, err
	}
	group := ix.group(o)
	switch o.kind {
	case symStage:
		if !stageNameRE.MatchString(strings.ToLower(newName)) {
			return nil, fmt.Errorf("invalid stage name %q: use a letter, then letters, digits, '-', '_' or '.'", newName)
		}
		if err := stageConflict(doc, o.stage, newName); err != nil {
			return nil, err
		}
	case symVar:
		if !varNameRE.MatchString(newName) {
			return nil, fmt.Errorf("invalid variable name %q: use a letter or '_', then letters, digits or '_'", newName)
		}
		if slices.Contains(lint.PredefinedArgs, newName) {
			return nil, fmt.Errorf("%q is predefined by the builder", newName)
		}
		if err := varConflict(ix, group, newName); err != nil {
			return nil, err
		}
	case symHeredoc:
		if !heredocNameRE.MatchString(newName) {
			return nil, fmt.Errorf("invalid here-document delimiter %q: use letters, digits, '_', '.' or '-'", newName)
		}
	}
	var edits []lint.Edit
	for _, x := range group {
		if x.text && x.name != newName {
			edits = append(edits, lint.Edit{Range: x.rng, NewText: newName})
		}
	}
	return edits, nil
}

// stageConflict reports whether naming st newName would clash with another
// stage, or turn a later reference to an image of that name into a
// reference to the stage.
func stageConflict(doc *lint.Document, st *lint.Stage, newName string) error {
	for _, s := range doc.Stages {
		if s != st && strings.EqualFold(s.Name, newName) {
			return fmt.Errorf("stage %d is already named %q", s.Index, s.Name)
		}
	}
	switch strings.ToLower(newName) {
	case "scratch", "context":
		return fmt.Errorf("%q is a reserved name and cannot name a stage", newName)
	}
	for _, s := range doc.Stages[st.Index+1:] {
		if s.BaseStage == nil && strings.EqualFold(s.Image.Value, newName) {
			return fmt.Errorf("stage %d starts FROM the image %q: renaming would make it start from this stage", s.Index, s.Image.Value)
		}
		for _, ins := range s.Instructions {
			for _, f := range ins.Flags {
				if ins.Cmd == "copy" && f.Name == "from" && strings.EqualFold(f.Value, newName) {
					return fmt.Errorf("a COPY --from=%s already copies from an image: renaming would make it copy from this stage", f.Value)
				}
			}
		}
	}
	return nil
}

// varConflict reports whether newName is already used in the scopes the
// symbol's occurrences are in: the meta ARGs and FROM lines, or a stage.
func varConflict(ix *index, group []*occurrence, newName string) error {
	scopes := map[int]bool{}
	for _, x := range group {
		scopes[stageIndex(ix.doc, x.ins)] = true
	}
	for _, x := range ix.occs {
		if x.kind == symVar && x.name == newName && scopes[stageIndex(ix.doc, x.ins)] {
			line, _ := ix.doc.File.LineCol(x.rng.Start)
			return fmt.Errorf("%q is already used on line %d", newName, line)
		}
	}
	for _, x := range group {
		if v := ix.doc.Lookup(x.ins, newName); v != nil {
			return fmt.Errorf("%q is already defined where %q is used", newName, x.name)
		}
	}
	return nil
}
