package lint

import (
	"context"
	"slices"
	"sync"
)

// Deferred is the work that slow rules leave for later in the lints of one
// version of a document, for a driver that must not wait (the language
// server, which publishes on each keystroke). The driver attaches one to a
// Document before Run (Document.Defer); a rule that would wait for an
// outside program (ShellCheck) then reports only the results it already
// has and records the wait with Add. The driver sends what Run returned,
// calls Wait in the background and, when it returns nil, lints the same
// text again with the same Deferred: the rule then finds its results
// (Load) and reports them all. Without a Deferred rules wait, as the CLI
// wants.
type Deferred struct {
	mu          sync.Mutex
	waits       []func(context.Context) error
	total       int // waits ever added
	kept        map[any]any
	unavailable []string
}

type deferredKey struct{}

// Defer attaches df to the document, for the rules of the Run that
// follows; nil attaches nothing.
func (d *Document) Defer(df *Deferred) {
	if df != nil {
		d.memo.Store(deferredKey{}, df)
	}
}

// Deferred returns the Deferred attached to the document, or nil: rules
// then wait for their results.
func (d *Document) Deferred() *Deferred {
	v, _ := d.memo.Load(deferredKey{})
	df, _ := v.(*Deferred)
	return df
}

// Add records work a rule left for later: wait returns nil once the
// results are in (kept with Keep), or ctx's error when the driver gave up
// on them (an edit made them stale), which lets the rule drop work that
// has not started.
func (df *Deferred) Add(wait func(ctx context.Context) error) {
	df.mu.Lock()
	df.waits = append(df.waits, wait)
	df.total++
	df.mu.Unlock()
}

// added returns how many waits were ever added: a lint that sees it grow
// left work for later (nil has none).
func (df *Deferred) added() int {
	if df == nil {
		return 0
	}
	df.mu.Lock()
	defer df.mu.Unlock()
	return df.total
}

// Pending reports whether some work is left for later.
func (df *Deferred) Pending() bool {
	df.mu.Lock()
	defer df.mu.Unlock()
	return len(df.waits) > 0
}

// Wait waits for the work left for later and returns nil when all of it
// is done, or the first error (ctx's when it is done first). The work is
// then no longer pending.
func (df *Deferred) Wait(ctx context.Context) error {
	df.mu.Lock()
	waits := df.waits
	df.waits = nil
	df.mu.Unlock()
	for _, w := range waits {
		if err := w(ctx); err != nil {
			return err
		}
	}
	return nil
}

// Keep records a result of deferred work under key, for the next lint of
// the document's text.
func (df *Deferred) Keep(key, value any) {
	df.mu.Lock()
	if df.kept == nil {
		df.kept = map[any]any{}
	}
	df.kept[key] = value
	df.mu.Unlock()
}

// Load returns what Keep recorded under key.
func (df *Deferred) Load(key any) (any, bool) {
	df.mu.Lock()
	defer df.mu.Unlock()
	v, ok := df.kept[key]
	return v, ok
}

// Unavailable records that a rule could not run because the program it
// needs is not installed (ShellCheck's "shellcheck"), for the driver to
// tell the user once; the rule stays silent in the document.
func (df *Deferred) Unavailable(program string) {
	df.mu.Lock()
	if !slices.Contains(df.unavailable, program) {
		df.unavailable = append(df.unavailable, program)
	}
	df.mu.Unlock()
}

// Missing returns the programs recorded with Unavailable.
func (df *Deferred) Missing() []string {
	df.mu.Lock()
	defer df.mu.Unlock()
	return slices.Clone(df.unavailable)
}
