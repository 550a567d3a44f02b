package scm

import (
	"context"
	"net/http"
	"sync"
	"time"
)

// throttle paces the attempts of one Client once SCM answers 429 ("too many requests").
//
// SCM limits the request rate per customer. A client keeps at most its bound (WithMaxParallel) of
// requests in flight, however many goroutines send them; if each worker only backed off on its own,
// the others would keep the limit exceeded, one 429 would become a storm of them, and a request that
// met four in a row would fail the task. So the client reacts as a whole, the way TCP does:
//   - pause: after a 429 no attempt starts until its Retry-After has passed (capped like the backoff);
//   - fewer in flight: the attempts allowed in flight are halved (at least one), once per pause;
//   - recover slowly: every run of `limit` answers without a 429 allows one more, up to the ceiling.
//
// Without a 429 the limit is the ceiling, the client's bound: an attempt waits only while that many
// others are in flight (the concurrent pages of a listing, a caller's own workers, or both).
//
// Pauses are measured on the client's clock (WithClock), like the Retry-After dates they come from;
// after is the timer a waiting attempt sleeps on until the pause should be over by that clock.
type throttle struct {
	mu       sync.Mutex
	ceiling  int // the limit of a client that has not met a 429
	limit    int
	inFlight int
	streak   int           // answers without a 429 since the limit last changed
	until    time.Time     // no attempt starts before this
	changed  chan struct{} // closed, and replaced, whenever a waiting attempt may be able to start
	minPause time.Duration // when a 429 carries no Retry-After
	maxPause time.Duration
	now      func() time.Time
	after    func(time.Duration) <-chan time.Time
	logf     func(string, ...any)
}

func newThrottle(retry RetryConfig, maxInFlight int, now func() time.Time, logf func(string, ...any)) *throttle {
	return &throttle{ceiling: maxInFlight, limit: maxInFlight, changed: make(chan struct{}), minPause: retry.WaitMin,
		maxPause: retry.WaitMax, now: now, after: time.After, logf: logf}
}

// acquire waits until the pause is over and fewer than limit attempts are in flight, then takes a
// slot. It returns the context's error if the context ends first; nothing was sent then.
func (t *throttle) acquire(ctx context.Context) error {
	var served time.Time // the end of the pause this attempt has already waited out on its timer
	for {
		t.mu.Lock()
		wait := t.until.Sub(t.now())
		if t.until.Equal(served) {
			// A clock that does not keep up with the timer (a test's, moved only when its owner sleeps)
			// would otherwise hold the attempt until its context ends.
			wait = 0
		}
		if wait <= 0 && t.inFlight < t.limit {
			t.inFlight++
			t.mu.Unlock()
			return nil
		}
		until, changed := t.until, t.changed
		t.mu.Unlock()
		var timer <-chan time.Time
		if wait > 0 {
			timer = t.after(wait)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-changed:
		case <-timer:
			served = until
		}
	}
}

// release gives the slot back and adapts to the answer. A transport error (resp == nil) says nothing
// about the rate and changes nothing else.
func (t *throttle) release(resp *http.Response) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.inFlight--
	switch {
	case resp == nil:
	case resp.StatusCode == http.StatusTooManyRequests:
		t.slowDown(resp)
	default:
		t.speedUp()
	}
	close(t.changed)
	t.changed = make(chan struct{})
}

func (t *throttle) slowDown(resp *http.Response) {
	now := t.now()
	t.streak = 0
	if now.Before(t.until) {
		return // one of the burst this pause already answers
	}
	pause := t.minPause
	if ra, ok := parseRetryAfter(resp.Header.Get("Retry-After"), now); ok {
		pause = ra
	}
	pause = min(pause, t.maxPause)
	t.until = now.Add(pause)
	// The attempts in flight when SCM refused were too many: inFlight others plus this one.
	t.limit = max(1, min(t.limit, t.inFlight+1)/2)
	if t.logf != nil {
		t.logf("scm: 429 Too Many Requests: every request waits %s, then at most %d in flight", pause, t.limit)
	}
}

func (t *throttle) speedUp() {
	// Answers during a pause belong to attempts sent before it: they do not show that SCM has room.
	if t.limit >= t.ceiling || t.now().Before(t.until) {
		return
	}
	t.streak++
	if t.streak >= t.limit {
		t.limit++
		t.streak = 0
	}
}
