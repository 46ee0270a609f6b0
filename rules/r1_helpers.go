package rules

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/syntax"
)

// Helpers shared by the rules of batch R1 (FROM and structure rules).

// jsonString returns s as a JSON string literal, without the HTML
// escaping of encoding/json (a Dockerfile is not HTML).
func jsonString(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('"')
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c == '\n':
			b.WriteString(`\n`)
		case c == '\t':
			b.WriteString(`\t`)
		case c == '\r':
			b.WriteString(`\r`)
		case c < 0x20 || c == 0x7f:
			b.WriteString(`\u00`)
			b.WriteString(strconv.FormatUint(uint64(c)>>4, 16))
			b.WriteString(strconv.FormatUint(uint64(c)&0xf, 16))
		case c < utf8.RuneSelf:
			b.WriteByte(c)
		default:
			r, n := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && n == 1 {
				b.WriteString(`\ufffd`)
			} else {
				b.WriteString(s[i : i+n])
			}
			i += n
			continue
		}
		i++
	}
	b.WriteByte('"')
	return b.String()
}

// execFormArray writes elems as a Dockerfile exec-form array.
func execFormArray(elems []string) string {
	var b strings.Builder
	b.WriteByte('[')
	for i, e := range elems {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(jsonString(e))
	}
	b.WriteByte(']')
	return b.String()
}

// matchKeywordCase returns word in the case of the keyword it replaces: all
// lower case when kw is lower case, upper case otherwise.
func matchKeywordCase(kw, word string) string {
	if kw != "" && kw == strings.ToLower(kw) {
		return strings.ToLower(word)
	}
	return strings.ToUpper(word)
}

// withOnbuildTrigger yields the instruction and, for ONBUILD, the instruction it
// triggers.
func withOnbuildTrigger(ins *syntax.Instruction) []*syntax.Instruction {
	if ins.Cmd == "onbuild" && ins.Sub != nil {
		return []*syntax.Instruction{ins, ins.Sub}
	}
	return []*syntax.Instruction{ins}
}

// stageChain returns the stage and the stages of this file it is built
// FROM, nearest first.
func stageChain(st *lint.Stage) []*lint.Stage {
	var out []*lint.Stage
	for s := st; s != nil && len(out) < 64; s = s.BaseStage {
		out = append(out, s)
		if s.BaseStage != nil && s.BaseStage.Index >= s.Index {
			break
		}
	}
	return out
}

// imageRange returns the source range of span (offsets into
// st.Resolved) when the image was written without variables, and the
// whole image word otherwise.
func imageRange(st *lint.Stage, span syntax.Range) syntax.Range {
	if st.Image.Value == st.Resolved && span.End > span.Start {
		return st.From.SrcRange(st.Image.Pos+span.Start, st.Image.Pos+span.End)
	}
	return st.Image.Range
}

// imageShown describes the image of a stage for messages: the resolved
// reference, with the text as written when ARGs were expanded.
func imageShown(st *lint.Stage) string {
	if st.Image.Value == st.Resolved {
		return strconv.Quote(st.Resolved)
	}
	return strconv.Quote(st.Resolved) + " (from " + strconv.Quote(st.Image.Value) + ")"
}

// externalImage reports whether the stage's base is an image to pull
// whose name is fully known: not scratch, not an earlier stage, no
// variable left without a value, no parse error.
func externalImage(st *lint.Stage) bool {
	return st.From.Err == nil && st.Image.Value != "" && st.Resolved != "" &&
		len(st.Unresolved) == 0 && !st.IsScratch() && st.BaseStage == nil &&
		!strings.ContainsAny(st.Resolved, "$ \t\"'")
}
