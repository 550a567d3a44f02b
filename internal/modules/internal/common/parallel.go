package common

import (
	"context"
	"sync"
)

// ForEach calls fn for every index in [0, n) with at most limit calls in flight, and returns the
// errors in input order (nil where fn succeeded). One failure does not stop the others: a module
// reports every object's outcome. When ctx is done, the calls not yet started get ctx.Err().
func ForEach(ctx context.Context, n, limit int, fn func(ctx context.Context, i int) error) []error {
	errs := make([]error, n)
	if limit < 1 {
		limit = 1
	}
	sem := make(chan struct{}, limit)
	var wg sync.WaitGroup
	for i := range n {
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
			errs[i] = ctx.Err()
			continue
		}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			errs[i] = fn(ctx, i)
		}()
	}
	wg.Wait()
	return errs
}
