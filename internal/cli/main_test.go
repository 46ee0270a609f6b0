package cli

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

// runBerth runs berth in-process and returns its exit code and output.
func runBerth(t *testing.T, vars map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	e := &Env{
		Stdin:  strings.NewReader(""),
		Stdout: &stdout,
		Stderr: &stderr,
		Getenv: func(k string) string {
			if v, ok := vars[k]; ok {
				return v
			}
			return os.Getenv(k)
		},
	}
	code := Run(e, args)
	return code, stdout.String(), stderr.String()
}
