package common

import (
	"context"
	"fmt"
	"sync"
)

// ListOnce is a listing a module reads at most once per run, on first use, however many steps ask for
// it (the organization tree, the ACME servers). It keeps the answer, or the failure.
type ListOnce[T any] struct {
	what  string
	read  func(ctx context.Context) ([]T, error)
	once  sync.Once
	items []T
	err   error
}

// NewListOnce returns a listing of what (for the error) that calls read on first use.
func NewListOnce[T any](what string, read func(ctx context.Context) ([]T, error)) *ListOnce[T] {
	return &ListOnce[T]{what: what, read: read}
}

// load reads the listing unless it was read already; afterwards items holds the answer.
func (l *ListOnce[T]) load(ctx context.Context) error {
	l.once.Do(func() {
		l.items, l.err = l.read(ctx)
		if l.err != nil {
			l.err = fmt.Errorf("list %s: %w", l.what, l.err)
		}
	})
	return l.err
}

// Items reads the listing on first use and returns it.
func (l *ListOnce[T]) Items(ctx context.Context) ([]T, error) {
	err := l.load(ctx)
	return l.items, err
}

// Loaded returns what the listing held once read; nil before the first read or after a failure.
func (l *ListOnce[T]) Loaded() []T { return l.items }
