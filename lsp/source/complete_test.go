package source

import (
	"slices"
	"strings"
	"testing"
)

var completeTests = []struct {
	name string
	src  string
	// want are labels that must be proposed, in this order when ordered
	// is set; not are labels that must not be.
	want, not []string
	ordered   bool
	locale    string
}{
	{name: "empty file", src: "‸", want: []string{"FROM", "RUN", "# syntax=docker/dockerfile:1"}},
	{name: "keyword prefix", src: "FROM alpine\nru‸", want: []string{"RUN", "RUN <<EOF", "RUN --mount=type=cache,target=/root/.cache command"}, not: []string{"FROM", "# syntax=docker/dockerfile:1"}},
	{name: "keyword mid-file", src: "FROM alpine\n‸\nRUN x\n", want: []string{"COPY", "MAINTAINER"}, not: []string{"# syntax=docker/dockerfile:1"}},
	{name: "keyword indented", src: "FROM alpine\n  co‸", want: []string{"COPY", "COPY --from=stage source dest"}, not: []string{"CMD"}},
	{name: "no keyword on continuation", src: "RUN apt-get update \\\n  ‸", not: []string{"RUN", "FROM"}},
	{name: "no keyword after blank continuation", src: "RUN a \\\n\n  ‸", not: []string{"RUN"}},
	{name: "keyword after comment", src: "RUN a\n# note \\\n‸", want: []string{"RUN"}},
	{name: "no keyword in heredoc", src: "RUN <<EOF\n‸\nEOF\n", not: []string{"RUN", "FROM"}},
	{name: "keyword after heredoc", src: "RUN <<EOF\nx\nEOF\nC‸", want: []string{"CMD", "COPY"}},
	{name: "directive names", src: "# sy‸", want: []string{"syntax"}, not: []string{"escape"}},
	{name: "directive names all", src: "# syntax=docker/dockerfile:1\n#‸", want: []string{"escape", "check"}, not: []string{"syntax"}},
	{name: "directive value", src: "# syntax=‸", want: []string{"docker/dockerfile:1", "docker/dockerfile:1-labs"}},
	{name: "check value", src: "# check=‸\nFROM x", want: []string{"skip=", "error=true"}},
	{name: "no directive after instruction", src: "FROM alpine\n# sy‸", not: []string{"syntax"}},
	{name: "copy flags", src: "FROM a AS b\nFROM c\nCOPY --‸", want: []string{"--from", "--chown", "--chmod", "--link", "--parents", "--exclude"}, not: []string{"--checksum", "--platform"}},
	{name: "copy flags after a flag", src: "FROM c\nCOPY --link -‸ a b", want: []string{"--from", "--chown"}, not: []string{"--link"}},
	{name: "add flags", src: "FROM c\nADD --‸", want: []string{"--checksum", "--keep-git-dir", "--chown", "--link", "--unpack"}, not: []string{"--from"}},
	{name: "run flags", src: "FROM c\nRUN --‸", want: []string{"--mount", "--mount=type=cache,target=", "--mount=type=secret,id=", "--network", "--security"}},
	{name: "run flags on empty word", src: "FROM c\nRUN ‸", want: []string{"--mount", "--network"}},
	{name: "from flags", src: "FROM --‸", want: []string{"--platform"}},
	{name: "healthcheck flags", src: "FROM c\nHEALTHCHECK --‸", want: []string{"--interval", "--timeout", "--start-period", "--start-interval", "--retries"}},
	{name: "no flags after arguments", src: "FROM c\nCOPY a --‸", not: []string{"--from"}},
	{name: "from stages", src: "FROM golang AS build\nFROM node AS web\nFROM alpine\nCOPY --from=‸", want: []string{"build", "web"}, ordered: true},
	{name: "from stages prefix", src: "FROM golang AS build\nFROM node AS web\nFROM alpine\nCOPY --from=w‸ /a /b", want: []string{"web"}, not: []string{"build"}},
	{name: "from stage index", src: "FROM golang\nFROM alpine\nCOPY --from=‸", want: []string{"0"}},
	{name: "from stages only earlier", src: "FROM golang AS build\nCOPY --from=‸\nFROM node AS web\n", not: []string{"build", "web"}},
	{name: "mount templates", src: "FROM c\nRUN --mount=‸", want: []string{"type=cache,target=", "type=secret,id=", "type=ssh"}},
	{name: "mount types", src: "FROM c\nRUN --mount=type=‸", want: []string{"cache", "secret", "bind", "ssh", "tmpfs"}},
	{name: "mount keys", src: "FROM c\nRUN --mount=type=cache,‸", want: []string{"target", "id", "sharing"}, not: []string{"type", "env"}},
	{name: "mount secret keys", src: "FROM c\nRUN --mount=type=secret,id=x,‸", want: []string{"target", "env", "required"}, not: []string{"id", "sharing"}},
	{name: "mount from", src: "FROM golang AS build\nFROM c\nRUN --mount=type=bind,from=‸", want: []string{"build"}},
	{name: "mount sharing", src: "FROM c\nRUN --mount=type=cache,target=/x,sharing=‸ true", want: []string{"locked", "shared", "private"}},
	{name: "network", src: "FROM c\nRUN --network=‸", want: []string{"default", "none", "host"}},
	{name: "security", src: "FROM c\nRUN --security=i‸", want: []string{"insecure"}, not: []string{"sandbox"}},
	{name: "platform", src: "FROM --platform=‸", want: []string{"$BUILDPLATFORM", "linux/amd64"}},
	{name: "base stage", src: "FROM golang AS build\nFROM ‸", want: []string{"build", "--platform"}},
	{name: "as", src: "FROM golang ‸", want: []string{"AS"}},
	{name: "as prefix", src: "FROM golang a‸", want: []string{"AS"}},
	{name: "onbuild", src: "FROM a\nONBUILD ‸", want: []string{"RUN", "COPY"}, not: []string{"ONBUILD", "FROM", "MAINTAINER"}},
	{name: "onbuild flags", src: "FROM a\nONBUILD COPY --‸", want: []string{"--from"}},
	{name: "healthcheck words", src: "FROM a\nHEALTHCHECK --interval=5s ‸", want: []string{"CMD", "NONE"}},
	{name: "variables", src: "ARG META=1\nFROM alpine\nARG VERSION=2\nENV HOME_DIR=/h\nRUN echo $‸", want: []string{"HOME_DIR", "VERSION"}, not: []string{"META", "TARGETARCH"}},
	{name: "directive after typed escape", src: "# escape=\n#‸", want: []string{"escape", "syntax"}},
	{name: "variables in run before from", src: "ARG foo=bar\nRUN echo $‸", want: []string{"foo", "HTTP_PROXY", "https_proxy", "NO_PROXY"}},
	{name: "variables in run", src: "FROM a\nARG foo=bar\nRUN echo $‸", want: []string{"foo", "HTTP_PROXY", "http_proxy", "ALL_PROXY"}, not: []string{"TARGETARCH"}},
	{name: "variables in run crlf", src: "FROM a\r\nARG foo=bar\r\nRUN echo $‸\r\n", want: []string{"foo", "HTTP_PROXY"}},
	{name: "workdir destination", src: "FROM a\nWORKDIR /app\nWORKDIR /srv\nCOPY x ‸", want: []string{"/srv/", "/app/", "./"}, ordered: true},
	{name: "workdir destination add", src: "FROM a\nWORKDIR /app\nADD x /a‸", want: []string{"/app/"}, not: []string{"./"}},
	{name: "no workdir on source", src: "FROM a\nWORKDIR /app\nCOPY ‸", not: []string{"/app/"}},
	{name: "variables brace", src: "FROM alpine\nARG VERSION=2\nRUN echo ${V‸", want: []string{"VERSION"}},
	{name: "variables in from", src: "ARG BASE=alpine\nFROM $‸", want: []string{"BASE", "TARGETARCH", "BUILDPLATFORM"}},
	{name: "variables redeclared", src: "ARG META=1\nFROM alpine\nARG META\nRUN echo $M‸", want: []string{"META"}},
	{name: "variables not later", src: "FROM alpine\nRUN echo $‸\nARG LATER=1\n", not: []string{"LATER"}},
	{name: "variables runtime", src: "FROM alpine\nARG A=1\nENV E=2\nCMD echo $‸", want: []string{"E"}, not: []string{"A"}},
	{name: "variables in heredoc", src: "FROM alpine\nARG A=1\nRUN <<EOF\necho $‸\nEOF\n", want: []string{"A"}},
	{name: "variables on continuation", src: "FROM alpine\nARG A=1\nRUN echo \\\n  ${‸", want: []string{"A"}},
	{name: "escaped dollar", src: "FROM alpine\nARG A=1\nRUN echo \\$‸", not: []string{"A"}},
	{name: "spanish docs", src: "FROM alpine\nRU‸", want: []string{"RUN"}, locale: "es-AR"},
}

func TestComplete(t *testing.T) {
	for _, tt := range completeTests {
		t.Run(tt.name, func(t *testing.T) {
			m := mark(t, tt.src)
			items := Complete(m.doc(), m.cursor, tt.locale)
			var labels []string
			for _, it := range items {
				labels = append(labels, it.Label)
				r := it.Replace
				if r.Start > m.cursor || r.End < m.cursor || strings.ContainsAny(m.src[r.Start:r.End], "\n") {
					t.Errorf("item %q replaces %d-%d, which must hold the cursor (%d) and stay on its line", it.Label, r.Start, r.End, m.cursor)
				}
				if it.InsertText == "" {
					t.Errorf("item %q inserts nothing", it.Label)
				}
			}
			last := -1
			for _, w := range tt.want {
				i := slices.Index(labels, w)
				if i < 0 {
					t.Errorf("missing %q in %q", w, labels)
					continue
				}
				if tt.ordered {
					if i < last {
						t.Errorf("%q out of order in %q", w, labels)
					}
					last = i
				}
			}
			for _, n := range tt.not {
				if slices.Contains(labels, n) {
					t.Errorf("unexpected %q in %q", n, labels)
				}
			}
		})
	}
}

func TestCompleteSnippets(t *testing.T) {
	m := mark(t, "FROM alpine\n‸")
	items := Complete(m.doc(), m.cursor, "")
	want := map[string]string{
		"CMD":                    `CMD ["${1:executable}", "${2:param}"]`,
		"FROM":                   "FROM ${1:image}:${2:tag}",
		"FROM image:tag AS name": "FROM ${1:image}:${2:tag} AS ${3:name}",
		"RUN <<EOF":              "RUN <<EOF\n$0\nEOF",
	}
	found := 0
	for _, it := range items {
		if w, ok := want[it.Label]; ok && it.InsertText == w {
			found++
			if !it.Snippet || it.Kind != KeywordCompletion || it.Detail == "" || !strings.Contains(it.Documentation, "```dockerfile") {
				t.Errorf("item %+v", it)
			}
		}
	}
	if found != len(want) {
		t.Errorf("found %d of the snippets %v", found, want)
	}
	// CRLF files get CRLF snippets.
	m = mark(t, "FROM alpine\r\nRUN‸")
	for _, it := range Complete(m.doc(), m.cursor, "") {
		if strings.HasPrefix(it.Label, "RUN <<EOF") && it.InsertText != "RUN <<EOF\r\n$0\r\nEOF" {
			t.Errorf("CRLF heredoc snippet = %q", it.InsertText)
		}
	}
}

func TestCompleteSpanish(t *testing.T) {
	m := mark(t, "FROM alpine\nRU‸")
	for _, it := range Complete(m.doc(), m.cursor, "es") {
		if it.Label == "RUN" && !strings.Contains(it.Detail, "Ejecuta") {
			t.Errorf("Spanish detail = %q", it.Detail)
		}
	}
}

func TestCompleteVariableInsert(t *testing.T) {
	m := mark(t, "FROM alpine\nARG VERSION=2\nRUN echo ${VE‸ && echo ${V‸}")
	// The first cursor marker wins; check both by moving it.
	items := Complete(m.doc(), strings.Index(m.src, "${VE")+4, "")
	if len(items) != 1 || items[0].InsertText != "VERSION}" {
		t.Errorf("open brace: %+v", items)
	}
	items = Complete(m.doc(), strings.Index(m.src, "${V}")+3, "")
	if len(items) != 1 || items[0].InsertText != "VERSION" || !strings.Contains(items[0].Detail, "= 2") {
		t.Errorf("closed brace: %+v", items)
	}
}

func TestPlainText(t *testing.T) {
	tests := map[string]string{
		"FROM ${1:image}:${2:tag} AS ${3:name}": "FROM image:tag AS name",
		"RUN <<EOF\n$0\nEOF":                    "RUN <<EOF\n\nEOF",
		`echo \$HOME ${1}`:                      "echo $HOME ",
		`CMD ["${1:executable}"]`:               `CMD ["executable"]`,
	}
	for in, want := range tests {
		if got := PlainText(in); got != want {
			t.Errorf("PlainText(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSnippetsWellFormed(t *testing.T) {
	for cmd, snips := range keywordSnippets {
		for _, s := range snips {
			p := PlainText(s)
			if strings.Contains(p, "${") || !strings.HasPrefix(p, strings.ToUpper(cmd)) {
				t.Errorf("snippet %q of %s gives %q", s, cmd, p)
			}
		}
	}
}
