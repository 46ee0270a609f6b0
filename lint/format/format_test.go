package format

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/moby/buildkit/frontend/dockerfile/parser"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/syntax"
)

var formatTests = []struct {
	name, in, want string
}{
	{"empty", "", ""},
	{"blank only", "\n \n\t\n", ""},
	{"formatted", "FROM alpine\nRUN echo hi\n", "FROM alpine\nRUN echo hi\n"},
	{"keywords", "from alpine as build\nrun echo hi\ncopy . .\n", "FROM alpine AS build\nRUN echo hi\nCOPY . .\n"},
	{"as alone is not a keyword", "FROM alpine as\nRUN as\n", "FROM alpine as\nRUN as\n"},
	{"unknown keyword kept", "FROM x\nfrm y\n", "FROM x\nfrm y\n"},
	{"onbuild", "FROM x\nonbuild run make\n", "FROM x\nONBUILD RUN make\n"},
	{"onbuild continued", "FROM x\nonbuild \\\nrun make\n", "FROM x\nONBUILD \\\n    RUN make\n"},
	{"leading white space", "  FROM x\n\tRUN y\n", "FROM x\nRUN y\n"},
	{"trailing white space", "FROM x  \n# note \t\nRUN y\t\n", "FROM x\n# note\nRUN y\n"},
	{"space after escape", "RUN a \\  \n    b\n", "RUN a \\\n    b\n"},
	{"final newline added", "FROM x", "FROM x\n"},
	{"final newlines collapsed", "FROM x\n\n\n  \n", "FROM x\n"},
	{"blank lines kept inside", "FROM x\n\n\nRUN y\n", "FROM x\n\n\nRUN y\n"},
	{"continuation spaces", "RUN apt-get update \\\n&& apt-get install -y \\\n  curl\n",
		"RUN apt-get update \\\n    && apt-get install -y \\\n    curl\n"},
	{"nested levels kept", "RUN set -eux; \\\n    apt-get install \\\n        curl \\\n          git\n",
		"RUN set -eux; \\\n    apt-get install \\\n        curl \\\n        git\n"},
	{"tabs kept", "RUN a \\\n\t&& b \\\n\t\t&& c \\\n  && d\n", "RUN a \\\n\t&& b \\\n\t\t&& c \\\n\t&& d\n"},
	{"tutorial", "RUN ln -snf /usr/share/zoneinfo/$TIMEZONE /etc/localtime \\\n\t&& echo $TIMEZONE > /etc/timezone \\\n\t&& apt-get update \\ \n\t&& apt-get clean\n",
		"RUN ln -snf /usr/share/zoneinfo/$TIMEZONE /etc/localtime \\\n\t&& echo $TIMEZONE > /etc/timezone \\\n\t&& apt-get update \\\n\t&& apt-get clean\n"},
	{"crlf", "from x \r\nrun a \\\r\nb\r\n\r\n", "FROM x\r\nRUN a \\\r\n    b\r\n"},
	{"crlf final newline", "FROM x\r\nRUN y", "FROM x\r\nRUN y\r\n"},
	{"directives untouched", "# syntax = docker/dockerfile:1  \n#escape=\\ \nfrom x\n", "# syntax = docker/dockerfile:1  \n#escape=\\ \nFROM x\n"},
	{"backtick escape", "# escape=`\nrun a `\nb `  \n  c\n", "# escape=`\nRUN a `\n    b `\n    c\n"},
	{"heredoc body untouched", "run <<EOF  \n  body  \n\tmore\t\nEOF\n", "RUN <<EOF\n  body  \n\tmore\t\nEOF\n"},
	{"heredoc terminator with space is body", "RUN <<EOF\na\nEOF \nEOF", "RUN <<EOF\na\nEOF \nEOF\n"},
	{"unterminated heredoc", "RUN <<EOF\na  \n\n", "RUN <<EOF\na  \n\n"},
	{"two heredocs", "copy <<A <<B /dst/\na \nA\nb \nB\n\n", "COPY <<A <<B /dst/\na \nA\nb \nB\n"},
	{"quoted continuation kept", "RUN echo \"a \\\n   b\" \\\n  c\n", "RUN echo \"a \\\n   b\" \\\n    c\n"},
	{"single quoted kept", "RUN echo 'a \\\n b'\n", "RUN echo 'a \\\n b'\n"},
	{"ansi quote", "RUN echo $'a\\' \\\n b'\n", "RUN echo $'a\\' \\\n b'\n"},
	{"command substitution in quotes", "RUN echo \"$(echo \"a\") \\\n b\"\n", "RUN echo \"$(echo \"a\") \\\n b\"\n"},
	{"joined word kept", "RUN ec\\\nho hi\nCOPY a\\\nb /c\n", "RUN ec\\\nho hi\nCOPY a\\\nb /c\n"},
	{"escaped space kept", "COPY a\\ \\\nb /c\n", "COPY a\\ \\\nb /c\n"},
	{"boundary above", "RUN a \\\nb\n", "RUN a \\\n    b\n"},
	{"json", "CMD [\"a\",\\\n\"b\"]\n", "CMD [\"a\",\\\n    \"b\"]\n"},
	{"legacy env kept", "ENV A hello \\\n  world\nLABEL b c \\\n  d\n", "ENV A hello \\\n  world\nLABEL b c \\\n  d\n"},
	{"env pairs", "ENV A=1 \\\n  B=2\n", "ENV A=1 \\\n    B=2\n"},
	{"workdir kept", "WORKDIR /a \\\n  b\nWORKDIR \\\n /c\n", "WORKDIR /a \\\n  b\nWORKDIR \\\n    /c\n"},
	{"comment in continuation", "RUN a \\\n# c  \n  && b\n", "RUN a \\\n    # c\n    && b\n"},
	{"empty continuation", "RUN a \\\n   \n  b\n", "RUN a \\\n\n    b\n"},
	{"bom", "\ufeff  from x  \n", "\ufeffFROM x\n"},
	{"non-ascii space kept", "RUN a \\\n\u00a0b\n", "RUN a \\\n\u00a0b\n"},
}

func TestFormat(t *testing.T) {
	for _, tt := range formatTests {
		t.Run(tt.name, func(t *testing.T) {
			got := string(Source([]byte(tt.in)))
			if got != tt.want {
				t.Errorf("Format(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
			if again := Format([]byte(got)); len(again) > 0 {
				t.Errorf("not idempotent: second pass edits %v", again)
			}
			checkSameMeaning(t, []byte(tt.in), []byte(got))
		})
	}
}

func TestEditsAreMinimal(t *testing.T) {
	src := "from x\nRUN a \\\n  b  \n"
	edits := Format([]byte(src))
	want := []lint.Edit{
		{Range: syntax.Range{Start: 0, End: 4}, NewText: "FROM"},
		{Range: syntax.Range{Start: 15, End: 17}, NewText: "    "},
		{Range: syntax.Range{Start: 18, End: 20}, NewText: ""},
	}
	if fmt.Sprint(edits) != fmt.Sprint(want) {
		t.Errorf("edits = %v, want %v", edits, want)
	}
}

func TestFormatRange(t *testing.T) {
	// «» marks the range to format.
	tests := []struct{ in, want string }{
		{"from a\n«run b»\ncopy c d", "from a\nRUN b\ncopy c d"},
		{"«from a\n»run b\n", "FROM a\nrun b\n"},
		{"from a\nrun b \\\n«c»  \n", "from a\nrun b \\\n    c\n"},
		{"from a\n\n«»\n\n", "from a\n\n\n\n"},
		{"from a\n«\n\n\n»", "from a\n"},
		{"«from a\n\n\n\n»", "FROM a\n"},
		{"run «x»", "RUN x\n"},
	}
	for _, tt := range tests {
		s := strings.Index(tt.in, "«")
		src := strings.Replace(tt.in, "«", "", 1)
		e := strings.Index(src, "»")
		src = strings.Replace(src, "»", "", 1)
		out, err := lint.Apply([]byte(src), FormatRange([]byte(src), syntax.Range{Start: s, End: e}))
		if err != nil {
			t.Fatal(err)
		}
		if string(out) != tt.want {
			t.Errorf("FormatRange(%q) = %q, want %q", tt.in, out, tt.want)
		}
	}
}

// checkSameMeaning fails unless after parses to the same instructions as
// before: the same BuildKit nodes, except that the shell command of RUN,
// CMD, ENTRYPOINT and HEALTHCHECK may differ in the white space between
// words outside quotes.
func checkSameMeaning(t testing.TB, before, after []byte) {
	t.Helper()
	a, b := syntax.Parse(before), syntax.Parse(after)
	if len(a.Instructions) != len(b.Instructions) {
		t.Fatalf("%d instructions before formatting, %d after\n%q\n%q", len(a.Instructions), len(b.Instructions), before, after)
	}
	if fmt.Sprint(directives(a)) != fmt.Sprint(directives(b)) {
		t.Fatalf("directives changed: %v, %v", directives(a), directives(b))
	}
	for i, x := range a.Instructions {
		y := b.Instructions[i]
		if (x.Err == nil) != (y.Err == nil) {
			t.Fatalf("instruction %d: error %v before, %v after\n%q\n%q", i, x.Err, y.Err, before, after)
		}
		if x.Node() == nil {
			continue
		}
		dx, dy := dump(x.Node()), dump(y.Node())
		if dx == dy {
			continue
		}
		shell := false
		switch strings.ToLower(x.Node().Value) {
		case "run", "cmd", "entrypoint", "healthcheck", "onbuild":
			shell = true
		}
		if !shell || squeeze(dx) != squeeze(dy) {
			t.Fatalf("instruction %d changed meaning:\nbefore %s\nafter  %s\nsrc %q\nout %q", i, dx, dy, before, after)
		}
	}
}

func directives(f *syntax.File) []string {
	var out []string
	for _, d := range f.Directives {
		out = append(out, d.Name+"="+d.Value)
	}
	return out
}

// dump prints everything of a node that the builder uses. Keywords are
// case-insensitive.
func dump(n *parser.Node) string {
	var b strings.Builder
	var walk func(n *parser.Node)
	walk = func(n *parser.Node) {
		from := strings.EqualFold(n.Value, "from")
		for i := 0; n != nil; n, i = n.Next, i+1 {
			v := n.Value
			if i == 0 || from && i == 2 && strings.EqualFold(v, "as") {
				// Keywords and the AS of FROM are case-insensitive.
				v = strings.ToLower(v)
			}
			fmt.Fprintf(&b, "%q%q%v", v, n.Flags, n.Attributes)
			for _, h := range n.Heredocs {
				fmt.Fprintf(&b, "<<%q %q %v %v>>", h.Name, h.Content, h.Expand, h.Chomp)
			}
			for _, c := range n.Children {
				b.WriteString("(")
				walk(c)
				b.WriteString(")")
			}
			b.WriteString(" ")
		}
	}
	walk(n)
	return b.String()
}

// squeeze unquotes the %q strings of a dump and collapses runs of white
// space that lie outside shell quotes. It is deliberately independent of
// the formatter's own quote tracking.
func squeeze(s string) string {
	var b strings.Builder
	for len(s) > 0 {
		i := strings.IndexByte(s, '"')
		if i < 0 {
			b.WriteString(s)
			break
		}
		b.WriteString(s[:i])
		lit, err := strconv.QuotedPrefix(s[i:])
		if err != nil {
			b.WriteString(s[i:])
			break
		}
		v, _ := strconv.Unquote(lit)
		b.WriteString(strconv.Quote(squeezeShell(v)))
		s = s[i+len(lit):]
	}
	return b.String()
}

func squeezeShell(s string) string {
	var b strings.Builder
	var q byte
	space := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if q == 0 && (c == ' ' || c == '\t') {
			space = true
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteByte(c)
		switch {
		case q == 0 && c == '\\' && i+1 < len(s):
			i++
			b.WriteByte(s[i])
		case q == '"' && c == '\\' && i+1 < len(s):
			i++
			b.WriteByte(s[i])
		case q == 0 && (c == '\'' || c == '"'):
			q = c
		case q != 0 && c == q:
			q = 0
		}
	}
	return b.String()
}

func FuzzFormat(f *testing.F) {
	for _, tt := range formatTests {
		f.Add([]byte(tt.in))
	}
	files, _ := filepath.Glob("../../fixtures/rules/*/*.Dockerfile")
	for _, name := range files {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		edits := Format(src)
		for i := 1; i < len(edits); i++ {
			if edits[i].Range.Start <= edits[i-1].Range.End {
				t.Fatalf("edits overlap or touch: %v", edits)
			}
		}
		out, err := lint.Apply(src, edits)
		if err != nil {
			t.Fatal(err)
		}
		if again := Format(out); len(again) > 0 {
			t.Fatalf("not idempotent:\n%q\n%q\nedits %v", src, out, again)
		}
		checkSameMeaning(t, src, out)
	})
}
