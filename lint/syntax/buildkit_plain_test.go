package syntax

import (
	"strings"
	"testing"

	"github.com/berth-dev/berth/internal/corpus"
)

// TestPlainTextBuildKit holds plainText and simpleNode to BuildKit: a
// file parsed with plain commands kept from BuildKit's parser and simple
// nodes built without it is the same, errors included, as one parsed
// with every instruction handed to it, and every
// plain command BuildKit never saw still gets its node when asked.
func TestPlainTextBuildKit(t *testing.T) {
	srcs := map[string]string{}
	lines := []string{
		"RUN echo hi", "RUN", "RUN   ", "CMD", "ENTRYPOINT", "CMD []", "CMD [\"a\", \"b\"]", "ENTRYPOINT [\"a\",",
		"RUN [", "RUN [\"unterminated", "RUN echo \\\\", "RUN echo \\\"x\\\"", "RUN echo 'a b' # not a comment",
		"RUN echo \t tabs\t", "RUN echo é ü 😀", "RUN echo \xff\xfe", "run lower case", "Cmd Mixed",
		"RUN a && b || c; d | e > f 2>&1", "RUN echo $((1<<2))", "RUN cat <<EOF", "RUN --mount=type=cache,target=/x x",
		"RUN echo ` backtick", "RUN x \\", "CMD [\"a\" \"b\"]", "ENTRYPOINT [ ]", "RUN echo " + strings.Repeat("x", 59990),
		"RUN echo " + strings.Repeat("y", 70000), "RUN echo ${A:-b}", "RUN [\"a\", 1]", "CMD {\"a\": 1}",
	}
	for i, l := range lines {
		srcs["line-"+string(rune('a'+i%26))+strings.Repeat("'", i/26)] = "FROM scratch\n" + l + "\n"
		srcs["bt-"+string(rune('a'+i%26))+strings.Repeat("'", i/26)] = "# escape=`\nFROM scratch\n" + l + "\n"
		srcs["cont-"+string(rune('a'+i%26))+strings.Repeat("'", i/26)] = "FROM scratch\n" + l + " \\\n  more \\\n# c\n  end\n"
	}
	for path, src := range corpus.Sources(t) {
		srcs[path] = string(src)
	}
	SetCacheBytes(0) // every instruction parsed afresh, both ways
	defer SetCacheBytes(4 << 20)
	for name, src := range srcs {
		skipPlain, buildSimple = false, false
		want := dumpFile(Parse([]byte(src)))
		skipPlain, buildSimple = true, true
		f := Parse([]byte(src))
		if got := dumpFile(f); got != want {
			t.Errorf("%s: parsed without BuildKit's parser for plain commands:\n%s\nwith:\n%s", name, got, want)
			continue
		}
		for _, ins := range f.Instructions {
			if ins.lazy && ins.Node() == nil {
				t.Errorf("%s: %q: no node from BuildKit", name, ins.Logical)
			}
			if ins.lazy {
				if _, err := ins.Command(); err != nil {
					t.Errorf("%s: %q: BuildKit's instruction parser says %v", name, ins.Logical, err)
				}
			}
		}
	}
}
