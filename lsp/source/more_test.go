package source

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/syntax"
)

func TestSemanticTokens(t *testing.T) {
	src := "# syntax=docker/dockerfile:1\n# berth ignore=DL3006 why\n# note\nARG NODE_VERSION=20-alpine\n" +
		"FROM node:${NODE_VERSION} AS build\nMAINTAINER me\n" +
		"RUN --mount=type=cache,target=/x echo \"$TARGETARCH $FOO\" <<EOF\nhi $NODE_VERSION\nEOF\n" +
		"FROM build\nCOPY --from=build /a /b\nEXPOSE 80/tcp\nCMD [\"a\", \"b\"]\n"
	doc := lint.NewDocument("Dockerfile", []byte(src))
	toks := SemanticTokens(doc, syntax.Range{})
	var got []string
	prev := -1
	for _, tk := range toks {
		text := src[tk.Range.Start:tk.Range.End]
		if tk.Range.Start < prev || strings.ContainsAny(text, "\n") || text == "" {
			t.Fatalf("bad token %q at %v after %d", text, tk.Range, prev)
		}
		prev = tk.Range.End
		got = append(got, fmt.Sprintf("%s:%s:%d", text, TokenTypes[tk.Type], tk.Modifiers))
	}
	for _, want := range []string{
		"syntax:macro:0", "docker/dockerfile:1:string:0", "berth ignore=DL3006 why:decorator:0", "# note:comment:0",
		"ARG:keyword:0", "NODE_VERSION:variable:1", "20-alpine:string:0",
		"node::type:0", "${NODE_VERSION}:variable:0", "AS:keyword:0", "build:class:1",
		"MAINTAINER:keyword:8", "--mount:parameter:0", "type:property:0", "target:property:0",
		"$TARGETARCH:variable:6", "$FOO:variable:0", "EOF:operator:1", "hi:string:0", "$NODE_VERSION:variable:0", "EOF:operator:0",
		"build:class:0", "--from:parameter:0", "80/tcp:number:0", `"a":string:0`,
	} {
		if !slices.Contains(got, want) {
			t.Errorf("no token %s in\n%s", want, strings.Join(got, "\n"))
		}
	}
	// A range answers the tokens that meet it, whole.
	i := strings.Index(src, "RUN")
	part := SemanticTokens(doc, syntax.Range{Start: i + 1, End: i + 10})
	if len(part) == 0 || src[part[0].Range.Start:part[0].Range.End] != "RUN" || len(part) > 3 {
		t.Errorf("range tokens: %v", part)
	}
	// Tokens never span lines, even for a name split by a continuation.
	split := "ARG port=1\nEXPOSE $po\\\nrt\n"
	for _, tk := range SemanticTokens(lint.NewDocument("D", []byte(split)), syntax.Range{}) {
		if strings.Contains(split[tk.Range.Start:tk.Range.End], "\n") {
			t.Errorf("token %v spans a line", tk)
		}
	}
}

func TestSignatureHelp(t *testing.T) {
	tests := []struct{ src, label, param, locale string }{
		{"FROM a\nCOPY --from=x a‸ b", "COPY [--from=<stage>]", "<src>...", ""},
		{"FROM a\nCOPY a b‸", "COPY", "<dest>", ""},
		{"FROM a\nCOPY a ‸", "COPY", "<dest>", ""},
		{"FROM a\nCOPY ‸", "COPY", "<src>...", ""},
		{"FROM a\nCOPY --ch‸", "COPY", "[--chown=<user:group>]", ""},
		{"FROM a\nCOPY --from=bu‸ild a b", "COPY", "[--from=<stage>]", ""},
		{"FROM a\nCOPY [\"a\", ‸", "COPY", "<dest>", ""},
		{"FROM a\nRUN --mount=type=cache,ta‸", "--mount=type=cache", "[target=<target>]", ""},
		{"FROM a\nRUN --mount=type=secret,id=x,e‸nv=A true", "--mount=type=secret", "[env=<env>]", ""},
		{"FROM a\nCMD [\"a\", ‸", `CMD ["<executable>",`, `"<param>"...]`, ""},
		{"FROM a\nCMD [\"a‸", `CMD ["<executable>",`, `["<executable>",`, ""},
		{"FROM a\nCMD echo ‸", "CMD <command>", "<command>", ""},
		{"FROM a\nENV A=‸", "ENV <key>=<value>", "=<value>", ""},
		{"FROM a\nENV A‸", "ENV <key>=<value>", "<key>", ""},
		{"FROM a\nARG A=1 B‸", "ARG <name>[=<default>]", "<name>", ""},
		{"FROM a\nLABEL a=b c=d‸", "LABEL", "=<value>", ""},
		{"FROM a\nHEALTHCHECK NONE‸", "HEALTHCHECK NONE", "NONE", ""},
		{"FROM a\nHEALTHCHECK --interval=3s CMD ‸", "HEALTHCHECK [--interval=<duration>]", "<command>", ""},
		{"FROM a\nHEALTHCHECK --ret‸", "HEALTHCHECK", "[--retries=<n>]", ""},
		{"FROM ‸", "FROM [--platform=<platform>] <image> [AS <name>]", "<image>", ""},
		{"FROM a a‸", "FROM", "[AS <name>]", ""},
		{"FROM a\nRUN a \\\n  b‸", "RUN", "<command>", ""},
		{"FROM a\nONBUILD COPY a ‸", "COPY", "<dest>", ""},
		{"FROM a\nCOPY a ‸", "COPY", "<dest>", "es"},
	}
	for _, tt := range tests {
		m := mark(t, tt.src)
		h := SignatureAt(m.doc(), m.cursor, tt.locale)
		if h == nil {
			t.Errorf("%q: no signature", tt.src)
			continue
		}
		sig := h.Signatures[h.Active]
		if !strings.HasPrefix(sig.Label, tt.label) {
			t.Errorf("%q: signature %q, want %q…", tt.src, sig.Label, tt.label)
		}
		if h.Param < 0 {
			t.Errorf("%q: no active parameter in %q, want %q", tt.src, sig.Label, tt.param)
			continue
		}
		p := sig.Params[h.Param]
		if got := sig.Label[p.Start:p.End]; got != tt.param {
			t.Errorf("%q: active %q, want %q", tt.src, got, tt.param)
		}
	}
	m := mark(t, "FROM a\nCOPY a ‸")
	es, en := SignatureAt(m.doc(), m.cursor, "es-ES"), SignatureAt(m.doc(), m.cursor, "en")
	if es.Signatures[0].Doc == en.Signatures[0].Doc || es.Signatures[0].Params[0].Doc == en.Signatures[0].Params[0].Doc {
		t.Errorf("Spanish signature not translated: %q", es.Signatures[0].Doc)
	}
	for _, src := range []string{"FR‸OM a", "‸", "FROM a\nRUN <<EOF\n‸\nEOF\n", "# sy‸ntax=x\n"} {
		m := mark(t, src)
		if h := SignatureAt(m.doc(), m.cursor, ""); h != nil {
			t.Errorf("%q: signature %+v", src, h)
		}
	}
}

func TestSelectionRanges(t *testing.T) {
	m := mark(t, "««FROM a AS b\n«# c\n«RUN «--mount=«type=cache,«tar‸get=/x»»» \\\n  echo hi»»»\n»")
	got := SelectionRanges(m.doc(), m.cursor)
	// Each marked range is a step, and so are the word and the
	// instruction's line.
	for i := 1; i < len(got); i++ {
		if got[i].Start > got[i-1].Start || got[i].End < got[i-1].End || got[i] == got[i-1] {
			t.Fatalf("range %d does not contain the one before: %s", i, show(m.src, got))
		}
	}
	texts := show(m.src, got)
	for _, r := range m.ranges {
		if !strings.Contains(texts, show(m.src, []syntax.Range{r})) {
			t.Errorf("missing %s in %s", show(m.src, []syntax.Range{r}), texts)
		}
	}
	if got[0] != (syntax.Range{Start: m.cursor - 3, End: m.cursor + 3}) {
		t.Errorf("first range %s, want the word", show(m.src, got[:1]))
	}
	// The line of a multi-line instruction.
	if !strings.Contains(texts, "«RUN --mount=type=cache,target=/x \\»") {
		t.Errorf("no line range in %s", texts)
	}
	for _, src := range halfTyped {
		doc := lint.NewDocument("D", []byte(src))
		for off := 0; off <= len(src); off++ {
			SelectionRanges(doc, off)
		}
	}
}

func TestInlayHints(t *testing.T) {
	src := "ARG NODE_VERSION=20-alpine\nARG REG=docker.io\nFROM node:${NODE_VERSION} AS base\nFROM base AS build\nARG V=1\nENV P=$V/x\nRUN echo $V $P $HOME\nFROM build\n"
	doc := lint.NewDocument("D", []byte(src))
	var got []string
	for _, h := range InlayHints(doc, syntax.Range{Start: 0, End: len(src)}) {
		got = append(got, fmt.Sprintf("%s|%s", src[max(0, h.Pos-4):h.Pos], h.Label))
	}
	want := []string{"ION}|= 20-alpine", "base|→ node:20-alpine", "P=$V|= 1", "o $V|= 1", "uild|→ node:20-alpine"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("hints\n got %q\nwant %q", got, want)
	}
	if hs := InlayHints(doc, syntax.Range{Start: 0, End: 10}); len(hs) != 0 {
		t.Errorf("hints outside the range: %v", hs)
	}
}

func TestOnTypeFormat(t *testing.T) {
	tests := []struct{ src, want string }{
		{"FROM a\nRUN a \\\n‸", "FROM a\nRUN a \\\n    "},
		{"FROM a\nRUN a \\\n  ‸", "FROM a\nRUN a \\\n    "},
		{"FROM a\nRUN a \\\n        b \\\n‸", "FROM a\nRUN a \\\n        b \\\n        "},
		{"FROM a\nRUN a \\\n\tb \\\n‸", "FROM a\nRUN a \\\n\tb \\\n\t"},
		{"FROM a\nRUN a \\\n    # c\n‸", "FROM a\nRUN a \\\n    # c\n    "},
		{"# escape=`\nFROM a\nRUN a `\n‸", "# escape=`\nFROM a\nRUN a `\n    "},
		{"FROM a\r\nRUN a \\\r\n‸", "FROM a\r\nRUN a \\\r\n    "},
		{"FROM a\nRUN <<EOF\n    ‸", "FROM a\nRUN <<EOF\n"},
		{"FROM a\nRUN <<EOF\nx\n\t‸\nEOF\n", "FROM a\nRUN <<EOF\nx\n\nEOF\n"},
		{"FROM a\nRUN a\n    ‸", "FROM a\nRUN a\n"},
		{"FROM a\nRUN a \\\n‸b", "FROM a\nRUN a \\\n    b"},
		{"FROM a\nENV A \"b \\\n‸", "FROM a\nENV A \"b \\\n"},
		{"FROM a\nRUN echo \"a \\\n‸", "FROM a\nRUN echo \"a \\\n"},
		{"FROM a\nWORKDIR /a\\\n‸", "FROM a\nWORKDIR /a\\\n"},
	}
	for _, tt := range tests {
		m := mark(t, tt.src)
		edits := OnTypeFormat(m.doc(), m.cursor, "\n")
		out, err := lint.Apply([]byte(m.src), edits)
		if err != nil {
			t.Fatal(err)
		}
		if string(out) != tt.want {
			t.Errorf("OnTypeFormat(%q)\n got %q\nwant %q", tt.src, out, tt.want)
		}
	}
	for _, tt := range []struct{ src, ch, want string }{
		{"FROM a\nRUN a \\‸\nb\n", "\\", "FROM a\nRUN a \\\n    b\n"},
		{"# escape=`\nFROM a\nRUN a `‸\nb\n", "`", "# escape=`\nFROM a\nRUN a `\n    b\n"},
		{"FROM a\nRUN a \\‸\n  b\n", "\\", "FROM a\nRUN a \\\n  b\n"},
		{"FROM a\nRUN a \\‸ x\nb\n", "\\", "FROM a\nRUN a \\ x\nb\n"},
		{"FROM a\nRUN a \\‸", "\\", "FROM a\nRUN a \\"},
		{"FROM a\nRUN a `‸\nb\n", "`", "FROM a\nRUN a `\nb\n"},
	} {
		m := mark(t, tt.src)
		out, err := lint.Apply([]byte(m.src), OnTypeFormat(m.doc(), m.cursor, tt.ch))
		if err != nil || string(out) != tt.want {
			t.Errorf("OnTypeFormat(%q, %q)\n got %q\nwant %q", tt.src, tt.ch, out, tt.want)
		}
	}
	m := mark(t, "FROM a\nRUN a \\\n‸")
	if e := OnTypeFormat(m.doc(), m.cursor, "a"); e != nil {
		t.Errorf("edits for a letter: %v", e)
	}
}

func TestStageLenses(t *testing.T) {
	doc := lint.NewDocument("D", []byte("FROM a AS b\nFROM b\nCOPY --from=b . .\nFROM c\nCOPY --from=0 . .\nRUN --mount=from=b,target=/x true\n"))
	var got []int
	for _, l := range StageLenses(doc) {
		got = append(got, l.Users)
		if string(doc.File.Src[l.Range.Start:l.Range.End]) != "FROM" {
			t.Errorf("lens range %v", l.Range)
		}
	}
	if fmt.Sprint(got) != "[2 0 0]" {
		t.Errorf("users %v", got)
	}
}

func TestWorkspaceSymbols(t *testing.T) {
	doc := lint.NewDocument("D", []byte("ARG GO_VERSION=1.23\nFROM golang:${GO_VERSION} AS builder\nARG GOOS\nFROM alpine\nARG TARGETARCH\n"))
	var got []string
	for _, s := range WorkspaceSymbols(doc, "") {
		got = append(got, s.Name+"@"+s.Container)
	}
	if strings.Join(got, " ") != "GO_VERSION@ builder@ GOOS@builder TARGETARCH@alpine" {
		t.Errorf("symbols %v", got)
	}
	got = nil
	for _, s := range WorkspaceSymbols(doc, "bldr") {
		got = append(got, s.Name)
	}
	if strings.Join(got, " ") != "builder" {
		t.Errorf("fuzzy: %v", got)
	}
}
