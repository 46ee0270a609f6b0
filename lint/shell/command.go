package shell

import (
	"slices"
	"strings"
)

// Command is one simple command.
type Command struct {
	// Name is the command name as written, wrappers included: for
	// `sudo apt-get install x` it is sudo (see Unwrapped). Leading
	// assignments are in Assigns, not here.
	Name Word
	// Args are the words after the name. Redirections are left out.
	Args []Word
	// Assigns are the NAME=value words before the name, as in
	// `DEBIAN_FRONTEND=noninteractive apt-get install x`.
	Assigns []Word
	// Range spans the command, its assignments and its redirections.
	Range Range
	// InPipeline is set when the command is itself an element of a | or
	// |& pipeline (not of ||).
	InPipeline bool
	// Outer is the `sh -c` (bash -c, ...) command whose string operand
	// holds this command, or nil.
	Outer *Command

	inner *Command // the wrapped command, when Name is a wrapper
}

// Base returns the base name of the command, `apt-get` for
// /usr/bin/apt-get, or "" when the name is not a literal.
func (c *Command) Base() string {
	if !c.Name.Literal {
		return ""
	}
	return baseName(c.Name.Value)
}

// Is reports whether the command's base name is one of names.
func (c *Command) Is(names ...string) bool {
	b := c.Base()
	for _, n := range names {
		if b == n && b != "" {
			return true
		}
	}
	return false
}

// Unwrapped returns the command that c runs once wrappers are looked
// through: sudo, doas, env, nice, nohup, time, timeout, stdbuf, ionice,
// xargs, command, builtin, exec, busybox, eatmydata, fakeroot, gosu,
// su-exec and chroot, with their options, env's NAME=value words and the
// operands that come before the command (timeout's duration, gosu's user).
// For `sudo -E env A=1 apt-get install x` it returns the command named
// apt-get, with Args [install x] and Assigns [A=1]; its Range starts at
// apt-get. It returns c itself when there is nothing to look through.
func (c *Command) Unwrapped() *Command {
	for c.inner != nil {
		c = c.inner
	}
	return c
}

// From returns the command made of Args[i:], as for `python -m pip install`
// where From(1) is `pip install`, or nil when i is out of range. It keeps
// c's assignments, pipeline flag and Outer.
func (c *Command) From(i int) *Command {
	if i < 0 || i >= len(c.Args) {
		return nil
	}
	return &Command{
		Name:       c.Args[i],
		Args:       c.Args[i+1:],
		Assigns:    c.Assigns,
		Range:      Range{c.Args[i].Range.Start, c.Range.End},
		InPipeline: c.InPipeline,
		Outer:      c.Outer,
	}
}

// HasArg reports whether an argument's Value equals one of values, as
// hadolint's cmdHasArgs: `rm -rf /var/lib/apt/lists/*` has the argument
// "/var/lib/apt/lists/*".
func (c *Command) HasArg(values ...string) bool {
	for _, a := range c.Args {
		for _, v := range values {
			if a.Value == v {
				return true
			}
		}
	}
	return false
}

// HasFlag reports whether the command has the option short (a letter, with
// or without its dash, "" for none) or one of the long ones (with or
// without their dashes). c.HasFlag("y", "yes", "assume-yes") matches -y,
// -qy, --yes, --assume-yes and --yes=1. See CountFlag for the details.
func (c *Command) HasFlag(short string, long ...string) bool {
	return c.CountFlag(short, long...) > 0
}

// CountFlag returns how many times the command has the option short or one
// of the long ones: `apt-get -qq` has -q twice. The scan stops at `--`.
//
// A short option matches a letter of a single-dash cluster: -y in -qy and
// -y=x. A cluster holding a character other than a letter or digit is read
// as an option with a glued value, of which only the first letter counts:
// -oAPT::Get=yes has -o alone. A short name of several letters ("nv")
// matches that exact single-dash word (-nv). A long option matches --name
// and --name=value; single-dash long options (-name) are matched with a
// short name of several letters.
func (c *Command) CountFlag(short string, long ...string) int {
	short = strings.TrimPrefix(short, "-")
	n := 0
	for _, a := range c.Args {
		v := a.Value
		if v == "--" {
			break
		}
		if len(v) < 2 || v[0] != '-' {
			continue
		}
		if v[1] == '-' {
			name, _, _ := strings.Cut(v[2:], "=")
			for _, l := range long {
				if name == strings.TrimLeft(l, "-") {
					n++
					break
				}
			}
			continue
		}
		if len(short) > 1 {
			if v[1:] == short {
				n++
			}
			continue
		}
		if len(short) == 1 {
			n += strings.Count(cluster(v), short)
		}
	}
	return n
}

// cluster returns the option letters of the single-dash word v: the
// letters before any '=', or only the first letter when v holds another
// character (a glued value).
func cluster(v string) string {
	v = v[1:]
	if i := strings.IndexByte(v, '='); i >= 0 {
		v = v[:i]
	}
	for i := 0; i < len(v); i++ {
		if !isNameByte(v[i]) || v[i] == '_' {
			return v[:1]
		}
	}
	return v
}

// FlagValue returns the value of the first option short or long (named as
// in HasFlag): the word after -o or --opt, the rest of -oVALUE or the part
// after = in --opt=VALUE or -o=VALUE. A value cut from a word has the
// word's Range and Raw when the word has quotes or escapes.
func (c *Command) FlagValue(short string, long ...string) (Word, bool) {
	short = strings.TrimPrefix(short, "-")
	next := func(i int) (Word, bool) {
		if i+1 < len(c.Args) {
			return c.Args[i+1], true
		}
		return Word{}, false
	}
	for i, a := range c.Args {
		v := a.Value
		if v == "--" {
			break
		}
		if len(v) < 2 || v[0] != '-' {
			continue
		}
		if v[1] == '-' {
			name, _, eq := strings.Cut(v[2:], "=")
			for _, l := range long {
				if name == strings.TrimLeft(l, "-") {
					if eq {
						return subWord(a, 3+len(name)), true
					}
					return next(i)
				}
			}
			continue
		}
		if len(short) > 1 {
			if v[1:] == short {
				return next(i)
			}
			continue
		}
		if short == "" {
			continue
		}
		if j := strings.IndexByte(cluster(v), short[0]); j >= 0 {
			rest := 2 + j
			if rest < len(v) && v[rest] == '=' {
				rest++
			}
			if rest == len(v) {
				return next(i)
			}
			return subWord(a, rest), true
		}
	}
	return Word{}, false
}

// subWord returns the part of w's value from byte i on.
func subWord(w Word, i int) Word {
	if w.Raw == w.Value {
		return Word{Raw: w.Raw[i:], Value: w.Value[i:], Literal: w.Literal, Range: Range{w.Range.Start + i, w.Range.End}}
	}
	return Word{Raw: w.Raw, Value: w.Value[i:], Literal: w.Literal, Range: w.Range}
}

// NonFlagArgs returns the operands: the arguments that are not options and
// not option values. valued names the options that take a value in the
// next word ("o", "-o", "option", "--option", as in HasFlag), so that in
// `apt-get -o Dpkg::Use-Pty=0 install x` the operands are install and x.
// Everything after `--` is an operand, and so is `-`.
func (c *Command) NonFlagArgs(valued ...string) []Word {
	return c.NonFlagArgsAfter(-1, valued...)
}

// NonFlagArgsAfter is NonFlagArgs without the operands up to Args[after]:
// the packages of `apt-get install` after the subcommand at Args[after].
func (c *Command) NonFlagArgsAfter(after int, valued ...string) []Word {
	var out []Word
	c.operands(valued, func(i int) bool {
		if i > after {
			if out == nil {
				out = make([]Word, 0, len(c.Args)-i) // no more are left
			}
			out = append(out, c.Args[i])
		}
		return true
	})
	return out
}

// Subcommand returns the first operand (see NonFlagArgs) and its index in
// Args: install for `apt-get -y install x`.
func (c *Command) Subcommand(valued ...string) (w Word, i int, ok bool) {
	c.operands(valued, func(j int) bool {
		w, i, ok = c.Args[j], j, true
		return false
	})
	return w, i, ok
}

// operands calls yield with the index of each operand until it returns
// false.
func (c *Command) operands(valued []string, yield func(int) bool) {
	for i := 0; i < len(c.Args); i++ {
		v := c.Args[i].Value
		switch {
		case v == "--":
			for i++; i < len(c.Args); i++ {
				if !yield(i) {
					return
				}
			}
			return
		case len(v) < 2 || v[0] != '-':
			if !yield(i) {
				return
			}
		case v[1] == '-':
			if !strings.Contains(v, "=") && takesValue(valued, v[2:], longOpt) {
				i++
			}
		case takesValue(valued, v[1:], dashLongOpt):
			i++
		default:
			cl := v[1:]
			for j := 0; j < len(cl); j++ {
				if takesValue(valued, cl[j:j+1], shortOpt) {
					if j == len(cl)-1 {
						i++ // the value is the next word
					}
					break // the value is the rest of the cluster
				}
			}
		}
	}
}

// Kinds of option names.
const (
	shortOpt    = iota // -o, a letter of a cluster
	longOpt            // --option
	dashLongOpt        // -option
)

// takesValue reports whether the option name of the given kind is in
// valued, whose entries are spelled as in HasFlag: a letter or -letter is
// short, a longer name or --name is long, -name is a single-dash long one.
func takesValue(valued []string, name string, kind int) bool {
	for _, v := range valued {
		n := strings.TrimPrefix(v, "-")
		k := longOpt
		switch {
		case len(n) == 1:
			k = shortOpt
		case strings.HasPrefix(n, "-"):
			n = n[1:]
		case len(n) < len(v):
			k = dashLongOpt
		}
		if n == name && k == kind {
			return true
		}
	}
	return false
}

// SetsPipefail reports whether the command turns pipefail on: `set -o
// pipefail`, `set -euxo pipefail`, or a shell started with it (`bash -o
// pipefail -c ...`).
func (c *Command) SetsPipefail() bool {
	for l := c; l != nil; l = l.inner {
		if _, sh := shells[l.Base()]; !sh && !l.Is("set") {
			continue
		}
		for i, a := range l.Args {
			if a.Value == "pipefail" && i > 0 {
				p := l.Args[i-1].Value
				if len(p) > 1 && p[0] == '-' && p[1] != '-' && p[len(p)-1] == 'o' {
					return true
				}
			}
		}
		return false
	}
	return false
}

// wrapper describes a command that runs the command given as its operands.
type wrapper struct {
	valued   string   // short options taking a value
	long     []string // long options taking a value (in the next word)
	stop     string   // short options after which no command runs
	assigns  bool     // NAME=value words may come before the command
	operands int      // operands before the command
}

var wrappers = map[string]wrapper{
	"sudo":      {valued: "CDghprtTUu", long: []string{"chdir", "close-from", "group", "host", "prompt", "role", "type", "command-timeout", "other-user", "user"}, stop: "eKlVv", assigns: true},
	"doas":      {valued: "Cu", stop: "L"},
	"env":       {valued: "CSu", long: []string{"chdir", "split-string", "unset"}, assigns: true},
	"nice":      {valued: "n", long: []string{"adjustment"}},
	"nohup":     {},
	"time":      {valued: "fo", long: []string{"format", "output"}},
	"timeout":   {valued: "ks", long: []string{"kill-after", "signal"}, operands: 1},
	"stdbuf":    {valued: "eio", long: []string{"error", "input", "output"}},
	"ionice":    {valued: "cn", long: []string{"class", "classdata"}, stop: "pPu"},
	"xargs":     {valued: "adEILnPs", long: []string{"arg-file", "delimiter", "eof", "replace", "max-lines", "max-args", "max-procs", "max-chars", "process-slot-var"}},
	"command":   {stop: "vV"},
	"builtin":   {},
	"exec":      {valued: "a"},
	"busybox":   {},
	"eatmydata": {},
	"fakeroot":  {valued: "ils", long: []string{"lib", "faked"}},
	"gosu":      {operands: 1},
	"su-exec":   {operands: 1},
	"chroot":    {long: []string{"userspec", "groups"}, operands: 1},
}

// unwrap sets c.inner, and so on down, when c's name is a wrapper.
func (c *Command) unwrap() {
	for depth := 0; depth < maxWrappers; depth++ {
		w, ok := wrappers[c.Base()]
		if !ok {
			return
		}
		in := w.command(c)
		if in == nil {
			return
		}
		c.inner, c = in, in
	}
}

// command returns the command that the wrapper command c runs, or nil.
func (w *wrapper) command(c *Command) *Command {
	args := c.Args
	i := 0
options:
	for ; i < len(args); i++ {
		v := args[i].Value
		switch {
		case v == "--":
			i++
			break options
		case v == "-" && c.Base() == "env":
		case len(v) < 2 || v[0] != '-':
			break options
		case v[1] == '-':
			if !strings.Contains(v, "=") && slices.Contains(w.long, v[2:]) {
				i++
			}
		default:
			for j := 1; j < len(v); j++ {
				if strings.IndexByte(w.stop, v[j]) >= 0 {
					return nil
				}
				if strings.IndexByte(w.valued, v[j]) >= 0 {
					if j == len(v)-1 {
						i++
					}
					break
				}
			}
		}
	}
	var assigns []Word
	for w.assigns && i < len(args) && isAssignment(args[i].Raw) {
		assigns = append(assigns, args[i])
		i++
	}
	i += w.operands
	if i >= len(args) {
		return nil
	}
	if len(assigns) > 0 {
		assigns = append(append([]Word(nil), c.Assigns...), assigns...)
	} else {
		assigns = c.Assigns
	}
	return &Command{
		Name:       args[i],
		Args:       args[i+1:],
		Assigns:    assigns,
		Range:      Range{args[i].Range.Start, c.Range.End},
		InPipeline: c.InPipeline,
		Outer:      c.Outer,
	}
}
