// Command berth-engine is berth with the commands that need the container
// engine or the language server: berth lsp and berth pin run here, berth
// handing them over with the same arguments. It answers every other
// command as berth does ("berth-engine lint" lints), so that editors may
// run "berth-engine lsp" themselves.
//
// berth does not link these packages (the Docker client, BuildKit's
// session, gRPC, protobuf, OpenTelemetry, the language server) because
// Go runs the init of every linked package at each start: about 1 ms of
// each "berth lint". Install both into the same folder:
//
//	go install github.com/berth-dev/berth/cmd/...@latest
package main

import (
	"github.com/berth-dev/berth/internal/cli"
	"github.com/berth-dev/berth/internal/cli/enginecmd"
)

// version is berth's version, set at build time with
// -ldflags "-X main.version=v1.2.3", as berth's; when empty it comes from
// the module's build information.
var version string

func main() {
	enginecmd.Register()
	cli.Main(version)
}
