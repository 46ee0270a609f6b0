package source

import (
	"strings"
	"testing"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/syntax"
)

// In each source the cursor is at ‸ and «» marks the range the hover is
// about.
var hoverTests = []struct {
	name, src, locale string
	want, not         []string
}{
	{name: "keyword", src: "«FR‸OM» alpine\n", want: []string{"**FROM** starts a build stage", "--platform", "```dockerfile", "https://docs.docker.com/reference/dockerfile/#from"}},
	{name: "keyword lower case", src: "FROM alpine\n«r‸un» echo\n", want: []string{"**RUN** runs a command"}},
	{name: "keyword spanish", src: "FROM alpine\n«RUN‸» echo\n", locale: "es", want: []string{"**RUN** ejecuta comandos cuando se está construyendo la imagen", "Referencia del Dockerfile"}},
	{name: "keyword spanish region", src: "«FROM‸» alpine\n", locale: "es_MX", want: []string{"inicia una etapa de construcción"}},
	{name: "onbuild instruction", src: "FROM a\nONBUILD «CO‸PY» . /app\n", want: []string{"**COPY** copies"}},
	{name: "every instruction has docs", src: "FROM a\n«STOPSIGNAL‸» SIGQUIT\n", want: []string{"**STOPSIGNAL**"}},
	{name: "flag from", src: "FROM a\nCOPY «--fr‸om=build» /a /b\n", want: []string{"**`--from`** (COPY)", "earlier build stage"}},
	{name: "flag chown spanish", src: "FROM a\nADD «--cho‸wn=1:1» a /b\n", locale: "es", want: []string{"(ADD, COPY)", "dueño"}},
	{name: "flag mount", src: "FROM a\nRUN «--mount=type=cache,ta‸rget=/root/.cache» go build\n", want: []string{"type=cache", "type=secret", "type=ssh"}},
	{name: "flag healthcheck", src: "FROM a\nHEALTHCHECK «--retr‸ies=3» CMD true\n", want: []string{"unhealthy", "Default `3`"}},
	{name: "flag platform", src: "FROM «--plat‸form=$BUILDPLATFORM» golang AS b\n", want: []string{"$BUILDPLATFORM"}},
	{name: "variable", src: "FROM alpine\nARG VERSION=1.2\nRUN echo «$VERS‸ION»\n", want: []string{"**VERSION** = `1.2`", "Build argument", "Declared on line 2", "ARG VERSION=1.2"}},
	{name: "variable braces", src: "FROM alpine\nENV DIR=/srv\nWORKDIR «${D‸IR}»/app\n", want: []string{"**DIR** = `/srv`", "Environment variable", "ENV DIR=/srv"}},
	{name: "variable spanish", src: "FROM alpine\nENV DIR=/srv\nWORKDIR «${D‸IR}»\n", locale: "es", want: []string{"Variable de entorno", "Declarada en la línea 2"}},
	{name: "variable meta", src: "ARG BASE=alpine\nFROM «$B‸ASE»\n", want: []string{"**BASE** = `alpine`", "for FROM lines"}},
	{name: "variable redeclared inherits", src: "ARG V=3\nFROM alpine\nARG V\nRUN echo «$‸V»\n", want: []string{"**V** = `3`"}},
	{name: "variable no value", src: "FROM alpine\nARG TOKEN\nRUN echo «$TO‸KEN»\n", want: []string{"**TOKEN** (no default value)"}},
	{name: "variable inherited env", src: "FROM alpine AS base\nENV P=/p\nFROM base\nRUN echo «$‸P»\n", want: []string{"inherited from stage `base`"}},
	{name: "variable undeclared", src: "FROM alpine\nRUN echo «$HO‸ME»\n", want: []string{"not declared in this Dockerfile"}},
	{name: "variable builtin", src: "ARG X\nFROM --platform=«$BUILD‸PLATFORM» alpine\n", want: []string{"predefined by the builder"}},
	{name: "variable declaration", src: "FROM alpine\nENV «P‸ATH»=/x:$PATH\n", want: []string{"**PATH** = `/x:$PATH`"}, not: []string{"Declared on"}},
	{name: "stage reference", src: "FROM golang:1.23 AS build\nFROM alpine\nCOPY --from=«bu‸ild» /a /b\n", want: []string{"**Stage** `build` (stage 0), line 1", "FROM golang:1.23 AS build"}},
	{name: "stage base", src: "FROM golang AS build\nFROM «bu‸ild» AS test\n", want: []string{"`build` (stage 0)"}},
	{name: "stage declaration", src: "FROM golang AS «bu‸ild»\nFROM build\nFROM alpine\nCOPY --from=build /a /b\n", want: []string{"2 references"}},
	{name: "stage spanish", src: "FROM golang AS build\nFROM alpine\nCOPY --from=«bu‸ild» /a /b\n", locale: "es", want: []string{"**Etapa** `build` (etapa 0), línea 1"}},
	{name: "image", src: "FROM «alpi‸ne:3.20»\n", want: []string{"**Image** `alpine` · tag `3.20`", "https://hub.docker.com/_/alpine"}},
	{name: "image with variables", src: "ARG TAG=3.20\nFROM «al‸pine:${TAG}»\n", want: []string{"`alpine:${TAG}` resolves to `alpine:3.20`"}},
	{name: "directive", src: "«# syn‸tax=docker/dockerfile:1»\nFROM a\n", want: []string{"frontend"}},
	{name: "nothing", src: "FROM alpine\nRUN echo hel‸lo\n"},
	{name: "comment", src: "# just a comm‸ent\nFROM alpine\n"},
}

func TestHover(t *testing.T) {
	for _, tt := range hoverTests {
		t.Run(tt.name, func(t *testing.T) {
			m := mark(t, tt.src)
			h := HoverAt(m.doc(), nil, nil, m.cursor, tt.locale)
			if len(tt.want) == 0 {
				if h != nil {
					t.Errorf("hover = %+v, want none", h)
				}
				return
			}
			if h == nil {
				t.Fatalf("no hover")
			}
			for _, w := range tt.want {
				if !strings.Contains(h.Markdown, w) {
					t.Errorf("hover lacks %q:\n%s", w, h.Markdown)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(h.Markdown, n) {
					t.Errorf("hover has %q:\n%s", n, h.Markdown)
				}
			}
			if len(m.ranges) == 1 && h.Range != m.ranges[0] {
				t.Errorf("hover range %s, want %s", show(m.src, []syntax.Range{h.Range}), show(m.src, m.ranges))
			}
		})
	}
}

func TestHoverDiagnostic(t *testing.T) {
	rule := &lint.Rule{
		Code: "DL4000", Name: "maintainer-deprecated", Title: "MAINTAINER is deprecated",
		Doc: "# DL4000: Use a label\n\nReports a `MAINTAINER` instruction.\n\n## Why\n\nIt is old.\n\n## Example\n\n```dockerfile\nMAINTAINER x\n```\n",
		URL: "https://example.com/DL4000.md",
	}
	m := mark(t, "FROM alpine\n«MAINT‸AINER» jane\n")
	diags := []lint.Diagnostic{{Code: "DL4000", Range: m.ranges[0], Message: "deprecated"}}
	h := HoverAt(m.doc(), diags, []*lint.Rule{rule}, m.cursor, "")
	if h == nil {
		t.Fatal("no hover")
	}
	for _, w := range []string{"**DL4000** MAINTAINER is deprecated", "Reports a `MAINTAINER`", "**Why**", "It is old.", "(https://example.com/DL4000.md)", "---", "**MAINTAINER** (deprecated)"} {
		if !strings.Contains(h.Markdown, w) {
			t.Errorf("hover lacks %q:\n%s", w, h.Markdown)
		}
	}
	if strings.Contains(h.Markdown, "Example") {
		t.Errorf("hover has the example section:\n%s", h.Markdown)
	}
	if !strings.HasPrefix(h.Markdown, "**DL4000**") {
		t.Errorf("the diagnostic should come first:\n%s", h.Markdown)
	}
	// A diagnostic over text with nothing else to say.
	m = mark(t, "FROM alpine\nRUN «echo hel‸lo»\n")
	diags = []lint.Diagnostic{{Code: "DL4000", Range: m.ranges[0]}}
	h = HoverAt(m.doc(), diags, []*lint.Rule{rule}, m.cursor, "")
	if h == nil || h.Range != m.ranges[0] || strings.Contains(h.Markdown, "---") {
		t.Errorf("hover = %+v", h)
	}
}

func TestDocsComplete(t *testing.T) {
	for _, lang := range []string{"en", "es"} {
		for _, cmd := range syntax.Instructions {
			doc := InstructionDoc(cmd, lang)
			if !strings.HasPrefix(doc, "**"+strings.ToUpper(cmd)+"**") || !strings.Contains(doc, "```dockerfile") || !strings.Contains(doc, "https://docs.docker.com/reference/dockerfile/#") {
				t.Errorf("%s/%s.md: missing title, example or reference link", lang, strings.ToUpper(cmd))
			}
		}
		for flag, cmds := range map[string][]string{
			"from": {"copy"}, "chown": {"add", "copy"}, "chmod": {"add", "copy"}, "link": {"add", "copy"},
			"exclude": {"add", "copy"}, "parents": {"copy"}, "checksum": {"add"}, "keep-git-dir": {"add"}, "unpack": {"add"},
			"platform": {"from"}, "mount": {"run"}, "network": {"run"}, "security": {"run"}, "device": {"run"},
			"interval": {"healthcheck"}, "timeout": {"healthcheck"}, "start-period": {"healthcheck"},
			"start-interval": {"healthcheck"}, "retries": {"healthcheck"},
		} {
			for _, cmd := range cmds {
				if FlagDoc(cmd, flag, lang) == "" {
					t.Errorf("%s/flags.md: no --%s for %s", lang, flag, cmd)
				}
				if _, ok := flagInserts[flag]; !ok {
					t.Errorf("no completion for --%s", flag)
				}
			}
		}
		for _, d := range []string{"syntax", "escape", "check"} {
			if DirectiveDoc(d, lang) == "" {
				t.Errorf("%s/directives.md: no %s", lang, d)
			}
		}
	}
	if got := len(flagsOf("copy", "en")); got != len(flagsOf("copy", "es")) {
		t.Errorf("English and Spanish flag lists differ")
	}
}
