package lsp

import (
	"sync"
	"time"
)

// sendGroup runs the window messages (window/showMessage and
// window/logMessage) the server sends on goroutines of their own, so that
// the reader never waits for the client, and lets Shutdown wait for those
// still being sent: a client has every message said before its shutdown
// request by the time the answer comes.
type sendGroup struct {
	mu   sync.Mutex
	n    int
	idle chan struct{} // closed when n drops back to 0
}

// Go runs send on a goroutine of its own.
func (g *sendGroup) Go(send func()) {
	g.mu.Lock()
	if g.n == 0 {
		g.idle = make(chan struct{})
	}
	g.n++
	g.mu.Unlock()
	go func() {
		defer g.done()
		send()
	}()
}

func (g *sendGroup) done() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.n--
	if g.n == 0 {
		close(g.idle)
	}
}

// Wait waits until no message is being sent, at most d (a client that
// stopped reading must not hold the server's shutdown), and reports
// whether none is.
func (g *sendGroup) Wait(d time.Duration) bool {
	g.mu.Lock()
	n, idle := g.n, g.idle
	g.mu.Unlock()
	if n == 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-idle:
		return true
	case <-t.C:
		return false
	}
}
