package format

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/parser"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/syntax"
)

// keepsParse reports whether applying edits to src leaves BuildKit's parse
// of the file as it was (see sameParse), and reaches a fixed point: the
// result needs no further formatting. Format and FormatRange return no
// edits when it does not, so that odd line endings (a lone CR, a CR
// before spaces, a byte order mark after indentation) can never make
// formatting change what the file builds.
func keepsParse(src []byte, edits []lint.Edit, again func([]byte) []lint.Edit) bool {
	if len(edits) == 0 {
		return true
	}
	out, err := lint.Apply(src, edits)
	if err != nil || !sameParse(src, out) {
		return false
	}
	return again == nil || len(again(out)) == 0
}

// sameParse reports whether BuildKit reads a and b as the same
// instructions: the same file-level result (or error), and, instruction
// by instruction, the same syntax trees (or errors). Positions, the
// original text and the amount of blank space between words (which the
// formatter changes on purpose) do not count; line breaks, carriage
// returns and every other byte do.
func sameParse(a, b []byte) bool {
	return view(a) == view(b)
}

// view renders BuildKit's parse of src for comparison.
func view(src []byte) string {
	var w strings.Builder
	res, err := parseFile(src)
	if err != nil {
		w.WriteString("error " + strconv.Quote(locationless(err)) + "\n")
	} else {
		fmt.Fprintf(&w, "escape %q\n", res.EscapeToken)
		for _, n := range res.AST.Children {
			dumpNode(&w, n)
			w.WriteByte('\n')
		}
	}
	// The file may not parse as a whole (BuildKit stops at the first
	// error): the instructions one by one, as berth reads them, still
	// have to stay the same.
	f := syntax.Parse(src)
	for _, d := range f.Directives {
		fmt.Fprintf(&w, "directive %s=%q\n", d.Name, d.Value)
	}
	for _, ins := range f.Instructions {
		switch {
		case ins.PlainCommand() && !ins.JSON:
			// BuildKit's node of a plain shell-form RUN, CMD or ENTRYPOINT
			// is its keyword and the rest of its logical line: rendered
			// from those, without parsing it again.
			kw, rest := ins.Logical, ""
			if i := strings.IndexAny(kw, " \t"); i >= 0 {
				kw, rest = kw[:i], kw[i:]
			}
			w.WriteString("(" + strconv.Quote(strings.ToLower(kw)) + ")(" + strconv.Quote(squeezeBlanks(rest)) + ")")
		case ins.Parsed():
			dumpNode(&w, ins.Node())
		case ins.Err != nil:
			w.WriteString("error " + strconv.Quote(ins.Err.Error()))
		}
		w.WriteByte('\n')
	}
	for _, e := range f.Errors {
		w.WriteString("file error " + strconv.Quote(e.Msg) + "\n")
	}
	return w.String()
}

func parseFile(src []byte) (res *parser.Result, err error) {
	defer func() {
		if r := recover(); r != nil {
			res, err = nil, fmt.Errorf("parser panic: %v", r)
		}
	}()
	return parser.Parse(bytes.NewReader(src))
}

// locationless drops BuildKit's line numbers from an error.
func locationless(err error) string {
	var le *parser.LocationError
	if errors.As(err, &le) {
		if inner := errors.Unwrap(le); inner != nil {
			err = inner
		}
	}
	msg := err.Error()
	if i := strings.Index(msg, "dockerfile parse error on line "); i >= 0 {
		if j := strings.Index(msg[i:], ": "); j >= 0 {
			msg = msg[:i] + msg[i+j+2:]
		}
	}
	return msg
}

// dumpNode renders an instruction's node; the keyword (its first value)
// and the AS of FROM in lower case, as the builder reads them.
func dumpNode(w *strings.Builder, n *parser.Node) {
	cmd := strings.ToLower(n.Value)
	for first := true; n != nil; n, first = n.Next, false {
		v := squeezeBlanks(n.Value)
		if first || cmd == "from" && strings.EqualFold(v, "as") {
			v = strings.ToLower(v)
		}
		w.WriteString("(" + strconv.Quote(v))
		if len(n.Flags) > 0 {
			fmt.Fprintf(w, " flags%q", n.Flags)
		}
		if len(n.Attributes) > 0 {
			keys := make([]string, 0, len(n.Attributes))
			for k, v := range n.Attributes {
				keys = append(keys, k+"="+strconv.FormatBool(v))
			}
			slices.Sort(keys)
			fmt.Fprintf(w, " attrs%q", keys)
		}
		for _, h := range n.Heredocs {
			fmt.Fprintf(w, " heredoc(%q %d %v %v %q)", h.Name, h.FileDescriptor, h.Expand, h.Chomp, h.Content)
		}
		for _, c := range n.Children {
			w.WriteString(" child")
			dumpNode(w, c)
		}
		w.WriteString(")")
	}
}

// squeezeBlanks turns every run of spaces and tabs into one space and trims
// them at both ends: the formatter re-indents continuation lines, which
// changes only such runs. A carriage return stays.
func squeezeBlanks(s string) string {
	var b strings.Builder
	space := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == ' ' || c == '\t' {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteByte(c)
	}
	return b.String()
}
