package common

import (
	"context"
	"fmt"
	"sync"
)

// ListOnce is a listing a module reads at most once per run from SCM, on first use, however many steps
// ask for it (the organization tree, the ACME servers). It keeps the answer, or the failure. With
// hints, a listing the controller read less than ListTTL ago is used instead of a request, and one read
// live is remembered for the next tasks.
type ListOnce[T any] struct {
	what  string
	read  func(ctx context.Context) ([]T, error)
	hints *Hints

	mu     sync.Mutex
	loaded bool
	live   bool
	items  []T
	err    error
}

// NewListOnce returns a listing of what (for the error) that calls read on first use.
func NewListOnce[T any](what string, read func(ctx context.Context) ([]T, error)) *ListOnce[T] {
	return &ListOnce[T]{what: what, read: read}
}

// WithHints lets the listing come from, and go to, the controller's hints (nil: always from SCM).
func (l *ListOnce[T]) WithHints(h *Hints) *ListOnce[T] {
	l.hints = h
	return l
}

// load reads the listing unless it was read already (or remembered); afterwards items holds the answer.
func (l *ListOnce[T]) load(ctx context.Context) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.loaded {
		return l.err
	}
	if items, ok := cachedItems[T](l.hints, l.what); ok {
		l.items, l.loaded = items, true
		return nil
	}
	return l.readLive(ctx)
}

// Live makes sure the listing was read from SCM in this run, reading it now if it came from the hints:
// a module calls it before a cached listing decides a write, and after a miss in it.
func (l *ListOnce[T]) Live(ctx context.Context) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.live {
		return l.err
	}
	return l.readLive(ctx)
}

// FromHints tells whether the listing in hand came from the hints rather than from SCM in this run.
func (l *ListOnce[T]) FromHints() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.loaded && !l.live
}

func (l *ListOnce[T]) readLive(ctx context.Context) error {
	l.items, l.err = l.read(ctx)
	l.loaded, l.live = true, true
	if l.err != nil {
		l.err = fmt.Errorf("list %s: %w", l.what, l.err)
		return l.err
	}
	rememberItems(l.hints, l.what, l.items)
	return nil
}

// Items reads the listing on first use and returns it.
func (l *ListOnce[T]) Items(ctx context.Context) ([]T, error) {
	err := l.load(ctx)
	return l.Loaded(), err
}

// Loaded returns what the listing held once read; nil before the first read or after a failure.
func (l *ListOnce[T]) Loaded() []T {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.items
}
