// Package enginecmd holds the commands of berth-engine that berth does
// not link: those that need the container engine (package engine: the
// Docker client, BuildKit's session, gRPC) or the language server
// (package lsp). berth forwards them to berth-engine (see
// internal/cli/forward.go); berth-engine registers them before running
// the command line:
//
//	enginecmd.Register()
//	cli.Main(version)
package enginecmd

import "github.com/berth-dev/berth/internal/cli"

// Register replaces cli's forwarders of lsp and pin with the commands.
func Register() {
	cli.Register("lsp", cmdLSP)
	cli.Register("pin", cli.Pin(resolveDigests))
}
