package syntax

import (
	"github.com/moby/buildkit/frontend/dockerfile/parser"
)

// Range is a half-open span of byte offsets [Start, End) into File.Src.
type Range struct {
	Start, End int
}

// Len returns the number of bytes the range covers.
func (r Range) Len() int { return r.End - r.Start }

// Contains reports whether offset off lies within r (the end is inclusive,
// so a cursor just after a token still counts as on it).
func (r Range) Contains(off int) bool { return off >= r.Start && off <= r.End }

// Token is a piece of an instruction: its value as the logical line has it
// (continuations removed; for JSON elements, the decoded string) and where it
// is in the source.
type Token struct {
	Value string
	Range Range
	// Pos is the offset of the token in the instruction's logical text.
	Pos int
}

// File is a parsed Dockerfile.
type File struct {
	// Src is the input, unchanged; every Range indexes into it.
	Src []byte
	// BOM reports whether Src starts with a UTF-8 byte order mark.
	BOM bool
	// Escape is the escape character: '\\' or '`' (from "# escape=").
	Escape byte
	// Directives are the parser directives at the top of the file.
	Directives []*Directive
	// Comments lists every comment line that is not a directive, in order,
	// including those inside line continuations.
	Comments []*Comment
	// Instructions lists the instructions in source order.
	Instructions []*Instruction
	// Errors are the problems found while parsing, in source order.
	Errors []*Error

	lines []int // byte offset of the start of each line
}

// Directive is a parser directive such as "# syntax=docker/dockerfile:1".
type Directive struct {
	// Name is lower-cased: "syntax", "escape" or "check".
	Name  string
	Value string
	// Range covers the whole line (without its line break).
	Range      Range
	NameRange  Range
	ValueRange Range
}

// Comment is a comment line.
type Comment struct {
	// Text follows the '#', with surrounding space trimmed.
	Text string
	// Range covers the comment from its '#' to the end of the line.
	Range Range
	// TextRange covers Text.
	TextRange Range
	// InContinuation reports whether the comment sits inside a multi-line
	// instruction (the builder drops such lines).
	InContinuation bool
}

// Error is a parse problem with the range it applies to.
type Error struct {
	Range Range
	Msg   string
}

func (e *Error) Error() string { return e.Msg }

// Instruction is one logical instruction: its first line, its continuation
// lines and any heredoc bodies. Instructions come from Parse and are
// read-only: documents, snapshots and later parses share them.
type Instruction struct {
	// Range covers the instruction from the keyword to the end of its last
	// line (heredoc terminators included), without the final line break.
	Range Range
	// Keyword is the instruction name as written ("from", "RUN", "FORM").
	Keyword Token
	// Cmd is the lower-cased keyword.
	Cmd string
	// Rest is everything after the keyword and the flags.
	Rest Token
	// words are the whitespace-separated words of Rest (see Words),
	// unless runWords splits them on first use.
	words []Token
	// runWords, for a RUN in shell form, holds its words once Words has
	// split them: most RUNs are read as scripts, never as words.
	runWords *lazyWords
	// StartLine and EndLine are the 1-based first and last lines.
	StartLine, EndLine int
	// Logical is the instruction's logical line: continuations joined,
	// comment lines removed, leading white space trimmed.
	Logical string
	// node is BuildKit's syntax tree for this instruction (see Node).
	node *parser.Node
	// Parts holds what many instructions lack (flags, pairs, comments
	// above, an error...): its fields read as the instruction's own
	// (ins.Flags, ins.Err).
	// Instructions that have none of them share one empty Parts, which
	// keeps a file of short lines small.
	*Parts
	// JSON reports whether Rest is an exec-form JSON array of strings.
	JSON bool
	// cut reports that the end of the file cut the instruction short (a
	// continuation or a heredoc still open), so that more text after it
	// would change it.
	cut bool
	// lazy reports that BuildKit accepted the instruction and its node,
	// which nothing but Node needs, was not kept: Node parses Logical
	// again, with the file's escape character esc.
	lazy bool
	esc  byte
}

// Parts are the parts of an instruction that many instructions lack;
// Instruction embeds them.
type Parts struct {
	// Flags are the leading --name=value options.
	Flags []*Flag
	// Elems are the decoded JSON array elements when JSON is true.
	Elems []Token
	// Pairs are the key=value pairs of ENV, LABEL and ARG.
	Pairs []*KeyValue
	// Heredocs are the here-documents opened on the instruction's line.
	Heredocs []*Heredoc
	// Sub is the instruction an ONBUILD triggers.
	Sub *Instruction
	// Comments are the comment lines directly above the instruction (a
	// line holding only "#" ends a block; blank lines do not).
	Comments []*Comment
	// EmptyContinuations are blank lines inside the continuation.
	EmptyContinuations []Range
	// Err is BuildKit's error for the instruction, if any.
	Err error

	// segs maps the logical text to the source, one segment per line;
	// nil for an instruction on one line (see Instruction.segments).
	segs []segment
	// errs and inner are the errors and the comment lines that parsing
	// the instruction added to the file, replayed when it is reused.
	errs  []*Error
	inner []*Comment
}

// noParts is the Parts of the instructions that have none: shared, never
// written (see own).
var noParts = &Parts{}

// own returns the instruction's Parts for writing, giving it its own
// when it shares noParts.
func (ins *Instruction) own() *Parts {
	if ins.Parts == noParts || ins.Parts == nil {
		ins.Parts = &Parts{}
	}
	return ins.Parts
}

// Flag is an option such as --from=build or --link.
type Flag struct {
	// Name is without the leading dashes ("from").
	Name string
	// Value is the text after '=', quotes kept; empty without '='.
	Value    string
	HasValue bool
	// Range covers the whole flag, NameRange "--name", ValueRange the value.
	Range      Range
	NameRange  Range
	ValueRange Range
	// Pos is the offset of the flag in the instruction's logical text.
	Pos int
}

// KeyValue is one key=value pair of ENV, LABEL or ARG. In the legacy
// "ENV key value" form Equals is false and Value is the rest of the line.
type KeyValue struct {
	Key    Token
	Value  Token
	Equals bool
	// HasValue reports whether a value was given (ARG name has none).
	HasValue bool
	Range    Range
}

// Heredoc is a here-document body attached to RUN, COPY or ADD.
type Heredoc struct {
	// Name is the terminator word, quotes removed.
	Name string
	// Marker covers the "<<EOF" word on the instruction line.
	Marker Range
	// Body covers the content lines (up to, not including, the terminator).
	Body Range
	// Terminator covers the terminator line; empty when unterminated.
	Terminator Range
	// Content is the body text.
	Content string
	// Expand is false when the terminator word is quoted.
	Expand bool
	// Chomp is true for <<- (leading tabs are removed).
	Chomp bool
	// Terminated reports whether the terminator was found.
	Terminated bool
}

type segment struct {
	logical, src, n int
}
