package main

import (
	"github.com/berth-dev/berth/lsp"
	"github.com/berth-dev/berth/rules"
)

func init() {
	commands["lsp"] = command{cmdLSP, "run the language server on stdin and stdout"}
}

// cmdLSP runs the language server: "berth lsp [--listen ADDR]".
func cmdLSP(e *env, args []string) int {
	return lsp.Main(args, e.stdin, e.stdout, e.stderr, lsp.Options{Rules: rules.All(), Version: versionString()})
}
