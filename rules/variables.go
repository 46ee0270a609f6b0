package rules

// Variables: the environment of a stage's instruction (its ARG and ENV
// with those of its base stages; lint.Document.BuilderMetaEnv gives the
// meta ARGs'), the first reference to each name (syntax.VarRefs finds
// them), and the words of an instruction the builder expands.

import (
	"slices"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/shell"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/syntax"
)

// firstVarRef returns the first reference to name in w that is not a
// fallback one (or any reference when all are), and whether all are
// fallback references.
func firstVarRef(refs []syntax.VarRef, name string) (ref syntax.VarRef, found, onlyFallback bool) {
	onlyFallback = true
	for _, r := range refs {
		if r.Name != name {
			continue
		}
		if !found || (ref.Fallback && !r.Fallback) {
			ref, found = r, true
		}
		if !r.Fallback {
			onlyFallback = false
		}
	}
	return ref, found, onlyFallback && found
}

// firstVarRefs applies firstVarRef to every name of refs at once.
func firstVarRefs(refs []syntax.VarRef) map[string]firstRef {
	out := make(map[string]firstRef)
	for _, r := range refs {
		f, seen := out[r.Name]
		if !seen || (f.Ref.Fallback && !r.Fallback) {
			f.Ref = r
		}
		f.nonFallback = f.nonFallback || !r.Fallback
		out[r.Name] = f
	}
	return out
}

// firstRef is what firstVarRef returns for one name.
type firstRef struct {
	Ref         syntax.VarRef
	nonFallback bool
}

// OnlyFallback reports whether every reference to the name is a fallback
// one.
func (f firstRef) OnlyFallback() bool { return !f.nonFallback }

// varScope resolves the base stage of stages for one document, also when
// the FROM line names it through a variable (FROM base-${TARGETARCH}),
// which BuildKit resolves with the predefined platform arguments.
type varScope struct {
	doc    *lint.Document
	meta   *lint.Env
	bases  map[*lint.Stage]*lint.Stage
	values map[*syntax.KeyValue]string
	depth  int
	// lexers[d] expands at nesting depth d: expanding a word may need the
	// value of a variable, itself expanded while the outer lexer works.
	lexers  []*shell.Lex
	metaLex *shell.Lex
	raw     *shell.Lex
}

// lexer returns the lexer for nesting depth d (0 for the rules).
func (s *varScope) lexer(d int) *shell.Lex {
	for len(s.lexers) <= d {
		s.lexers = append(s.lexers, lint.Lexer(rune(s.doc.File.Escape)))
	}
	return s.lexers[d]
}

// rawLexer returns the lexer BuildKit expands heredoc bodies with.
func (s *varScope) rawLexer() *shell.Lex {
	if s.raw == nil {
		s.raw = lint.Lexer('\\')
		s.raw.SkipProcessQuotes = true
	}
	return s.raw
}

// release hands the scope's lexers back for the next document's checks;
// the scope must not be used after.
func (s *varScope) release() {
	for _, l := range s.lexers {
		lint.ReleaseLexer(rune(s.doc.File.Escape), l)
	}
	if s.metaLex != nil {
		lint.ReleaseLexer(rune(s.doc.File.Escape), s.metaLex)
	}
	if s.raw != nil {
		lint.ReleaseLexer('\\', s.raw)
	}
	s.lexers, s.metaLex, s.raw = nil, nil, nil
}

func newVarScope(doc *lint.Document) *varScope {
	return &varScope{doc: doc}
}

func (s *varScope) metaEnv() *lint.Env {
	if s.meta == nil {
		s.meta, _, _ = s.doc.BuilderMetaEnv()
	}
	return s.meta
}

func (s *varScope) metaLexer() *shell.Lex {
	if s.metaLex == nil {
		s.metaLex = lint.Lexer(rune(s.doc.File.Escape))
	}
	return s.metaLex
}

// value returns the value of a declared variable, expanded as the
// builder expands it.
func (s *varScope) value(v *lint.Var) string {
	switch {
	case v.Pair == nil:
		return ""
	case v.Kind == lint.MetaArgVar || !v.Pair.HasValue:
		val, _ := s.metaEnv().Get(v.Name)
		return val
	}
	return s.declValue(s.doc.StageOf(v.Ins), v.Ins, v.Pair)
}

// declValue expands the value of an ARG or ENV pair in the environment
// its instruction sees.
func (s *varScope) declValue(st *lint.Stage, ins *syntax.Instruction, kv *syntax.KeyValue) string {
	raw := kv.Value.Value
	if !hasDollar(raw) && !strings.ContainsAny(raw, `"'`) && !strings.Contains(raw, string(s.doc.File.Escape)) {
		return raw
	}
	if v, ok := s.values[kv]; ok {
		return v
	}
	if st == nil || s.depth > 20 {
		return lint.Unquote(raw)
	}
	s.depth++
	res, err := s.doc.Expand(s.lexer(s.depth), raw, newStageEnv(s, st, ins))
	v := res.Result
	s.depth--
	if err != nil {
		v = lint.Unquote(raw)
	}
	if s.values == nil {
		s.values = map[*syntax.KeyValue]string{}
	}
	s.values[kv] = v
	return v
}

// base returns the earlier stage st is built on, or nil.
func (s *varScope) base(st *lint.Stage) *lint.Stage {
	if b := st.BaseStage; b != nil {
		if b.Index < st.Index {
			return b
		}
		return nil
	}
	if !hasDollar(st.Image.Value) {
		return nil
	}
	if b, ok := s.bases[st]; ok {
		return b
	}
	var b *lint.Stage
	env := s.metaEnv()
	if res, err := s.doc.Expand(s.metaLexer(), st.Image.Value, env); err == nil && res.Result != "" {
		b = s.doc.StageByName(res.Result, st.Index)
	}
	if s.bases == nil {
		s.bases = map[*lint.Stage]*lint.Stage{}
	}
	s.bases[st] = b
	return b
}

// scopeRootStage returns the first stage of the chain st is built on.
func scopeRootStage(scope *varScope, st *lint.Stage) *lint.Stage {
	if c := scope.chain(st); len(c) > 0 {
		return c[len(c)-1]
	}
	return st
}

// chain returns the base stages of st, nearest first.
func (s *varScope) chain(st *lint.Stage) []*lint.Stage {
	var out []*lint.Stage
	for b := s.base(st); b != nil && len(out) < 100; b = s.base(b) {
		out = append(out, b)
	}
	return out
}

// imageEnvVars lists variables that common base images set with ENV, and
// that berth, which does not pull images, assumes to be defined when a
// stage starts from an image (not scratch). BuildKit's own offline default
// is PATH alone.
var imageEnvVars = map[string]bool{
	"PATH": true, "HOME": true, "HOSTNAME": true, "LANG": true, "LC_ALL": true, "LANGUAGE": true,
	"TZ": true, "SHELL": true, "USER": true, "PWD": true, "TERM": true, "LD_LIBRARY_PATH": true,
	"GOPATH": true, "GOROOT": true, "GOLANG_VERSION": true, "GOTOOLCHAIN": true,
	"JAVA_HOME": true, "JAVA_VERSION": true, "JDK_VERSION": true, "JRE_HOME": true,
	"MAVEN_HOME": true, "MAVEN_CONFIG": true, "MAVEN_VERSION": true, "GRADLE_HOME": true, "GRADLE_VERSION": true,
	"CATALINA_HOME": true, "TOMCAT_VERSION": true, "TOMCAT_MAJOR": true,
	"NODE_VERSION": true, "YARN_VERSION": true, "NPM_CONFIG_PREFIX": true, "NODE_PATH": true,
	"PYTHON_VERSION": true, "PYTHON_PIP_VERSION": true, "PYTHON_SETUPTOOLS_VERSION": true, "PYTHON_SHA256": true,
	"PYTHONPATH": true, "PYTHONUNBUFFERED": true, "PYTHONDONTWRITEBYTECODE": true, "VIRTUAL_ENV": true,
	"PIP_NO_CACHE_DIR": true, "GPG_KEY": true,
	"RUBY_VERSION": true, "RUBY_MAJOR": true, "GEM_HOME": true, "BUNDLE_PATH": true, "BUNDLE_APP_CONFIG": true,
	"BUNDLE_SILENCE_ROOT_WARNING": true,
	"PHP_VERSION":                 true, "PHP_INI_DIR": true, "PHP_EXTRA_CONFIGURE_ARGS": true, "PHPIZE_DEPS": true,
	"PHP_CFLAGS": true, "PHP_CPPFLAGS": true, "PHP_LDFLAGS": true,
	"RUSTUP_HOME": true, "CARGO_HOME": true, "RUST_VERSION": true,
	"DOTNET_VERSION": true, "ASPNET_VERSION": true, "DOTNET_ROOT": true, "DOTNET_SDK_VERSION": true,
	"NGINX_VERSION": true, "NJS_VERSION": true, "HTTPD_PREFIX": true, "HTTPD_VERSION": true,
	"PG_MAJOR": true, "PG_VERSION": true, "PGDATA": true, "MYSQL_MAJOR": true, "MYSQL_VERSION": true,
	"MARIADB_VERSION": true, "MONGO_VERSION": true, "REDIS_VERSION": true,
	"CONDA_DIR": true, "CONDA_PREFIX": true, "MAMBA_ROOT_PREFIX": true,
	"CUDA_VERSION": true, "CUDA_HOME": true, "NVIDIA_VISIBLE_DEVICES": true, "NVIDIA_DRIVER_CAPABILITIES": true,
	"NV_CUDA_LIB_VERSION": true, "CUDNN_VERSION": true, "NV_CUDNN_VERSION": true,
	"APP_ROOT": true, "APP_HOME": true, "HOME_DIR": true, "STI_SCRIPTS_PATH": true, "STI_SCRIPTS_URL": true,
	"APP_UID": true, "NB_UID": true, "NB_GID": true, "NB_USER": true, "ORACLE_HOME": true, "ORACLE_BASE": true,
	"SEL_UID": true, "SEL_GID": true, "SEL_USER": true,
	"JENKINS_HOME": true, "ANDROID_HOME": true, "ANDROID_SDK_ROOT": true,
	"ERLANG_VERSION": true, "OTP_VERSION": true, "ELIXIR_VERSION": true, "HASKELL_VERSION": true,
	"SWIFT_VERSION": true, "JULIA_VERSION": true, "JULIA_PATH": true, "R_VERSION": true,
}

// stageEnv is the environment an instruction of a stage is expanded in,
// as far as berth can know it without pulling images: the stage's ARG and
// ENV before the instruction, those of its base stages, and, unless the
// stage is rooted at scratch, the variables of imageEnvVars.
type stageEnv struct {
	// names: only whether a variable is defined matters, not its value
	// (BR006), which spares expanding the values of declarations.
	names    bool
	scope    *varScope
	doc      *lint.Document
	ins      *syntax.Instruction
	st       *lint.Stage
	bases    []*lint.Stage
	external bool
}

func newStageEnv(scope *varScope, st *lint.Stage, ins *syntax.Instruction) *stageEnv {
	e := &stageEnv{scope: scope, doc: scope.doc, ins: ins, st: st, bases: scope.chain(st)}
	root := st
	if n := len(e.bases); n > 0 {
		root = e.bases[n-1]
	}
	e.external = !root.IsScratch()
	return e
}

func (e *stageEnv) Get(k string) (string, bool) {
	if v := e.doc.Lookup(e.ins, k); v != nil {
		if e.names {
			return "", true
		}
		return e.scope.value(v), true
	}
	if k == "PATH" {
		return "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", true
	}
	// A stage starts with the environment of its base stage, where
	// BuildKit keeps ARG values as well as ENV.
	for _, b := range e.bases {
		for i := len(b.Instructions) - 1; i >= 0; i-- {
			ins := b.Instructions[i]
			if ins.Cmd != "arg" && ins.Cmd != "env" {
				continue
			}
			for j := len(ins.Pairs) - 1; j >= 0; j-- {
				if kv := ins.Pairs[j]; kv.Key.Value == k {
					if e.names {
						return "", true
					}
					if !kv.HasValue {
						v, _ := e.scope.metaEnv().Get(k)
						return v, true
					}
					return e.scope.declValue(b, ins, kv), true
				}
			}
		}
	}
	if e.external && imageEnvVars[k] {
		return "", true
	}
	return "", false
}

// Keys returns the names declared before the instruction, for suggestions.
func (e *stageEnv) Keys() []string {
	keys := []string{"PATH"}
	add := func(st *lint.Stage, before *syntax.Instruction) {
		for _, ins := range st.Instructions {
			if before != nil && ins.Range.Start >= before.Range.Start {
				break
			}
			if ins.Cmd != "arg" && ins.Cmd != "env" {
				continue
			}
			for _, kv := range ins.Pairs {
				if !slices.Contains(keys, kv.Key.Value) {
					keys = append(keys, kv.Key.Value)
				}
			}
		}
	}
	add(e.st, e.ins)
	if e.ins.Cmd == "env" || e.ins.Cmd == "arg" {
		for _, kv := range e.ins.Pairs {
			if !slices.Contains(keys, kv.Key.Value) {
				keys = append(keys, kv.Key.Value)
			}
		}
	}
	for _, b := range e.bases {
		add(b, nil)
	}
	return keys
}

// expandedWord is a piece of an instruction that the builder expands: its text
// and how to map offsets in it to the source.
type expandedWord struct {
	Text string
	// Pos is the logical offset of Text in the instruction; -1 when Text
	// is a heredoc body, at source offset Src.
	Pos int
	Src int
	// Whole is the source range to report when offsets cannot be mapped
	// (JSON elements).
	Whole *syntax.Range
	// Raw words are expanded the way heredoc bodies are.
	Raw bool
}

// sourceRange maps [start, end) of the word to the source.
func (w expandedWord) sourceRange(ins *syntax.Instruction, start, end int) syntax.Range {
	switch {
	case w.Whole != nil:
		return *w.Whole
	case w.Pos < 0:
		return syntax.Range{Start: w.Src + start, End: w.Src + end}
	}
	return ins.SrcRange(w.Pos+start, w.Pos+end)
}

func tokenWord(t syntax.Token) expandedWord { return expandedWord{Text: t.Value, Pos: t.Pos} }

func flagWord(f *syntax.Flag) expandedWord {
	return expandedWord{Text: f.Value, Pos: f.Pos + 3 + len(f.Name)}
}

// instructionArgs returns the arguments of an instruction: JSON elements or words.
func instructionArgs(ins *syntax.Instruction) []expandedWord {
	var out []expandedWord
	if ins.JSON {
		for _, e := range ins.Elems {
			r := e.Range
			out = append(out, expandedWord{Text: e.Value, Pos: e.Pos, Whole: &r})
		}
		return out
	}
	for _, w := range ins.Words() {
		out = append(out, tokenWord(w))
	}
	return out
}

// expandedWords lists what BuildKit expands, and checks for undefined
// variables, in an instruction (ARG defaults included; RUN, CMD and
// ENTRYPOINT text excluded).
func expandedWords(ins *syntax.Instruction) []expandedWord {
	var out []expandedWord
	switch ins.Cmd {
	case "env", "label":
		for _, kv := range ins.Pairs {
			out = append(out, tokenWord(kv.Key))
			if kv.HasValue {
				out = append(out, tokenWord(kv.Value))
			}
		}
	case "arg":
		for _, kv := range ins.Pairs {
			if kv.HasValue {
				out = append(out, tokenWord(kv.Value))
			}
		}
	case "add", "copy":
		for _, name := range []string{"chown", "chmod", "checksum"} {
			if name == "checksum" && ins.Cmd == "copy" {
				continue
			}
			if f := ins.Flag(name); f != nil && f.HasValue {
				out = append(out, flagWord(f))
			}
		}
		out = append(out, instructionArgs(ins)...)
		for _, h := range ins.Heredocs {
			if h.Expand {
				out = append(out, expandedWord{Text: h.Content, Pos: -1, Src: h.Body.Start, Raw: true})
			}
		}
	case "workdir", "user", "stopsignal":
		if ins.Rest.Value != "" {
			out = append(out, tokenWord(ins.Rest))
		}
	case "volume", "expose":
		out = append(out, instructionArgs(ins)...)
	case "run":
		for _, f := range ins.Flags {
			if f.Name == "mount" && f.HasValue {
				out = append(out, flagWord(f))
			}
		}
	}
	return out
}
