package rules

import (
	"sort"
	"strconv"
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
		r, msg := dl1000Narrow(p.Doc.File, e)
		p.Report(lint.Diagnostic{Range: r, Message: dl1000Message(msg)})
	}
}

// dl1000Hints say what to write instead, for BuildKit's messages that do
// not.
var dl1000Hints = []struct{ prefix, hint string }{
	{"ENV must have two arguments", "write ENV NAME=value"},
	{"LABEL must have two arguments", "write LABEL key=value"},
	{"FROM requires either one or three arguments", "write FROM image[:tag] [AS name]"},
	{"SHELL requires the arguments to be in JSON form", `write SHELL ["/bin/sh", "-c"]`},
	{"invalid network mode", "use --network=default, none or host"},
	{"security ", "use --security=sandbox or insecure"},
	{"when using JSON array syntax, arrays must be comprised of strings only", `quote every element: ["app", "1"]`},
	{"time: invalid duration", "write a duration such as 30s or 1m30s"},
	{"strconv.ParseInt", "write a whole number"},
	{"expecting boolean value for flag", "write the flag alone, or =true or =false"},
	{"duplicate flag specified", "keep one"},
	{"COPY requires at least two arguments", "write COPY SOURCE... DEST"},
	{"ADD requires at least two arguments", "write ADD SOURCE... DEST"},
}

// dl1000Flag finds the flag BuildKit's message names ("unknown flag:
// --x", "duplicate flag specified: x", "invalid network mode").
func dl1000Flag(ins *syntax.Instruction, msg string) *syntax.Flag {
	name := ""
	switch {
	case strings.HasPrefix(msg, "unknown flag: "):
		name = strings.TrimPrefix(strings.TrimPrefix(msg, "unknown flag: "), "--")
		name, _, _ = strings.Cut(name, " ") // "(did you mean chmod?)"
	case strings.HasPrefix(msg, "duplicate flag specified: "):
		name = strings.TrimPrefix(strings.TrimPrefix(msg, "duplicate flag specified: "), "--")
	case strings.HasPrefix(msg, "expecting boolean value for flag "):
		name, _, _ = strings.Cut(strings.TrimPrefix(msg, "expecting boolean value for flag "), ",")
		name = strings.TrimPrefix(name, "--")
	case strings.HasPrefix(msg, "invalid network mode"):
		name = "network"
	case strings.HasPrefix(msg, "security "):
		name = "security"
	case strings.HasPrefix(msg, "time: invalid duration"), strings.HasPrefix(msg, "strconv.ParseInt"):
		for _, f := range ins.Flags {
			if f.HasValue && strings.Contains(msg, strconv.Quote(f.Value)) {
				return f
			}
		}
		return nil
	}
	var last *syntax.Flag
	for _, f := range ins.Flags {
		if f.Name == name {
			last = f // a duplicate: the second one
		}
	}
	return last
}

// dl1000Narrow points a BuildKit error at the word it is about (a flag,
// the stage name, the arguments) and adds what to write instead.
func dl1000Narrow(f *syntax.File, e *syntax.Error) (syntax.Range, string) {
	msg, r := e.Msg, e.Range
	lower := dl1000Message(e.Msg) // first letter lowered, location gone
	for _, h := range dl1000Hints {
		if strings.HasPrefix(msg, h.prefix) && !strings.Contains(msg, h.hint) {
			msg = strings.TrimRight(msg, ".") + ": " + h.hint
			break
		}
	}
	ins := f.InstructionAt(e.Range.Start)
	if ins == nil || ins.Range != e.Range {
		return r, msg
	}
	if ins.Cmd == "onbuild" && ins.Sub != nil {
		ins = ins.Sub
	}
	switch {
	case dl1000Flag(ins, lower) != nil:
		fl := dl1000Flag(ins, lower)
		r = fl.Range
		if strings.HasPrefix(lower, "invalid network") || strings.HasPrefix(lower, "security ") || strings.HasPrefix(lower, "time:") || strings.HasPrefix(lower, "strconv") {
			if fl.ValueRange.Len() > 0 {
				r = fl.ValueRange
			}
		}
	case strings.HasPrefix(lower, "invalid name for build stage") && len(ins.Words()) >= 3:
		r = ins.Words()[2].Range
	case strings.HasPrefix(lower, "VOLUME specified can not be an empty string"):
		for _, el := range ins.Elems {
			if el.Value == "" {
				r = el.Range
				break
			}
		}
	case strings.HasPrefix(lower, "COPY cannot accept a heredoc as a destination") && len(ins.Words()) > 0:
		r = ins.Words()[len(ins.Words())-1].Range
	case strings.HasPrefix(lower, "unknown type "), strings.HasPrefix(lower, "missing command after HEALTHCHECK CMD"):
		if toks := dl1000Fields(ins); len(toks) > 0 {
			r = toks[0].Range
		}
	case strings.HasPrefix(lower, "syntax error - can't find = in "):
		q := strings.TrimPrefix(lower, "syntax error - can't find = in ")
		if i := strings.Index(q, ". Must"); i > 0 {
			if w, err := strconv.Unquote(q[:i]); err == nil {
				for _, tok := range dl1000Fields(ins) {
					if tok.Value == w {
						r = tok.Range
					}
				}
			}
		}
	case strings.Contains(lower, " requires ") || strings.Contains(lower, " must have two arguments") ||
		strings.HasPrefix(lower, "when using JSON array syntax") || strings.HasPrefix(lower, "FROM requires"):
		// the arguments, or the keyword when there are none
		r = ins.Keyword.Range
		if ins.Rest.Range.Len() > 0 {
			r = ins.Rest.Range
		}
	}
	return r, msg
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

// dl1000Fields splits the arguments of an instruction on white space.
func dl1000Fields(ins *syntax.Instruction) []syntax.Token {
	var out []syntax.Token
	text, base := ins.Rest.Value, ins.Rest.Pos
	for i := 0; i < len(text); {
		for i < len(text) && (text[i] == ' ' || text[i] == '\t') {
			i++
		}
		j := i
		for j < len(text) && text[j] != ' ' && text[j] != '\t' {
			j++
		}
		if j > i {
			out = append(out, syntax.Token{Value: text[i:j], Range: ins.SrcRange(base+i, base+j), Pos: base + i})
		}
		i = j
	}
	return out
}
