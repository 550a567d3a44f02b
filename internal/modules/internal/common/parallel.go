package common

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/scmkit/sectigo/internal/scm"
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

// JoinReads joins the errors of parallel reads, as errors.Join does, except that reads stopped by one
// failure to obtain an access token (a refused or disabled API key, a token server that is down) are
// named once: the first such read keeps its message, which then says how many others failed the same
// way, instead of the task's message repeating the token server's answer once per listing.
func JoinReads(errs []error) error {
	var kept []error
	first := map[string]int{} // a token failure's text → its first read's index in kept
	others := map[int]int{}   // index in kept → reads that failed the same way after it
	for _, err := range errs {
		if err == nil {
			continue
		}
		if tf := scm.TokenFailure(err); tf != nil {
			if i, seen := first[tf.Error()]; seen {
				others[i]++
				continue
			}
			first[tf.Error()] = len(kept)
		}
		kept = append(kept, err)
	}
	for i, n := range others {
		kept[i] = sameFailure{error: kept[i], others: n}
	}
	return errors.Join(kept...)
}

// sameFailure is a read's error that stands for others that failed the same way.
type sameFailure struct {
	error
	others int
}

func (s sameFailure) Error() string {
	if s.others == 1 {
		return s.error.Error() + " (1 other read failed the same way)"
	}
	return fmt.Sprintf("%s (%d other reads failed the same way)", s.error.Error(), s.others)
}

func (s sameFailure) Unwrap() error { return s.error }
