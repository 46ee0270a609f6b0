package rules

// apt and apt-get: their configuration (-o, apt.conf files written by the
// Dockerfile), options that take a value and install subcommands.

import (
	"strings"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/shell"
	"github.com/berth-dev/berth/lint/syntax"
	"github.com/berth-dev/berth/rules/internal/pkgmgr"
)

// aptBool reads one of apt's spellings of a boolean.
func aptBool(v string) (val, ok bool) {
	switch strings.ToLower(strings.Trim(strings.TrimSpace(v), `"';`)) {
	case "1", "yes", "true", "with", "on", "enable":
		return true, true
	case "0", "no", "false", "without", "off", "disable":
		return false, true
	}
	return false, false
}

// aptOption reports the value an apt-get command sets for the
// configuration item key (case-insensitively) with -o key=value.
func aptOption(c *shell.Command, key string) (val, ok bool) {
	for _, o := range optionValues(c, "o", "option") {
		k, v, found := strings.Cut(o, "=")
		if found && strings.EqualFold(strings.TrimSpace(k), key) {
			if b, isBool := aptBool(v); isBool {
				return b, true
			}
		}
	}
	return false, false
}

// aptConfigured reports whether a RUN of the stage chain of ins, before
// ins, writes the apt configuration item key with the value want, as in
// echo 'APT::Get::Assume-Yes "true";' > /etc/apt/apt.conf.d/90yes.
func aptConfigured(doc *lint.Document, ins *syntax.Instruction, key string, want bool) bool {
	first := aptFirstConf(doc, key, want)
	for st := doc.StageOf(ins); st != nil; st = st.BaseStage {
		if off := first[st.Index]; off >= 0 && off < ins.Range.Start {
			return true
		}
		if st.BaseStage != nil && st.BaseStage.Index >= st.Index {
			break
		}
	}
	return false
}

// aptConfKey names, in Document.Memo, the offset of each stage's first RUN
// that writes an apt configuration item (-1: none), so that asking for
// every apt-get costs one pass over the file, not one each.
type aptConfKey struct {
	key  string
	want bool
}

func aptFirstConf(doc *lint.Document, key string, want bool) []int {
	return doc.Memo(aptConfKey{key, want}, func() any {
		first := make([]int, len(doc.Stages))
		for i, st := range doc.Stages {
			first[i] = -1
			for _, in := range st.Instructions {
				if in.Cmd != "run" {
					continue
				}
				found := writesAptConf(in.Rest.Value, key, want)
				for _, h := range in.Heredocs {
					found = found || writesAptConf(h.Content, key, want)
				}
				if found {
					first[i] = in.Range.Start
					break
				}
			}
		}
		return first
	}).([]int)
}

var aptQuoteBlanker = strings.NewReplacer(`"`, " ", `'`, " ", `\`, " ")

// writesAptConf looks in text for `key "value"` with the wanted truth.
func writesAptConf(text, key string, want bool) bool {
	lower := strings.ToLower(text)
	k := strings.ToLower(key)
	for i := 0; ; {
		j := strings.Index(lower[i:], k)
		if j < 0 {
			return false
		}
		i += j + len(k)
		rest := lower[i:]
		if end := strings.IndexAny(rest, ";\n"); end >= 0 {
			rest = rest[:end]
		}
		f := strings.Fields(aptQuoteBlanker.Replace(rest))
		if len(f) == 0 {
			continue
		}
		if b, ok := aptBool(f[0]); ok && b == want {
			return true
		}
	}
}

// aptGetInstalls calls f for every apt-get install of the script that
// really installs: apt-get -s (simulate) only prints what it would do.
func aptGetInstalls(s *lint.Script, f func(c *shell.Command, sub shell.Word, i int)) {
	eachSubcommand(s, "apt-get", pkgmgr.AptGetValued, []string{"install"}, func(c *shell.Command, sub shell.Word, i int) {
		if !c.HasFlag("s", "simulate", "just-print", "dry-run", "recon", "no-act") {
			f(c, sub, i)
		}
	})
}
