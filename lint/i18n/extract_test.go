package i18n

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// site is one text a rule shows a user, as the English format the
// catalogue keys it by.
type site struct {
	Key  string
	Kind string // "message", "fix" or "title"
	Pos  string
}

// extractor walks the rules package and computes the format of every
// message, fix title and rule title. A literal is itself; fmt.Sprintf
// and Reportf take their format; a + b joins; a local variable stands
// for every value assigned to it in its function; a call of a function
// of the package stands for every string it returns; anything else is a
// %s argument.
type extractor struct {
	fset  *token.FileSet
	funcs map[string]*ast.FuncDecl
	vals  map[string][]ast.Expr // package-level var and const values
	sites []site
}

func extractRules(t testing.TB, dir string) []site {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	x := &extractor{fset: token.NewFileSet(), funcs: map[string]*ast.FuncDecl{}, vals: map[string][]ast.Expr{}}
	var parsed []*ast.File
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		af, err := parser.ParseFile(x.fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		parsed = append(parsed, af)
		for _, d := range af.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Recv == nil {
					x.funcs[d.Name.Name] = d
				}
			case *ast.GenDecl:
				for _, s := range d.Specs {
					if vs, ok := s.(*ast.ValueSpec); ok {
						for i, n := range vs.Names {
							if i < len(vs.Values) {
								x.vals[n.Name] = append(x.vals[n.Name], vs.Values[i])
							}
						}
					}
				}
			}
		}
	}
	for _, af := range parsed {
		x.file(af)
	}
	sort.Slice(x.sites, func(i, j int) bool { return x.sites[i].Pos < x.sites[j].Pos })
	return x.sites
}

func (x *extractor) file(af *ast.File) {
	var fn *ast.FuncDecl
	var visit func(n ast.Node) bool
	visit = func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncDecl:
			fn = n
		case *ast.CompositeLit:
			kind := compositeKind(n.Type)
			if kind == "" {
				return true
			}
			elts := n.Elts
			if _, ok := n.Type.(*ast.ArrayType); ok {
				elts = nil
				for _, e := range n.Elts {
					if c, ok := e.(*ast.CompositeLit); ok && c.Type == nil {
						elts = append(elts, c.Elts...)
					}
				}
			}
			for _, e := range elts {
				kv, ok := e.(*ast.KeyValueExpr)
				if !ok {
					continue
				}
				k, _ := kv.Key.(*ast.Ident)
				if k == nil {
					continue
				}
				switch {
				case kind == "Diagnostic" && k.Name == "Message":
					x.add("message", kv.Value, fn)
				case kind == "Fix" && k.Name == "Title":
					x.add("fix", kv.Value, fn)
				case kind == "Rule" && k.Name == "Title":
					x.add("title", kv.Value, fn)
				}
			}
		case *ast.CallExpr:
			// Pass.Reportf(range, format, args...), and BR030's
			// bfCheck.report of the same shape.
			if sel, ok := n.Fun.(*ast.SelectorExpr); ok && (sel.Sel.Name == "Reportf" || sel.Sel.Name == "report") && len(n.Args) >= 2 {
				x.addFormat("message", n.Args[1], fn)
			}
		case *ast.AssignStmt:
			// d.Message = ..., f.Title = ...
			for i, l := range n.Lhs {
				sel, ok := l.(*ast.SelectorExpr)
				if !ok || i >= len(n.Rhs) {
					continue
				}
				switch sel.Sel.Name {
				case "Message":
					x.add("message", n.Rhs[i], fn)
				}
			}
		}
		return true
	}
	ast.Inspect(af, visit)
}

// compositeKind names the lint type a composite literal builds, or "".
func compositeKind(t ast.Expr) string {
	switch t := t.(type) {
	case *ast.SelectorExpr:
		if id, ok := t.X.(*ast.Ident); ok && id.Name == "lint" {
			switch t.Sel.Name {
			case "Diagnostic", "Fix", "Rule":
				return t.Sel.Name
			}
		}
	case *ast.ArrayType:
		return compositeKind(t.Elt)
	case nil:
		return "" // elided type: handled through the outer literal
	}
	return ""
}

func (x *extractor) add(kind string, e ast.Expr, fn *ast.FuncDecl) {
	for _, k := range x.formats(e, fn, 0) {
		x.sites = append(x.sites, site{Key: k, Kind: kind, Pos: x.fset.Position(e.Pos()).String()})
	}
}

func (x *extractor) addFormat(kind string, e ast.Expr, fn *ast.FuncDecl) {
	for _, k := range literalOnly(e, x.formats(e, fn, 0)) {
		x.sites = append(x.sites, site{Key: k, Kind: kind, Pos: x.fset.Position(e.Pos()).String()})
	}
}

// formats returns the formats an expression may have.
func (x *extractor) formats(e ast.Expr, fn *ast.FuncDecl, depth int) []string {
	if depth > 6 {
		return []string{"%s"}
	}
	switch e := e.(type) {
	case *ast.ParenExpr:
		return x.formats(e.X, fn, depth)
	case *ast.BasicLit:
		if e.Kind == token.STRING {
			s, _ := strconv.Unquote(e.Value)
			return []string{strings.ReplaceAll(s, "%", "%%")}
		}
	case *ast.BinaryExpr:
		if e.Op == token.ADD {
			var out []string
			for _, a := range x.formats(e.X, fn, depth+1) {
				for _, b := range x.formats(e.Y, fn, depth+1) {
					out = append(out, a+b)
				}
			}
			return out
		}
	case *ast.CallExpr:
		if sel, ok := e.Fun.(*ast.SelectorExpr); ok {
			if id, ok := sel.X.(*ast.Ident); ok && id.Name == "fmt" && (sel.Sel.Name == "Sprintf" || sel.Sel.Name == "Errorf") && len(e.Args) > 0 {
				var out []string
				for _, f := range x.formats(e.Args[0], fn, depth+1) {
					out = append(out, strings.ReplaceAll(f, "%%", "%%"))
				}
				return literalOnly(e.Args[0], out)
			}
		}
		if id, ok := e.Fun.(*ast.Ident); ok {
			if fd := x.funcs[id.Name]; fd != nil && returnsString(fd) {
				var out []string
				ast.Inspect(fd.Body, func(n ast.Node) bool {
					if _, ok := n.(*ast.FuncLit); ok {
						return false
					}
					if r, ok := n.(*ast.ReturnStmt); ok && len(r.Results) == 1 {
						out = append(out, x.formats(r.Results[0], fd, depth+1)...)
					}
					return true
				})
				if len(out) > 0 {
					return dedup(out)
				}
			}
		}
	case *ast.Ident:
		if fn != nil {
			var out []string
			ast.Inspect(fn.Body, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.AssignStmt:
					for i, l := range n.Lhs {
						if id, ok := l.(*ast.Ident); ok && id.Name == e.Name && len(n.Lhs) == len(n.Rhs) {
							if n.Tok == token.ADD_ASSIGN || mentions(n.Rhs[i], e.Name) {
								continue // x = prefix + x: the prefix is a message of its own
							}
							out = append(out, x.formats(n.Rhs[i], fn, depth+1)...)
						}
					}
				case *ast.ValueSpec:
					for i, id := range n.Names {
						if id.Name == e.Name && i < len(n.Values) {
							out = append(out, x.formats(n.Values[i], fn, depth+1)...)
						}
					}
				}
				return true
			})
			if len(out) > 0 {
				return dedup(out)
			}
		}
		if vs := x.vals[e.Name]; len(vs) > 0 {
			var out []string
			for _, v := range vs {
				out = append(out, x.formats(v, nil, depth+1)...)
			}
			return dedup(out)
		}
	}
	return []string{"%s"}
}

// literalOnly keeps fmt.Sprintf formats: its format is a format already,
// so the escaping of % that formats adds to literals is undone.
func literalOnly(arg ast.Expr, fs []string) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = strings.ReplaceAll(f, "%%", "%")
	}
	return out
}

// mentions reports whether e uses the identifier name.
func mentions(e ast.Expr, name string) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && id.Name == name {
			found = true
		}
		return !found
	})
	return found
}

func returnsString(fd *ast.FuncDecl) bool {
	r := fd.Type.Results
	if r == nil || len(r.List) != 1 {
		return false
	}
	id, ok := r.List[0].Type.(*ast.Ident)
	return ok && id.Name == "string"
}

func dedup(s []string) []string {
	sort.Strings(s)
	out := s[:0]
	for i, v := range s {
		if i == 0 || v != s[i-1] {
			out = append(out, v)
		}
	}
	return out
}

// TestCatalogueComplete fails when a text a rule shows users (a message
// format, a fix title, a rule title) has no Spanish form: a new rule
// without its Spanish text fails CI.
func TestCatalogueComplete(t *testing.T) {
	load()
	for _, s := range extractRules(t, "../../rules") {
		if literalLetters(s.Key) < 3 || !hasWord(s.Key) {
			continue // built from pieces at run time: TestFixtureMessagesSpanish covers it
		}
		_, ok := messages[s.Key]
		if !ok {
			_, ok = fragments[s.Key]
		}
		if !ok && Text(Spanish, s.Key) == s.Key {
			t.Errorf("%s: %s %q has no Spanish form in lint/i18n/es.go", s.Pos, s.Kind, s.Key)
		}
	}
}

// hasWord reports whether a format's literal text has a word of three
// letters or more.
func hasWord(f string) bool {
	run := 0
	for _, c := range stripVerbs(f) {
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' {
			if run++; run >= 3 {
				return true
			}
		} else {
			run = 0
		}
	}
	return false
}

func stripVerbs(f string) string {
	var b strings.Builder
	at := 0
	for _, v := range verbs(f) {
		b.WriteString(f[at:v.start] + " ")
		at = v.end
	}
	b.WriteString(f[at:])
	return b.String()
}

// TestSameVerbs checks that every Spanish form has the verbs of its
// English format: the same letters for the same arguments.
func TestSameVerbs(t *testing.T) {
	for _, table := range [][]entry{catalogMessages(), catalogFragments()} {
		seen := map[string]bool{}
		for _, e := range table {
			if seen[e.en] {
				t.Errorf("%q is in the catalogue twice", e.en)
			}
			seen[e.en] = true
			if got, want := verbSet(e.es), verbSet(e.en); got != want {
				t.Errorf("%q: Spanish %q has verbs %s, English %s", e.en, e.es, got, want)
			}
		}
	}
}

func verbSet(f string) string {
	var vs []string
	for _, v := range verbs(f) {
		vs = append(vs, strconv.Itoa(v.arg)+string(v.letter))
	}
	sort.Strings(vs)
	return strings.Join(vs, ",")
}

func TestDumpSites(t *testing.T) {
	if !testing.Verbose() {
		t.Skip("a listing for translators: go test -v -run TestDumpSites")
	}
	for _, s := range extractRules(t, "../../rules") {
		t.Logf("%s\t%s\t%q", s.Pos, s.Kind, s.Key)
	}
}
