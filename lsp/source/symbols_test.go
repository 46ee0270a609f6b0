package source

import (
	"fmt"
	"strings"
	"testing"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/syntax"
)

// outline prints symbols one per line, children indented, with the text
// their selection range covers.
func outline(src string, syms []Symbol, depth int) string {
	var b strings.Builder
	for _, s := range syms {
		if !(s.Range.Start <= s.SelectionRange.Start && s.SelectionRange.End <= s.Range.End) {
			fmt.Fprintf(&b, "%s!selection outside range\n", strings.Repeat("  ", depth))
		}
		fmt.Fprintf(&b, "%s%d %s [%s] %q", strings.Repeat("  ", depth), s.Kind, s.Name, src[s.SelectionRange.Start:s.SelectionRange.End], s.Detail)
		if s.Deprecated {
			b.WriteString(" deprecated")
		}
		b.WriteString("\n")
		b.WriteString(outline(src, s.Children, depth+1))
	}
	return b.String()
}

func TestSymbols(t *testing.T) {
	src := "# syntax=docker/dockerfile:1\nARG GO=1.23\nFROM golang:${GO} AS build\nENV CGO_ENABLED=0 GOOS=linux\nRUN go build \\\n    -o /app .\n\nFROM alpine\nMAINTAINER me\nCOPY --from=build /app /app\n"
	got := outline(src, Symbols(lint.NewDocument("D", []byte(src))), 0)
	want := `4 syntax [syntax] "docker/dockerfile:1"
2 ARG [ARG] "GO=1.23"
  3 GO [GO] "1.23"
1 build [build] "FROM golang:${GO} AS build"
  2 ENV [ENV] "CGO_ENABLED=0 GOOS=linux"
    3 CGO_ENABLED [CGO_ENABLED] "0"
    3 GOOS [GOOS] "linux"
  2 RUN [RUN] "go build -o /app ."
1 alpine [alpine] "FROM alpine"
  2 MAINTAINER [MAINTAINER] "me" deprecated
  2 COPY [COPY] "--from=build /app /app"
`
	if got != want {
		t.Errorf("Symbols:\n%s\nwant:\n%s", got, want)
	}
	// Half-typed files still give an outline.
	for _, src := range []string{"", "FROM", "FROM \nRUN", "ARG\nFROM a AS\n", "RUN <<EOF\n", "FROM a\nONBUILD"} {
		_ = outline(src, Symbols(lint.NewDocument("D", []byte(src))), 0)
	}
}

// folded prints each fold as its first and last lines.
func folded(src string, folds []Fold) []string {
	f := syntax.Parse([]byte(src))
	var out []string
	for _, fd := range folds {
		first := lineText(src, f, f.Line(fd.Range.Start))
		last := lineText(src, f, f.Line(fd.Range.End))
		kind := "region"
		if fd.Kind == CommentFold {
			kind = "comment"
		}
		out = append(out, fmt.Sprintf("%s: %s … %s", kind, first, last))
	}
	return out
}

func lineText(src string, f *syntax.File, l int) string {
	return strings.TrimRight(src[f.LineStart(l):f.LineStart(l+1)], "\n")
}

func TestFolds(t *testing.T) {
	src := "# syntax=docker/dockerfile:1\n# about\n# this file\nFROM golang AS build\nRUN go build \\\n    # inside\n    -o /app .\nCOPY <<A <<B /dst/\na\nA\nb\nB\nFROM alpine\n"
	got := folded(src, Folds(lint.NewDocument("D", []byte(src))))
	want := []string{
		"comment: # about … # this file",
		"region: FROM golang AS build … B",
		"region: RUN go build \\ …     -o /app .",
		"region: COPY <<A <<B /dst/ … B",
		"region: A … B",
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("Folds:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestLinks(t *testing.T) {
	// «» marks each link's range; targets are listed in the same order.
	tests := []struct {
		src     string
		targets []string
	}{
		{"FROM «alpine»:3.20\nFROM «library/debian»@sha256:abc\nFROM «bitnami/redis»\n", []string{
			"https://hub.docker.com/_/alpine", "https://hub.docker.com/_/debian", "https://hub.docker.com/r/bitnami/redis"}},
		{"FROM «docker.io/library/nginx»:1\nFROM «ghcr.io/org/tool»:v1\nFROM «quay.io/coreos/etcd»\nFROM «mcr.microsoft.com/dotnet/sdk»:8.0\nFROM «public.ecr.aws/nginx/nginx»\n", []string{
			"https://hub.docker.com/_/nginx", "https://ghcr.io/org/tool", "https://quay.io/repository/coreos/etcd",
			"https://mcr.microsoft.com/artifact/mar/dotnet/sdk", "https://gallery.ecr.aws/nginx/nginx"}},
		{"FROM localhost:5000/team/app\nFROM registry.example.com/x\nFROM scratch\n", nil},
		{"FROM «golang» AS build\nFROM build\nFROM alpine:${TAG}\n", []string{"https://hub.docker.com/_/golang"}},
		{"ARG BASE=node:22\nFROM «${BASE}»\n", []string{"https://hub.docker.com/_/node"}},
		{"FROM «golang» AS build\nFROM «alpine»\nCOPY --from=build /a /b\nCOPY --from=«nginx»:1.27 /etc/nginx /etc/nginx\n", []string{"https://hub.docker.com/_/golang",
			"https://hub.docker.com/_/alpine", "https://hub.docker.com/_/nginx"}},
	}
	for _, tt := range tests {
		m := mark(t, tt.src)
		links := Links(m.doc())
		var rs []syntax.Range
		var targets []string
		for _, l := range links {
			rs = append(rs, l.Range)
			targets = append(targets, l.Target)
		}
		if show(m.src, rs) != show(m.src, m.ranges) || fmt.Sprint(targets) != fmt.Sprint(tt.targets) {
			t.Errorf("Links(%q)\n got %s %v\nwant %s %v", tt.src, show(m.src, rs), targets, show(m.src, m.ranges), tt.targets)
		}
	}
}
