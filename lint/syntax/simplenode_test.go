package syntax

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/berth-dev/berth/internal/corpus"
	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
)

// simpleNodeLines are lines around the edges of what simpleNode takes.
var simpleNodeLines = []string{
	`COPY ["a", "b"]`, `COPY ["a" ,"b" ]`, `VOLUME [""]`, `VOLUME [" "]`, `VOLUME ["/a"] x`, "COPY [\"a\tb\", \"c\"]",
	`SHELL ["sh", "-c"]`, `CMD []`, `COPY [a, b]`, `COPY ["a", 1]`, `ADD --chown=1 ["a", "b"]`, `ENV A=[x]`, `FROM [x]`,
	`VOLUME ["a",]`, `COPY [ "a" , "b" ]   `, `RUN ["a"]junk`, `RUN --mount=type=cache,target=/x ["a", "b"]`, `COPY ["a"]`,
	`EXPOSE [80]`, `WORKDIR [x]`, `COPY --from=[x] a b`, `VOLUME ["/a", "/b"]`, `ENTRYPOINT ["a", "b c"]`, `CMD ["a"`,
	"FROM alpine", "FROM alpine AS build", "from\talpine\t as  b ", "FROM --platform=linux/amd64 alpine", "FROM --platform=x",
	"FROM", "FROM   ", "COPY a b", "COPY --from=build --chown=1:1 /a /b", "COPY -- --x y", "COPY --link -- a b", "COPY --",
	"COPY a", "ADD https://x/y /z", "VOLUME /a /b", "VOLUME", "EXPOSE 80 443/tcp", "EXPOSE", "WORKDIR /app", "WORKDIR /a  b ",
	"WORKDIR", "USER 1000:1000", "USER a b", "MAINTAINER Jane Doe <jane@example.com>", "STOPSIGNAL SIGTERM",
	"ENV A=b", "ENV A=b C=d", "ENV A b c  d", "ENV A", "ENV A=b C", "ENV =x", "ENV A= B=", "ENV A=b=c", "ENV",
	"LABEL a=b c=d", "LABEL a b", "LABEL a", "LABEL color=#fff", "ARG A", "ARG A=b C", "ARG", "ARG A=", "ARG --x A",
	"RUN --mount=type=cache,target=/root/.cache pip install x", "RUN --network=none make", "RUN --", "RUN -- -x",
	"RUN ---x y", "RUN --a --b", "CMD --x", "SHELL /bin/sh -c", "ENTRYPOINT --x y", "HEALTHCHECK NONE",
	"ONBUILD RUN x", "FOO bar", "ENV A=\"b c\"", "ENV A=b\\ c", "COPY [\"a\", \"b\"]", "RUN cat <<EOF",
	"EXPOSE 80\v", "ENV A=\xc3\xa9", "COPY a\u00a0b c", "RUN --mount=a\tb", "Copy a b", "cOpY --FROM=x a b",
	"FROM a # not a comment", "ENV A=b # c", "RUN --mount=x <<", "COPY a b   ", "ENV A b\t ",
	"ENV A=\"b c\" D='e f'", "ENV A \"b c\"", "ENV \"A B\"=c", "ENV \"A B\" c", "ENV A=\"open", "ENV A=\"x\"y\"z w\"",
	"LABEL \"a=b\" c", "LABEL a=\"\"", "LABEL a='it''s'", "ARG A=\"x y\" B", "ARG \"A", "ENV 'A=b' c=d", "ENV A= \"b\"",
	"COPY \"a b\" c", "WORKDIR \"/a b\"", "RUN --mount=\"type=cache\" x", "RUN --x='y z' a", "COPY --from=\"b\" a c",
	"FROM \"alpine\"", "EXPOSE \"80\"", "USER 'a'", "CMD \"x\"", "ENV A=\"b\"\tC='d'",
}

// TestSimpleNodeBuildKit holds simpleNode to BuildKit's parser: over
// every instruction of the corpus and the lines above, any node it builds
// is the one BuildKit's parser gives for the same text.
func TestSimpleNodeBuildKit(t *testing.T) {
	texts := instructionTexts(t, simpleNodeLines)
	built, accepted := 0, 0
	for text := range texts {
		if n := simpleNode(text); n != nil {
			built++
			if simpleAccepted(n) {
				accepted++
			}
			checkSimpleNode(t, text, n)
		}
	}
	if accepted < built/4 {
		t.Errorf("simpleAccepted took %d of %d nodes: too few to matter", accepted, built)
	}
	if built < len(texts)/3 {
		t.Errorf("simpleNode built %d of %d nodes: it takes too little to matter", built, len(texts))
	}
	for _, l := range []string{"FROM alpine", "ENV A=b C=d", "COPY --from=b a b", "RUN --network=none x"} {
		if simpleNode(l) == nil {
			t.Errorf("simpleNode(%q) is nil", l)
		}
	}
}

// checkSimpleNode compares n with BuildKit's parse of text.
func checkSimpleNode(t *testing.T, text string, n *parser.Node) {
	t.Helper()
	res, err := parser.Parse(strings.NewReader(text + "\n"))
	if err != nil {
		t.Errorf("%q: simpleNode built a node, BuildKit's parser says %v", text, err)
		return
	}
	if len(res.AST.Children) != 1 {
		t.Errorf("%q: BuildKit's parser gives %d instructions", text, len(res.AST.Children))
		return
	}
	if simpleAccepted(n) {
		if _, err := command(n); err != nil {
			t.Errorf("%q: simpleAccepted, BuildKit's instruction parser says %v", text, err)
		}
	}
	if want := res.AST.Children[0]; !reflect.DeepEqual(n, want) {
		t.Errorf("%q:\nsimpleNode %s\nBuildKit   %s", text, nodeFields(n), nodeFields(want))
	}
}

// nodeFields shows every field of a node list.
func nodeFields(n *parser.Node) string {
	var b strings.Builder
	for ; n != nil; n = n.Next {
		c := *n
		c.Next = nil
		fmt.Fprintf(&b, "%+v (flags nil: %v) -> ", c, c.Flags == nil)
	}
	return b.String()
}

// FuzzAlwaysAccepted: whatever single instruction BuildKit's parser
// builds a node for, its instruction parser accepts the node when
// alwaysAccepted says it does.
func FuzzAlwaysAccepted(f *testing.F) {
	for _, l := range alwaysAcceptedLines {
		f.Add(l)
	}
	f.Fuzz(func(t *testing.T, text string) {
		res, err := parser.Parse(strings.NewReader(text + "\n"))
		if err != nil || len(res.AST.Children) != 1 {
			return
		}
		n := res.AST.Children[0]
		if !alwaysAccepted(n) {
			return
		}
		if _, err := command(n); err != nil {
			t.Errorf("%q: alwaysAccepted, BuildKit's instruction parser says %v", text, err)
		}
	})
}

// FuzzSimpleNode: whatever line simpleNode builds a node for, BuildKit's
// parser builds the same.
func FuzzSimpleNode(f *testing.F) {
	for _, l := range simpleNodeLines {
		f.Add(l)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if n := simpleNode(text); n != nil {
			checkSimpleNode(t, text, n)
		}
	})
}

// TestAlwaysAccepted: BuildKit's instruction parser accepts every node
// alwaysAccepted takes, over the corpus's instructions (as BuildKit's
// parser and simpleNode build them) and lines at the edges; and
// alwaysAccepted takes enough of them to matter.
func TestAlwaysAccepted(t *testing.T) {
	texts := instructionTexts(t, alwaysAcceptedLines)
	taken, refused := 0, 0
	for text := range texts {
		res, err := parser.Parse(strings.NewReader(text + "\n"))
		if err != nil || len(res.AST.Children) != 1 {
			continue
		}
		nodes := []*parser.Node{res.AST.Children[0]}
		if n := simpleNode(text); n != nil {
			nodes = append(nodes, n)
		}
		for _, n := range nodes {
			_, err := command(n)
			if err != nil {
				refused++
			}
			if alwaysAccepted(n) {
				taken++
				if err != nil {
					t.Errorf("%q: alwaysAccepted, BuildKit's instruction parser says %v", text, err)
				}
			}
		}
	}
	if refused == 0 {
		t.Error("no line refused by BuildKit's instruction parser: the edges are missing")
	}
	if taken < len(texts)/5 {
		t.Errorf("alwaysAccepted took %d nodes of %d texts: too few to matter", taken, len(texts))
	}
}

// alwaysAcceptedLines are lines at the edges of alwaysAccepted.
var alwaysAcceptedLines = []string{
	"FROM a", "FROM a AS b", "from a as b", "FROM a As b-1_.x", "FROM a AS B", "FROM a AS 1b",
	"FROM a AS b/c", "FROM a AS -b", "FROM a AS", "FROM a b c", "FROM a AS b c", "FROM",
	"FROM --platform=linux/amd64 a", "FROM --nope a", "FROM a AS é", "FROM a AS b\\\n c",
	"ARG", "ARG a", "ARG a=1 b", "ARG =1", "ARG a =1", "ARG a= b", "ARG \"=x\"", "ARG --x a",
	"RUN", "RUN x", "RUN --network=nope x", "RUN --security=nope x", "RUN --mount=type=nope x",
	"RUN --device=x x", "RUN []", "RUN [\"a\"]", "CMD", "CMD []", "ENTRYPOINT", "ENTRYPOINT []",
	"CMD --x a", "ENTRYPOINT --x a", "RUN <<EOF\nx\nEOF", "ONBUILD RUN x", "ONBUILD FROM a",
}

// TestFromBase: FromBase gives the base image of BuildKit's Stage for every
// FROM of the corpus and of the edge lines it takes, and declines the rest.
func TestFromBase(t *testing.T) {
	var srcs [][]byte
	for _, l := range alwaysAcceptedLines {
		srcs = append(srcs, []byte(l+"\n"))
	}
	for _, src := range corpus.Sources(t) {
		srcs = append(srcs, src)
	}
	taken := 0
	for _, src := range srcs {
		for _, ins := range Parse(src).Instructions {
			base, ok := ins.FromBase()
			if !ok {
				continue
			}
			taken++
			cmd, err := ins.Command()
			st, isStage := cmd.(*instructions.Stage)
			if err != nil || !isStage || st.BaseName != base || st.Platform != "" {
				t.Errorf("%q: FromBase %q; BuildKit's parser: %+v, %v", ins.Logical, base, cmd, err)
			}
		}
	}
	if taken == 0 {
		t.Error("FromBase took no FROM")
	}
	for _, l := range []string{"FROM --platform=x a", "FROM a AS 1b", "RUN a", "FROM a b"} {
		if base, ok := Parse([]byte(l + "\n")).Instructions[0].FromBase(); ok {
			t.Errorf("%q: FromBase took it (%q)", l, base)
		}
	}
}

// instructionTexts returns the set of lines and of the logical lines of
// the corpus's instructions.
func instructionTexts(t *testing.T, lines []string) map[string]bool {
	texts := map[string]bool{}
	for _, l := range lines {
		texts[l] = true
	}
	for _, src := range corpus.Sources(t) {
		for _, ins := range Parse(src).Instructions {
			texts[ins.Logical] = true
		}
	}
	return texts
}
