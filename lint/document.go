package lint

import (
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/moby/buildkit/frontend/dockerfile/shell"

	"github.com/berth-dev/berth/lint/syntax"
)

// Document is a Dockerfile ready for rules: the parsed file plus its
// stages and variable declarations. It is immutable once built and safe
// for concurrent use.
type Document struct {
	// Path is the file's path as the user named it ("-" for stdin).
	Path string
	// Context is the build context folder, for rules that read it
	// (.dockerignore); empty when unknown.
	Context string
	// LocalImages, when set, answers what the container engine has of the
	// base images. The rules that need it (InvalidBaseImagePlatform) are
	// silent without it: linting never asks a daemon itself.
	LocalImages LocalImages
	File        *syntax.File
	// MetaArgs are the ARG instructions before the first FROM.
	MetaArgs []*syntax.Instruction
	Stages   []*Stage

	// byName lists the named stages under their lower-cased names.
	byName map[string][]*Stage

	scopeOnce sync.Once
	scopeIdx  []map[string][]*Var

	shellOnce sync.Once
	shellIdx  [][]*syntax.Instruction

	memo sync.Map

	shellMu sync.Mutex
	shells  map[shellKey]*Script

	// budget is what is left of the expansion budget (see Expand).
	budget atomic.Int64

	metaOnce sync.Once
	meta     *Env

	metaIdxOnce sync.Once
	metaIdx     map[string][]*Var
}

// LocalImages is what the language server knows of the local container
// engine's images, from its cache.
type LocalImages interface {
	// Platform returns the os/arch[/variant] of the local image ref, and
	// false when the engine does not have it or has not said.
	Platform(ref string) (string, bool)
	// EnginePlatform returns the engine's own os/arch, "" when unknown.
	EnginePlatform() string
}

// Stage is a build stage: a FROM and the instructions up to the next one.
type Stage struct {
	Index int
	// From is the stage's FROM instruction.
	From *syntax.Instruction
	// Name is the stage name after AS ("" when unnamed); NameToken is
	// where it is written.
	Name      string
	NameToken *syntax.Token
	// Image is the base image token as written.
	Image syntax.Token
	// Resolved is Image with ARG references expanded; Unresolved lists the
	// variables that had no value.
	Resolved   string
	Unresolved []string
	// ResolveCut reports that expanding Image reached berth's bound on
	// expansions (see Document.Expand): Resolved is then Image as written,
	// variables and all.
	ResolveCut bool
	// Ref is the parsed form of Resolved.
	Ref syntax.ImageRef
	// BaseStage is the earlier stage named as base image, if any.
	BaseStage *Stage
	// Platform is the --platform flag, if any.
	Platform *syntax.Flag
	// Instructions are the instructions after FROM, in order.
	Instructions []*syntax.Instruction
}

// IsScratch reports whether the stage starts from the empty image.
func (s *Stage) IsScratch() bool { return strings.EqualFold(s.Resolved, "scratch") }

// NewDocument builds a Document from source bytes.
func NewDocument(path string, src []byte) *Document {
	return FromFile(path, syntax.Parse(src))
}

// NewDocumentIncremental builds a Document from source bytes, reusing the
// parsed instructions of prev (an earlier version of the same file, or
// nil) whose text has not changed.
func NewDocumentIncremental(path string, src []byte, prev *Document) *Document {
	var pf *syntax.File
	if prev != nil {
		pf = prev.File
	}
	return FromFile(path, syntax.ParseIncremental(src, pf))
}

// FromFile builds a Document from a parsed file.
func FromFile(path string, f *syntax.File) *Document {
	d := &Document{Path: path, File: f, byName: map[string][]*Stage{}}
	d.budget.Store(expandBudget(len(f.Src)))
	var cur *Stage
	for _, ins := range f.Instructions {
		if ins.Cmd == "from" {
			cur = d.newStage(ins)
			d.Stages = append(d.Stages, cur)
			if cur.Name != "" {
				k := strings.ToLower(cur.Name)
				d.byName[k] = append(d.byName[k], cur)
			}
			continue
		}
		if cur == nil {
			if ins.Cmd == "arg" {
				d.MetaArgs = append(d.MetaArgs, ins)
			}
			continue
		}
		cur.Instructions = append(cur.Instructions, ins)
	}
	return d
}

// Memo returns the value computed for key on this document, computing it
// on first use. Rules use it to share derived data (an index of the file,
// say) between their calls without keeping documents alive elsewhere. key
// must be comparable; use an unexported type to avoid clashes.
func (d *Document) Memo(key any, compute func() any) any {
	if v, ok := d.memo.Load(key); ok {
		return v
	}
	v, _ := d.memo.LoadOrStore(key, compute())
	return v
}

// StageAt returns the last stage whose FROM starts at or before the byte
// offset off, nil before the first FROM.
func (d *Document) StageAt(off int) *Stage {
	i, _ := slices.BinarySearchFunc(d.Stages, off, func(st *Stage, off int) int {
		if st.From.Range.Start <= off {
			return -1
		}
		return 1
	})
	if i == 0 {
		return nil
	}
	return d.Stages[i-1]
}

// StageOf returns the stage an instruction belongs to (a FROM belongs to
// the stage it starts), or nil before the first FROM.
func (d *Document) StageOf(ins *syntax.Instruction) *Stage {
	// The stages and their instructions are in source order, so a search
	// finds it: a map of every instruction cost more than the instruction
	// of a short line.
	st := d.StageAt(ins.Range.Start)
	if st == nil {
		return nil
	}
	if st.From == ins {
		return st
	}
	j, _ := slices.BinarySearchFunc(st.Instructions, ins.Range.Start, func(x *syntax.Instruction, off int) int {
		return x.Range.Start - off
	})
	if j < len(st.Instructions) && st.Instructions[j] == ins {
		return st
	}
	return nil
}

// StageByName finds a stage by name (case-insensitively, as the builder
// does) among the stages before index before; before < 0 means all.
func (d *Document) StageByName(name string, before int) *Stage {
	for _, s := range d.byName[strings.ToLower(name)] {
		if before >= 0 && s.Index >= before {
			break
		}
		return s
	}
	return nil
}

// PredefinedArgs are the build arguments the builder defines on its own.
var PredefinedArgs = []string{
	"BUILDPLATFORM", "BUILDOS", "BUILDARCH", "BUILDVARIANT",
	"TARGETPLATFORM", "TARGETOS", "TARGETARCH", "TARGETVARIANT", "TARGETSTAGE",
	"HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "FTP_PROXY", "ftp_proxy",
	"NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy",
	"BUILDKIT_SYNTAX", "BUILDKIT_INLINE_CACHE", "BUILDKIT_MULTI_PLATFORM",
	"BUILDKIT_SANDBOX_HOSTNAME", "BUILDKIT_CONTEXT_KEEP_GIT_DIR", "SOURCE_DATE_EPOCH",
}

func (d *Document) newStage(ins *syntax.Instruction) *Stage {
	s := &Stage{Index: len(d.Stages), From: ins}
	words := ins.Words()
	if len(words) > 0 {
		s.Image = words[0]
	}
	if len(words) >= 3 && strings.EqualFold(words[1].Value, "as") {
		tok := words[2]
		s.Name, s.NameToken = tok.Value, &tok
	}
	for _, f := range ins.Flags {
		if f.Name == "platform" {
			s.Platform = f
		}
	}
	s.Resolved, s.Unresolved, s.ResolveCut = d.expandMeta(s.Image.Value)
	if s.ResolveCut {
		// Unknown: rules take an image written with variables as such.
		s.Resolved, s.Unresolved = s.Image.Value, nil
	}
	s.Ref = syntax.ParseImageRef(s.Resolved)
	if s.Resolved != "" && !strings.ContainsAny(s.Resolved, "/:@") {
		s.BaseStage = d.StageByName(s.Resolved, -1)
	}
	return s
}

// MetaArg finds the meta ARG declaring name, or nil.
func (d *Document) MetaArg(name string) (*syntax.Instruction, *syntax.KeyValue) {
	if decls := d.metaIndex()[name]; len(decls) > 0 {
		return decls[0].Ins, decls[0].Pair
	}
	return nil, nil
}

// ExpandMeta expands ${VAR} references in s with the meta ARGs' defaults,
// as the builder expands a FROM line. It returns the result and the names
// that had no value. Text that does not expand is returned unchanged.
// Expansions are bounded as Expand says.
func (d *Document) ExpandMeta(s string) (string, []string) {
	res, missing, _ := d.expandMeta(s)
	return res, missing
}

// expandMeta is ExpandMeta that also reports whether the expansion was
// cut.
func (d *Document) expandMeta(s string) (string, []string, bool) {
	if !strings.Contains(s, "$") {
		return s, nil, false
	}
	lex := Lexer(rune(d.File.Escape))
	defer ReleaseLexer(rune(d.File.Escape), lex)
	res, err := d.Expand(lex, s, d.metaValues())
	if err != nil {
		return s, nil, res.Cut
	}
	var missing []string
	for k := range res.Unmatched {
		missing = append(missing, k)
	}
	slices.Sort(missing)
	return res.Result, missing, res.Cut
}

// metaValues returns the meta ARGs' defaults, expanded in order, once per
// document: every FROM line is expanded in them.
func (d *Document) metaValues() *Env {
	d.metaOnce.Do(func() {
		env := NewEnv()
		var lex *shell.Lex // made for the first default
		for _, ins := range d.MetaArgs {
			for _, kv := range ins.Pairs {
				if !kv.HasValue {
					continue
				}
				if lex == nil {
					lex = Lexer(rune(d.File.Escape))
					defer ReleaseLexer(rune(d.File.Escape), lex)
				}
				res, err := d.Expand(lex, kv.Value.Value, env)
				if err != nil {
					continue
				}
				env.setExpanded(kv.Key.Value, res)
			}
		}
		d.meta = env
	})
	return d.meta
}
