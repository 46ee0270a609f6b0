package main

import (
	"bytes"
	"encoding/json"
	"os"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/berth-dev/berth/lsp"
)

// TestPackageJSON fails when the settings schema of package.json is not the
// one generated from lsp.Settings.
func TestPackageJSON(t *testing.T) {
	pkg, err := os.ReadFile("../package.json")
	if err != nil {
		t.Fatal(err)
	}
	want, err := Generate(pkg)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(pkg, want) {
		t.Errorf("editors/vscode/package.json's contributes.configuration is not the one generated from lsp.Settings: run `go generate ./editors/vscode/...`\n%s", firstDiff(pkg, want))
	}
	// Generating is idempotent.
	again, err := Generate(want)
	if err != nil || !bytes.Equal(again, want) {
		t.Errorf("generating twice changes package.json (err %v)", err)
	}
}

// TestSchema checks the schema itself: every setting of the server, once,
// with a description and a default that its own schema accepts.
func TestSchema(t *testing.T) {
	cfg, err := Schema(reflect.TypeFor[lsp.Settings]())
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for k := range cfg.Properties {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range []string{"berth.path", "berth.ignore", "berth.severity", "berth.shellcheck", "berth.debounceMs",
		"berth.docker.host", "berth.build.context", "berth.build.tag", "berth.build.args", "berth.build.network",
		"berth.build.noCache", "berth.build.builder", "berth.configFile", "berth.enable", "berth.trace.server"} {
		if _, ok := cfg.Properties[k]; !ok {
			t.Errorf("no %s in %v", k, keys)
		}
	}
	for k, p := range cfg.Properties {
		if p.Description == "" {
			t.Errorf("%s has no description", k)
		}
		var def any
		if err := json.Unmarshal(p.Default, &def); err != nil {
			t.Errorf("%s: default %s: %v", k, p.Default, err)
			continue
		}
		if s, ok := def.(string); ok && len(p.Enum) > 0 && !slices.Contains(p.Enum, s) {
			t.Errorf("%s: default %q is not one of %v", k, s, p.Enum)
		}
	}
	if p := cfg.Properties["berth.shellcheck"]; !reflect.DeepEqual(p.Type, []string{"boolean", "null"}) || string(p.Default) != "null" {
		t.Errorf("berth.shellcheck: type %v default %s, want [boolean null] null", p.Type, p.Default)
	}
	if p := cfg.Properties["berth.severity"]; p.AdditionalProperties == nil || !slices.Contains(p.AdditionalProperties.Enum, "off") {
		t.Errorf("berth.severity: values %+v, want an enum with off", p.AdditionalProperties)
	}
	if d := cfg.Properties["berth.ignore"].Description; strings.Contains(d, "pin-apt-versions") {
		t.Errorf("berth.ignore's example is not a rule name: %s", d)
	}
}

// TestDrift shows that a change of the Go type is caught: a package.json
// without one of the settings is rewritten.
func TestDrift(t *testing.T) {
	pkg, err := os.ReadFile("../package.json")
	if err != nil {
		t.Fatal(err)
	}
	stale := bytes.Replace(pkg, []byte(`"berth.build.noCache"`), []byte(`"berth.build.noCacheOld"`), 1)
	if bytes.Equal(stale, pkg) {
		t.Fatal("package.json has no berth.build.noCache")
	}
	got, err := Generate(stale)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, pkg) {
		t.Errorf("regenerating a stale package.json does not give the generated one:\n%s", firstDiff(got, pkg))
	}
}

// firstDiff shows the first line where a and b differ.
func firstDiff(a, b []byte) string {
	la, lb := strings.Split(string(a), "\n"), strings.Split(string(b), "\n")
	for i := 0; i < max(len(la), len(lb)); i++ {
		var x, y string
		if i < len(la) {
			x = la[i]
		}
		if i < len(lb) {
			y = lb[i]
		}
		if x != y {
			return "line " + strconv.Itoa(i+1) + ":\n  have: " + x + "\n  want: " + y
		}
	}
	return ""
}
