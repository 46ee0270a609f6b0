package report

import (
	"bytes"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The compact encodings of the formats berth shares with hadolint (gnu,
// codeclimate, sonarqube, junit) and of hadolint's own: JSON as Haskell's
// aeson encodes it (keys sorted, no spaces, only ", \ and control
// characters escaped), XML as xml-conduit renders it (no line breaks,
// attributes sorted, empty elements closed with "/>"). hadolint mode
// writes them byte for byte as hadolint 2.15.1 does.

// jobj is a JSON object; its keys are written sorted, as aeson writes
// them.
type jobj []jkv

type jkv struct {
	k string
	v any
}

// jarr is a JSON array.
type jarr []any

// encodeJSON encodes v (jobj, jarr, []jobj, string or int) as aeson does.
func encodeJSON(v any) []byte {
	var b bytes.Buffer
	writeJSON(&b, v)
	return b.Bytes()
}

func writeJSON(b *bytes.Buffer, v any) {
	switch v := v.(type) {
	case jobj:
		kvs := append(jobj(nil), v...)
		sort.SliceStable(kvs, func(i, j int) bool { return kvs[i].k < kvs[j].k })
		b.WriteByte('{')
		for i, kv := range kvs {
			if i > 0 {
				b.WriteByte(',')
			}
			writeJSONString(b, kv.k)
			b.WriteByte(':')
			writeJSON(b, kv.v)
		}
		b.WriteByte('}')
	case jarr:
		b.WriteByte('[')
		for i, x := range v {
			if i > 0 {
				b.WriteByte(',')
			}
			writeJSON(b, x)
		}
		b.WriteByte(']')
	case []jobj:
		a := make(jarr, len(v))
		for i := range v {
			a[i] = v[i]
		}
		writeJSON(b, a)
	case string:
		writeJSONString(b, v)
	case int:
		b.WriteString(strconv.Itoa(v))
	default:
		panic(fmt.Sprintf("writeJSON: %T", v))
	}
}

// writeJSONString writes s as aeson does: \" \\ \n \r \t, other control
// characters as \u00xx, everything else as UTF-8 (invalid bytes as
// U+FFFD, as Text holds them).
func writeJSONString(b *bytes.Buffer, s string) {
	b.WriteByte('"')
	for i := 0; i < len(s); {
		c := s[i]
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			b.WriteRune(r)
			i += size
			continue
		}
		switch {
		case c == '"':
			b.WriteString(`\"`)
		case c == '\\':
			b.WriteString(`\\`)
		case c == '\n':
			b.WriteString(`\n`)
		case c == '\r':
			b.WriteString(`\r`)
		case c == '\t':
			b.WriteString(`\t`)
		case c < 0x20:
			fmt.Fprintf(b, `\u%04x`, c)
		default:
			b.WriteByte(c)
		}
		i++
	}
	b.WriteByte('"')
}

// xmlElem renders an element with attributes sorted by name and inner
// (already rendered) content; an empty element is closed with "/>".
func xmlElem(name string, attrs [][2]string, inner string) string {
	open := xmlOpen(name, attrs)
	if inner == "" {
		return open[:len(open)-1] + "/>"
	}
	return open + inner + "</" + name + ">"
}

// xmlOpen renders an element's start tag, attributes sorted by name.
func xmlOpen(name string, attrs [][2]string) string {
	sorted := append([][2]string(nil), attrs...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i][0] < sorted[j][0] })
	var b strings.Builder
	b.WriteString("<" + name)
	for _, a := range sorted {
		b.WriteString(" " + a[0] + `="` + xmlAttr(a[1]) + `"`)
	}
	b.WriteString(">")
	return b.String()
}

// xmlAttr escapes an attribute value as xml-conduit does: < & ".
func xmlAttr(s string) string {
	return strings.NewReplacer("<", "&lt;", "&", "&amp;", `"`, "&quot;").Replace(strings.ToValidUTF8(s, "\uFFFD"))
}

// xmlText escapes element content as xml-conduit does: < > &.
func xmlText(s string) string {
	return strings.NewReplacer("<", "&lt;", ">", "&gt;", "&", "&amp;").Replace(strings.ToValidUTF8(s, "\uFFFD"))
}

// xmlDecl is the XML declaration the XML formats start with.
const xmlDecl = `<?xml version="1.0" encoding="UTF-8"?>`

func stripNewlines(s string) string { return strings.ReplaceAll(s, "\n", " ") }
