package main

import (
	"bytes"
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// hadolint's output formats, written byte for byte as hadolint 2.15.1
// writes them: JSON as aeson encodes it (keys sorted, no spaces, only ",
// \ and control characters escaped), XML as xml-conduit renders it (the
// declaration, no line breaks, attributes sorted, empty elements closed
// with "/>").

// hlNow is the clock of the junit format (tests set it).
var hlNow = time.Now

// writeHLFormat writes results in format to w. color is tty's colours;
// pathInReport, when set, replaces the file name in the formats hadolint
// applies --file-path-in-report to.
func writeHLFormat(w io.Writer, format string, results []*hlResult, color bool, pathInReport *string) {
	reportName := func(r *hlResult) string {
		if pathInReport != nil {
			return *pathInReport
		}
		return r.file
	}
	switch format {
	case "tty":
		for _, r := range results {
			for _, e := range r.errors {
				fmt.Fprintf(w, "%s:%d:%d %s\n", e.source, e.line, e.col, stripNewlines(e.msg))
			}
			for _, c := range r.checks {
				sev := c.sev.String()
				if color {
					sev = hlColor(c.sev) + sev + "\x1b[0m"
				}
				fmt.Fprintf(w, "%s:%d %s %s: %s\n", r.file, c.line, c.code, sev, c.msg)
			}
		}
	case "gnu":
		for _, r := range results {
			for _, e := range r.errors {
				fmt.Fprintf(w, "hadolint:%s:%d:%d: %s\n", e.source, e.line, e.col, stripNewlines(e.msg))
			}
			for _, c := range r.checks {
				fmt.Fprintf(w, "hadolint:%s:%d: %s %s: %s\n", r.file, c.line, c.code, c.sev, c.msg)
			}
		}
	case "json":
		var items jarr
		for _, r := range results {
			for _, e := range r.errors {
				items = append(items, jobj{{"file", e.source}, {"line", e.line}, {"column", e.col}, {"level", "error"}, {"code", "DL1000"}, {"message", strings.TrimRight(e.msg, "\n")}})
			}
			for _, c := range r.checks {
				items = append(items, jobj{{"file", r.file}, {"line", c.line}, {"column", 1}, {"level", c.sev.String()}, {"code", c.code}, {"message", c.msg}})
			}
		}
		w.Write(encodeJSON(items))
	case "checkstyle":
		var b bytes.Buffer
		b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><checkstyle version="4.3">`)
		for _, r := range results {
			var kids []string
			for _, e := range r.errors {
				kids = append(kids, xmlElem("error", [][2]string{{"line", strconv.Itoa(e.line)}, {"column", strconv.Itoa(e.col)}, {"severity", "error"}, {"message", e.pretty()}}, ""))
			}
			for _, c := range r.checks {
				kids = append(kids, xmlElem("error", [][2]string{{"line", strconv.Itoa(c.line)}, {"column", "1"}, {"severity", c.sev.String()}, {"message", c.msg}, {"source", c.code}}, ""))
			}
			b.WriteString(xmlElem("file", [][2]string{{"name", reportName(r)}}, strings.Join(kids, "")))
		}
		b.WriteString("</checkstyle>")
		w.Write(b.Bytes())
	case "codeclimate":
		for _, r := range results {
			for _, issue := range codeclimateIssues(r, reportName(r)) {
				w.Write(encodeJSON(issue))
				w.Write([]byte{0})
			}
		}
	case "gitlab_codeclimate":
		var items jarr
		for _, r := range results {
			for _, issue := range codeclimateIssues(r, reportName(r)) {
				sum := sha1.Sum(encodeJSON(issue))
				items = append(items, append(issue, jkv{"fingerprint", hex.EncodeToString(sum[:])}))
			}
		}
		w.Write(encodeJSON(items))
	case "codacy":
		for _, r := range results {
			for _, e := range r.errors {
				w.Write(encodeJSON(jobj{{"filename", e.source}, {"patternId", "DL1000"}, {"message", e.pretty()}, {"line", e.line}}))
			}
			for _, c := range r.checks {
				w.Write(encodeJSON(jobj{{"filename", r.file}, {"patternId", c.code}, {"message", c.msg}, {"line", c.line}}))
			}
		}
	case "sonarqube":
		var items jarr
		for _, r := range results {
			name := reportName(r)
			for _, e := range r.errors {
				items = append(items, jobj{{"engineId", "Hadolint"}, {"ruleId", "DL1000"}, {"severity", "BLOCKER"}, {"type", "BUG"},
					{"primaryLocation", jobj{{"message", strings.TrimRight(e.msg, "\n")}, {"filePath", name},
						{"textRange", jobj{{"startLine", e.line}, {"endLine", e.line}, {"startColumn", e.col}, {"endColumn", e.col}}}}}})
			}
			for _, c := range r.checks {
				sev, typ := map[hlSeverity]string{hlError: "CRITICAL", hlWarning: "MAJOR", hlInfo: "MINOR"}[c.sev], "CODE_SMELL"
				if sev == "" {
					sev = "INFO"
				}
				if c.sev == hlError {
					typ = "BUG"
				}
				items = append(items, jobj{{"engineId", "Hadolint"}, {"ruleId", c.code}, {"severity", sev}, {"type", typ},
					{"primaryLocation", jobj{{"message", c.msg}, {"filePath", name},
						{"textRange", jobj{{"startLine", c.line}, {"endLine", c.line}, {"startColumn", 0}, {"endColumn", 1}}}}}})
			}
		}
		if items == nil {
			items = jarr{}
		}
		w.Write(encodeJSON(jobj{{"issues", items}}))
	case "sarif":
		results2 := jarr{}
		for _, r := range results {
			for _, e := range r.errors {
				results2 = append(results2, sarifResult("DL1000", "error", strings.TrimRight(e.msg, "\n"), e.source, e.line, e.col, "dockerfile"))
			}
			for _, c := range r.checks {
				level := "note"
				switch c.sev {
				case hlError:
					level = "error"
				case hlWarning:
					level = "warning"
				}
				lang := "sh"
				if strings.HasPrefix(c.code, "DL") {
					lang = "dockerfile"
				}
				results2 = append(results2, sarifResult(c.code, level, c.msg, r.file, c.line, 1, lang))
			}
		}
		driver := jobj{{"name", "Hadolint"}, {"fullName", "Haskell Dockerfile Linter"}, {"downloadUri", "https://github.com/hadolint/hadolint"},
			{"version", hadolintVersion}, {"shortDescription", jobj{{"text", "Dockerfile linter, validate inline bash, written in Haskell"}}}}
		w.Write(encodeJSON(jobj{{"version", "2.1.0"}, {"$schema", "http://json.schemastore.org/sarif-2.1.0"},
			{"runs", jarr{jobj{{"tool", jobj{{"driver", driver}}}, {"results", results2}, {"defaultSourceLanguage", "dockerfile"}}}}}))
	case "junit":
		now := hlNow().UTC()
		var b bytes.Buffer
		b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>`)
		var suites []string
		for _, r := range results {
			name := reportName(r)
			var kids []string
			for _, e := range r.errors {
				l, c := strconv.Itoa(e.line), strconv.Itoa(e.col)
				text := "Parse Error in " + name + "\nLine: " + l + "\nColumn: " + c + "\nParse Error: " + e.pretty() + "\n"
				failure := xmlElem("failure", [][2]string{{"type", "error"}, {"message", "parse error at line " + l + ", column " + c}}, xmlText(text))
				kids = append(kids, xmlElem("testcase", [][2]string{{"id", "hadolint.error"}, {"name", "DL1000"}, {"time", "0.001"}}, failure))
			}
			for _, c := range r.checks {
				text := "File: " + name + "\nLine: " + strconv.Itoa(c.line) + "\nCategory: Hadolint - Dockerfile Static Analysis\n" + c.sev.String() + ": " + c.msg + "\n"
				failure := xmlElem("failure", [][2]string{{"type", c.sev.String()}, {"message", c.msg}, {"id", c.code}}, xmlText(text))
				kids = append(kids, xmlElem("testcase", [][2]string{{"id", "hadolint.rule." + c.code}, {"time", "0.001"}}, failure))
			}
			suites = append(suites, xmlElem("testsuite", [][2]string{{"id", "hadolint"}, {"name", "Hadolint " + hadolintVersion}, {"time", "0.001"},
				{"failures", strconv.Itoa(len(kids))}, {"errors", strconv.Itoa(len(r.errors))}}, strings.Join(kids, "")))
		}
		b.WriteString(xmlElem("testsuites", [][2]string{{"id", now.Format("20060102_150405")}, {"name", now.Format("Hadolint run at 2006-01-02 15:04:05")}, {"time", "0.001"}}, strings.Join(suites, "")))
		w.Write(b.Bytes())
	}
}

// hlColor is the ANSI colour hadolint's tty format gives a severity.
func hlColor(s hlSeverity) string {
	switch s {
	case hlError:
		return "\x1b[1m\x1b[91m"
	case hlWarning:
		return "\x1b[1m\x1b[93m"
	case hlInfo:
		return "\x1b[92m"
	}
	return "\x1b[96m"
}

func stripNewlines(s string) string { return strings.ReplaceAll(s, "\n", " ") }

// pretty is the parse error as Megaparsec's errorBundlePretty words it:
// the position, the offending line with a caret, and the message.
func (e hlParseError) pretty() string {
	n := strconv.Itoa(e.line)
	pad := strings.Repeat(" ", len(n))
	caretPad := strings.Repeat(" ", max(e.col-1, 0))
	msg := e.msg
	if !strings.HasSuffix(msg, "\n") {
		msg += "\n"
	}
	return fmt.Sprintf("%s:%d:%d:\n%s |\n%s | %s\n%s | %s^\n%s", e.source, e.line, e.col, pad, n, e.srcLine, pad, caretPad, msg)
}

// codeclimateIssues are a result's issues in the codeclimate shape.
func codeclimateIssues(r *hlResult, name string) []jobj {
	var out []jobj
	for _, e := range r.errors {
		pos := jobj{{"line", e.line}, {"column", e.col}}
		out = append(out, jobj{{"type", "issue"}, {"check_name", "DL1000"}, {"description", e.pretty()}, {"categories", jarr{"Bug Risk"}},
			{"location", jobj{{"path", e.source}, {"positions", jobj{{"begin", pos}, {"end", pos}}}}}, {"severity", "blocker"}})
	}
	for _, c := range r.checks {
		sev := map[hlSeverity]string{hlError: "blocker", hlWarning: "major", hlInfo: "info", hlStyle: "minor"}[c.sev]
		out = append(out, jobj{{"type", "issue"}, {"check_name", c.code}, {"description", c.msg}, {"categories", jarr{"Bug Risk"}},
			{"location", jobj{{"path", name}, {"lines", jobj{{"begin", c.line}, {"end", c.line}}}}}, {"severity", sev}})
	}
	return out
}

func sarifResult(code, level, msg, uri string, line, col int, lang string) jobj {
	region := jobj{{"startLine", line}, {"endLine", line}, {"startColumn", col}, {"endColumn", col}, {"sourceLanguage", lang}}
	return jobj{{"ruleId", code}, {"level", level}, {"message", jobj{{"text", msg}}},
		{"locations", jarr{jobj{{"physicalLocation", jobj{{"artifactLocation", jobj{{"uri", uri}}}, {"region", region}}}}}}}
}

// jobj is a JSON object; its keys are written sorted, as aeson writes
// them.
type jobj []jkv

type jkv struct {
	k string
	v any
}

// jarr is a JSON array.
type jarr []any

// encodeJSON encodes v (jobj, jarr, string or int) as aeson does.
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
	sorted := append([][2]string(nil), attrs...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i][0] < sorted[j][0] })
	var b strings.Builder
	b.WriteString("<" + name)
	for _, a := range sorted {
		b.WriteString(" " + a[0] + `="` + xmlAttr(a[1]) + `"`)
	}
	if inner == "" {
		b.WriteString("/>")
		return b.String()
	}
	b.WriteString(">" + inner + "</" + name + ">")
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
