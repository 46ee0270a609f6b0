package enginecmd

import (
	"time"

	"github.com/berth-dev/berth/internal/cli"
	"github.com/berth-dev/berth/lsp"
	"github.com/berth-dev/berth/rules"
)

// lspShellCheckQuiet is how long the editor's RUN scripts wait, after the
// last one was queued, before ShellCheck checks them: each keystroke in a
// RUN line queues its script and drops the one before, so that ShellCheck
// runs when typing pauses (the server publishes the lint at once,
// ShellCheck's findings when they come). Checking each keystroke's script
// at once ran one shellcheck process every 50 ms of typing, more than two
// cores could give (typing p50 324 ms, 26 ms without ShellCheck).
const lspShellCheckQuiet = 250 * time.Millisecond

// cmdLSP runs the language server: "berth lsp [--listen ADDR]".
func cmdLSP(e *cli.Env, args []string) int {
	rules.SetShellCheckQuiet(lspShellCheckQuiet)
	return lsp.Main(args, e.Stdin, e.Stdout, e.Stderr, lsp.Options{Rules: rules.All(), Version: cli.VersionString()})
}
