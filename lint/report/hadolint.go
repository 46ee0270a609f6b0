package report

import (
	"bufio"
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/berth-dev/berth/lint"
)

// HadolintFormats are hadolint's output formats, which WriteHadolint
// writes.
var HadolintFormats = []string{"tty", "json", "checkstyle", "codeclimate", "gitlab_codeclimate", "gnu", "codacy", "sonarqube", "sarif", "junit"}

// HadolintResult is one file's result as hadolint reports it: its parse
// errors (Findings with ParseError set) and its findings, each with a
// line only.
type HadolintResult struct {
	// File names the file as given on the command line ("-" for stdin).
	File     string
	Findings []Finding
}

// HadolintOptions configures WriteHadolint.
type HadolintOptions struct {
	// Color turns on the tty format's colours.
	Color bool
	// PathInReport, when set, replaces the file's name in the formats
	// hadolint applies --file-path-in-report to (checkstyle, codeclimate,
	// gitlab_codeclimate, sonarqube, junit).
	PathInReport *string
	// Version is the hadolint version reported (SARIF, JUnit).
	Version string
	// Now is the JUnit format's clock; nil is time.Now.
	Now func() time.Time
}

// WriteHadolint writes results in one of HadolintFormats, byte for byte as
// hadolint 2.15.1 writes them. The formats berth shares with hadolint
// (gnu, codeclimate, sonarqube, junit) are the ones "berth lint --format"
// writes, in hadolint's variant.
func WriteHadolint(w io.Writer, format string, results []HadolintResult, opts HadolintOptions) error {
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	t := tool{name: "Hadolint", version: opts.Version, now: now}
	reportName := func(r *HadolintResult) string {
		if opts.PathInReport != nil {
			return *opts.PathInReport
		}
		return r.File
	}
	var ff findingFormat
	switch format {
	case "gnu":
		t.name = "hadolint"
		ff = gnuFormat{t}
	case "codeclimate":
		ff = codeclimateFormat{}
	case "sonarqube":
		ff = &sonarqubeFormat{t: t}
	case "junit":
		ff = &junitFormat{t: t}
	}
	bw := bufio.NewWriter(w)
	if ff != nil {
		if err := ff.begin(bw); err != nil {
			return err
		}
		for i := range results {
			if err := ff.file(bw, reportName(&results[i]), results[i].Findings); err != nil {
				return err
			}
		}
		if err := ff.end(bw); err != nil {
			return err
		}
		return bw.Flush()
	}
	switch format {
	case "tty":
		for _, r := range results {
			for _, f := range r.Findings {
				if f.ParseError {
					fmt.Fprintf(bw, "%s:%d:%d %s\n", f.Path, f.Line, f.Column, stripNewlines(f.Message))
					continue
				}
				sev := f.Severity.String()
				if opts.Color {
					sev = hadolintColor(f.Severity) + sev + ansiReset
				}
				fmt.Fprintf(bw, "%s:%d %s %s: %s\n", f.Path, f.Line, f.Code, sev, f.Message)
			}
		}
	case "json":
		var items jarr
		for _, r := range results {
			for _, f := range r.Findings {
				col, msg := 1, f.Message
				if f.ParseError {
					col, msg = f.Column, strings.TrimRight(msg, "\n")
				}
				items = append(items, jobj{{"file", f.Path}, {"line", f.Line}, {"column", col}, {"level", f.Severity.String()}, {"code", f.Code}, {"message", msg}})
			}
		}
		bw.Write(encodeJSON(items))
	case "checkstyle":
		bw.WriteString(xmlDecl + `<checkstyle version="4.3">`)
		for i, r := range results {
			var kids []string
			for _, f := range r.Findings {
				if f.ParseError {
					kids = append(kids, xmlElem("error", [][2]string{{"line", strconv.Itoa(f.Line)}, {"column", strconv.Itoa(f.Column)}, {"severity", "error"}, {"message", f.Detail}}, ""))
					continue
				}
				kids = append(kids, xmlElem("error", [][2]string{{"line", strconv.Itoa(f.Line)}, {"column", "1"}, {"severity", f.Severity.String()}, {"message", f.Message}, {"source", f.Code}}, ""))
			}
			bw.WriteString(xmlElem("file", [][2]string{{"name", reportName(&results[i])}}, strings.Join(kids, "")))
		}
		bw.WriteString("</checkstyle>")
	case "gitlab_codeclimate":
		var items jarr
		for i, r := range results {
			for j := range r.Findings {
				issue := codeclimateIssue(&r.Findings[j], reportName(&results[i]))
				sum := sha1.Sum(encodeJSON(issue))
				items = append(items, append(issue, jkv{"fingerprint", hex.EncodeToString(sum[:])}))
			}
		}
		bw.Write(encodeJSON(items))
	case "codacy":
		for _, r := range results {
			for _, f := range r.Findings {
				msg := f.Message
				if f.ParseError {
					msg = f.Detail
				}
				bw.Write(encodeJSON(jobj{{"filename", f.Path}, {"patternId", f.Code}, {"message", msg}, {"line", f.Line}}))
			}
		}
	case "sarif":
		items := jarr{}
		for _, r := range results {
			for _, f := range r.Findings {
				if f.ParseError {
					items = append(items, hadolintSARIFResult(f.Code, "error", strings.TrimRight(f.Message, "\n"), f.Path, f.Line, f.Column, "dockerfile"))
					continue
				}
				level := "note"
				switch f.Severity {
				case lint.Error:
					level = "error"
				case lint.Warning:
					level = "warning"
				}
				lang := "sh"
				if strings.HasPrefix(f.Code, "DL") {
					lang = "dockerfile"
				}
				items = append(items, hadolintSARIFResult(f.Code, level, f.Message, f.Path, f.Line, 1, lang))
			}
		}
		driver := jobj{{"name", "Hadolint"}, {"fullName", "Haskell Dockerfile Linter"}, {"downloadUri", "https://github.com/hadolint/hadolint"},
			{"version", opts.Version}, {"shortDescription", jobj{{"text", "Dockerfile linter, validate inline bash, written in Haskell"}}}}
		bw.Write(encodeJSON(jobj{{"version", "2.1.0"}, {"$schema", "http://json.schemastore.org/sarif-2.1.0"},
			{"runs", jarr{jobj{{"tool", jobj{{"driver", driver}}}, {"results", items}, {"defaultSourceLanguage", "dockerfile"}}}}}))
	default:
		return fmt.Errorf("unknown hadolint format %q", format)
	}
	return bw.Flush()
}

// hadolintColor is the ANSI colour hadolint's tty format gives a severity.
func hadolintColor(s lint.Severity) string {
	switch s {
	case lint.Error:
		return "\x1b[1m\x1b[91m"
	case lint.Warning:
		return "\x1b[1m\x1b[93m"
	case lint.Info:
		return "\x1b[92m"
	}
	return "\x1b[96m"
}

func hadolintSARIFResult(code, level, msg, uri string, line, col int, lang string) jobj {
	region := jobj{{"startLine", line}, {"endLine", line}, {"startColumn", col}, {"endColumn", col}, {"sourceLanguage", lang}}
	return jobj{{"ruleId", code}, {"level", level}, {"message", jobj{{"text", msg}}},
		{"locations", jarr{jobj{{"physicalLocation", jobj{{"artifactLocation", jobj{{"uri", uri}}}, {"region", region}}}}}}}
}
