// Command gen writes the settings schema of the VS Code extension
// (contributes.configuration in editors/vscode/package.json) from the
// server's settings type, lsp.Settings: one berth.* setting per field,
// nested structs giving dotted names, with the description, enum, default
// and minimum of the field's desc, enum, default and minimum tags. The rest
// of package.json is left as it is.
//
//	go generate ./editors/vscode/...
//
// gen_test.go fails when package.json and the Go type drift apart.
package main

//go:generate go run . -w ../package.json

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"reflect"
	"strconv"
	"strings"

	"github.com/berth-dev/berth/lsp"
)

// Property is one setting's JSON schema, in the order VS Code's manifests
// write them.
type Property struct {
	Type                 any             `json:"type"`
	Items                *Property       `json:"items,omitempty"`
	AdditionalProperties *Property       `json:"additionalProperties,omitempty"`
	Enum                 []string        `json:"enum,omitempty"`
	Minimum              *int            `json:"minimum,omitempty"`
	Default              json.RawMessage `json:"default,omitempty"`
	Description          string          `json:"description,omitempty"`
	Scope                string          `json:"scope,omitempty"`
}

// Configuration is contributes.configuration.
type Configuration struct {
	Title      string               `json:"title"`
	Properties map[string]*Property `json:"properties"`
}

// own are the extension's settings, which the server does not read.
var own = map[string]*Property{
	"berth.path": {
		Type:        "string",
		Default:     json.RawMessage(`"berth"`),
		Description: "The berth executable: a name looked up in PATH, or a path. Changing it restarts the language server.",
	},
	"berth.trace.server": {
		Type:        "string",
		Enum:        []string{"off", "messages", "verbose"},
		Default:     json.RawMessage(`"off"`),
		Description: "Trace the messages between VS Code and berth in the berth output channel, when that channel's log level is Trace (Output panel: Set Log Level).",
	},
}

// Schema returns the configuration for the settings type t (lsp.Settings).
func Schema(t reflect.Type) (*Configuration, error) {
	c := &Configuration{Title: "berth", Properties: map[string]*Property{}}
	for k, p := range own {
		c.Properties[k] = p
	}
	if err := addFields(c.Properties, "berth.", t); err != nil {
		return nil, err
	}
	return c, nil
}

func addFields(props map[string]*Property, prefix string, t reflect.Type) error {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if !f.IsExported() || name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		if f.Type.Kind() == reflect.Struct {
			if err := addFields(props, prefix+name+".", f.Type); err != nil {
				return err
			}
			continue
		}
		p, err := property(f)
		if err != nil {
			return fmt.Errorf("%s%s: %w", prefix, name, err)
		}
		props[prefix+name] = p
	}
	return nil
}

// property is the schema of one field.
func property(f reflect.StructField) (*Property, error) {
	p := &Property{Description: f.Tag.Get("desc")}
	if p.Description == "" {
		return nil, errors.New(`no desc:"..." tag`)
	}
	var enum []string
	if e, ok := f.Tag.Lookup("enum"); ok {
		enum = strings.Split(e, ",")
	}
	t := f.Type
	nullable := t.Kind() == reflect.Pointer
	if nullable {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		p.Type, p.Enum, p.Default = "string", enum, json.RawMessage(`""`)
	case reflect.Bool:
		p.Type, p.Default = "boolean", json.RawMessage(`false`)
	case reflect.Int, reflect.Int64:
		p.Type, p.Default = "integer", json.RawMessage(`0`)
	case reflect.Slice:
		if t.Elem().Kind() != reflect.String {
			return nil, fmt.Errorf("unsupported type %s", f.Type)
		}
		p.Type, p.Items, p.Default = "array", &Property{Type: "string", Enum: enum}, json.RawMessage(`[]`)
	case reflect.Map:
		if t.Key().Kind() != reflect.String || t.Elem().Kind() != reflect.String {
			return nil, fmt.Errorf("unsupported type %s", f.Type)
		}
		p.Type, p.AdditionalProperties, p.Default = "object", &Property{Type: "string", Enum: enum}, json.RawMessage(`{}`)
	default:
		return nil, fmt.Errorf("unsupported type %s", f.Type)
	}
	if m, ok := f.Tag.Lookup("minimum"); ok {
		n, err := strconv.Atoi(m)
		if err != nil {
			return nil, fmt.Errorf("minimum tag: %w", err)
		}
		p.Minimum = &n
	}
	switch d, ok := f.Tag.Lookup("default"); {
	case ok:
		if !json.Valid([]byte(d)) {
			return nil, fmt.Errorf("default tag %q is not JSON", d)
		}
		p.Default = json.RawMessage(d)
	case nullable:
		// Unset: the server decides (such as shellcheck: on when installed).
		p.Type, p.Default = []string{p.Type.(string), "null"}, json.RawMessage(`null`)
	}
	return p, nil
}

// Generate returns pkg (package.json) with contributes.configuration
// replaced by the schema of lsp.Settings, written as the rest of the file
// (two-space indentation, a final newline).
func Generate(pkg []byte) ([]byte, error) {
	cfg, err := Schema(reflect.TypeFor[lsp.Settings]())
	if err != nil {
		return nil, err
	}
	start, end, indent, err := span(pkg, "contributes", "configuration")
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent(indent, "  ")
	if err := enc.Encode(cfg); err != nil {
		return nil, err
	}
	value := bytes.TrimRight(buf.Bytes(), "\n")
	out := append([]byte{}, pkg[:start]...)
	out = append(out, value...)
	return append(out, pkg[end:]...), nil
}

// span finds the value at path in the JSON object doc: its byte offsets,
// and the indentation of the line its key is on.
func span(doc []byte, path ...string) (start, end int, indent string, err error) {
	dec := json.NewDecoder(bytes.NewReader(doc))
	for depth, key := range path {
		if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
			return 0, 0, "", fmt.Errorf("package.json: %s is not an object", strings.Join(path[:depth], "."))
		}
		for {
			tok, err := dec.Token()
			if err != nil {
				return 0, 0, "", fmt.Errorf("package.json: %w", err)
			}
			if tok == json.Delim('}') {
				return 0, 0, "", fmt.Errorf("package.json has no %s", strings.Join(path[:depth+1], "."))
			}
			if tok == key {
				break
			}
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return 0, 0, "", fmt.Errorf("package.json: %w", err)
			}
		}
	}
	keyEnd := int(dec.InputOffset())
	var value json.RawMessage
	if err := dec.Decode(&value); err != nil {
		return 0, 0, "", fmt.Errorf("package.json: %w", err)
	}
	end = int(dec.InputOffset())
	start = keyEnd + bytes.Index(doc[keyEnd:end], value[:1])
	lineStart := bytes.LastIndexByte(doc[:keyEnd], '\n') + 1
	line := doc[lineStart:keyEnd]
	indent = string(line[:len(line)-len(bytes.TrimLeft(line, " \t"))])
	return start, end, indent, nil
}

func main() {
	write := flag.Bool("w", false, "rewrite the file instead of printing it")
	flag.Usage = func() {
		fmt.Fprintln(flag.CommandLine.Output(), "usage: gen [-w] [package.json]")
		flag.PrintDefaults()
	}
	flag.Parse()
	file := "editors/vscode/package.json"
	if flag.NArg() > 0 {
		file = flag.Arg(0)
	}
	pkg, err := os.ReadFile(file)
	if err != nil {
		fail(err)
	}
	out, err := Generate(pkg)
	if err != nil {
		fail(fmt.Errorf("%s: %w", file, err))
	}
	if !*write {
		_, err = io.Copy(os.Stdout, bytes.NewReader(out))
	} else if !bytes.Equal(out, pkg) {
		err = os.WriteFile(file, out, 0o644)
	}
	if err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "gen:", err)
	os.Exit(1)
}
