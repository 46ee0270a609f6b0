package rules

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/berth-dev/berth/lint"
)

// With a lint.Deferred on the document, BR017 reports nothing it would
// have to wait for: the script goes to shellcheck, the wait is recorded,
// and the next lint with the same Deferred, once the wait is over,
// reports the findings.
func TestShellCheckDeferred(t *testing.T) {
	needShellCheck(t)
	src := "FROM debian:bookworm-slim\nRUN echo $deferred_rule_test\n"
	df := new(lint.Deferred)
	run := func() []lint.Diagnostic {
		doc := lint.NewDocument("Dockerfile", []byte(src))
		doc.Defer(df)
		return lint.Run(doc, []*lint.Rule{BR017}, &lint.Config{})
	}
	if got := run(); len(got) != 0 {
		t.Fatalf("first lint reported %v; want nothing until shellcheck answers", got)
	}
	if !df.Pending() {
		t.Fatal("no work deferred")
	}
	if err := df.Wait(context.Background()); err != nil {
		t.Fatal(err)
	}
	if df.Pending() {
		t.Error("work still pending after Wait")
	}
	var codes []string
	for _, d := range run() {
		codes = append(codes, d.Code)
	}
	if len(codes) != 2 || codes[0] != "SC2086" || codes[1] != "SC2154" {
		t.Errorf("second lint: %v, want SC2086 and SC2154", codes)
	}
	if df.Pending() {
		t.Error("the second lint deferred again")
	}
}

// Without shellcheck, a Deferred hears of it (for the editor to say so
// once) and the document gets no diagnostic.
func TestShellCheckDeferredUnavailable(t *testing.T) {
	df := new(lint.Deferred) // scFind finds nothing in this package's tests
	doc := lint.NewDocument("Dockerfile", []byte("FROM debian:bookworm-slim\nRUN echo $x\n"))
	doc.Defer(df)
	if got := lint.Run(doc, []*lint.Rule{BR017}, &lint.Config{}); len(got) != 0 {
		t.Errorf("got %v, want nothing", got)
	}
	if m := df.Missing(); len(m) != 1 || m[0] != "shellcheck" {
		t.Errorf("Missing() = %v, want [shellcheck]", m)
	}
}

// A script whose lint gave up the wait before its batch started is
// dropped: shellcheck never runs on it.
func TestShellCheckDroppedWhenAbandoned(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the fake shellcheck is a shell script")
	}
	dir := t.TempDir()
	ran := filepath.Join(dir, "ran")
	fake := filepath.Join(dir, "shellcheck")
	if err := os.WriteFile(fake, []byte("#!/bin/sh\n: > '"+ran+"'\necho '{\"comments\":[]}'\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	// Hold every slot, so that the batch waits to start.
	for range cap(scSlots) {
		scSlots <- struct{}{}
	}
	held := true
	free := func() {
		if held {
			held = false
			for range cap(scSlots) {
				<-scSlots
			}
		}
	}
	defer free()
	j := &scJob{dialect: "sh", text: "echo dropped_test\n", key: "sh\x00echo dropped_test\n"}
	ready := scQueue.submit(fake, []*scJob{j})
	scQueue.release(ready)
	free()
	<-ready[0].done
	if !errors.Is(ready[0].result.err, errSCDropped) {
		t.Errorf("result %v, want errSCDropped", ready[0].result.err)
	}
	if _, err := os.Stat(ran); err == nil {
		t.Error("shellcheck ran on a script no one waited for")
	}
	scCache.Lock()
	_, cached := scCache.m[j.key]
	scCache.Unlock()
	if cached {
		t.Error("a dropped script's result was cached")
	}
}

// With a quiet time (the editor's), a queued script waits for the queue to
// be quiet: a second script queued meanwhile keeps both waiting, and the
// first, given up by its lint (the next keystroke's), never runs.
func TestShellCheckWaitsForQuiet(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the fake shellcheck is a shell script")
	}
	dir := t.TempDir()
	fake := filepath.Join(dir, "shellcheck")
	if err := os.WriteFile(fake, []byte("#!/bin/sh\necho '{\"comments\":[]}'\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	SetShellCheckQuiet(time.Hour)
	defer func() {
		SetShellCheckQuiet(0)
		scQueue.mu.Lock()
		scQueue.armed = false
		scQueue.mu.Unlock()
	}()
	pending := func() int {
		scQueue.mu.Lock()
		defer scQueue.mu.Unlock()
		return len(scQueue.pending["sh"])
	}
	a := &scJob{dialect: "sh", text: "echo quiet_a\n", key: "sh\x00echo quiet_a\n"}
	readyA := scQueue.submit(fake, []*scJob{a})
	if n := pending(); n != 1 {
		t.Fatalf("%d scripts queued after the first, want it waiting", n)
	}
	b := &scJob{dialect: "sh", text: "echo quiet_ab\n", key: "sh\x00echo quiet_ab\n"}
	readyB := scQueue.submit(fake, []*scJob{b})
	if n := pending(); n != 2 {
		t.Fatalf("%d scripts queued after the second, want both waiting", n)
	}
	scQueue.release(readyA) // the next keystroke's lint gives the first up
	scQueue.mu.Lock()       // the quiet time is over
	scQueue.flushLocked(fake, "sh")
	scQueue.mu.Unlock()
	<-readyA[0].done
	<-readyB[0].done
	if !errors.Is(readyA[0].result.err, errSCDropped) {
		t.Errorf("the given-up script: %v, want errSCDropped", readyA[0].result.err)
	}
	if err := readyB[0].result.err; err != nil {
		t.Errorf("the last script: %v, want it checked", err)
	}
}
