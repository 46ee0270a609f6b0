package lsp

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/berth-dev/berth/lint/syntax"
)

// TestFixtures runs the sessions in fixtures/lsp/*.txtar against the real
// server. Each archive holds:
//
//   - in its comment, options as "key: value" lines: "encoding: utf-8"
//     makes the client offer UTF-8 positions, "pull: true" makes it pull
//     diagnostics;
//   - Dockerfiles (named Dockerfile or *.Dockerfile), opened in the
//     editor, with marker comments;
//   - settings.json, sent as initializationOptions (without one,
//     ShellCheck is off);
//   - any other file, written beside the Dockerfiles (.berth.yaml, the
//     expected results named by markers).
//
// A marker is a line "#@KIND args..." and applies to the next instruction
// (the marker lines are removed before the file is opened):
//
//	#@diag CODE "message regexp" [severity=S] [tag=T] [range="text"]
//	#@codeaction "title" WANTFILE    applying it gives file WANTFILE
//	#@nocodeaction "title"           no such action is offered
//	#@fixall WANTFILE                source.fixAll.berth gives WANTFILE
//	#@hover "text" "regexp"          hover on text matches regexp
//
// Every diagnostic must be wanted by a #@diag marker and every marker met.
// Expectations name text, never lines and columns.
func TestFixtures(t *testing.T) {
	files, err := filepath.Glob("../fixtures/lsp/*.txtar")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no fixtures in fixtures/lsp")
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			t.Parallel()
			runFixture(t, file)
		})
	}
}

type marker struct {
	kind string
	args []string
	line int // 0-based line of the target in the cleaned file
	src  string
}

type fixtureDoc struct {
	name    string
	uri     uri.URI
	text    string
	markers []marker
}

func runFixture(t *testing.T, file string) {
	ar, err := txtar.ParseFile(file)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	opts := sessionOptions{rootURI: fileURI(dir)}
	caps := map[string]any{}
	json.Unmarshal([]byte(defaultCaps), &caps)
	// The client resolves fixes' edits lazily, as VS Code does (the other
	// tests' client takes them in the code actions).
	td := caps["textDocument"].(map[string]any)
	td["codeAction"].(map[string]any)["resolveSupport"] = map[string]any{"properties": []string{"edit"}}
	for _, line := range strings.Split(string(ar.Comment), "\n") {
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		switch strings.TrimSpace(k) {
		case "encoding":
			caps["general"] = map[string]any{"positionEncodings": []string{strings.TrimSpace(v), "utf-16"}}
		case "pull":
			if strings.TrimSpace(v) == "true" {
				td := caps["textDocument"].(map[string]any)
				td["diagnostic"] = map[string]any{}
			}
		}
	}
	b, _ := json.Marshal(caps)
	opts.capabilities = string(b)
	pull := strings.Contains(opts.capabilities, `"diagnostic":{`)

	// ShellCheck's findings depend on whether it is installed: sessions
	// run without it unless their settings.json turns it on.
	opts.initOptions = `{"berth": {"shellcheck": false}}`
	files := map[string]string{}
	var docs []*fixtureDoc
	for _, f := range ar.Files {
		files[f.Name] = string(f.Data)
		switch {
		case f.Name == "settings.json":
			opts.initOptions = string(f.Data)
		case f.Name == "Dockerfile" || strings.HasSuffix(f.Name, ".Dockerfile"):
			text, markers := parseMarkers(t, string(f.Data))
			path := filepath.Join(dir, f.Name)
			if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
			docs = append(docs, &fixtureDoc{name: f.Name, uri: fileURI(path), text: text, markers: markers})
		default:
			if err := os.WriteFile(filepath.Join(dir, f.Name), f.Data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	s := newSession(t, opts)
	for _, d := range docs {
		v := s.open(d.uri, d.text)
		var diags []protocol.Diagnostic
		if pull {
			var rep struct {
				Kind  string                `json:"kind"`
				Items []protocol.Diagnostic `json:"items"`
			}
			s.call("textDocument/diagnostic", map[string]any{"textDocument": map[string]any{"uri": d.uri}}, &rep)
			if rep.Kind != "full" {
				t.Fatalf("pulled report kind %q", rep.Kind)
			}
			diags = rep.Items
		} else {
			diags = s.waitDiags(d.uri, v)
		}
		checkDoc(t, s, d, diags, files)
	}
}

var markerRE = regexp.MustCompile(`^\s*#@(\w+)\s*(.*)$`)

// parseMarkers removes marker lines and returns the text and the markers.
func parseMarkers(t *testing.T, src string) (string, []marker) {
	var out []string
	var markers, waiting []marker
	lines := strings.SplitAfter(src, "\n")
	for _, l := range lines {
		if m := markerRE.FindStringSubmatch(strings.TrimRight(l, "\r\n")); m != nil {
			args, err := splitArgs(m[2])
			if err != nil {
				t.Fatalf("marker %q: %v", l, err)
			}
			waiting = append(waiting, marker{kind: m[1], args: args, src: strings.TrimSpace(l)})
			continue
		}
		for _, w := range waiting {
			w.line = len(out)
			markers = append(markers, w)
		}
		waiting = nil
		out = append(out, l)
	}
	if len(waiting) > 0 {
		t.Fatalf("marker %q applies to nothing", waiting[0].src)
	}
	return strings.Join(out, ""), markers
}

// splitArgs splits marker arguments at spaces; double-quoted strings
// (with Go escapes) are one argument, also after "key=".
func splitArgs(s string) ([]string, error) {
	var args []string
	for s = strings.TrimSpace(s); s != ""; s = strings.TrimSpace(s) {
		prefix := ""
		if i := strings.Index(s, `="`); i > 0 && !strings.ContainsAny(s[:i], " \"") {
			prefix, s = s[:i+1], s[i+1:]
		}
		if s[0] == '"' {
			q, err := strconv.QuotedPrefix(s)
			if err != nil {
				return nil, err
			}
			v, _ := strconv.Unquote(q)
			args = append(args, prefix+v)
			s = s[len(q):]
			continue
		}
		n := strings.IndexAny(s, " \t")
		if n < 0 {
			n = len(s)
		}
		args = append(args, prefix+s[:n])
		s = s[n:]
	}
	return args, nil
}

// span returns the lines of the instruction starting on line (0-based),
// or just that line when it starts none.
func span(f *syntax.File, line int) (first, last int) {
	for _, ins := range f.Instructions {
		if ins.StartLine-1 <= line && line <= ins.EndLine-1 {
			return ins.StartLine - 1, ins.EndLine - 1
		}
	}
	return line, line
}

func checkDoc(t *testing.T, s *session, d *fixtureDoc, diags []protocol.Diagnostic, files map[string]string) {
	f := syntax.Parse([]byte(d.text))
	m := NewMapper([]byte(d.text), s.enc)
	used := make([]bool, len(diags))
	onLines := func(first, last int) []protocol.Diagnostic {
		var out []protocol.Diagnostic
		for _, pd := range diags {
			if l := int(pd.Range.Start.Line); first <= l && l <= last {
				out = append(out, pd)
			}
		}
		return out
	}
	for _, mk := range d.markers {
		first, last := span(f, mk.line)
		where := fmt.Sprintf("%s: %s", d.name, mk.src)
		switch mk.kind {
		case "diag":
			if len(mk.args) < 2 {
				t.Errorf("%s: want CODE and a message regexp", where)
				continue
			}
			re, err := regexp.Compile(mk.args[1])
			if err != nil {
				t.Errorf("%s: %v", where, err)
				continue
			}
			ok := false
			for i, pd := range diags {
				l := int(pd.Range.Start.Line)
				if used[i] || l < first || l > last || codeOf(pd.Code) != mk.args[0] || !re.MatchString(messageOf(pd)) {
					continue
				}
				if err := checkDiagOptions(pd, mk.args[2:], d.text, m); err != nil {
					t.Errorf("%s: %v", where, err)
				}
				used[i], ok = true, true
				break
			}
			if !ok {
				t.Errorf("%s: no such diagnostic; got %v", where, diagStrings(onLines(first, last)))
			}
		case "codeaction", "nocodeaction", "fixall":
			ctxDiags := onLines(first, last)
			params := map[string]any{
				"textDocument": map[string]any{"uri": d.uri},
				"range":        protocol.Range{Start: m.Position(f.LineStart(first)), End: m.Position(f.LineStart(last + 1))},
				"context":      map[string]any{"diagnostics": nonNil(ctxDiags)},
			}
			title := ""
			if mk.kind == "fixall" {
				params["context"] = map[string]any{"diagnostics": nonNil(ctxDiags), "only": []string{"source.fixAll"}}
			} else if len(mk.args) > 0 {
				title = mk.args[0]
			}
			var actions []protocol.CodeAction
			s.call("textDocument/codeAction", params, &actions)
			var found *protocol.CodeAction
			var titles []string
			for i, a := range actions {
				titles = append(titles, a.Title)
				if mk.kind == "fixall" && a.Kind != nil && *a.Kind == FixAllKind || a.Title == title && title != "" {
					found = &actions[i]
				}
			}
			if mk.kind == "nocodeaction" {
				if found != nil {
					t.Errorf("%s: offered; want not", where)
				}
				continue
			}
			if found == nil {
				t.Errorf("%s: not offered; got %q", where, titles)
				continue
			}
			wantName := mk.args[len(mk.args)-1]
			want, ok := files[wantName]
			if !ok {
				t.Errorf("%s: no file %q in the archive", where, wantName)
				continue
			}
			if found.Edit == nil && len(found.Data) > 0 {
				// A fix comes without its edit: resolve it, as clients do.
				var resolved protocol.CodeAction
				s.call("codeAction/resolve", found, &resolved)
				found = &resolved
			}
			if found.Edit == nil {
				t.Errorf("%s: action has no edit", where)
				continue
			}
			got := applyEdits(t, d.text, s.enc, found.Edit.Changes[d.uri])
			if got != want {
				t.Errorf("%s: result:\n%s\nwant:\n%s", where, got, want)
			}
		case "hover":
			if len(mk.args) != 2 {
				t.Errorf("%s: want text and regexp", where)
				continue
			}
			lineText := d.text[f.LineStart(first):f.LineStart(last+1)]
			i := strings.Index(lineText, mk.args[0])
			if i < 0 {
				t.Errorf("%s: %q not on the line", where, mk.args[0])
				continue
			}
			var h struct {
				Contents struct {
					Value string `json:"value"`
				} `json:"contents"`
			}
			s.call("textDocument/hover", map[string]any{
				"textDocument": map[string]any{"uri": d.uri},
				"position":     m.Position(f.LineStart(first) + i),
			}, &h)
			if re := regexp.MustCompile(mk.args[1]); !re.MatchString(h.Contents.Value) {
				t.Errorf("%s: hover is %q", where, h.Contents.Value)
			}
		default:
			t.Errorf("%s: unknown marker", where)
		}
	}
	for i, pd := range diags {
		if !used[i] {
			t.Errorf("%s: unexpected diagnostic %s at %q", d.name, diagString(pd), textAt(d.text, m, pd.Range))
		}
	}
}

func nonNil(d []protocol.Diagnostic) []protocol.Diagnostic {
	if d == nil {
		return []protocol.Diagnostic{}
	}
	return d
}

func messageOf(d protocol.Diagnostic) string {
	if m, ok := d.Message.(protocol.String); ok {
		return string(m)
	}
	return ""
}

func diagStrings(ds []protocol.Diagnostic) []string {
	var out []string
	for _, d := range ds {
		out = append(out, diagString(d))
	}
	return out
}

func textAt(text string, m *Mapper, r protocol.Range) string {
	br := m.Offsets(r)
	return text[br.Start:br.End]
}

var severityNames = map[protocol.DiagnosticSeverity]string{
	protocol.DiagnosticSeverityError: "error", protocol.DiagnosticSeverityWarning: "warning",
	protocol.DiagnosticSeverityInformation: "info", protocol.DiagnosticSeverityHint: "hint",
}

var tagNames = map[protocol.DiagnosticTag]string{
	protocol.DiagnosticTagDeprecated: "deprecated", protocol.DiagnosticTagUnnecessary: "unnecessary",
}

// checkDiagOptions checks the key=value options of a #@diag marker, and
// what every berth diagnostic must have.
func checkDiagOptions(pd protocol.Diagnostic, opts []string, text string, m *Mapper) error {
	if src, _ := pd.Source.Get(); src != Source {
		return fmt.Errorf("source %q", src)
	}
	if pd.CodeDescription.Href == "" && codeOf(pd.Code) != "BR900" {
		return fmt.Errorf("no codeDescription.href")
	}
	for _, o := range opts {
		k, v, _ := strings.Cut(o, "=")
		switch k {
		case "severity":
			if got := severityNames[pd.Severity]; got != v {
				return fmt.Errorf("severity %s, want %s", got, v)
			}
		case "tag":
			var tags []string
			for _, tg := range pd.Tags.Slice() {
				tags = append(tags, tagNames[tg])
			}
			if !strings.Contains(strings.Join(tags, ","), v) {
				return fmt.Errorf("tags %v, want %s", tags, v)
			}
		case "range":
			if got := textAt(text, m, pd.Range); got != v {
				return fmt.Errorf("range covers %q, want %q", got, v)
			}
		default:
			return fmt.Errorf("unknown option %q", k)
		}
	}
	return nil
}
