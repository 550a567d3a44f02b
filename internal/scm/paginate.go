package scm

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// MaxPageSize is the largest page SCM serves (OAS declares maximum: 200 on
// every paged operation).
const MaxPageSize = 200

// maxPages stops a walk over a server that ignores position and keeps sending
// full pages (or announces more than that many); 10 000 pages of 200 is far
// beyond any real inventory.
const maxPages = 10000

// ListOptions selects one page: Position is an offset in entries (not a page
// number), Size the page length (at most MaxPageSize; 0 leaves it to SCM).
type ListOptions struct {
	Position int
	Size     int
}

func (o ListOptions) apply(q url.Values) error {
	if o.Position < 0 || o.Size < 0 || o.Size > MaxPageSize {
		return fmt.Errorf("scm: invalid page (position %d, size %d): position must be >= 0 and size 0..%d",
			o.Position, o.Size, MaxPageSize)
	}
	if o.Size > 0 {
		q.Set("size", strconv.Itoa(o.Size))
	}
	if o.Position > 0 || o.Size > 0 {
		q.Set("position", strconv.Itoa(o.Position))
	}
	return nil
}

// pageFunc fetches one page with the given paging; the response carries
// X-Total-Count when the endpoint has it.
type pageFunc[T any] func(ctx context.Context, page ListOptions) ([]T, *response, error)

// maxWalks is how many times a listing is read from the start before listAll
// gives up on one that keeps changing while it is read.
const maxWalks = 3

// ErrListingChanged is matched (errors.Is) by the error of a listing that
// changed, or contradicted itself, on every one of maxWalks reads.
var ErrListingChanged = errors.New("scm: the listing kept changing while it was read")

// walk is how listAll reads one listing.
type walk[T any] struct {
	fetch pageFunc[T]
	// parallel bounds the pages in flight at once (the client's WithMaxParallel;
	// its throttle bounds every request of the client as well).
	parallel int
	// key identifies an entry, to find one listed twice; nil for listings
	// whose entries have no identity.
	key func(T) string
}

// listAll reads every entry of a listing, in SCM's order.
//
// The first page (position 0, the largest size) comes alone. When it carries
// X-Total-Count, the remaining pages are read concurrently, at most
// w.parallel at once, and put back in order: ceil(total/200) requests in all,
// the fewest that can read the listing. Without the header the pages are read
// one after another until a short or empty page, as SCM's own clients do.
//
// Offset paging over a listing that changes while it is read can repeat or skip
// entries, so every read is checked: each page must carry the first page's
// X-Total-Count and exactly the entries that count leaves for its position, and
// no entry (by w.key) may appear twice. A read that fails a check is thrown away
// and the listing read again from the start, up to maxWalks times; then the
// error matches ErrListingChanged. A first page shorter than asked while the
// count says more follow is taken as the server's page size (SCM does not
// document its cap), and the later pages are asked for with that size.
func listAll[T any](ctx context.Context, w walk[T]) ([]T, error) {
	var last error
	for range maxWalks {
		all, err := w.once(ctx)
		var changed *listingChange
		if errors.As(err, &changed) {
			last = err
			continue
		}
		if err != nil {
			return nil, err
		}
		if err := w.unique(all); err != nil {
			last = err
			continue
		}
		return all, nil
	}
	return nil, fmt.Errorf("%w: read %d times, and the last read found that %v", ErrListingChanged, maxWalks, last)
}

// listingChange is a read that contradicted itself: the listing changed
// while it was read, or the server does not page as it says.
type listingChange struct{ what string }

func (e *listingChange) Error() string { return e.what }

func changed(format string, args ...any) error {
	return &listingChange{what: fmt.Sprintf(format, args...)}
}

// once reads the listing from the start.
func (w walk[T]) once(ctx context.Context) ([]T, error) {
	first, res, err := w.fetch(ctx, ListOptions{Position: 0, Size: MaxPageSize})
	if err != nil {
		return nil, err
	}
	total, hasTotal := totalCount(res)
	if !hasTotal {
		return w.sequential(ctx, first)
	}
	step := MaxPageSize
	switch {
	case len(first) > total:
		return nil, changed("the first page holds %d entries and X-Total-Count says %d", len(first), total)
	case len(first) == total:
		return first, nil
	case len(first) == 0:
		return nil, changed("X-Total-Count says %d and the first page is empty", total)
	case len(first) < MaxPageSize:
		step = len(first) // the server's page size is smaller than the largest SCM documents
	}
	n := (total + step - 1) / step
	if n > maxPages {
		return nil, fmt.Errorf("scm: listing of %d entries needs %d pages, more than the %d this client reads", total, n, maxPages)
	}
	pages := make([][]T, n)
	pages[0] = first
	err = forPages(ctx, n, w.parallel, func(ctx context.Context, i int) error {
		pos := i * step
		page, res, err := w.fetch(ctx, ListOptions{Position: pos, Size: step})
		if err != nil {
			return err
		}
		if t, ok := totalCount(res); !ok || t != total {
			return changed("X-Total-Count was %d on the first page and %s at position %d", total, countText(t, ok), pos)
		}
		if want := min(step, total-pos); len(page) != want {
			return changed("position %d held %d entries where X-Total-Count %d leaves %d", pos, len(page), total, want)
		}
		pages[i] = page
		return nil
	})
	if err != nil {
		return nil, err
	}
	all := make([]T, 0, total)
	for _, p := range pages {
		all = append(all, p...)
	}
	return all, nil
}

func countText(n int, ok bool) string {
	if !ok {
		return "missing"
	}
	return strconv.Itoa(n)
}

// sequential reads the pages after first one at a time until a short or an
// empty page: the walk of a listing without X-Total-Count.
func (w walk[T]) sequential(ctx context.Context, first []T) ([]T, error) {
	all, page := first, first
	for range maxPages {
		if len(page) < MaxPageSize {
			return all, nil
		}
		var err error
		if page, _, err = w.fetch(ctx, ListOptions{Position: len(all), Size: MaxPageSize}); err != nil {
			return nil, err
		}
		all = append(all, page...)
	}
	return nil, fmt.Errorf("scm: listing did not end after %d pages; the server seems to ignore position", maxPages)
}

// unique finds an entry listed twice: what offset paging yields when an entry
// is added before a page already read while the count stays the same (one
// added, one removed).
func (w walk[T]) unique(all []T) error {
	if w.key == nil {
		return nil
	}
	seen := make(map[string]int, len(all))
	for i, e := range all {
		k := w.key(e)
		if j, dup := seen[k]; dup {
			return changed("entry %s was listed twice (at %d and %d)", k, j, i)
		}
		seen[k] = i
	}
	return nil
}

// forPages calls get for the pages 1..n-1 with at most parallel calls in
// flight. The first error stops the walk: the calls in flight are cancelled
// and waited for, and no new one starts. It returns that error, or the
// context's when ctx ended first.
func forPages(ctx context.Context, n, parallel int, get func(ctx context.Context, i int) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		next, done atomic.Int64
		mu         sync.Mutex
		failure    error
		wg         sync.WaitGroup
	)
	next.Store(1)
	for range min(max(1, parallel), n-1) {
		wg.Go(func() {
			for ctx.Err() == nil {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				if err := get(ctx, i); err != nil {
					mu.Lock()
					if failure == nil {
						failure = err
						cancel()
					}
					mu.Unlock()
					return
				}
				done.Add(1)
			}
		})
	}
	wg.Wait()
	switch {
	case failure != nil:
		return failure
	case done.Load() < int64(n-1): // the caller's context ended before every page was read
		return ctx.Err()
	}
	return nil
}

// totalCount reads X-Total-Count.
func totalCount(res *response) (int, bool) {
	if res == nil {
		return 0, false
	}
	v := strings.TrimSpace(res.header.Get("X-Total-Count"))
	if v == "" {
		return 0, false
	}
	n, err := strconv.Atoi(v)
	return n, err == nil && n >= 0
}

// Small helpers for query strings: unset filters are left out, because SCM
// treats even an empty value as a filter on some endpoints.

func setString[T ~string](q url.Values, key string, v T) {
	if v != "" {
		q.Set(key, string(v))
	}
}

func setInt(q url.Values, key string, v int) {
	if v != 0 {
		q.Set(key, strconv.Itoa(v))
	}
}
