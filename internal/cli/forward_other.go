//go:build !unix

package cli

import (
	"os"
	"os/signal"
)

// execEngine cannot replace the process here: berth-engine runs as a
// child, and berth leaves Ctrl+C, which reaches both, to it, so that the
// exit status is berth-engine's.
func execEngine(path string, argv, environ []string) error {
	signal.Ignore(os.Interrupt)
	return errNoExec
}
