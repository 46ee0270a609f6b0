package rules

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/syntax"
)

// DL1000 reports what the parser could not read: BuildKit's errors for an
// instruction, unknown keywords, bad directives, unterminated heredocs.
var DL1000 = &lint.Rule{
	Code:     "DL1000",
	Name:     "syntax-error",
	Title:    "Instruction cannot be parsed",
	Severity: lint.Error,
	Fix:      lint.NoFix,
	Check:    checkSyntaxError,
}

func checkSyntaxError(p *lint.Pass) {
	errs := p.Doc.File.Errors
	for i, e := range errs {
		if dl1000Duplicate(errs, i) {
			continue
		}
		p.Report(lint.Diagnostic{Range: e.Range, Message: dl1000Message(e.Msg)})
	}
}

// dl1000Duplicate reports whether another error says the same as errs[i]
// at an overlapping place with more detail: the splitter explains an
// unterminated heredoc better than BuildKit's bare "unterminated heredoc".
func dl1000Duplicate(errs []*syntax.Error, i int) bool {
	e := errs[i]
	for j, o := range errs {
		if j == i || o.Range.Start >= e.Range.End+1 || e.Range.Start >= o.Range.End+1 {
			continue
		}
		if len(o.Msg) > len(e.Msg) && strings.HasPrefix(o.Msg, e.Msg) {
			return true
		}
		if o.Msg == e.Msg && j < i {
			return true
		}
	}
	return false
}

// dl1000Message tidies a parser error for display: BuildKit's location
// prefix goes, and the first letter is lowered unless the first word is an
// acronym or a keyword ("ENV must have two arguments").
func dl1000Message(msg string) string {
	msg = strings.TrimSpace(msg)
	if i := strings.Index(msg, "dockerfile parse error on line "); i == 0 {
		if j := strings.Index(msg, ": "); j > 0 {
			msg = msg[j+2:]
		}
	}
	msg = strings.TrimRight(msg, ".")
	first, _, _ := strings.Cut(msg, " ")
	if r, n := utf8.DecodeRuneInString(first); unicode.IsUpper(r) {
		if rest := first[n:]; rest == "" || rest != strings.ToUpper(rest) {
			msg = string(unicode.ToLower(r)) + msg[n:]
		}
	}
	if msg == "" {
		msg = "syntax error"
	}
	return msg
}
