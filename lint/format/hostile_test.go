package format

import (
	"bytes"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/berth-dev/berth/internal/corpus"
	"github.com/berth-dev/berth/lint"
)

// lineEndingBases are Dockerfiles whose line breaks the variants below
// replace: continuations, comments inside them, heredocs, ONBUILD,
// directives, quotes, blank continuation lines.
var lineEndingBases = []string{
	"FROM alpine\nRUN apk add \\\n  curl \\\n  git\n",
	"# syntax=docker/dockerfile:1\nfrom alpine as b\nrun echo hi\n",
	"FROM alpine\nRUN <<EOF\necho a\nEOF\nCOPY . .\n",
	"FROM alpine\nENV A=1 \\\n    B=\"x  y\"\nLABEL k=v\n",
	"FROM alpine\n# comment\nRUN set -e; \\\n# inner comment\n    echo a \\\n\n    && echo b\n",
	"FROM alpine\nonbuild run echo \\\n  x\nCMD [\"a\", \\\n  \"b\"]\n",
	"  FROM alpine  \n\trun   echo\t\n\n\n",
	"# escape=`\nFROM alpine\nRUN echo a `\n    b\n",
}

// lineEndings are what replaces each "\n" of a base: CRLF, a lone CR,
// CR before spaces, spaces before CR, and mixtures.
var lineEndings = []string{"\n", "\r\n", "\r", "\r  \n", "  \r\n", "\r\r\n", "\n\r", " \r \n"}

// variants generates the line-ending variants of the bases: every line
// break replaced, and each line break replaced on its own; with a byte
// order mark at the start, after the first line's indentation, or none.
func variants() []string {
	var out []string
	for _, base := range lineEndingBases {
		for _, eol := range lineEndings {
			out = append(out, strings.ReplaceAll(base, "\n", eol))
			for i := 0; i < strings.Count(base, "\n"); i++ {
				out = append(out, replaceNth(base, i, eol))
			}
		}
	}
	var withBOM []string
	for _, v := range out {
		withBOM = append(withBOM, "\uFEFF"+v, "  \uFEFF"+strings.TrimLeft(v, " \t"), "\t\uFEFF"+v)
	}
	return append(out, withBOM...)
}

// replaceNth replaces the i-th "\n" of s (from 0) by eol.
func replaceNth(s string, i int, eol string) string {
	idx := -1
	for k := 0; k <= i; k++ {
		j := strings.IndexByte(s[idx+1:], '\n')
		if j < 0 {
			return s
		}
		idx += j + 1
	}
	return s[:idx] + eol + s[idx+1:]
}

// checkKeepsParse formats src and requires BuildKit's parse to be the
// same before and after, and a second pass to change nothing.
func checkKeepsParse(t *testing.T, name string, src []byte) {
	t.Helper()
	out := Source(src)
	if !sameParse(src, out) {
		t.Errorf("%s: formatting changed BuildKit's parse\nbefore %q\nafter  %q\nparse before:\n%s\nparse after:\n%s", name, src, out, view(src), view(out))
		return
	}
	if again := Source(out); !bytes.Equal(again, out) {
		t.Errorf("%s: formatting is not idempotent\nonce  %q\ntwice %q", name, out, again)
	}
}

// TestFormatKeepsParseLineEndings runs the formatter over the generated
// line-ending variants (issue 14, item 8).
func TestFormatKeepsParseLineEndings(t *testing.T) {
	vs := variants()
	for i, v := range vs {
		checkKeepsParse(t, "variant "+strconv.Itoa(i), []byte(v))
	}
	t.Logf("%d variants", len(vs))
}

// TestFormatOddLineEndingRegressions are the cases of issue 14: the
// formatter alone changed the parse (or was not idempotent); Format must
// leave such files as they are, or format them without that change.
func TestFormatOddLineEndingRegressions(t *testing.T) {
	for _, c := range []struct {
		name, src string
		// rawBreaks: the formatter alone (before issue 14) changed the
		// parse, or was not idempotent, on this input.
		rawBreaks bool
	}{
		// Two instructions to BuildKit ("\r  " ends the first line's
		// escape), one once the CR and spaces were trimmed.
		{"CR before spaces", "FROM alpine\nRUN apk add \\\r  \ncurl\n", true},
		// A BOM after indentation: BuildKit refuses the file; without the
		// indentation the BOM starts it and is skipped.
		{"BOM after indentation", "  \uFEFFFROM alpine\nRUN true\n", true},
		// CR-only: one line to BuildKit; a second pass changed it again.
		{"CR only trailer", "from alpine  \r\r\rrun x  \r", true},
		{"CR only", "FROM alpine\rRUN apk add \\\r    curl\r", false},
	} {
		raw, err := applyRaw([]byte(c.src))
		again, _ := applyRaw(raw)
		broke := err != nil || !sameParse([]byte(c.src), raw) || !bytes.Equal(again, raw)
		if broke != c.rawBreaks {
			t.Errorf("%s: the unchecked formatter breaks it: %v, want %v", c.name, broke, c.rawBreaks)
		}
		checkKeepsParse(t, c.name, []byte(c.src))
	}
}

// applyRaw applies the formatter's edits without the parse check.
func applyRaw(src []byte) ([]byte, error) {
	return lint.Apply(src, format(src))
}

// TestFormatKeepsParseCorpus formats every corpus file and requires
// BuildKit's parse to stay the same, in the file's own line endings and
// in CR-only and CRLF variants.
func TestFormatKeepsParseCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("corpus sweep")
	}
	n := 0
	for _, path := range corpus.Files(t) {
		src, err := os.ReadFile(path)
		if err != nil || len(src) > 1<<20 {
			continue
		}
		n++
		checkKeepsParse(t, path, src)
		if n%10 == 0 {
			s := string(src)
			checkKeepsParse(t, path+" (CR)", []byte(strings.ReplaceAll(s, "\n", "\r")))
			checkKeepsParse(t, path+" (CR spaces)", []byte(strings.ReplaceAll(s, "\n", "\r  \n")))
		}
	}
	t.Logf("%d corpus files", n)
}
