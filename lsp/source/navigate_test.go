package source

import (
	"strings"
	"testing"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/syntax"
)

// Every «range» or ⟦range⟧ of a source is an occurrence of the symbol under
// the cursor; ⟦⟧ marks declarations.
var referenceTests = []struct{ name, src string }{
	{"stage from copy", "FROM golang:1.23 AS ⟦build⟧\nRUN go build\nFROM alpine\nCOPY --from=«bu‸ild» /out /out\n"},
	{"stage on declaration", "FROM golang AS ⟦bui‸ld⟧\nFROM «build» AS test\nFROM alpine\nCOPY --from=«build» /a /b\nRUN --mount=type=bind,from=«build»,source=/x,target=/y true\n"},
	{"stage case-insensitive", "FROM golang AS ⟦Build⟧\nFROM alpine\nCOPY --from=«build‸» /a /b\n"},
	{"stage by index", "FROM golang AS ⟦build⟧\nFROM alpine\nCOPY --from=«0» /a /b\nCOPY --from=«build‸» /a /b\n"},
	{"stage quoted", "FROM golang AS ⟦build⟧\nFROM alpine\nCOPY --from=\"«build»\" /a /b\nCOPY --from=«b‸uild» /c /d\n"},
	{"later stage is an image", "FROM alpine\nCOPY --from=build /a /b\nFROM golang AS ⟦bu‸ild⟧\n"},
	{"arg in run", "FROM alpine\nARG ⟦VERSION⟧=1\nRUN echo $«VERS‸ION» ${«VERSION»} ${«VERSION»:-x}\n"},
	{"meta arg in from", "ARG ⟦BASE⟧=alpine\nFROM ${«BA‸SE»}\nRUN echo $BASE\n"},
	{"meta arg redeclared", "ARG ⟦V⟧=1\nFROM alpine:${«V»}\nARG ⟦V⟧\nRUN echo $«‸V»\nFROM debian\nRUN echo $V\n"},
	{"env chain", "FROM alpine\nENV ⟦P⟧=/a\nENV ⟦P⟧=$«P»:/b\nRUN echo $«P‸»\n"},
	{"env inherited", "FROM alpine AS base\nENV ⟦HOME_DIR⟧=/h\nFROM base\nRUN ls $«HOME_DIR‸»\n"},
	{"heredoc body", "FROM alpine\nARG ⟦N⟧=1\nRUN <<EOF\necho $«N‸»\nEOF\n"},
	{"copy heredoc quoted is literal", "FROM alpine\nARG ⟦N⟧=1\nCOPY <<'EOF' /f\n$N\nEOF\nRUN echo $«N‸»\n"},
	{"continuation and comment", "FROM alpine\nARG ⟦A⟧\nRUN echo \\\n# $A in a comment\n  $«A‸»\n"},
	{"escaped dollar", "FROM alpine\nARG ⟦A⟧\nRUN echo \\$A $«A‸»\n"},
	{"undeclared", "FROM alpine\nRUN echo $«HO‸ME» $«HOME»\n"},
	{"other stage separate", "FROM alpine\nARG ⟦X⟧=1\nRUN echo $«X‸»\nFROM alpine\nARG X=2\nRUN echo $X\n"},
	{"label value", "FROM alpine\nARG ⟦V⟧=1\nLABEL version=$«‸V»\n"},
	// The examples (the node service's suite).
	{"split by continuation", "ARG ⟦port⟧=8080\nEXPOSE $«po\\\nrt‸»\n"},
	{"split by continuation brace", "ARG ⟦port⟧=8080\nEXPOSE ${«p‸o\\\nrt»}\n"},
	{"split by continuation crlf", "FROM a\r\nARG ⟦port⟧=8080\r\nEXPOSE $«po\\\r\nrt‸»\r\n"},
	{"split by continuation backtick", "# escape=`\nFROM a\nARG ⟦port⟧=8080\nEXPOSE $«po`\n‸rt» $«port»\n"},
	{"env before from", "ENV ⟦var⟧ value\nRUN echo \"$«v‸ar»\"\n"},
	{"arg and env before from", "ARG ⟦a⟧=1\nENV ⟦a⟧=$«a»\nRUN echo ${«a‸»}\nFROM x\nRUN echo $a\n"},
	{"undeclared before from", "STOPSIGNAL ${«v‸ar»}\nUSER ${«var»}\n"},
	{"junction of two variables", "FROM a\nARG ⟦A⟧\nARG B\nRUN echo $«A»‸$B\n"},
	{"heredoc delimiter", "COPY echo <<⟦file⟧\nhi\n«fi‸le»\n"},
	{"heredoc delimiter decl", "FROM a\nRUN <<⟦E‸OF⟧ <<EOF2\necho\n«EOF»\nx\nEOF2\n"},
	{"heredoc delimiter quoted", "FROM a\nRUN <<-\"⟦E‸ND⟧\" sh\n\techo\n\t«END»\n"},
}

// TestEveryPosition checks that navigation answers the same from every
// byte of every occurrence, as the node service's suite asks: inside the
// word, at its ends, across continuations and CRLF.
func TestEveryPosition(t *testing.T) {
	for _, tt := range referenceTests {
		m := mark(t, tt.src)
		doc := m.doc()
		want := show(m.src, References(doc, m.cursor, true))
		for _, r := range m.ranges {
			for off := r.Start; off <= r.End; off++ {
				if got := show(m.src, References(doc, off, true)); got != want {
					t.Errorf("%s: references at %d\n got %s\nwant %s", tt.name, off, got, want)
				}
				if d := Definition(doc, off); len(d) > 1 {
					t.Errorf("%s: %d definitions at %d", tt.name, len(d), off)
				}
			}
		}
	}
}

func TestReferences(t *testing.T) {
	for _, tt := range referenceTests {
		t.Run(tt.name, func(t *testing.T) {
			m := mark(t, tt.src)
			doc := m.doc()
			got := References(doc, m.cursor, true)
			if show(m.src, got) != show(m.src, m.ranges) {
				t.Errorf("References(includeDecl)\n got %s\nwant %s", show(m.src, got), show(m.src, m.ranges))
			}
			var refs []syntax.Range
			for _, r := range m.ranges {
				if !m.decls[r] {
					refs = append(refs, r)
				}
			}
			got = References(doc, m.cursor, false)
			if show(m.src, got) != show(m.src, refs) {
				t.Errorf("References\n got %s\nwant %s", show(m.src, got), show(m.src, refs))
			}
			hs := Highlights(doc, m.cursor)
			if len(hs) != len(m.ranges) {
				t.Fatalf("Highlights = %v, want %d", hs, len(m.ranges))
			}
			for i, h := range hs {
				if h.Range != m.ranges[i] || h.Write != m.decls[h.Range] {
					t.Errorf("highlight %d = %+v, want %s write=%v", i, h, show(m.src, m.ranges[i:i+1]), m.decls[m.ranges[i]])
				}
			}
		})
	}
}

func TestDefinition(t *testing.T) {
	tests := []string{
		"FROM golang AS «build»\nFROM alpine\nCOPY --from=bu‸ild /a /b\n",
		"FROM golang AS «build»\nFROM b‸uild\n",
		"FROM golang AS «build»\nFROM alpine\nRUN --mount=from=build‸,target=/x true\n",
		"«FROM golang»\nFROM alpine\nCOPY --from=0‸ /a /b\n",
		"ARG «BASE»=alpine\nFROM $BA‸SE\n",
		"ARG V=1\nFROM alpine\nARG «V»\nRUN echo ${V‸}\n",
		"FROM alpine\nENV A=1\nENV «A»=2\nRUN echo $‸A\n",
		"FROM alpine\nARG «‸A»\n",
		"FROM alpine\nRUN echo $HO‸ME\n",
		"ARG «port»=8080\nEXPOSE $po\\\nr‸t\n",
		"ENV «var» value\nRUN echo \"$v‸ar\"\n",
		"COPY echo <<«file»\nhi\nfi‸le\n",
		"FROM a\nENV «aa»=1\nENV a‸a=2\nRUN echo $aa\n",
		"FROM a\nARG «a»=1\nENV ‸a=2\n",
		"ARG a=1\nFROM x\nARG «‸a»\n",
		"FROM a\nARG «A»\nARG B\nRUN echo $A‸$B\n",
		"COPY echo <<«fi‸le»\nhi\nfile\n",
		"FROM alpine\nRUN ec‸ho\n",
		"FROM alpine\nCOPY --from=nginx‸ /a /b\n",
	}
	for _, src := range tests {
		m := mark(t, src)
		got := Definition(m.doc(), m.cursor)
		if show(m.src, got) != show(m.src, m.ranges) {
			t.Errorf("Definition in %q\n got %s\nwant %s", src, show(m.src, got), show(m.src, m.ranges))
		}
	}
}

func TestRename(t *testing.T) {
	tests := []struct {
		src, newName, want, err string
	}{
		{"FROM golang AS build\nFROM build AS test\nFROM alpine\nCOPY --from=bu‸ild /a /b\nRUN --mount=from=build,target=/x true\nCOPY --from=0 /c /d\n", "compile",
			"FROM golang AS compile\nFROM compile AS test\nFROM alpine\nCOPY --from=compile /a /b\nRUN --mount=from=compile,target=/x true\nCOPY --from=0 /c /d\n", ""},
		{"ARG V=1\nFROM alpine:$V\nARG V\nRUN echo ${V:-0} $‸V\n", "VERSION",
			"ARG VERSION=1\nFROM alpine:$VERSION\nARG VERSION\nRUN echo ${VERSION:-0} $VERSION\n", ""},
		{"FROM alpine\nENV A=1\nRUN <<EOF\necho $A\nEOF\nCMD echo $‸A\n", "B",
			"FROM alpine\nENV B=1\nRUN <<EOF\necho $B\nEOF\nCMD echo $B\n", ""},
		{"FROM golang AS b‸uild\nFROM golang AS test\n", "test", "", "already named"},
		{"FROM golang AS b‸uild\n", "1build", "", "invalid stage name"},
		{"FROM golang AS b‸uild\n", "scratch", "", "reserved"},
		{"FROM golang AS b‸uild\nFROM alpine\nCOPY --from=nginx /a /b\n", "nginx", "", "copies from an image"},
		{"FROM golang AS b‸uild\nFROM node\n", "node", "", "starts FROM the image"},
		{"FROM alpine\nARG ‸A\nARG B\nRUN echo $A $B\n", "B", "", "already used"},
		{"FROM alpine\nARG ‸A\n", "1A", "", "invalid variable name"},
		{"FROM alpine\nARG ‸A\n", "TARGETARCH", "", "predefined"},
		{"FROM alpine\nRUN echo $HO‸ME $HOME\n", "H", "FROM alpine\nRUN echo $H $H\n", ""},
		{"STOPSIGNAL ${v‸ar}\nUSER ${var}\n", "sig", "STOPSIGNAL ${sig}\nUSER ${sig}\n", ""},
		{"COPY echo <<file\nhi\nfi‸le\n", "EOF", "COPY echo <<EOF\nhi\nEOF\n", ""},
		{"FROM a\nRUN <<-'E‸ND' bash\n\techo\n\tEND\n", "X", "FROM a\nRUN <<-'X' bash\n\techo\n\tX\n", ""},
		{"FROM a\nRUN <<E‸ND\nx\nEND\n", "a b", "", "invalid here-document delimiter"},
		{"ENV var value\nRUN echo \"$v‸ar\"\n", "v2", "ENV v2 value\nRUN echo \"$v2\"\n", ""},
		{"ARG port=8080\nEXPOSE $po\\\nrt‸\n", "p", "ARG p=8080\nEXPOSE $p\n", ""},
		{"FROM alpine\nARG TARGETARCH\nRUN echo $TARGET‸ARCH\n", "ARCH", "", "predefined"},
		{"FROM alpine\nRUN ec‸ho\n", "x", "", "no stage, variable or here-document"},
		{"FROM golang AS b‸uild\nFROM alpine\nCOPY --from=BUILD /a /b\n", "Compile",
			"FROM golang AS Compile\nFROM alpine\nCOPY --from=Compile /a /b\n", ""},
	}
	for _, tt := range tests {
		m := mark(t, tt.src)
		doc := m.doc()
		edits, err := Rename(doc, m.cursor, tt.newName)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("Rename(%q, %q) error = %v, want %q", tt.src, tt.newName, err, tt.err)
			}
			if _, _, ok := PrepareRename(doc, m.cursor); ok && strings.Contains(tt.err, "not") {
				t.Errorf("PrepareRename(%q) ok, want refusal", tt.src)
			}
			continue
		}
		if err != nil {
			t.Errorf("Rename(%q, %q): %v", tt.src, tt.newName, err)
			continue
		}
		out, err := lint.Apply([]byte(m.src), edits)
		if err != nil {
			t.Fatal(err)
		}
		if string(out) != tt.want {
			t.Errorf("Rename(%q, %q)\n got %q\nwant %q", tt.src, tt.newName, out, tt.want)
		}
		r, name, ok := PrepareRename(doc, m.cursor)
		if !ok || strings.ReplaceAll(m.src[r.Start:r.End], "\\\n", "") != name || !r.Contains(m.cursor) {
			t.Errorf("PrepareRename(%q) = %v %q %v", tt.src, r, name, ok)
		}
	}
}
