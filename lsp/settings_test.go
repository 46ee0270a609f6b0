package lsp

import (
	"encoding/json"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// TestVSCodeSettings keeps the settings the VS Code extension contributes
// in step with the server's Settings.
func TestVSCodeSettings(t *testing.T) {
	b, err := os.ReadFile("../editors/vscode/package.json")
	if err != nil {
		t.Fatal(err)
	}
	var pkg struct {
		Contributes struct {
			Configuration struct {
				Properties map[string]json.RawMessage `json:"properties"`
			} `json:"configuration"`
		} `json:"contributes"`
	}
	if err := json.Unmarshal(b, &pkg); err != nil {
		t.Fatal(err)
	}
	var got []string
	for k := range pkg.Contributes.Configuration.Properties {
		switch k {
		case "berth.path", "berth.trace.server": // the extension's own
			continue
		}
		got = append(got, strings.TrimPrefix(k, "berth."))
	}
	var want []string
	var walk func(prefix string, st reflect.Type)
	walk = func(prefix string, st reflect.Type) {
		for i := 0; i < st.NumField(); i++ {
			f := st.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if f.Type.Kind() == reflect.Struct {
				walk(prefix+name+".", f.Type)
				continue
			}
			want = append(want, prefix+name)
		}
	}
	walk("", reflect.TypeFor[Settings]())
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("editors/vscode/package.json contributes %v; the server reads %v", got, want)
	}
}

func TestParseSettings(t *testing.T) {
	for _, in := range []string{
		`{"ignore":["DL3008"],"severity":{"DL3007":"info"},"debounceMs":5}`,
		`{"berth":{"ignore":["DL3008"],"severity":{"DL3007":"info"},"debounceMs":5}}`,
	} {
		s, err := parseSettings([]byte(in))
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(s.Ignore, []string{"DL3008"}) || s.debounce().Milliseconds() != 5 {
			t.Errorf("%s: %+v", in, s)
		}
		cfg, err := s.config()
		if err != nil || cfg.Severity["DL3007"].String() != "info" {
			t.Errorf("%s: config %+v %v", in, cfg, err)
		}
	}
	if _, err := (Settings{Severity: map[string]string{"x": "loud"}}).config(); err == nil {
		t.Error("bad severity accepted")
	}
	if s, err := parseSettings([]byte("null")); err != nil || s.debounce().Milliseconds() != 30 {
		t.Errorf("null settings: %+v %v", s, err)
	}
}
