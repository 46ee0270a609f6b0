package cli

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
)

func init() {
	commands["version"] = command{cmdVersionInfo, "print the version and the commit berth was built from"}
}

// cmdVersionInfo prints the version, then what the build information
// says: the module and its version, the VCS commit (and whether the tree
// had changes), the commit's time and the Go toolchain.
//
//	berth v0.2.0
//	module  github.com/berth-dev/berth v0.2.0
//	commit  3c9569d6f1e2... (modified)
//	time    2025-01-02T03:04:05Z
//	go      go1.26.0 linux/amd64
//
// The first line is the one --version prints.
func cmdVersionInfo(e *Env, args []string) int {
	if len(args) > 0 {
		return cmdVersion(e, args)
	}
	info, _ := debug.ReadBuildInfo()
	fmt.Fprint(e.Stdout, versionReport(VersionString(), info))
	return exitOK
}

// versionReport formats cmdVersionInfo's output from the build
// information (nil when there is none).
func versionReport(v string, info *debug.BuildInfo) string {
	var b strings.Builder
	fmt.Fprintf(&b, "berth %s\n", v)
	module, modVersion := "github.com/berth-dev/berth", "(devel)"
	var rev, when, modified string
	goVersion := runtime.Version()
	if info != nil {
		if info.Main.Path != "" {
			module = info.Main.Path
		}
		if info.Main.Version != "" {
			modVersion = info.Main.Version
		}
		if info.GoVersion != "" {
			goVersion = info.GoVersion
		}
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.time":
				when = s.Value
			case "vcs.modified":
				if s.Value == "true" {
					modified = " (modified)"
				}
			}
		}
	}
	if rev == "" {
		rev = "unknown"
	}
	fmt.Fprintf(&b, "module  %s %s\n", module, modVersion)
	fmt.Fprintf(&b, "commit  %s%s\n", rev, modified)
	if when != "" {
		fmt.Fprintf(&b, "time    %s\n", when)
	}
	fmt.Fprintf(&b, "go      %s %s/%s\n", goVersion, runtime.GOOS, runtime.GOARCH)
	return b.String()
}
