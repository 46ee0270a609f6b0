package main

import "testing"

// TestColorOn: NO_COLOR (any value), TERM=dumb, a non-terminal output and
// no-color in a configuration file turn colours off; --color=always and
// FORCE_COLOR turn them on; --color=never and --no-color win over
// FORCE_COLOR (issue 9).
func TestColorOn(t *testing.T) {
	for _, tc := range []struct {
		name    string
		color   colorMode
		noColor bool // --no-color
		fileNo  bool // no-color: true in the configuration
		env     map[string]string
		tty     bool
		want    bool
	}{
		{name: "terminal", color: "auto", tty: true, want: true},
		{name: "pipe", color: "auto", tty: false, want: false},
		{name: "NO_COLOR", color: "auto", tty: true, env: map[string]string{"NO_COLOR": "0"}, want: false},
		{name: "TERM=dumb", color: "auto", tty: true, env: map[string]string{"TERM": "dumb"}, want: false},
		{name: "TERM=xterm", color: "auto", tty: true, env: map[string]string{"TERM": "xterm-256color"}, want: true},
		{name: "FORCE_COLOR", color: "auto", tty: false, env: map[string]string{"FORCE_COLOR": "1"}, want: true},
		{name: "NO_COLOR beats FORCE_COLOR", color: "auto", tty: true, env: map[string]string{"FORCE_COLOR": "1", "NO_COLOR": "1"}, want: false},
		{name: "config no-color", color: "auto", fileNo: true, tty: true, want: false},
		{name: "--no-color", color: "auto", noColor: true, tty: true, env: map[string]string{"FORCE_COLOR": "1"}, want: false},
		{name: "--color=never", color: "never", tty: true, env: map[string]string{"FORCE_COLOR": "1"}, want: false},
		{name: "--color=always", color: "always", tty: false, fileNo: true, env: map[string]string{"NO_COLOR": "1", "TERM": "dumb"}, want: true},
	} {
		e := &env{getenv: func(k string) string { return tc.env[k] }}
		o := &lintOptions{color: tc.color, noColor: tc.noColor}
		if got := o.colorOn(e, &runSettings{noColor: tc.fileNo}, tc.tty); got != tc.want {
			t.Errorf("%s: colorOn = %v, want %v", tc.name, got, tc.want)
		}
	}
}
