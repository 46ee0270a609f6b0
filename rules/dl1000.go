package rules

import (
	"sort"
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
	order := dl1000ByStart(errs)
	for i, e := range errs {
		if dl1000Duplicate(errs, order, i) {
			continue
		}
		p.Report(lint.Diagnostic{Range: e.Range, Message: dl1000Message(e.Msg)})
	}
}

// dl1000Order is the errors' indexes sorted by start offset, with the
// largest end offset up to each position of that order.
type dl1000Order struct {
	idx []int
	// maxEnd[k] is the largest Range.End among idx[:k+1].
	maxEnd []int
}

// dl1000ByStart orders errs by start offset.
func dl1000ByStart(errs []*syntax.Error) dl1000Order {
	idx := make([]int, len(errs))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return errs[idx[a]].Range.Start < errs[idx[b]].Range.Start })
	maxEnd := make([]int, len(idx))
	for k, i := range idx {
		maxEnd[k] = errs[i].Range.End
		if k > 0 && maxEnd[k-1] > maxEnd[k] {
			maxEnd[k] = maxEnd[k-1]
		}
	}
	return dl1000Order{idx, maxEnd}
}

// dl1000Duplicate reports whether another error says the same as errs[i]
// at an overlapping place with more detail: the splitter explains an
// unterminated heredoc better than BuildKit's bare "unterminated heredoc".
// It visits only the errors that can overlap errs[i], so that a file of
// many errors (100,000 repeated directives) costs their number, not its
// square.
func dl1000Duplicate(errs []*syntax.Error, order dl1000Order, i int) bool {
	e := errs[i]
	// The errors starting before e.Range.End+1, walked back from the last
	// one while some earlier error may still reach e.
	k := sort.Search(len(order.idx), func(k int) bool { return errs[order.idx[k]].Range.Start >= e.Range.End+1 }) - 1
	for ; k >= 0 && order.maxEnd[k]+1 > e.Range.Start; k-- {
		j := order.idx[k]
		o := errs[j]
		if j == i || e.Range.Start >= o.Range.End+1 {
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
