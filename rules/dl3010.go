package rules

import (
	"strings"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/shell"
	"github.com/berth-dev/berth/lint/syntax"
)

// DL3010 reports a COPY of a local tar archive that a later RUN of the
// stage unpacks: ADD would do it in one layer.
var DL3010 = &lint.Rule{
	Code:     "DL3010",
	Name:     "copy-then-extract",
	Title:    "Use ADD to extract local archives",
	Severity: lint.Info,
	Fix:      lint.NoFix,
	Check:    checkCopyExtract,
}

// archiveExts are the suffixes of the tar archives ADD unpacks.
var archiveExts = []string{".tar", ".Z", ".bz2", ".gz", ".lz", ".lzma", ".tZ", ".tb2", ".tbz", ".tbz2", ".tgz", ".tlz", ".tpz", ".txz", ".xz"}

// unpackers are the commands that unpack a single compressed file.
var unpackers = []string{"gunzip", "bunzip2", "unlzma", "unxz", "zgz", "uncompress", "zcat", "gzcat", "xz", "gzip", "bzip2"}

func isArchive(name string) bool {
	for _, e := range archiveExts {
		if strings.HasSuffix(name, e) && len(name) > len(e) {
			return true
		}
	}
	return false
}

// isTarball reports whether a file name is that of a (compressed) tar
// archive, as opposed to a single compressed file such as data.csv.gz.
func isTarball(name string) bool {
	if strings.Contains(name, ".tar") {
		return true
	}
	for _, e := range [...]string{".tgz", ".tbz", ".tbz2", ".tb2", ".txz", ".tlz", ".tpz", ".tZ"} {
		if strings.HasSuffix(name, e) {
			return true
		}
	}
	return false
}

// archiveBase returns the last element of a path, for / and \ separators.
func archiveBase(p string) string {
	p = strings.TrimRight(p, `/\`)
	return p[strings.LastIndexAny(p, `/\`)+1:]
}

// copiedSource is an archive a COPY put in the image.
type copiedSource struct {
	ins  *syntax.Instruction
	tok  syntax.Token
	name string // base name inside the image
}

func checkCopyExtract(p *lint.Pass) {
	esc := p.Doc.File.Escape
	var ships []bool
	for _, st := range p.Doc.Stages {
		var copied []copiedSource
		var reported map[*syntax.Instruction]bool
		for _, ins := range st.Instructions {
			switch ins.Cmd {
			case "copy":
				if ins.Flag("from") != nil || len(ins.Heredocs) > 0 {
					continue
				}
				args := copyArgs(ins)
				if len(args) < 2 {
					continue
				}
				dest, _ := copyArgLiteral(ins, args[len(args)-1], esc)
				for _, src := range args[:len(args)-1] {
					v, ok := copyArgLiteral(ins, src, esc)
					if !ok || strings.ContainsAny(v, "*?[") {
						continue
					}
					name := archiveBase(v)
					if len(args) == 2 && isArchive(archiveBase(dest)) && !strings.HasSuffix(dest, "/") {
						name = archiveBase(dest)
					}
					if isArchive(name) {
						copied = append(copied, copiedSource{ins: ins, tok: src, name: name})
					}
				}
			case "run":
				if len(copied) == 0 {
					continue
				}
				s := p.Doc.Script(ins)
				if s == nil {
					continue
				}
				for _, c := range s.Commands {
					u := c.Unwrapped()
					tarOnly := false
					if !u.Is("tar", "bsdtar", "gtar") {
						tarOnly = true // gunzip data.csv.gz: ADD would not unpack it
					}
					if !extractsArchive(u) {
						continue
					}
					for _, a := range u.Args {
						base := archiveBase(a.Value)
						for _, cp := range copied {
							if cp.name != base || reported[cp.ins] || tarOnly && !isTarball(cp.name) {
								continue
							}
							if ships == nil {
								// Which stages ship is asked only of a
								// stage with a finding: most have none.
								ships = stagesShipped(p.Doc)
							}
							if st.Index < len(ships) && !ships[st.Index] {
								continue // the archive never reaches an image
							}
							if reported == nil {
								reported = map[*syntax.Instruction]bool{}
							}
							reported[cp.ins] = true
							line, _ := p.Doc.File.LineCol(s.SrcRange(u.Name.Range).Start)
							p.Reportf(cp.tok.Range, "archive %q is copied, then unpacked by the RUN at line %d: ADD unpacks it in one layer without keeping the archive", cp.name, line)
						}
					}
				}
			}
		}
	}
}

// extractsArchive reports whether c unpacks an archive: tar with -x, --extract
// or --get (or the old form `tar xzf`), without --strip-components or a
// transform that ADD cannot do, or a decompressor.
func extractsArchive(c *shell.Command) bool {
	if c.Is(unpackers...) {
		if c.Is("xz", "gzip", "bzip2") {
			return c.HasFlag("d", "decompress", "uncompress")
		}
		return true
	}
	if !c.Is("tar", "bsdtar", "gtar") {
		return false
	}
	if c.HasFlag("", "strip-components", "transform", "xform", "to-stdout", "to-command", "wildcards") || c.HasFlag("O") {
		return false
	}
	if c.HasFlag("x", "extract", "get") {
		return true
	}
	// Old-style options: `tar xzf file.tgz`.
	if len(c.Args) > 0 {
		v := c.Args[0].Value
		if v != "" && v[0] != '-' && strings.Contains(v, "x") && strings.Trim(v, "xvzfjJpkmowtOBCZ") == "" {
			return true
		}
	}
	return false
}
