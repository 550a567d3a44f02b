package scm

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The concurrent walk of listAll (paginate.go). No test here asserts anything about time; channels
// order the handlers, and every wait has a guard so that a bug fails the test instead of hanging it.

const guard = 10 * time.Second

// domainPage writes the entries of ids at pos..pos+size as a domain listing page, with X-Total-Count
// when total >= 0.
func domainPage(w http.ResponseWriter, ids []int, pos, size, total int) {
	var items []string
	for i := pos; i < min(pos+size, len(ids)); i++ {
		items = append(items, fmt.Sprintf(`{"id":%d,"name":"d%d.example.org"}`, ids[i], ids[i]))
	}
	if total >= 0 {
		w.Header().Set("X-Total-Count", strconv.Itoa(total))
	}
	writeJSON(w, http.StatusOK, "["+strings.Join(items, ",")+"]")
}

func paging(r *http.Request) (pos, size int) {
	q := r.URL.Query()
	return atoi(q.Get("position")), atoi(q.Get("size"))
}

func seq(from, to int) []int {
	out := make([]int, 0, to-from+1)
	for i := from; i <= to; i++ {
		out = append(out, i)
	}
	return out
}

func ids(ds []DomainSummary) []int {
	out := make([]int, len(ds))
	for i, d := range ds {
		out[i] = d.ID
	}
	return out
}

// waitOrGuard waits for ch, the request's end, or the guard.
func waitOrGuard(r *http.Request, ch <-chan struct{}) {
	select {
	case <-ch:
	case <-r.Context().Done():
	case <-time.After(guard):
	}
}

func TestListAll_requestsAreThePaginationMinimum(t *testing.T) {
	t.Parallel()
	for _, n := range []int{0, 1, 199, 200, 201, 400, 450, 1000, 2001} {
		t.Run(strconv.Itoa(n), func(t *testing.T) {
			t.Parallel()
			client, seen := pagedServer(t, n, true)
			got, err := client.Domains.ListAll(t.Context(), nil)
			require.NoError(t, err)
			assert.Equal(t, seq(1, n), ids(got))
			want := max(1, (n+MaxPageSize-1)/MaxPageSize)
			assert.Len(t, seen(), want, "ceil(%d/%d) requests, at least one", n, MaxPageSize)
		})
	}
}

func TestListAll_keepsOrderWhenPagesFinishOutOfOrder(t *testing.T) {
	t.Parallel()
	client, mux := setup(t, WithMaxParallel(4))
	all := seq(1, 1000) // 5 pages: the first, then 4 at once
	later := make(chan struct{})
	var answered atomic.Int32
	var mu sync.Mutex
	var finished []int
	mux.HandleFunc("GET /api/domain/v1", func(w http.ResponseWriter, r *http.Request) {
		pos, size := paging(r)
		if pos == 200 {
			waitOrGuard(r, later) // the second page is answered last
		}
		domainPage(w, all, pos, size, len(all))
		mu.Lock()
		finished = append(finished, pos)
		mu.Unlock()
		if pos > 200 && answered.Add(1) == 3 {
			close(later)
		}
	})
	got, err := client.Domains.ListAll(t.Context(), nil)
	require.NoError(t, err)
	assert.Equal(t, all, ids(got), "SCM's order, whatever order the pages came in")
	mu.Lock()
	defer mu.Unlock()
	assert.Equal(t, 200, finished[len(finished)-1], "the page at 200 really finished last: %v", finished)
}

// inFlight counts the handlers running at once; every handler but the first page's holds until
// limit of them run together, so that the peak shows what the client allows.
type inFlight struct {
	cur, peak atomic.Int32
	limit     int32
	once      sync.Once
	reached   chan struct{}
}

func newInFlight(limit int) *inFlight {
	return &inFlight{limit: int32(limit), reached: make(chan struct{})}
}

func (f *inFlight) enter(r *http.Request, hold bool) {
	n := f.cur.Add(1)
	for p := f.peak.Load(); n > p && !f.peak.CompareAndSwap(p, n); p = f.peak.Load() {
	}
	if n >= f.limit {
		f.once.Do(func() { close(f.reached) })
	}
	if hold {
		waitOrGuard(r, f.reached)
	}
}

func (f *inFlight) leave() { f.cur.Add(-1) }

func TestListAll_atMostMaxParallelInFlight(t *testing.T) {
	t.Parallel()
	const parallel = 3
	client, mux := setup(t, WithMaxParallel(parallel))
	all := seq(1, 2000) // 10 pages
	f := newInFlight(parallel)
	mux.HandleFunc("GET /api/domain/v1", func(w http.ResponseWriter, r *http.Request) {
		pos, size := paging(r)
		f.enter(r, pos > 0)
		f.leave() // before the answer: the client may send the next request as soon as it has it
		domainPage(w, all, pos, size, len(all))
	})
	// Two listings at once on one client: the bound is the client's, not each walk's.
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() {
			got, err := client.Domains.ListAll(t.Context(), nil)
			assert.NoError(t, err)
			assert.Equal(t, all, ids(got))
		})
	}
	wg.Wait()
	assert.Equal(t, int32(parallel), f.peak.Load(), "scm_max_parallel pages in flight, never more")
}

func TestListAll_withoutTotalIsSequential(t *testing.T) {
	t.Parallel()
	client, mux := setup(t, WithMaxParallel(5))
	all := seq(1, 1000)
	f := newInFlight(2)
	var mu sync.Mutex
	var positions []int
	mux.HandleFunc("GET /api/domain/v1", func(w http.ResponseWriter, r *http.Request) {
		pos, size := paging(r)
		f.enter(r, false)
		f.leave()
		mu.Lock()
		positions = append(positions, pos)
		mu.Unlock()
		domainPage(w, all, pos, size, -1)
	})
	got, err := client.Domains.ListAll(t.Context(), nil)
	require.NoError(t, err)
	assert.Equal(t, all, ids(got))
	assert.Equal(t, []int{0, 200, 400, 600, 800, 1000}, positions, "one page after another, to the empty one")
	assert.Equal(t, int32(1), f.peak.Load())
}

func TestListAll_rewalksWhenTheCountChanges(t *testing.T) {
	t.Parallel()
	client, mux := setup(t)
	var mu sync.Mutex
	current, requests := seq(1, 450), 0
	mux.HandleFunc("GET /api/domain/v1", func(w http.ResponseWriter, r *http.Request) {
		pos, size := paging(r)
		mu.Lock()
		defer mu.Unlock()
		requests++
		domainPage(w, current, pos, size, len(current))
		if requests == 1 { // a domain is created at the head of the listing after the first page
			current = append([]int{9999}, current...)
		}
	})
	got, err := client.Domains.ListAll(t.Context(), nil)
	require.NoError(t, err)
	assert.Equal(t, append([]int{9999}, seq(1, 450)...), ids(got), "the listing as it is after the change")
	assert.GreaterOrEqual(t, requests, 1+1+3, "the first walk, stopped at its first later page, then a whole walk")
}

func TestListAll_failsWhenTheCountKeepsChanging(t *testing.T) {
	t.Parallel()
	client, mux := setup(t)
	var mu sync.Mutex
	current := seq(1, 450)
	mux.HandleFunc("GET /api/domain/v1", func(w http.ResponseWriter, r *http.Request) {
		pos, size := paging(r)
		mu.Lock()
		defer mu.Unlock()
		domainPage(w, current, pos, size, len(current))
		current = append(current, 10000+len(current)) // someone keeps creating domains
	})
	got, err := client.Domains.ListAll(t.Context(), nil)
	require.ErrorIs(t, err, ErrListingChanged)
	assert.Nil(t, got)
	assert.Regexp(t, `^scm: the listing kept changing while it was read: read 3 times, and the last read found that `+
		`X-Total-Count was \d+ on the first page and \d+ at position (200|400)$`, err.Error())
}

func TestListAll_repeatedEntryIsAChange(t *testing.T) {
	t.Parallel()
	client, mux := setup(t)
	var mu sync.Mutex
	current, requests := seq(1, 450), 0
	mux.HandleFunc("GET /api/domain/v1", func(w http.ResponseWriter, r *http.Request) {
		pos, size := paging(r)
		mu.Lock()
		defer mu.Unlock()
		requests++
		domainPage(w, current, pos, size, len(current))
		if requests == 1 { // one domain created at the head, the last one deleted: the count stays
			current = append([]int{9999}, current[:len(current)-1]...)
		}
	})
	got, err := client.Domains.ListAll(t.Context(), nil)
	require.NoError(t, err)
	assert.Equal(t, append([]int{9999}, seq(1, 449)...), ids(got), "read again: no entry twice, none skipped")
}

func TestListAll_shortPageBeforeTheEnd(t *testing.T) {
	t.Parallel()
	client, mux := setup(t)
	all := seq(1, 450)
	mux.HandleFunc("GET /api/domain/v1", func(w http.ResponseWriter, r *http.Request) {
		pos, size := paging(r)
		if pos == 200 {
			size = 150 // the server loses 50 entries in the middle, every time
		}
		domainPage(w, all, pos, size, len(all))
	})
	got, err := client.Domains.ListAll(t.Context(), nil)
	require.ErrorIs(t, err, ErrListingChanged)
	assert.Nil(t, got, "no silently shorter list")
	assert.Contains(t, err.Error(), "position 200 held 150 entries where X-Total-Count 450 leaves 200")
}

func TestListAll_serverWithSmallerPages(t *testing.T) {
	t.Parallel()
	client, mux := setup(t)
	all := seq(1, 120)
	var mu sync.Mutex
	var asked []string
	mux.HandleFunc("GET /api/domain/v1", func(w http.ResponseWriter, r *http.Request) {
		pos, size := paging(r)
		mu.Lock()
		asked = append(asked, fmt.Sprintf("%d/%d", pos, size))
		mu.Unlock()
		domainPage(w, all, pos, min(size, 50), len(all)) // this server never sends more than 50
	})
	got, err := client.Domains.ListAll(t.Context(), nil)
	require.NoError(t, err)
	assert.Equal(t, all, ids(got))
	slices.Sort(asked)
	assert.Equal(t, []string{"0/200", "100/50", "50/50"}, asked, "the first page's length is the page size from then on")
}

func TestListAll_errorOnOnePage(t *testing.T) {
	t.Parallel()
	client, mux := setup(t, WithMaxParallel(4))
	all := seq(1, 2000)
	mux.HandleFunc("GET /api/domain/v1", func(w http.ResponseWriter, r *http.Request) {
		pos, size := paging(r)
		if pos == 800 {
			writeJSON(w, http.StatusBadRequest, `{"code":-1601,"description":"Field 'position' has invalid value"}`)
			return
		}
		domainPage(w, all, pos, size, len(all))
	})
	got, err := client.Domains.ListAll(t.Context(), nil)
	require.EqualError(t, err, "scm: GET /domain/v1: 400 (code -1601): Field 'position' has invalid value")
	assert.Nil(t, got, "no partial list on error")
}

// fakePages is a pageFunc over total entries (ints) with X-Total-Count; block makes a page wait for its
// context. It counts the calls running, so a test can see that none outlives listAll.
type fakePages struct {
	total   int
	fail    map[int]error // by position
	block   func(pos int) bool
	started atomic.Int32
	running atomic.Int32
	onStart func(pos int)
}

func (f *fakePages) fetch(ctx context.Context, page ListOptions) ([]int, *response, error) {
	f.started.Add(1)
	f.running.Add(1)
	defer f.running.Add(-1)
	if f.onStart != nil {
		f.onStart(page.Position)
	}
	if err := f.fail[page.Position]; err != nil {
		return nil, nil, err
	}
	if f.block != nil && f.block(page.Position) {
		select {
		case <-ctx.Done():
			return nil, nil, ctx.Err()
		case <-time.After(guard):
			return nil, nil, errors.New("guard: the walk did not cancel this page")
		}
	}
	out := make([]int, 0, page.Size)
	for i := page.Position; i < min(page.Position+page.Size, f.total); i++ {
		out = append(out, i)
	}
	return out, &response{header: http.Header{"X-Total-Count": {strconv.Itoa(f.total)}}}, nil
}

func TestListAll_pageErrorCancelsTheOthersAndLeavesNothingRunning(t *testing.T) {
	t.Parallel()
	boom := errors.New("boom")
	f := &fakePages{total: 2000, fail: map[int]error{600: boom}, block: func(pos int) bool { return pos > 0 && pos != 600 }}
	got, err := listAll(t.Context(), walk[int]{fetch: f.fetch, parallel: 4})
	require.ErrorIs(t, err, boom, "the page's own error, not the cancellation it caused")
	assert.Nil(t, got)
	assert.Zero(t, f.running.Load(), "every page call had returned when listAll did")
	assert.LessOrEqual(t, f.started.Load(), int32(1+4+1), "the first page, the 4 in flight, at most one more")
}

func TestListAll_contextCancelStopsTheWalk(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	f := &fakePages{total: 4000, block: func(pos int) bool { return pos > 0 }}
	f.onStart = func(pos int) {
		if pos == 200 {
			cancel()
		}
	}
	got, err := listAll(ctx, walk[int]{fetch: f.fetch, parallel: 2})
	require.ErrorIs(t, err, context.Canceled)
	assert.Nil(t, got)
	assert.Zero(t, f.running.Load())
	assert.LessOrEqual(t, f.started.Load(), int32(1+2), "no page starts once the context has ended")
}

func TestWithMaxParallel_bounds(t *testing.T) {
	t.Parallel()
	for _, n := range []int{0, -1, MaxParallel + 1} {
		_, err := New("https://scm.example/api", testCreds(), WithMaxParallel(n))
		require.Error(t, err, "%d", n)
		assert.Contains(t, err.Error(), fmt.Sprintf("max parallel must be between 1 and %d (got %d)", MaxParallel, n))
	}
	for _, n := range []int{1, DefaultMaxParallel, MaxParallel} {
		_, err := New("https://scm.example/api", testCreds(), WithMaxParallel(n))
		require.NoError(t, err, "%d", n)
	}
}
