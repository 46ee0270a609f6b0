package cli

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/rogpeppe/go-internal/diff"

	"github.com/berth-dev/berth/internal/safeio"
	"github.com/berth-dev/berth/lint/format"
	"github.com/berth-dev/berth/lint/i18n"
)

const fmtUsage = `usage: berth fmt [--check] [--diff] [--max-file-size SIZE] [PATH...|-]

Formats Dockerfiles in place: instruction keywords in upper case,
continuation lines indented by one level (four spaces, or a tab when the
file indents with tabs; deeper levels are kept), no trailing white space,
one final line break. Here-document bodies, parser directives and white
space the builder keeps (inside quotes, legacy "ENV key value") are never
touched: formatting does not change what the Dockerfile builds.

A folder is searched recursively as by berth lint; "-" reads stdin and
prints the formatted file on stdout, as does no PATH when stdin is a pipe
(otherwise the current folder is formatted).

Flags:
      --check   write nothing; list the files that need formatting and
                exit 1 if there are any
      --diff    write nothing; print a unified diff of the changes and
                exit 1 if there are any
      --max-file-size SIZE
                skip files (and stdin) larger than SIZE, in bytes or with
                K, M or G (default 16M); only regular files are read
      --lang en|es
                the language of messages (default: from LC_ALL,
                LC_MESSAGES or LANG, else English)

Files are replaced atomically (a temporary file renamed over them): if
writing fails, the file is left as it was.
`

// cmdFmt formats Dockerfiles.
func cmdFmt(e *Env, args []string) int {
	fs := flag.NewFlagSet("fmt", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	check := fs.Bool("check", false, "")
	showDiff := fs.Bool("diff", false, "")
	maxSize := sizeFlag(safeio.DefaultMaxSize)
	fs.Var(&maxSize, "max-file-size", "")
	var langF langFlag
	fs.Var(&langF, "lang", "")
	paths, err := parseFlags(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		io.WriteString(e.Stdout, i18n.Text(argsLang(e, args), fmtUsage))
		return exitOK
	}
	if err != nil {
		return usageErrorIn(e, langF.orArgs(e, args), "fmt", err)
	}
	lang := langF.lang(e)

	inputs := collectInputsFor(e, "fmt", paths, &lintOptions{maxSize: maxSize, lang: langFlag{true, lang}})
	var out bytes.Buffer
	changed, hadError := false, false
	for _, in := range inputs {
		if in.err != nil {
			fmt.Fprintln(e.Stderr, i18n.Sprintf(lang, "berth fmt: %s", safeio.Printable(in.err.Error())))
			hadError = true
			continue
		}
		src := in.data
		if in.file != "" {
			if src, err = readInput(in.file, int64(maxSize)); err != nil {
				fmt.Fprintln(e.Stderr, i18n.Sprintf(lang, "berth fmt: %s", safeio.Printable(err.Error())))
				hadError = true
				continue
			}
		}
		formatted := format.Source(src)
		differs := !bytes.Equal(src, formatted)
		changed = changed || differs
		switch {
		case *showDiff:
			if differs {
				name := safeio.Printable(filepath.ToSlash(in.path))
				out.Write(diff.Diff("a/"+name, src, "b/"+name, formatted))
			}
		case *check:
			if differs {
				fmt.Fprintln(&out, safeio.Printable(in.path))
			}
		case in.file == "":
			out.Write(formatted)
		case differs:
			if err := safeio.WriteFileAtomic(in.file, formatted, 0o644); err != nil {
				fmt.Fprintln(e.Stderr, i18n.Sprintf(lang, "berth fmt: writing %s", safeio.Printable(err.Error())))
				hadError = true
			}
		}
	}
	if _, err := e.Stdout.Write(out.Bytes()); err != nil {
		return writeOut(e, "fmt", err)
	}
	switch {
	case hadError:
		return exitError
	case changed && (*check || *showDiff):
		return exitFindings
	}
	return exitOK
}

// collectInputsFor is collectInputs for another command than lint (fmt,
// pin): its warnings, which speak as berth lint, name cmd.
func collectInputsFor(e *Env, cmd string, paths []string, o *lintOptions) []*input {
	warn := &renameWriter{w: e.Stderr, from: "berth lint:", to: "berth " + cmd + ":"}
	return collectInputs(&Env{Stdin: e.Stdin, Stdout: e.Stdout, Stderr: warn, StdinPiped: e.StdinPiped}, paths, o)
}

// renameWriter rewrites a prefix in what is written through it.
type renameWriter struct {
	w        io.Writer
	from, to string
}

func (r *renameWriter) Write(p []byte) (int, error) {
	if _, err := io.WriteString(r.w, strings.ReplaceAll(string(p), r.from, r.to)); err != nil {
		return 0, err
	}
	return len(p), nil
}
