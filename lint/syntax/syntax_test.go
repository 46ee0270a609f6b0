package syntax

import (
	"bytes"
	"strings"
	"testing"
)

// checkFile verifies the invariants every parse must keep: ranges inside
// the file and ordered, tokens matching the source they point at.
func checkFile(t *testing.T, src []byte, f *File) {
	t.Helper()
	in := func(r Range, what string) {
		if r.Start < 0 || r.End > len(src) || r.Start > r.End {
			t.Fatalf("%s range %v outside file of %d bytes", what, r, len(src))
		}
	}
	prev := -1
	for _, ins := range f.Instructions {
		in(ins.Range, "instruction")
		if ins.Range.Start < prev {
			t.Fatalf("instructions out of order at %d", ins.Range.Start)
		}
		prev = ins.Range.End
		for i := ins; i != nil; i = i.Sub {
			in(i.Keyword.Range, "keyword")
			in(i.Rest.Range, "rest")
			for _, fl := range i.Flags {
				in(fl.Range, "flag")
				in(fl.NameRange, "flag name")
				in(fl.ValueRange, "flag value")
			}
			for _, w := range append(i.Words(), i.Elems...) {
				in(w.Range, "word")
			}
			for _, kv := range i.Pairs {
				in(kv.Key.Range, "key")
				in(kv.Value.Range, "value")
			}
		}
		for _, h := range ins.Heredocs {
			in(h.Body, "heredoc body")
			in(h.Marker, "heredoc marker")
		}
	}
	for _, c := range f.Comments {
		in(c.Range, "comment")
	}
	for _, e := range f.Errors {
		in(e.Range, "error")
	}
}

func parse(t *testing.T, src string) *File {
	t.Helper()
	f := Parse([]byte(src))
	checkFile(t, []byte(src), f)
	return f
}

func text(f *File, r Range) string { return string(f.Src[r.Start:r.End]) }

func TestTokens(t *testing.T) {
	src := "FROM --platform=$BUILDPLATFORM golang:1.22 AS build\n" +
		"COPY --from=build --chown=app:app [\"/out/app\", \"/usr/bin/\"]\n" +
		"ENV A=1 B=\"two words\"\n" +
		"ENV LEGACY some value\n" +
		"RUN apt-get update \\\n" +
		"  # a comment inside\n" +
		"  && apt-get install -y curl\n"
	f := parse(t, src)
	if len(f.Instructions) != 5 {
		t.Fatalf("got %d instructions", len(f.Instructions))
	}
	from := f.Instructions[0]
	if from.Cmd != "from" || text(f, from.Keyword.Range) != "FROM" {
		t.Errorf("keyword %q", text(f, from.Keyword.Range))
	}
	if len(from.Flags) != 1 || from.Flags[0].Name != "platform" || text(f, from.Flags[0].ValueRange) != "$BUILDPLATFORM" {
		t.Errorf("flags %+v", from.Flags)
	}
	if len(from.Words()) != 3 || text(f, from.Words()[2].Range) != "build" {
		t.Errorf("words %+v", from.Words())
	}
	cp := f.Instructions[1]
	if !cp.JSON || len(cp.Elems) != 2 || cp.Elems[0].Value != "/out/app" || text(f, cp.Elems[1].Range) != `"/usr/bin/"` {
		t.Errorf("copy json %v %+v", cp.JSON, cp.Elems)
	}
	env := f.Instructions[2]
	if len(env.Pairs) != 2 || env.Pairs[1].Key.Value != "B" || text(f, env.Pairs[1].Value.Range) != `"two words"` {
		t.Errorf("pairs %+v", env.Pairs)
	}
	legacy := f.Instructions[3]
	if len(legacy.Pairs) != 1 || legacy.Pairs[0].Equals || legacy.Pairs[0].Value.Value != "some value" {
		t.Errorf("legacy %+v", legacy.Pairs[0])
	}
	run := f.Instructions[4]
	if run.StartLine != 5 || run.EndLine != 7 {
		t.Errorf("run lines %d-%d", run.StartLine, run.EndLine)
	}
	if got := text(f, run.Range); !strings.HasSuffix(got, "curl") || !strings.HasPrefix(got, "RUN") {
		t.Errorf("run range %q", got)
	}
	if len(f.Comments) != 1 || !f.Comments[0].InContinuation || f.Comments[0].Text != "a comment inside" {
		t.Errorf("comments %+v", f.Comments)
	}
	// A word that continues on the next line maps back to both pieces.
	i := strings.Index(run.Logical, "install")
	if r := run.SrcRange(i, i+len("install")); text(f, r) != "install" {
		t.Errorf("mapped %q", text(f, r))
	}
}

func TestDirectivesAndEscape(t *testing.T) {
	f := parse(t, "# syntax=docker/dockerfile:1\n# escape=`\nFROM mcr.microsoft.com/windows/servercore\nRUN dir `\n  c:\\\n")
	if len(f.Directives) != 2 || f.Escape != '`' {
		t.Fatalf("directives %+v escape %q", f.Directives, f.Escape)
	}
	if text(f, f.Directives[0].ValueRange) != "docker/dockerfile:1" {
		t.Errorf("syntax value %q", text(f, f.Directives[0].ValueRange))
	}
	if len(f.Instructions) != 2 || f.Instructions[1].EndLine != 5 {
		t.Errorf("escape continuation not joined: %+v", f.Instructions)
	}
	f = parse(t, "FROM a\n# escape=`\n")
	if len(f.Directives) != 0 || f.Escape != '\\' {
		t.Errorf("late directive applied")
	}
	f = parse(t, "# escape=x\nFROM a\n")
	if len(f.Errors) != 1 {
		t.Errorf("bad escape not reported: %v", f.Errors)
	}
	f = parse(t, "# check=skip=all\n# check=error=true\nFROM a\n")
	if len(f.Errors) != 1 || len(f.Directives) != 1 {
		t.Errorf("duplicate directive: %v", f.Errors)
	}
}

func TestHeredocs(t *testing.T) {
	src := "FROM a\nRUN <<EOF\napt-get update\nEOF\nCOPY <<-A <<B /dst/\n\tone\n\tA\ntwo\nB\nRUN echo done\n"
	f := parse(t, src)
	if len(f.Instructions) != 4 {
		t.Fatalf("got %d instructions", len(f.Instructions))
	}
	run := f.Instructions[1]
	if len(run.Heredocs) != 1 || run.Heredocs[0].Content != "apt-get update\n" || !run.Heredocs[0].Terminated {
		t.Fatalf("heredoc %+v", run.Heredocs)
	}
	if text(f, run.Heredocs[0].Body) != "apt-get update\n" || text(f, run.Heredocs[0].Marker) != "<<EOF" {
		t.Errorf("body %q marker %q", text(f, run.Heredocs[0].Body), text(f, run.Heredocs[0].Marker))
	}
	cp := f.Instructions[2]
	if len(cp.Heredocs) != 2 || !cp.Heredocs[0].Chomp || cp.Heredocs[1].Content != "two\n" || cp.EndLine != 9 {
		t.Errorf("copy heredocs %+v end %d", cp.Heredocs, cp.EndLine)
	}
	if run.Node() == nil || len(run.Node().Heredocs) != 1 {
		t.Errorf("buildkit node lacks the heredoc: %v", run.Err)
	}
	f = parse(t, "FROM a\nRUN <<EOF\necho never ends\n")
	if len(f.Errors) == 0 || f.Instructions[1].Heredocs[0].Terminated {
		t.Errorf("unterminated heredoc not reported")
	}
}

func TestBrokenInstructionIsLocal(t *testing.T) {
	f := parse(t, "FROM alpine\nENV FOO\nCMD [\"a\", 1]\nLABEL foo\nRUN echo ok\nFORM x\n")
	if len(f.Instructions) != 6 {
		t.Fatalf("got %d instructions", len(f.Instructions))
	}
	if f.Instructions[4].Node() == nil {
		t.Errorf("RUN after broken instructions has no node")
	}
	var msgs []string
	for _, e := range f.Errors {
		msgs = append(msgs, e.Msg)
	}
	all := strings.Join(msgs, "\n")
	for _, want := range []string{"ENV must have two arguments", "strings only", "LABEL", "unknown instruction \"FORM\" (did you mean FROM?)"} {
		if !strings.Contains(all, want) {
			t.Errorf("errors lack %q:\n%s", want, all)
		}
	}
}

func TestTrailingSpaceAfterEscape(t *testing.T) {
	f := parse(t, "FROM ubuntu\nRUN apt-get update \\ \n\t&& apt-get install -y apache2\n")
	if len(f.Instructions) != 2 || f.Instructions[1].EndLine != 3 {
		t.Fatalf("continuation with trailing space not joined")
	}
}

func TestJunk(t *testing.T) {
	big := bytes.Repeat([]byte("x"), 1<<20)
	cont := strings.Repeat("  && echo hi \\\n", 20000)
	for name, src := range map[string][]byte{
		"empty":     nil,
		"newline":   []byte("\n"),
		"nul":       []byte("FROM a\x00b\nRUN \x00\x00\n"),
		"invalid":   []byte("FROM \xff\xfe\nRUN \xc3\x28\n"),
		"bom":       []byte("\xef\xbb\xbfFROM alpine\n"),
		"crlf":      []byte("FROM alpine\r\nRUN a \\\r\n  b\r\n"),
		"1MB line":  append([]byte("RUN "), big...),
		"20k conts": []byte("FROM a\nRUN true \\\n" + cont + "  && true\n"),
		"only esc":  []byte("\\\n\\\n"),
		"heredoc":   []byte("RUN <<"),
		"directive": []byte("# escape="),
		"onbuild":   []byte("ONBUILD\nONBUILD ONBUILD RUN <<EOF\n"),
	} {
		t.Run(name, func(t *testing.T) {
			f := Parse(src)
			checkFile(t, src, f)
		})
	}
	f := Parse([]byte("FROM a\n\xef\xbb\xbf\n"))
	if len(f.Errors) != 1 || !strings.Contains(f.Errors[0].Msg, "unknown instruction") {
		t.Errorf("stray BOM: %v", f.Errors)
	}
	f = Parse([]byte("\xef\xbb\xbfFROM alpine\n"))
	if !f.BOM || f.Instructions[0].Cmd != "from" || f.Instructions[0].Range.Start != 3 {
		t.Errorf("BOM not skipped: %+v", f.Instructions[0])
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"FROM alpine:3.20 AS build\nRUN apk add --no-cache curl\n",
		"# escape=`\nFROM a\nRUN a `\n b\n",
		"RUN <<EOF\nx\nEOF\n",
		"COPY --from=a [\"x\", \"y\"] \nENV a=b c=\"d e\"\n",
		"ONBUILD RUN <<-A cat\n\tA\n",
		"LABEL a b\r\nHEALTHCHECK CMD [\"x\"]\n",
		"\xef\xbb\xbf# syntax=x\n\\\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		checkFile(t, src, Parse(src))
	})
}
