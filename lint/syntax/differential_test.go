package syntax

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/moby/buildkit/frontend/dockerfile/parser"

	"github.com/berth-dev/berth/internal/corpus"
)

// corpusFiles lists the corpus's Dockerfiles (corpus.Files).
func corpusFiles(tb testing.TB) []string { return corpus.Files(tb) }

// dumpNode renders the parts of a node that the split must reproduce.
func dumpNode(n *parser.Node) string {
	var b strings.Builder
	var walk func(n *parser.Node)
	walk = func(n *parser.Node) {
		fmt.Fprintf(&b, "%q flags=%q json=%v orig=%q", n.Value, n.Flags, n.Attributes["json"], n.Original)
		for _, h := range n.Heredocs {
			fmt.Fprintf(&b, " heredoc{%q %q %v %v}", h.Name, h.Content, h.Expand, h.Chomp)
		}
		for a := n.Next; a != nil; a = a.Next {
			fmt.Fprintf(&b, " [%q", a.Value)
			for _, c := range a.Children {
				walk(c)
			}
			b.WriteString("]")
		}
	}
	walk(n)
	return b.String()
}

// TestSplitMatchesBuildKit checks that splitting a file into instructions
// and parsing each on its own gives the AST of BuildKit's whole-file parse,
// on every corpus file that BuildKit parses.
func TestSplitMatchesBuildKit(t *testing.T) {
	if testing.Short() {
		t.Skip("the corpus differential runs without -short")
	}
	files := corpusFiles(t)
	compared := 0
	for _, path := range files {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		res, err := parser.Parse(bytes.NewReader(src))
		if err != nil || res == nil {
			continue
		}
		compared++
		f := Parse(src)
		kids := res.AST.Children
		if len(kids) != len(f.Instructions) {
			t.Errorf("%s: BuildKit has %d instructions, the split %d", path, len(kids), len(f.Instructions))
			continue
		}
		for i, want := range kids {
			ins := f.Instructions[i]
			if ins.Node() == nil {
				t.Errorf("%s:%d: split instruction failed: %v", path, ins.StartLine, ins.Err)
				continue
			}
			if w, g := dumpNode(want), dumpNode(ins.Node()); w != g {
				t.Errorf("%s:%d:\nbuildkit %s\nsplit    %s", path, ins.StartLine, w, g)
			}
			if want.StartLine != ins.StartLine || want.EndLine != ins.EndLine {
				t.Errorf("%s: lines %d-%d, split %d-%d", path, want.StartLine, want.EndLine, ins.StartLine, ins.EndLine)
			}
		}
		if t.Failed() && compared > 50 {
			t.FailNow()
		}
	}
	t.Logf("compared %d of %d files", compared, len(files))
}

func BenchmarkParseCorpus(b *testing.B) {
	var srcs [][]byte
	size := 0
	for _, path := range corpusFiles(b) {
		if strings.Contains(path, "templates/") || strings.Contains(path, "fragments/") {
			continue
		}
		src, _ := os.ReadFile(path)
		srcs = append(srcs, src)
		size += len(src)
	}
	b.SetBytes(int64(size))
	b.ResetTimer()
	for range b.N {
		cache.SetLimit(4 << 20) // start cold, as a new process
		for _, src := range srcs {
			Parse(src)
		}
	}
}

func BenchmarkBuildKitParseCorpus(b *testing.B) {
	var srcs [][]byte
	size := 0
	for _, path := range corpusFiles(b) {
		if strings.Contains(path, "templates/") || strings.Contains(path, "fragments/") {
			continue
		}
		src, _ := os.ReadFile(path)
		srcs = append(srcs, src)
		size += len(src)
	}
	b.SetBytes(int64(size))
	b.ResetTimer()
	for range b.N {
		for _, src := range srcs {
			parser.Parse(bytes.NewReader(src))
		}
	}
}
