package scm

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fakeClock drives a throttle without real waiting: after() hands out channels that fire only
// when the test advances the clock past them.
type fakeClock struct {
	mu     sync.Mutex
	t      time.Time
	timers []fakeTimer
}

type fakeTimer struct {
	at time.Time
	ch chan time.Time
}

func (c *fakeClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) after(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch := make(chan time.Time, 1)
	c.timers = append(c.timers, fakeTimer{at: c.t.Add(d), ch: ch})
	return ch
}

func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
	kept := c.timers[:0]
	for _, tm := range c.timers {
		if tm.at.After(c.t) {
			kept = append(kept, tm)
			continue
		}
		tm.ch <- c.t
	}
	c.timers = kept
}

// maxInFlight is the bound of the throttles these tests build: the highest a caller may ask for.
const maxInFlight = MaxParallel

func testThrottle(logf func(string, ...any)) (*throttle, *fakeClock) {
	clock := &fakeClock{t: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}
	th := newThrottle(RetryConfig{WaitMin: time.Second, WaitMax: 30 * time.Second}, maxInFlight, clock.now, logf)
	th.after = clock.after
	return th, clock
}

func status(code int, retryAfter string) *http.Response {
	h := http.Header{}
	if retryAfter != "" {
		h.Set("Retry-After", retryAfter)
	}
	return &http.Response{StatusCode: code, Header: h}
}

// canStart reports whether an attempt would start now: with a context that is already done, acquire
// takes a free slot or returns at once.
func canStart(t *testing.T, th *throttle) bool {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	return th.acquire(ctx) == nil
}

func TestThrottle_neverWaitsWithout429(t *testing.T) {
	t.Parallel()
	th, _ := testThrottle(nil)
	for i := range maxInFlight {
		require.True(t, canStart(t, th), "attempt %d", i+1)
	}
	assert.False(t, canStart(t, th), "more than maxInFlight at once")
	th.release(status(http.StatusOK, ""))
	assert.True(t, canStart(t, th))
	assert.Equal(t, maxInFlight, th.limit)
}

func TestThrottle_429PausesEveryoneAndHalvesTheLimit(t *testing.T) {
	t.Parallel()
	var lines []string
	th, clock := testThrottle(func(f string, a ...any) { lines = append(lines, fmt.Sprintf(f, a...)) })
	for range 4 {
		require.True(t, canStart(t, th))
	}
	th.release(status(http.StatusTooManyRequests, "2"))
	assert.Equal(t, 2, th.limit, "4 in flight met the limit: half of them from now on")
	assert.Equal(t, []string{"scm: 429 Too Many Requests: every request waits 2s, then at most 2 in flight"}, lines)
	th.release(status(http.StatusOK, ""))
	th.release(status(http.StatusOK, ""))
	assert.False(t, canStart(t, th), "paused, although a slot is free")

	clock.advance(2 * time.Second)
	assert.True(t, canStart(t, th))
	assert.False(t, canStart(t, th), "1 in flight from before plus 1 new: the limit is 2")
}

func TestThrottle_oneBurstHalvesOnce(t *testing.T) {
	t.Parallel()
	th, clock := testThrottle(nil)
	for range 8 {
		require.True(t, canStart(t, th))
	}
	for range 3 {
		th.release(status(http.StatusTooManyRequests, "1"))
	}
	assert.Equal(t, 4, th.limit, "the 429s of one burst count once")

	clock.advance(time.Second)
	th.release(status(http.StatusTooManyRequests, "1"))
	assert.Equal(t, 2, th.limit, "a 429 after the pause halves again")
}

func TestThrottle_recoversOneStepPerLimitAnswers(t *testing.T) {
	t.Parallel()
	th, clock := testThrottle(nil)
	require.True(t, canStart(t, th))
	th.release(status(http.StatusTooManyRequests, "1"))
	require.Equal(t, 1, th.limit)
	clock.advance(time.Second)

	var limits []int
	for range 6 {
		require.True(t, canStart(t, th))
		th.release(status(http.StatusOK, ""))
		limits = append(limits, th.limit)
	}
	assert.Equal(t, []int{2, 2, 3, 3, 3, 4}, limits)

	require.True(t, canStart(t, th))
	th.release(nil) // a transport error says nothing about the rate
	assert.Equal(t, 4, th.limit)
}

func TestThrottle_pause(t *testing.T) {
	t.Parallel()
	tests := []struct {
		desc       string
		retryAfter string
		want       time.Duration
	}{
		{desc: "Retry-After in seconds", retryAfter: "3", want: 3 * time.Second},
		{desc: "no Retry-After: the minimum wait", retryAfter: "", want: time.Second},
		{desc: "capped by the maximum wait", retryAfter: "3600", want: 30 * time.Second},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			t.Parallel()
			th, clock := testThrottle(nil)
			require.True(t, canStart(t, th))
			th.release(status(http.StatusTooManyRequests, tc.retryAfter))
			clock.advance(tc.want - time.Millisecond)
			assert.False(t, canStart(t, th), "still paused just before the end")
			clock.advance(time.Millisecond)
			assert.True(t, canStart(t, th))
		})
	}
}

func TestThrottle_waiterStartsWhenThePauseEnds(t *testing.T) {
	t.Parallel()
	th, clock := testThrottle(nil)
	require.True(t, canStart(t, th))
	th.release(status(http.StatusTooManyRequests, "5"))

	started := make(chan error, 1)
	go func() { started <- th.acquire(t.Context()) }()
	// Bounded poll for the waiter's timer, so that advancing the clock fires it.
	for i := 0; ; i++ {
		clock.mu.Lock()
		n := len(clock.timers)
		clock.mu.Unlock()
		if n > 0 {
			break
		}
		require.Less(t, i, 10000, "the waiter never asked for a timer")
		time.Sleep(time.Millisecond)
	}
	clock.advance(5 * time.Second)
	require.NoError(t, <-started)
}

// Through the whole client: a 429 is retried after its pause and the trace says what happened.
func TestClient_429ThrottlesAndRetries(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	var trace []string
	var mu sync.Mutex
	client, mux := setup(t, WithLogger(func(f string, a ...any) {
		mu.Lock()
		defer mu.Unlock()
		trace = append(trace, fmt.Sprintf(f, a...))
	}))
	mux.HandleFunc("GET /api/organization/v1", func(w http.ResponseWriter, _ *http.Request) {
		if calls.Add(1) <= 2 {
			w.Header().Set("Retry-After", "0")
			writeJSON(w, http.StatusTooManyRequests, `{"code":-1,"description":"Too many requests"}`)
			return
		}
		writeJSON(w, http.StatusOK, `[]`)
	})
	_, err := client.Organizations.List(t.Context())
	require.NoError(t, err)
	assert.Equal(t, int32(3), calls.Load())
	mu.Lock()
	defer mu.Unlock()
	assert.Contains(t, strings.Join(trace, "\n"), "scm: 429 Too Many Requests: every request waits 0s, then at most 1 in flight")
}

// The throttle reads the client's clock, like the retry backoff: with a clock ten years behind the wall
// clock, a Retry-After date three seconds ahead of that clock is a pause (capped at WaitMax), not a date
// long past. On the wall clock it would be no pause at all.
func TestClient_429PauseUsesTheClientsClock(t *testing.T) {
	t.Parallel()
	const skew = 10 * 365 * 24 * time.Hour
	clock := func() time.Time { return time.Now().Add(-skew) }
	var calls atomic.Int32
	var trace []string
	var mu sync.Mutex
	client, mux := setup(t, WithClock(clock),
		WithRetry(RetryConfig{Max: 1, WaitMin: time.Millisecond, WaitMax: 50 * time.Millisecond}),
		WithLogger(func(f string, a ...any) {
			mu.Lock()
			defer mu.Unlock()
			trace = append(trace, fmt.Sprintf(f, a...))
		}))
	mux.HandleFunc("GET /api/organization/v1", func(w http.ResponseWriter, _ *http.Request) {
		if calls.Add(1) == 1 {
			w.Header().Set("Retry-After", clock().Add(3*time.Second).UTC().Format(http.TimeFormat))
			writeJSON(w, http.StatusTooManyRequests, `{"code":-1,"description":"Too many requests"}`)
			return
		}
		writeJSON(w, http.StatusOK, `[]`)
	})
	_, err := client.Organizations.List(t.Context())
	require.NoError(t, err)
	mu.Lock()
	defer mu.Unlock()
	assert.Contains(t, strings.Join(trace, "\n"), "scm: 429 Too Many Requests: every request waits 50ms, then at most 1 in flight")
}

// A clock that does not move (a test's, advanced only when its owner sleeps) must not hold a paused
// client until its context ends: the pause is waited out once on the timer.
func TestThrottle_standingClockStillEndsThePause(t *testing.T) {
	t.Parallel()
	fixed := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	th := newThrottle(RetryConfig{WaitMin: time.Millisecond, WaitMax: 10 * time.Millisecond}, maxInFlight, func() time.Time { return fixed }, nil)
	require.True(t, canStart(t, th))
	th.release(status(http.StatusTooManyRequests, "1"))
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()
	require.NoError(t, th.acquire(ctx))
}
