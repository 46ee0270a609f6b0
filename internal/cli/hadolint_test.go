package cli

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestIsHadolintName(t *testing.T) {
	for name, want := range map[string]bool{
		"hadolint": true, "/usr/local/bin/hadolint": true, `C:\tools\hadolint.exe`: true, "hadolint.exe": true,
		"berth": false, "hadolint-wrapper": false, "/opt/hadolint/berth": false,
	} {
		if got := isHadolintName(name); got != want {
			t.Errorf("isHadolintName(%q) = %v, want %v", name, got, want)
		}
	}
}

// TestHadolintFormatsExact checks the shapes of hadolint's own formatter
// tests (test/Hadolint/Formatter/*Spec.hs), colours and escaping included.
func TestHadolintFormatsExact(t *testing.T) {
	hlNow = func() time.Time { return time.Date(2026, 8, 7, 13, 4, 5, 0, time.UTC) }
	defer func() { hlNow = time.Now }()
	res := []*hlResult{{file: "<string>", checks: []hlFinding{
		{"DL2001", hlInfo, "test", 1},
		{"DL2002", hlWarning, "foo", 3},
	}}}
	none := []*hlResult{{file: "<string>"}}
	custom := "path/to/custom/Dockerfile"
	for _, tc := range []struct {
		format string
		res    []*hlResult
		color  bool
		path   *string
		want   string
	}{
		{"tty", res, false, nil, "<string>:1 DL2001 info: test\n<string>:3 DL2002 warning: foo\n"},
		{"tty", res, true, nil, "<string>:1 DL2001 \x1b[92minfo\x1b[0m: test\n<string>:3 DL2002 \x1b[1m\x1b[93mwarning\x1b[0m: foo\n"},
		{"tty", none, true, nil, ""},
		{"gnu", res, false, nil, "hadolint:<string>:1: DL2001 info: test\nhadolint:<string>:3: DL2002 warning: foo\n"},
		{"gnu", none, false, nil, ""},
		{"json", none, false, nil, "[]"},
		{"sonarqube", none, false, nil, `{"issues":[]}`},
		{"sonarqube", []*hlResult{{file: "<string>", checks: []hlFinding{{"DL3000", hlError, "error msg", 1}}}}, false, &custom,
			`{"issues":[{"engineId":"Hadolint","primaryLocation":{"filePath":"path/to/custom/Dockerfile","message":"error msg","textRange":{"endColumn":1,"endLine":1,"startColumn":0,"startLine":1}},"ruleId":"DL3000","severity":"CRITICAL","type":"BUG"}]}`},
		{"sarif", none, false, nil, `{"$schema":"http://json.schemastore.org/sarif-2.1.0","runs":[{"defaultSourceLanguage":"dockerfile","results":[],"tool":{"driver":{"downloadUri":"https://github.com/hadolint/hadolint","fullName":"Haskell Dockerfile Linter","name":"Hadolint","shortDescription":{"text":"Dockerfile linter, validate inline bash, written in Haskell"},"version":"2.15.1"}}}],"version":"2.1.0"}`},
		{"checkstyle", none, false, nil, `<?xml version="1.0" encoding="UTF-8"?><checkstyle version="4.3"><file name="&lt;string>"/></checkstyle>`},
		{"junit", none, false, nil, `<?xml version="1.0" encoding="UTF-8"?><testsuites id="20260807_130405" name="Hadolint run at 2026-08-07 13:04:05" time="0.001"><testsuite errors="0" failures="0" id="hadolint" name="Hadolint 2.15.1" time="0.001"/></testsuites>`},
		{"codacy", none, false, nil, ""},
		{"codeclimate", none, false, nil, ""},
		{"gitlab_codeclimate", none, false, nil, "[]"},
		{"json", []*hlResult{{file: "a\"b\\c", checks: []hlFinding{{"SC1000", hlStyle, "tab\there <&> \x01 é\u2028", 2}}}}, false, nil,
			"[{\"code\":\"SC1000\",\"column\":1,\"file\":\"a\\\"b\\\\c\",\"level\":\"style\",\"line\":2,\"message\":\"tab\\there <&> \\u0001 é\u2028\"}]"},
	} {
		var b bytes.Buffer
		writeHLFormat(&b, tc.format, tc.res, tc.color, tc.path)
		if b.String() != tc.want {
			t.Errorf("%s:\n got %q\nwant %q", tc.format, b.String(), tc.want)
		}
	}
}

func TestHadolintVerboseConfig(t *testing.T) {
	warn := hlWarning
	c := &hlConfig{formats: []string{"json"}, errorRules: []string{"DL3008"}, trusted: []string{"docker.io"}, labels: []hlLabel{{"version", "semver"}}, threshold: &warn}
	want := strings.Join([]string{
		"Configuration:",
		"  no fail: False",
		"  no color: False",
		"  output format:",
		"    - json",
		"  failure threshold: warning",
		"  override error:",
		`    - "DL3008"`,
		"  override warning:",
		"    none",
		"  override info:",
		"    none",
		"  override style:",
		"    none",
		"  override ignore:",
		"    none",
		"  strict labels: False",
		"  label schema:",
		"    - version: semver",
		"  disable ignore pragma: False",
		"  allowed registries:",
		"    - docker.io",
		"",
	}, "\n")
	if got := hlVerboseConfig(c); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}
