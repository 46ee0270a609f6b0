package lint

import (
	"slices"
	"strings"
	"testing"
)

func TestEnvOrder(t *testing.T) {
	e := NewEnv()
	e.Set("B", "1")
	e.Set("A", "2")
	e.Set("B", "3")
	if v, ok := e.Get("B"); !ok || v != "3" {
		t.Errorf(`Get("B") = %q, %v`, v, ok)
	}
	if _, ok := e.Get("C"); ok {
		t.Error(`Get("C") found an unset name`)
	}
	if got := strings.Join(e.Keys(), ","); got != "B,A" {
		t.Errorf("Keys() = %s, want B,A (first set first)", got)
	}
}

func TestBuilderMetaEnv(t *testing.T) {
	doc := NewDocument("Dockerfile", []byte(`ARG BASE=alpine
ARG TAG=${TARGETARCH}-3
ARG EMPTY
FROM ${BASE}:${TAG} AS Final
`))
	env, declared, ok := doc.BuilderMetaEnv()
	if !ok {
		t.Fatal("ok = false")
	}
	for k, want := range map[string]string{"BASE": "alpine", "TAG": "amd64-3", "TARGETPLATFORM": "linux/amd64", "TARGETSTAGE": "final"} {
		if v, _ := env.Get(k); v != want {
			t.Errorf("%s = %q, want %q", k, v, want)
		}
	}
	if _, ok := env.Get("EMPTY"); ok {
		t.Error("EMPTY has no default and should not be set")
	}
	var names []string
	for k := range declared {
		names = append(names, k)
	}
	slices.Sort(names)
	if strings.Join(names, ",") != "BASE,EMPTY,TAG" {
		t.Errorf("declared = %v", names)
	}
	if env2, _, _ := doc.BuilderMetaEnv(); env2 != env {
		t.Error("BuilderMetaEnv is not computed once per document")
	}
	// Stage resolution does not see the predefined arguments.
	if st := doc.Stages[0]; st.Resolved != "alpine:-3" {
		t.Errorf("Resolved = %q, want alpine:-3", st.Resolved)
	}
}

func TestBuilderMetaEnvBad(t *testing.T) {
	doc := NewDocument("Dockerfile", []byte("ARG A=${B:?missing}\nFROM scratch\n"))
	if _, _, ok := doc.BuilderMetaEnv(); ok {
		t.Error("ok = true for a default that does not expand")
	}
}
