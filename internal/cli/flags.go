package cli

import (
	"errors"
	"flag"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/text/language"

	"github.com/berth-dev/berth/lint/i18n"
)

// listFlag is a repeatable flag whose values may also be comma lists:
// --ignore DL3006 --ignore DL3008,DL3009.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }

func (l *listFlag) Set(v string) error {
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			*l = append(*l, s)
		}
	}
	return nil
}

// parseFlags parses args with fs, allowing flags after positional
// arguments (berth lint Dockerfile --no-fail); "--" ends the flags. It
// returns the positional arguments.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, twoDashes(err)
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if consumed := args[:len(args)-len(rest)]; len(consumed) > 0 && consumed[len(consumed)-1] == "--" {
			return append(pos, rest...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// goFlagName finds the flag a message of Go's flag package names, which it
// spells with one dash (-require-label).
var goFlagName = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^(flag provided but not defined: |flag needs an argument: |invalid value "(?:[^"\\]|\\.)*" for flag |invalid boolean value "(?:[^"\\]|\\.)*" for )-([^\s:]{2,})`)
})

// twoDashes rewrites the errors of Go's flag package to spell long flags as
// the help does, with two dashes (--require-label, but -t).
func twoDashes(err error) error {
	msg := err.Error()
	if errors.Is(err, flag.ErrHelp) || !goFlagName().MatchString(msg) {
		return err
	}
	return errors.New(goFlagName().ReplaceAllString(msg, "${1}--${2}"))
}

// sizeFlag is a size in bytes, written as a number with an optional unit:
// 16777216, 16M, 16MiB, 512K, 1G (units are powers of 1024).
type sizeFlag int64

func (s *sizeFlag) String() string { return strconv.FormatInt(int64(*s), 10) }

func (s *sizeFlag) Set(v string) error {
	t := strings.ToUpper(strings.TrimSpace(v))
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		mult   int64
	}{{"KIB", 1 << 10}, {"MIB", 1 << 20}, {"GIB", 1 << 30}, {"KB", 1 << 10}, {"MB", 1 << 20}, {"GB", 1 << 30}, {"K", 1 << 10}, {"M", 1 << 20}, {"G", 1 << 30}, {"B", 1}} {
		if strings.HasSuffix(t, u.suffix) {
			t, mult = strings.TrimSpace(strings.TrimSuffix(t, u.suffix)), u.mult
			break
		}
	}
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil || n <= 0 || n > (1<<62)/mult {
		return errors.New("want a positive size in bytes, or with K, M or G (KiB, MiB, GiB)")
	}
	*s = sizeFlag(n * mult)
	return nil
}

// langFlag is --lang: the language of what berth prints (en or es).
// Without it, the environment's LC_ALL, LC_MESSAGES or LANG decides.
type langFlag struct {
	set bool
	tag language.Tag
}

func (l *langFlag) String() string {
	if !l.set {
		return ""
	}
	return i18n.Code(l.tag)
}

func (l *langFlag) Set(v string) error {
	t, ok := i18n.Parse(v)
	if !ok {
		return fmt.Errorf("unknown language %q: use %s", v, strings.Join(i18n.Supported, " or "))
	}
	l.set, l.tag = true, t
	return nil
}

// lang returns the language chosen by --lang, else by the environment.
func (l *langFlag) lang(e *Env) language.Tag {
	if l.set {
		return l.tag
	}
	return envLang(e)
}

// orArgs is the language of --lang when parsing got that far, else the
// one args ask for (see argsLang): a usage error can stop the parse
// before --lang.
func (l *langFlag) orArgs(e *Env, args []string) language.Tag {
	if l.set {
		return l.tag
	}
	return argsLang(e, args)
}

// argsLang returns the language a command line asks for with --lang
// (before the flags are parsed, for help and errors that come first),
// else the environment's. An unknown value counts as absent.
func argsLang(e *Env, args []string) language.Tag {
	for i, a := range args {
		if a == "--" {
			break
		}
		v, ok := strings.CutPrefix(strings.TrimLeft(a, "-"), "lang=")
		if !ok && strings.TrimLeft(a, "-") == "lang" && strings.HasPrefix(a, "-") && i+1 < len(args) {
			v, ok = args[i+1], true
		}
		if ok && strings.HasPrefix(a, "-") {
			if t, known := i18n.Parse(v); known {
				return t
			}
		}
	}
	return envLang(e)
}

// envLang is the language of the environment (English without one).
func envLang(e *Env) language.Tag {
	if e.Getenv == nil {
		return i18n.English
	}
	return i18n.FromEnv(e.Getenv)
}

// usageErrorIn reports a usage error in lang and returns exitError. The
// error's text is translated when the catalogue knows it, Go's flag
// package's own messages included.
func usageErrorIn(e *Env, lang language.Tag, cmd string, err error) int {
	fmt.Fprintf(e.Stderr, "berth %s: %s\n%s\n", cmd, i18n.Text(lang, err.Error()), i18n.Sprintf(lang, "Run 'berth %s --help' for usage.", cmd))
	return exitError
}
