// Package buildref reads two kinds of reference a Dockerfile names the
// way BuildKit reads them: platforms (FROM --platform, containerd's
// platforms.Parse) and git sources (ADD and COPY, BuildKit's
// dfgitutil.ParseGitRef). It gives the same answers as those functions
// (the tests hold it to them, input by input, and fuzz the difference),
// without linking the packages they live in: containerd's platforms
// brings a logger, and dfgitutil an SSH client, whose initialisation
// every run of berth would pay for, whatever it lints.
package buildref

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// Platform is a platform as platforms.Parse reads it, normalized.
type Platform struct {
	OS, Architecture, Variant string
}

// errPlatform is the error ParsePlatform wraps: the specifier is not a
// platform.
var errPlatform = errors.New("invalid platform")

// ParsePlatform reads specifier as containerd's platforms.Parse does on a
// linux/amd64 host: os[(version[+feature]...)][/arch[/variant]], or an OS
// or architecture alone, normalized (aarch64 is arm64, x86_64 amd64,
// macos darwin). The error says why specifier is not a platform.
func ParsePlatform(specifier string) (Platform, error) {
	if strings.Contains(specifier, "*") {
		return Platform{}, fmt.Errorf("%q: wildcards not yet supported: %w", specifier, errPlatform)
	}
	parts := strings.SplitN(specifier, "/", 4)
	name, version, features, ok := splitOS(parts[0])
	if !ok {
		return Platform{}, fmt.Errorf("%q is an invalid OS component of %q: %w", parts[0], specifier, errPlatform)
	}
	var p Platform
	p.OS = normalizeOS(name)
	if strings.Contains(version, "%") {
		if _, err := url.PathUnescape(version); err != nil {
			return Platform{}, fmt.Errorf("%q has an invalid OS version %q: %w", specifier, version, err)
		}
	}
	if features != "" {
		for raw := range strings.SplitSeq(features[1:], "+") {
			if !strings.Contains(raw, "%") {
				continue
			}
			if _, err := url.PathUnescape(raw); err != nil {
				return Platform{}, fmt.Errorf("%q has invalid OS features: invalid os feature %q: %w", specifier, raw, err)
			}
		}
	}
	for _, part := range parts[1:] {
		if part == "" || !allBytes(part, isSpecifierByte) {
			return Platform{}, fmt.Errorf("%q is an invalid component of %q: %w", part, specifier, errPlatform)
		}
	}
	switch len(parts) {
	case 1:
		if isKnownOS(p.OS) {
			p.Architecture = "amd64"
			return p, nil
		}
		p.Architecture, p.Variant = normalizeArch(parts[0], "")
		if p.Architecture == "arm" && p.Variant == "v7" {
			p.Variant = ""
		}
		if isKnownArch(p.Architecture) {
			p.OS = "linux"
			return p, nil
		}
		return Platform{}, fmt.Errorf("%q: unknown operating system or architecture: %w", specifier, errPlatform)
	case 2:
		p.Architecture, p.Variant = normalizeArch(parts[1], "")
		if p.Architecture == "arm" && p.Variant == "v7" {
			p.Variant = ""
		}
		return p, nil
	case 3:
		p.Architecture, p.Variant = normalizeArch(parts[1], parts[2])
		if p.Architecture == "arm64" && p.Variant == "" {
			p.Variant = "v8"
		}
		return p, nil
	}
	return Platform{}, fmt.Errorf("%q: cannot parse platform specifier: %w", specifier, errPlatform)
}

// splitOS splits the OS component of a platform as the pattern
// ^([A-Za-z0-9_-]+)(?:\(([A-Za-z0-9_.%-]*)((?:\+[A-Za-z0-9_.%-]+)*)\))?$
// of platforms.Parse does: the name, the version and the features (each
// with its leading "+") in parentheses; ok is false when s does not match.
func splitOS(s string) (name, version, features string, ok bool) {
	i := 0
	for i < len(s) && isOSNameByte(s[i]) {
		i++
	}
	if i == 0 {
		return "", "", "", false
	}
	name, rest := s[:i], s[i:]
	if rest == "" {
		return name, "", "", true
	}
	if rest[0] != '(' || rest[len(rest)-1] != ')' {
		return "", "", "", false
	}
	inner := rest[1 : len(rest)-1]
	j := 0
	for j < len(inner) && isOSOptionByte(inner[j]) {
		j++
	}
	version, features = inner[:j], inner[j:]
	for k := 0; k < len(features); {
		if features[k] != '+' {
			return "", "", "", false
		}
		k++
		start := k
		for k < len(features) && isOSOptionByte(features[k]) {
			k++
		}
		if k == start {
			return "", "", "", false
		}
	}
	return name, version, features, true
}

func isAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// isOSNameByte: [A-Za-z0-9_-].
func isOSNameByte(c byte) bool { return isAlnum(c) || c == '_' || c == '-' }

// isOSOptionByte: [A-Za-z0-9_.%-].
func isOSOptionByte(c byte) bool { return isOSNameByte(c) || c == '.' || c == '%' }

// isSpecifierByte: [A-Za-z0-9_.-].
func isSpecifierByte(c byte) bool { return isOSNameByte(c) || c == '.' }

// isHostByte: [a-zA-Z0-9-.], an SCP-like address's host.
func isHostByte(c byte) bool { return isAlnum(c) || c == '-' || c == '.' }

// allBytes reports whether every byte of s is one ok accepts (a byte of
// a multi-byte character is none of the classes above).
func allBytes(s string, ok func(byte) bool) bool {
	for i := 0; i < len(s); i++ {
		if !ok(s[i]) {
			return false
		}
	}
	return true
}

func isKnownOS(os string) bool {
	switch os {
	case "aix", "android", "darwin", "dragonfly", "freebsd", "hurd", "illumos", "ios", "js", "linux", "nacl", "netbsd", "openbsd", "plan9", "solaris", "windows", "zos":
		return true
	}
	return false
}

func isKnownArch(arch string) bool {
	switch arch {
	case "386", "amd64", "amd64p32", "arm", "armbe", "arm64", "arm64be", "ppc64", "ppc64le", "loong64", "mips", "mipsle", "mips64", "mips64le", "mips64p32", "mips64p32le", "ppc", "riscv", "riscv64", "s390", "s390x", "sparc", "sparc64", "wasm":
		return true
	}
	return false
}

func normalizeOS(os string) string {
	os = strings.ToLower(os)
	if os == "macos" {
		os = "darwin"
	}
	return os
}

func normalizeArch(arch, variant string) (string, string) {
	arch, variant = strings.ToLower(arch), strings.ToLower(variant)
	switch arch {
	case "i386":
		arch, variant = "386", ""
	case "x86_64", "x86-64", "amd64":
		arch = "amd64"
		if variant == "v1" {
			variant = ""
		}
	case "aarch64", "arm64":
		arch = "arm64"
		switch variant {
		case "8", "v8", "v8.0":
			variant = ""
		case "9", "9.0", "v9.0":
			variant = "v9"
		}
	case "armhf":
		arch, variant = "arm", "v7"
	case "armel":
		arch, variant = "arm", "v6"
	case "arm":
		switch variant {
		case "", "7":
			variant = "v7"
		case "5", "6", "8":
			variant = "v" + variant
		}
	}
	return arch, variant
}
