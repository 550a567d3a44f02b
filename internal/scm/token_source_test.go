package scm

import (
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// orgsOK serves the organization list to any bearer token and records which
// token each request carried.
func orgsOK(t *testing.T, mux *http.ServeMux) func() []string {
	var mu sync.Mutex
	var seen []string
	mux.HandleFunc("GET /api/organization/v1", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, bearer(r))
		mu.Unlock()
		writeJSON(w, http.StatusOK, `[]`)
	})
	return func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), seen...)
	}
}

func listOrgs(t *testing.T, c *Client) {
	t.Helper()
	_, err := c.Organizations.List(t.Context())
	require.NoError(t, err)
}

func TestTokenSource_reusedWhileMoreThanTheMarginLeft(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		desc             string
		expiresIn        int
		reuseAt, fetchAt time.Duration // since the first fetch
	}{
		{desc: "300 s: 30 s margin", expiresIn: 300, reuseAt: 269 * time.Second, fetchAt: 270 * time.Second},
		{desc: "60 s: 10% margin", expiresIn: 60, reuseAt: 53 * time.Second, fetchAt: 54 * time.Second},
	} {
		t.Run(tc.desc, func(t *testing.T) {
			t.Parallel()
			ts := newTokenServer(t, func(n int) (int, string) {
				return http.StatusOK, `{"access_token":"` + testToken(n) + `","expires_in":` + strconv.Itoa(tc.expiresIn) + `}`
			})
			clock := newFakeClock()
			c, mux := oauthSetup(t, ts, WithClock(clock.now))
			seen := orgsOK(t, mux)
			listOrgs(t, c)
			clock.advance(tc.reuseAt)
			listOrgs(t, c)
			assert.Equal(t, 1, ts.fetches(), "still more than the margin left")
			clock.advance(tc.fetchAt - tc.reuseAt)
			listOrgs(t, c)
			assert.Equal(t, 2, ts.fetches(), "only the margin left")
			assert.Equal(t, []string{testToken(1), testToken(1), testToken(2)}, seen())
		})
	}
}

func TestTokenSource_parallelRequestsShareOneFetch(t *testing.T) {
	t.Parallel()
	ts := newTokenServer(t, func(n int) (int, string) {
		time.Sleep(50 * time.Millisecond) // keep the flight open while the others arrive
		return http.StatusOK, `{"access_token":"` + testToken(n) + `","expires_in":300}`
	})
	c, mux := oauthSetup(t, ts)
	seen := orgsOK(t, mux)
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() { listOrgs(t, c) })
	}
	wg.Wait()
	assert.Equal(t, 1, ts.fetches())
	assert.Len(t, seen(), 20)
	for _, tok := range seen() {
		assert.True(t, tok == testToken(1))
	}
}

// TestTokenSource_refusedCredentialsAreNotSentAgain: once the token server has refused the client
// credentials, the client's later requests fail with that refusal without asking again: the same key
// is refused again, and a task's listings, one after another, would each cost a token request.
func TestTokenSource_refusedCredentialsAreNotSentAgain(t *testing.T) {
	t.Parallel()
	ts := newTokenServer(t, func(int) (int, string) {
		return http.StatusUnauthorized, `{"error":"invalid_client","error_description":"Client disabled"}`
	})
	c, mux := oauthSetup(t, ts)
	seen := orgsOK(t, mux)
	for range 3 {
		_, err := c.Organizations.List(t.Context())
		require.ErrorIs(t, err, ErrOAuthClient)
	}
	assert.Equal(t, 1, ts.fetches())
	assert.Empty(t, seen(), "no API request without a token")
}

// TestTokenSource_waiterOutlivesTheLeadersContext: a caller waiting for
// another caller's fetch does not inherit that caller's cancellation.
func TestTokenSource_waiterOutlivesTheLeadersContext(t *testing.T) {
	t.Parallel()
	started := make(chan struct{})
	ts := &tokenServer{}
	ts.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := int(ts.requests.Add(1))
		assertTokenRequest(t, r) // reads the body, so the server notices the client leave
		if n == 1 {
			close(started)
			<-r.Context().Done()
			return
		}
		writeJSON(w, http.StatusOK, `{"access_token":"`+testToken(n)+`","expires_in":300}`)
	}))
	t.Cleanup(ts.Close)
	c, _ := oauthSetup(t, ts)

	leaderCtx, cancelLeader := context.WithCancel(t.Context())
	leaderErr := make(chan error, 1)
	go func() {
		_, err := c.tokens.token(leaderCtx, "")
		leaderErr <- err
	}()
	<-started
	waiter := make(chan string, 1)
	go func() {
		tok, err := c.tokens.token(t.Context(), "")
		assert.NoError(t, err)
		waiter <- tok
	}()
	time.Sleep(20 * time.Millisecond) // let the waiter join the leader's flight
	cancelLeader()
	require.ErrorIs(t, <-leaderErr, context.Canceled)
	assert.True(t, <-waiter == testToken(2), "the waiter fetched its own token")
	assert.Equal(t, 2, ts.fetches())
}

func TestTokenSource_waiterStopsAtItsOwnDeadline_error(t *testing.T) {
	t.Parallel()
	ts := hangingTokenServer(t)
	c, _ := oauthSetup(t, ts)
	leaderCtx, cancelLeader := context.WithCancel(t.Context())
	defer cancelLeader()
	go func() { _, _ = c.tokens.token(leaderCtx, "") }()
	require.Eventually(t, func() bool { return ts.fetches() == 1 }, 5*time.Second, time.Millisecond)
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Millisecond)
	defer cancel()
	_, err := c.tokens.token(ctx, "")
	require.ErrorIs(t, err, context.DeadlineExceeded)
	assert.NotErrorIs(t, err, ErrTokenServer)
	require.EqualError(t, err, "scm: OAuth2 token request to "+ts.URL+"/realms/apiclients/protocol/openid-connect/token"+
		": waiting for a token: context deadline exceeded")
	assert.Equal(t, 1, ts.fetches(), "the waiter did not start a fetch of its own")
}

func TestTokenSource_cache(t *testing.T) {
	t.Parallel()
	clock := newFakeClock()
	key := func(ts *tokenServer) string { return CacheKey(ts.tokenURL(), testClientID) }
	cached := func(ts *tokenServer, cache *memCache, left time.Duration) {
		cache.tokens[key(ts)] = Token{AccessToken: "Cached-must-never-leak", Expiry: clock.now().Add(left)}
	}
	for _, tc := range []struct {
		desc        string
		prepare     func(*tokenServer, *memCache)
		wantFetches int
		wantSent    string
		wantStored  string
		wantTrace   []string
	}{
		{desc: "empty cache: fetch and store", prepare: func(*tokenServer, *memCache) {},
			wantFetches: 1, wantSent: testToken(1), wantStored: testToken(1),
			wantTrace: []string{"scm: token: fetched (expires in 300 s)"}},
		{desc: "valid cached token reused", prepare: func(ts *tokenServer, m *memCache) { cached(ts, m, 31*time.Second) },
			wantFetches: 0, wantSent: "Cached-must-never-leak", wantStored: "Cached-must-never-leak",
			wantTrace: []string{"scm: token: reused from cache"}},
		{desc: "cached token within the margin: fetch", prepare: func(ts *tokenServer, m *memCache) { cached(ts, m, 30*time.Second) },
			wantFetches: 1, wantSent: testToken(1), wantStored: testToken(1),
			wantTrace: []string{"scm: token: fetched (expires in 300 s)"}},
		{desc: "another client's token is not used", prepare: func(ts *tokenServer, m *memCache) {
			m.tokens[CacheKey(ts.tokenURL(), "other-client")] = Token{AccessToken: "Other-must-never-leak", Expiry: clock.now().Add(time.Hour)}
		}, wantFetches: 1, wantSent: testToken(1), wantStored: testToken(1),
			wantTrace: []string{"scm: token: fetched (expires in 300 s)"}},
		{desc: "store failure is traced, scrubbed, not fatal", prepare: func(_ *tokenServer, m *memCache) { m.storeErr = errLeakyCache },
			wantFetches: 1, wantSent: testToken(1), wantStored: "",
			wantTrace: []string{"scm: token: fetched (expires in 300 s)",
				"scm: token: storing in the cache failed: disk full writing ********"}},
	} {
		t.Run(tc.desc, func(t *testing.T) {
			t.Parallel()
			ts := newTokenServer(t, nil)
			cache := newMemCache()
			tc.prepare(ts, cache)
			var trace traceLog
			var sink sinkLog
			o := testOAuth2(ts)
			o.Cache = cache
			c, mux := oauthSetup(t, ts, WithOAuth2(o), WithClock(clock.now), WithLogger(trace.logf), WithSecretSink(sink.sink))
			seen := orgsOK(t, mux)
			listOrgs(t, c)
			listOrgs(t, c)
			assert.Equal(t, tc.wantFetches, ts.fetches())
			assert.True(t, slices.Equal(seen(), []string{tc.wantSent, tc.wantSent}), "sent tokens")
			stored, loads, _ := cache.get(key(ts))
			assert.True(t, stored.AccessToken == tc.wantStored, "stored token")
			assert.Equal(t, 1, loads, "the cache is read once, then the token is held")
			assert.True(t, slices.Equal(sink.all(), []string{tc.wantSent}), "the sink gets the token once")
			assert.Equal(t, tc.wantTrace, tokenLines(trace.all()))
		})
	}
}

// TestTokenSource_clientsShareTheCache: the second client (the next module
// run) reuses the first one's token.
func TestTokenSource_clientsShareTheCache(t *testing.T) {
	t.Parallel()
	ts := newTokenServer(t, nil)
	cache := newMemCache()
	o := testOAuth2(ts)
	o.Cache = cache
	first, mux := oauthSetup(t, ts, WithOAuth2(o))
	seen := orgsOK(t, mux)
	listOrgs(t, first)
	second, err := New(first.BaseURL(), Credentials{}, WithOAuth2(o), fastRetry())
	require.NoError(t, err)
	listOrgs(t, second)
	assert.Equal(t, 1, ts.fetches())
	assert.True(t, slices.Equal(seen(), []string{testToken(1), testToken(1)}))
	stored, _ := cache.Load(CacheKey(ts.tokenURL(), testClientID))
	assert.WithinDuration(t, time.Now().Add(300*time.Second), stored.Expiry, 10*time.Second)
}

// tokenLines keeps the token lines of a trace.
func tokenLines(lines []string) []string {
	var out []string
	for _, l := range lines {
		if strings.HasPrefix(l, "scm: token: ") {
			out = append(out, l)
		}
	}
	return out
}
