// Package pkgmgr is what rules know of the package managers and download
// tools a RUN calls: the words that tell a RUN may call them (needles for
// a cheap filter before the shell is modelled) and the options that take
// the next word as value, so that operands are told from option values.
package pkgmgr

// AptGetValued are apt-get's options that take the next word as value.
var AptGetValued = []string{"o", "option", "c", "config-file", "t", "target-release", "default-release", "a", "host-architecture"}

// ApkValued are apk's options that take the next word as value.
var ApkValued = []string{"X", "repository", "t", "virtual", "p", "root", "keys-dir", "repositories-file", "arch", "cache-dir", "cache-max-age", "timeout"}

// YumValued are yum's options that take the next word as value.
var YumValued = []string{"c", "config", "d", "debuglevel", "e", "errorlevel", "R", "randomwait", "x", "exclude",
	"installroot", "enablerepo", "disablerepo", "releasever", "setopt", "downloaddir", "destdir", "color",
	"rpmverbosity", "disableplugin", "enableplugin", "repo", "repoid"}

// DnfValued are dnf's options that take the next word as value.
var DnfValued = append([]string{"forcearch", "comment", "advisory", "advisories", "bz", "bzs", "cve", "cves",
	"sec-severity", "secseverity", "repofrompath", "best"}, YumValued...)

// ZypperValued are zypper's options, global and of its package
// commands, that take the next word as value.
var ZypperValued = []string{"R", "root", "c", "config", "D", "reposd-dir", "C", "cache-dir", "raw-cache-dir",
	"solv-cache-dir", "pkg-cache-dir", "userdata", "p", "plus-repo", "plus-content", "installroot",
	"r", "repo", "from", "t", "type", "download"}

// Needles for the rules' eachRunScriptWith: a RUN whose text lacks them cannot match.
var (
	PipNeedles     = []string{"pip"}
	NpmNeedles     = []string{"npm"}
	GemNeedles     = []string{"gem"}
	GoNeedles      = []string{"go"}
	ZypperNeedles  = []string{"zypper"}
	DnfNeedles     = []string{"dnf"}
	UseraddNeedles = []string{"useradd"}
	WgetNeedles    = []string{"wget"}
	YarnNeedles    = []string{"yarn"}
	FetchNeedles   = []string{"curl", "wget"}
)
