package cli

import (
	"regexp"
	"strconv"
	"strings"
	"sync"
)

// hadolintVersion is the hadolint release whose command line, formats
// and messages "berth hadolint" reproduces.
const hadolintVersion = "2.15.1"

// hlSeverity is hadolint's severity, ordered as hadolint orders it: a
// finding fails the run when its severity is at most the threshold.
type hlSeverity int

const (
	hlError hlSeverity = iota
	hlWarning
	hlInfo
	hlStyle
	hlIgnore
)

var hlSeverityNames = [...]string{"error", "warning", "info", "style", "ignore"}

func (s hlSeverity) String() string { return hlSeverityNames[s] }

// parseHLSeverity reads a severity as hadolint does: lower case only,
// "none" being "ignore".
func parseHLSeverity(s string) (hlSeverity, bool) {
	switch s {
	case "error":
		return hlError, true
	case "warning":
		return hlWarning, true
	case "info":
		return hlInfo, true
	case "style":
		return hlStyle, true
	case "ignore", "none":
		return hlIgnore, true
	}
	return 0, false
}

// hlRule is what hadolint says of one of its rules: the default severity
// and the exact message.
type hlRule struct {
	sev hlSeverity
	msg string
}

// hlRules are hadolint 2.15.1's rules, with the messages of its source
// (src/Hadolint/Rule/*.hs), not of its README. In the label rules, %s
// stands for the label's name.
var hlRules = map[string]hlRule{
	"DL1001": {hlIgnore, "Please refrain from using inline ignore pragmas  `# hadolint ignore=DLxxxx`."},
	"DL3000": {hlError, "Use absolute WORKDIR"},
	"DL3001": {hlInfo, "For some bash commands it makes no sense running them in a Docker container like `ssh`, `vim`, `shutdown`, `service`, `ps`, `free`, `top`, `kill`, `mount`, `ifconfig`"},
	"DL3002": {hlWarning, "Last USER should not be root"},
	"DL3003": {hlWarning, "Use WORKDIR to switch to a directory"},
	"DL3004": {hlError, "Do not use sudo as it leads to unpredictable behavior. Use a tool like gosu to enforce root"},
	"DL3006": {hlWarning, "Always tag the version of an image explicitly"},
	"DL3007": {hlWarning, "Using latest is prone to errors if the image will ever update. Pin the version explicitly to a release tag"},
	"DL3008": {hlWarning, "Pin versions in apt get install. Instead of `apt-get install <package>` use `apt-get install <package>=<version>`"},
	"DL3009": {hlInfo, "Delete the apt lists (/var/lib/apt/lists) after installing something"},
	"DL3010": {hlInfo, "Use `ADD` for extracting archives into an image"},
	"DL3011": {hlError, "Valid UNIX ports range from 0 to 65535"},
	"DL3012": {hlError, "Multiple `HEALTHCHECK` instructions"},
	"DL3013": {hlWarning, "Pin versions in pip. Instead of `pip install <package>` use `pip install <package>==<version>` or `pip install --requirement <requirements file>`"},
	"DL3014": {hlWarning, "Use the `-y` switch to avoid manual input `apt-get -y install <package>`"},
	"DL3015": {hlInfo, "Avoid additional packages by specifying `--no-install-recommends`"},
	"DL3016": {hlWarning, "Pin versions in npm. Instead of `npm install <package>` use `npm install <package>@<version>`"},
	"DL3018": {hlWarning, "Pin versions in apk add. Instead of `apk add <package>` use `apk add <package>=<version>`"},
	"DL3019": {hlInfo, "Use the `--no-cache` switch to avoid the need to use `--update` and remove `/var/cache/apk/*` when done installing packages"},
	"DL3020": {hlError, "Use COPY instead of ADD for files and folders"},
	"DL3021": {hlError, "COPY with more than 2 arguments requires the last argument to end with /"},
	"DL3022": {hlWarning, "`COPY --from` should reference a previously defined `FROM` alias"},
	"DL3023": {hlError, "`COPY --from` cannot reference its own `FROM` alias"},
	"DL3024": {hlError, "FROM aliases (stage names) must be unique"},
	"DL3025": {hlWarning, "Use arguments JSON notation for CMD and ENTRYPOINT arguments"},
	"DL3026": {hlError, "Use only an allowed registry in the FROM image"},
	"DL3027": {hlWarning, "Do not use apt as it is meant to be an end-user tool, use apt-get or apt-cache instead"},
	"DL3028": {hlWarning, "Pin versions in gem install. Instead of `gem install <gem>` use `gem install <gem>:<version>`"},
	"DL3029": {hlWarning, "Do not use --platform flag with FROM"},
	"DL3030": {hlWarning, "Use the -y switch to avoid manual input `yum install -y <package>`"},
	"DL3032": {hlWarning, "`yum clean all` missing after yum command."},
	"DL3033": {hlWarning, "Specify version with `yum install -y <package>-<version>`."},
	"DL3034": {hlWarning, "Non-interactive switch missing from `zypper` command: `zypper install -y`"},
	"DL3035": {hlWarning, "Do not use `zypper dist-upgrade`."},
	"DL3036": {hlWarning, "`zypper clean` missing after zypper use."},
	"DL3037": {hlWarning, "Specify version with `zypper install -y <package>=<version>`."},
	"DL3038": {hlWarning, "Use the -y switch to avoid manual input `dnf install -y <package>`"},
	"DL3040": {hlWarning, "`dnf clean all` missing after dnf command."},
	"DL3041": {hlWarning, "Specify version with `dnf install -y <package>-<version>`."},
	"DL3042": {hlWarning, "Avoid use of cache directory with pip. Use `pip install --no-cache-dir <package>`"},
	"DL3043": {hlError, "`ONBUILD`, `FROM` or `MAINTAINER` triggered from within `ONBUILD` instruction."},
	"DL3044": {hlError, "Do not refer to an environment variable within the same `ENV` statement where it is defined."},
	"DL3045": {hlWarning, "`COPY` to a relative destination without `WORKDIR` set."},
	"DL3046": {hlWarning, "`useradd` without flag `-l` and high UID will result in excessively large Image."},
	"DL3047": {hlInfo, "Avoid use of wget without progress bar. Use `wget --progress=dot:giga <url>`. Or consider using `-q` or `-nv` (shorthands for `--quiet` or `--no-verbose`)."},
	"DL3048": {hlStyle, "Invalid label key."},
	"DL3049": {hlInfo, "Label `%s` is missing."},
	"DL3050": {hlInfo, "Superfluous label(s) present."},
	"DL3051": {hlWarning, "label `%s` is empty."},
	"DL3052": {hlWarning, "Label `%s` is not a valid URL."},
	"DL3053": {hlWarning, "Label `%s` is not a valid time format - must conform to RFC3339."},
	"DL3054": {hlWarning, "Label `%s` is not a valid SPDX identifier."},
	"DL3055": {hlWarning, "Label `%s` is not a valid git hash."},
	"DL3056": {hlWarning, "Label `%s` does not conform to semantic versioning."},
	"DL3057": {hlIgnore, "`HEALTHCHECK` instruction missing."},
	"DL3058": {hlWarning, "Label `%s` is not a valid email format - must conform to RFC5322."},
	"DL3059": {hlInfo, "Multiple consecutive `RUN` instructions. Consider consolidation."},
	"DL3060": {hlInfo, "`yarn cache clean` missing after `yarn install` was run."},
	"DL3061": {hlError, "Invalid instruction order. Dockerfile must begin with `FROM`, `ARG` or comment."},
	"DL3062": {hlWarning, "Pin versions in go. Instead of `go install <package>` use `go install <package>@<version>`"},
	"DL3063": {hlWarning, "stage name should not be a reserved word"},
	"DL3064": {hlWarning, "Potentially sensitive data should not be used in the `ARG` or `ENV` commands"},
	"DL3065": {hlWarning, "Setting `FROM --platform` to predefined `$TARGETPLATFORM` in is redundant as this is the default behavior"},
	"DL3066": {hlInfo, "Non-numeric user-id may not be resolvable by host system"},
	"DL3067": {hlWarning, "Do not copy an entire filesystem from another stage"},
	"DL4000": {hlError, "MAINTAINER is deprecated"},
	"DL4001": {hlWarning, "Either use Wget or Curl but not both"},
	"DL4003": {hlWarning, "Multiple `CMD` instructions found. If you list more than one `CMD` then only the last `CMD` will take effect"},
	"DL4004": {hlError, "Multiple `ENTRYPOINT` instructions found. If you list more than one `ENTRYPOINT` then only the last `ENTRYPOINT` will take effect"},
	"DL4005": {hlWarning, "Use SHELL to change the default shell"},
	"DL4006": {hlWarning, "Set the SHELL option -o pipefail before RUN with a pipe in it. If you are using /bin/sh in an alpine image or if your shell is symlinked to busybox then consider explicitly setting your SHELL to /bin/ash, or disable this check"},
}

// hlLabelName finds the label a berth label-rule message names (label
// "x").
var hlLabelName = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`label ("(?:[^"\\]|\\.)*")`) })

// hadolintMessage returns hadolint's message for a finding of code that
// berth words as msg.
func hadolintMessage(code, msg string) string {
	r, ok := hlRules[code]
	if !ok {
		return shellCheckMessage(msg)
	}
	if !strings.Contains(r.msg, "%s") {
		return r.msg
	}
	label := ""
	if m := hlLabelName().FindStringSubmatch(msg); m != nil {
		label, _ = strconv.Unquote(m[1])
	}
	return strings.Replace(r.msg, "%s", label, 1)
}

// shellCheckMessage undoes berth's rewording of a ShellCheck message
// (lower-case first word, no final period), giving ShellCheck's own.
func shellCheckMessage(m string) string {
	if m == "" {
		return m
	}
	if c := m[0]; c >= 'a' && c <= 'z' {
		m = string(c-'a'+'A') + m[1:]
	}
	switch m[len(m)-1] {
	case '.', '?', '!', ')', ':':
		return m
	}
	return m + "."
}
