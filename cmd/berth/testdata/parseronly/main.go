// Command parseronly is the least a Dockerfile linter built on BuildKit's
// parser links: the parser and its instruction parser, and nothing else.
// BenchmarkStartup times it beside berth and a hello-world, so that the
// start-up the fixed choice of parser costs is seen apart from berth's own.
package main

import (
	"os"

	_ "github.com/moby/buildkit/frontend/dockerfile/instructions"
	_ "github.com/moby/buildkit/frontend/dockerfile/parser"
)

func main() { os.Stdout.WriteString("hello\n") }
