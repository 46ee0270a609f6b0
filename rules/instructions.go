package rules

// Instructions: keywords, COPY and ADD arguments, and the comments and
// lines around an instruction. syntax.Instruction answers Flag and
// WithTrigger.

import (
	"strings"

	"github.com/berth-dev/berth/lint/syntax"
)

// matchKeywordCase returns word in the case of the keyword it replaces: all
// lower case when kw is lower case, upper case otherwise.
func matchKeywordCase(kw, word string) string {
	if kw != "" && kw == strings.ToLower(kw) {
		return strings.ToLower(word)
	}
	return strings.ToUpper(word)
}

// copyArgs returns the arguments of a COPY or ADD after the flags: the JSON
// elements in exec form, the words otherwise (heredoc markers included).
func copyArgs(ins *syntax.Instruction) []syntax.Token {
	if ins.JSON {
		return ins.Elems
	}
	return ins.Words()
}

// copyArgLiteral is the literal value of an argument of ins; ok is false when
// it contains a variable.
func copyArgLiteral(ins *syntax.Instruction, t syntax.Token, esc byte) (string, bool) {
	if ins.JSON {
		return t.Value, !syntax.HasVarRef(t.Value)
	}
	return syntax.Literal(t.Value, esc)
}

// isPragma reports whether a comment is an instruction to a linter
// ("hadolint ignore=...", "berth ignore=...", "check=...").
func isPragma(text string) bool {
	return strings.HasPrefix(text, "hadolint ") || strings.HasPrefix(text, "berth ") ||
		strings.HasPrefix(text, "check=") || strings.HasPrefix(text, "check =")
}

// lineAfter returns the offset of the start of the line after the one
// holding off (the end of the file when there is none).
func lineAfter(f *syntax.File, off int) int {
	return f.LineStart(f.Line(off) + 1)
}
