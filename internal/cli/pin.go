package cli

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"github.com/rogpeppe/go-internal/diff"
	"golang.org/x/text/language"

	"github.com/berth-dev/berth/internal/safeio"
	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/i18n"
	"github.com/berth-dev/berth/lint/syntax"
)

const pinUsage = `usage: berth pin [--check] [--dry-run] [--host HOST] PATH...

Pins every FROM image to its digest: "FROM image:tag" becomes
"FROM image:tag@sha256:...", keeping the tag, --platform and the AS name.
The digest is the local image's repository digest, pulled first when the
image is missing, so berth pin needs the Docker daemon (or Podman's
service), found as the Docker CLI finds it unless --host names it.

Skipped: scratch, earlier stages used as base images, images already
pinned, and images written with variables (a note says so: pin the ARG's
default instead).

A folder is searched recursively as by berth lint; "-" reads stdin and
prints the pinned file on stdout.

Flags:
      --check      needs no daemon: list the FROMs that are not pinned
                   (file:line:col: message), write nothing, exit 1 if any
      --dry-run    print a unified diff of the pins instead of writing
      --host HOST  the daemon's address (unix:///path, tcp://host:port)
      --lang en|es the language of messages (default: from LC_ALL,
                   LC_MESSAGES or LANG, else English)

Exit status: 0 when all went well (with --check: everything is pinned),
1 when --check finds unpinned FROMs, 2 on a usage or I/O error, a daemon
that cannot be reached, or an image that cannot be pinned.
`

// pinTarget is one FROM that pin can pin.
type pinTarget struct {
	// start and end are the image token's offsets in the source.
	start, end int
	line, col  int
	// image is the token as written; platform the --platform value (""
	// when absent or written with variables).
	image, platform string
}

// pinFile is one input with what pin found in it.
type pinFile struct {
	in      *input
	src     []byte
	targets []pinTarget
	notes   []string
}

// PinImage is an image that pin asks the digest of, for a platform ("":
// the daemon's).
type PinImage struct{ Image, Platform string }

// PinDigest is an image's digest, or why there is none.
type PinDigest struct {
	Digest string
	Err    error
}

// A DigestResolver finds the digest of each image through the container
// engine, at host ("": found as the Docker CLI finds it), pulling the
// images the engine lacks. When the engine cannot be used at all it says
// why on e.Stderr, in lang, and returns false.
type DigestResolver func(e *Env, lang language.Tag, host string, images []PinImage) (map[PinImage]PinDigest, bool)

// Pin returns the pin command, which finds digests with resolve:
// berth-engine registers it with the container engine's resolver
// (internal/cli/enginecmd). berth's has none: it answers --check and the
// help itself (they need no engine) and hands the rest to berth-engine.
func Pin(resolve DigestResolver) func(e *Env, args []string) int {
	return func(e *Env, args []string) int { return cmdPin(e, args, resolve) }
}

// cmdPin pins FROM images to their digests.
func cmdPin(e *Env, args []string, resolve DigestResolver) int {
	fs := flag.NewFlagSet("pin", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	check := fs.Bool("check", false, "")
	dryRun := fs.Bool("dry-run", false, "")
	host := fs.String("host", "", "")
	var langF langFlag
	fs.Var(&langF, "lang", "")
	paths, err := parseFlags(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		io.WriteString(e.Stdout, i18n.Text(argsLang(e, args), pinUsage))
		return exitOK
	}
	if err != nil {
		return usageErrorIn(e, langF.orArgs(e, args), "pin", err)
	}
	lang := langF.lang(e)
	if len(paths) == 0 {
		return usageErrorIn(e, lang, "pin", errors.New("no files: name the Dockerfiles to pin (or - for stdin)"))
	}
	if *check && *dryRun {
		return usageErrorIn(e, lang, "pin", errors.New("--check and --dry-run do not go together"))
	}
	if resolve == nil && !*check {
		// berth itself: finding digests takes berth-engine, which reads
		// the input from the start.
		return forward(e, "pin", args)
	}

	inputs := collectInputsFor(e, "pin", paths, &lintOptions{lang: langFlag{true, lang}})
	var files []*pinFile
	hadError := false
	for _, in := range inputs {
		if in.err != nil {
			fmt.Fprintln(e.Stderr, i18n.Sprintf(lang, "berth pin: %s", in.err.Error()))
			hadError = true
			continue
		}
		src := in.data
		if in.file != "" {
			if src, err = safeio.ReadRegularFile(in.file, safeio.DefaultMaxSize); err != nil {
				fmt.Fprintln(e.Stderr, i18n.Sprintf(lang, "berth pin: reading %s: %s", in.path, err.Error()))
				hadError = true
				continue
			}
		}
		files = append(files, findPinTargets(lang, in, src))
	}

	var out bytes.Buffer
	unpinned := 0
	for _, f := range files {
		for _, n := range f.notes {
			fmt.Fprintln(e.Stderr, n)
		}
		if *check {
			for _, t := range f.targets {
				fmt.Fprintln(&out, i18n.Sprintf(lang, "%s:%d:%d: FROM %s is not pinned to a digest", f.in.path, t.line, t.col, t.image))
				unpinned++
			}
		}
	}
	if *check {
		if _, err := e.Stdout.Write(out.Bytes()); err != nil {
			return writeOut(e, "pin", err)
		}
		switch {
		case hadError:
			return exitError
		case unpinned > 0:
			return exitFindings
		}
		return exitOK
	}

	var images []PinImage
	seen := map[PinImage]bool{}
	for _, f := range files {
		for _, t := range f.targets {
			if k := (PinImage{t.image, t.platform}); !seen[k] {
				seen[k] = true
				images = append(images, k)
			}
		}
	}
	digests := map[PinImage]PinDigest{}
	if len(images) > 0 {
		var ok bool
		if digests, ok = resolve(e, lang, *host, images); !ok {
			return exitError
		}
	}
	for _, f := range files {
		if len(f.targets) == 0 {
			if f.in.file == "" && !*dryRun {
				out.Write(f.src) // stdin: the file as it is
			}
			continue
		}
		pinned, ok := applyPins(e, lang, f, digests)
		hadError = hadError || !ok
		switch {
		case *dryRun:
			name := filepath.ToSlash(f.in.path)
			out.Write(diff.Diff("a/"+name, f.src, "b/"+name, pinned))
		case f.in.file == "":
			out.Write(pinned)
		case !bytes.Equal(pinned, f.src):
			if err := safeio.WriteFileAtomic(f.in.file, pinned, 0o644); err != nil {
				fmt.Fprintln(e.Stderr, i18n.Sprintf(lang, "berth pin: writing %s: %s", f.in.path, err.Error()))
				hadError = true
			}
		}
	}
	if _, err := e.Stdout.Write(out.Bytes()); err != nil {
		return writeOut(e, "pin", err)
	}
	if hadError {
		return exitError
	}
	return exitOK
}

// findPinTargets lists the FROMs of a file that pin can pin, and notes
// the ones it skips for a reason the user should know.
func findPinTargets(lang language.Tag, in *input, src []byte) *pinFile {
	f := &pinFile{in: in, src: src}
	doc := lint.NewDocument(in.path, src)
	for _, st := range doc.Stages {
		tok := st.Image
		if tok.Value == "" || st.IsScratch() || st.BaseStage != nil {
			continue
		}
		line, col := doc.File.LineCol(tok.Range.Start)
		where := fmt.Sprintf("%s:%d:%d", in.path, line, col)
		if strings.Contains(tok.Value, "$") {
			why := "it is written with variables: pin the ARG's default instead"
			if len(st.Unresolved) > 0 {
				why = fmt.Sprintf("it uses %s, which has no default", strings.Join(st.Unresolved, ", "))
			}
			f.notes = append(f.notes, i18n.Sprintf(lang, "%s: note: FROM %s skipped: %s", where, tok.Value, why))
			continue
		}
		if st.Ref.Digest != "" {
			continue
		}
		if _, err := syntax.ParseNormalizedNamed(tok.Value); err != nil {
			f.notes = append(f.notes, i18n.Sprintf(lang, "%s: note: FROM %s skipped: %s", where, tok.Value, "not a valid image reference"))
			continue
		}
		if tok.Range.End > len(src) || string(src[tok.Range.Start:tok.Range.End]) != tok.Value {
			// Split by a line continuation: no single place to write.
			f.notes = append(f.notes, i18n.Sprintf(lang, "%s: note: FROM %s skipped: %s", where, tok.Value, "the image name spans lines"))
			continue
		}
		t := pinTarget{start: tok.Range.Start, end: tok.Range.End, line: line, col: col, image: tok.Value}
		t.platform = st.LiteralPlatform()
		f.targets = append(f.targets, t)
	}
	return f
}

// applyPins writes each target's digest after its image. It reports the
// targets it could not pin on stderr and returns false if there were any.
func applyPins(e *Env, lang language.Tag, f *pinFile, digests map[PinImage]PinDigest) ([]byte, bool) {
	ok := true
	var pins []pinTarget
	for _, t := range f.targets {
		r := digests[PinImage{t.image, t.platform}]
		if r.Err != nil || r.Digest == "" {
			err := r.Err
			if err == nil {
				err = errors.New("no digest")
			}
			fmt.Fprintln(e.Stderr, i18n.Sprintf(lang, "%s:%d:%d: cannot pin %s: %s", f.in.path, t.line, t.col, t.image, err.Error()))
			ok = false
			continue
		}
		t.image += "@" + r.Digest
		pins = append(pins, t)
	}
	out := slices.Clone(f.src)
	for i := len(pins) - 1; i >= 0; i-- { // from the end: offsets stay valid
		t := pins[i]
		out = slices.Insert(out, t.end, []byte(t.image[t.end-t.start:])...)
	}
	return out, ok
}
