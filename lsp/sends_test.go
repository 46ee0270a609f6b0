package lsp

import (
	"testing"
	"time"
)

// TestSendGroupWait: Wait returns once every message sent with Go is
// out, and gives up after its bound while one is stuck.
func TestSendGroupWait(t *testing.T) {
	var g sendGroup
	if !g.Wait(time.Millisecond) {
		t.Fatal("Wait with nothing sent: not idle")
	}
	release := make(chan struct{})
	sent := make(chan struct{}, 3)
	for range 2 {
		g.Go(func() {
			<-release
			sent <- struct{}{}
		})
	}
	if g.Wait(20 * time.Millisecond) {
		t.Fatal("Wait returned idle while two messages were held")
	}
	close(release)
	if !g.Wait(10 * time.Second) {
		t.Fatal("Wait gave up after the messages were released")
	}
	if len(sent) != 2 {
		t.Fatalf("Wait returned with %d of 2 messages sent", len(sent))
	}
	// The group is used again after it was idle.
	g.Go(func() { sent <- struct{}{} })
	if !g.Wait(10*time.Second) || len(sent) != 3 {
		t.Fatalf("second round: %d messages sent", len(sent))
	}
}
