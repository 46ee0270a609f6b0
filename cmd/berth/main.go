// Command berth lints Dockerfiles and serves them to editors.
//
//	berth lint [flags] [PATH...|-]   lint Dockerfiles (the default command)
//	berth rules [--format text|json] list the rules
//	berth explain CODE|NAME|ALIAS    show a rule's documentation
//	berth fmt [--check] [--diff] [PATH...|-]  format Dockerfiles
//	berth pin [--check] [--dry-run] PATH...    pin FROM images to digests
//	berth lsp                        serve editors on stdin and stdout
//	berth version                    print the version
//
// berth links only what linting needs, so that it starts fast: lsp and
// pin, which need the container engine's client or the language server,
// run in berth-engine (cmd/berth-engine), installed next to berth, which
// berth hands them to with the same arguments. The code is in
// internal/cli.
//
// Exit status: 0 when nothing reaches the failure threshold, 1 when
// something does, 2 on a usage, configuration or I/O error.
package main

import (
	"github.com/berth-dev/berth/internal/cli"
	// First among berth's imports, initialised before the packages that
	// allocate: maps the heap a short run touches in one system call.
	_ "github.com/berth-dev/berth/internal/warmheap"
)

// version is berth's version, set at build time with
// -ldflags "-X main.version=v1.2.3"; when empty it comes from the module's
// build information.
var version string

func main() { cli.Main(version) }
