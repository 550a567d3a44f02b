package scm

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestOAuth2_bearerInsteadOfLoginHeaders(t *testing.T) {
	t.Parallel()
	ts := newTokenServer(t, nil)
	mux := http.NewServeMux()
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	// Login and customer URI may be given (the modules pass what they have);
	// with OAuth2 none of the login headers is sent.
	c, err := New(srv.URL, Credentials{Login: testLogin, CustomerURI: testCustomerURI}, fastRetry(),
		WithOAuth2(testOAuth2(ts)), WithUserAgent(UserAgentPrefix+"1.2.3"))
	require.NoError(t, err)
	assert.Equal(t, srv.URL+"/api", c.BaseURL())
	var hits atomic.Int32
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		assertBearerOnly(t, r, testToken(1))
		assert.Equal(t, "scmkit.sectigo/1.2.3", r.Header.Get("User-Agent"))
		writeJSON(w, http.StatusOK, `{"status":"VALIDATED"}`)
	})
	_, err = c.DCV.Status(t.Context(), "example.org")
	require.NoError(t, err)
	_, err = c.Domains.Get(t.Context(), 1)
	require.NoError(t, err)
	assert.Equal(t, int32(2), hits.Load())
	assert.Equal(t, 1, ts.fetches(), "one token for both requests")
}

// rejectFirstToken answers 401 to testToken(1) and passes other tokens to ok.
func rejectFirstToken(t *testing.T, hits *atomic.Int32, ok http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		assertBearerOnly(t, r, bearer(r))
		if bearer(r) == testToken(1) {
			w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
			writeJSON(w, http.StatusUnauthorized, `{"code":0,"description":"Token is not active"}`)
			return
		}
		ok(w, r)
	}
}

func TestOAuth2_401GetsANewTokenAndOneMoreSend(t *testing.T) {
	t.Parallel()
	ts := newTokenServer(t, nil)
	var trace traceLog
	var sink sinkLog
	fixed := time.Date(2025, 5, 20, 10, 0, 0, 0, time.UTC)
	c, mux := oauthSetup(t, ts, WithLogger(trace.logf), WithSecretSink(sink.sink), WithClock(func() time.Time { return fixed }))
	var hits atomic.Int32
	mux.HandleFunc("GET /api/domain/v1/1", rejectFirstToken(t, &hits, func(w http.ResponseWriter, r *http.Request) {
		assert.True(t, bearer(r) == testToken(2))
		writeJSON(w, http.StatusOK, `{"id":1,"name":"example.org"}`)
	}))
	d, err := c.Domains.Get(t.Context(), 1)
	require.NoError(t, err)
	assert.Equal(t, "example.org", d.Name)
	assert.Equal(t, int32(2), hits.Load())
	assert.Equal(t, 2, ts.fetches())
	tokenAttempt := "scm: POST " + ts.tokenURL() + " attempt 1: status 200 in 0s"
	assert.Equal(t, []string{
		tokenAttempt,
		"scm: token: fetched (expires in 300 s)",
		"scm: GET /domain/v1/1 attempt 1: status 401 in 0s",
		"scm: GET /domain/v1/1: 401: fetching a new token and sending once more",
		tokenAttempt,
		"scm: token: fetched (expires in 300 s)",
		"scm: GET /domain/v1/1 attempt 1: status 200 in 0s",
	}, trace.all())
	assert.True(t, slices.Equal([]string{testToken(1), testToken(2)}, sink.all()), "the sink gets every token, in order")
}

// TestOAuth2_401OnAnUnsafeWriteIsSentOnceMore: SCM refused the enrolment
// before acting on it, so sending it again cannot order a second certificate;
// the second send carries the whole body again.
func TestOAuth2_401OnAnUnsafeWriteIsSentOnceMore(t *testing.T) {
	t.Parallel()
	ts := newTokenServer(t, nil)
	c, mux := oauthSetup(t, ts)
	var hits atomic.Int32
	var mu sync.Mutex
	var bodies []string
	mux.HandleFunc("POST /api/ssl/v1/enroll", func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		assert.NoError(t, err)
		mu.Lock()
		bodies = append(bodies, string(body))
		mu.Unlock()
		rejectFirstToken(t, &hits, func(w http.ResponseWriter, r *http.Request) {
			writeJSON(w, http.StatusOK, `{"sslId":1001,"renewId":"r"}`)
		})(w, r)
	})
	req := &EnrollRequest{OrgID: 4001, CSR: "-----BEGIN CERTIFICATE REQUEST-----", CertType: 224, Term: 365}
	got, err := c.SSL.Enroll(t.Context(), req)
	require.NoError(t, err)
	assert.Equal(t, 1001, got.SSLID)
	assert.Equal(t, int32(2), hits.Load())
	require.Len(t, bodies, 2)
	want, err := json.Marshal(req)
	require.NoError(t, err)
	assert.JSONEq(t, string(want), bodies[0])
	assert.Equal(t, bodies[0], bodies[1], "the body is sent whole the second time")
}

func TestOAuth2_second401IsFinal_error(t *testing.T) {
	t.Parallel()
	ts := newTokenServer(t, nil)
	c, mux := oauthSetup(t, ts)
	var hits atomic.Int32
	mux.HandleFunc("POST /api/ssl/v1/enroll", func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		writeJSON(w, http.StatusUnauthorized, `{"code":-16,"description":"Unknown user"}`)
	})
	_, err := c.SSL.Enroll(t.Context(), &EnrollRequest{OrgID: 4001})
	require.EqualError(t, err, "scm: POST /ssl/v1/enroll: SCM refused a new access token: "+
		"the API key may lack access to this API or instance: 401 (code -16): Unknown user")
	require.ErrorIs(t, err, ErrTokenRefused)
	require.ErrorIs(t, err, ErrUnauthorized, "the login hints still apply")
	assert.NotErrorIs(t, err, ErrMayHaveBeenApplied, "a 401 was refused, not applied")
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusUnauthorized, apiErr.StatusCode)
	assert.Equal(t, int32(2), hits.Load(), "sent twice, never a third time")
	assert.Equal(t, 2, ts.fetches())
}

func TestOAuth2_refreshRefusedByTheTokenServer_error(t *testing.T) {
	t.Parallel()
	ts := newTokenServer(t, func(n int) (int, string) {
		if n == 1 {
			return http.StatusOK, `{"access_token":"` + testToken(1) + `","expires_in":300}`
		}
		return http.StatusBadRequest, `{"error":"unauthorized_client","error_description":"client disabled"}`
	})
	c, mux := oauthSetup(t, ts)
	var hits atomic.Int32
	mux.HandleFunc("GET /api/organization/v1", rejectFirstToken(t, &hits, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, `[]`)
	}))
	_, err := c.Organizations.List(t.Context())
	require.ErrorIs(t, err, ErrOAuthClient)
	require.EqualError(t, err, "scm: OAuth2 token request to "+ts.tokenURL()+
		": the token server refused the client credentials (unauthorized_client: client disabled)")
	assert.Equal(t, int32(1), hits.Load())
}

// TestOAuth2_401BypassesTheCache: the token SCM refused may still be in the
// cache (another run stored it); the new one comes from the token server and
// replaces it there.
func TestOAuth2_401BypassesTheCache(t *testing.T) {
	t.Parallel()
	ts := newTokenServer(t, nil)
	const stale = "Stale-must-never-leak"
	cache := newMemCache()
	key := CacheKey(ts.tokenURL(), testClientID)
	cache.tokens[key] = Token{AccessToken: stale, Expiry: time.Now().Add(time.Hour)}
	o := testOAuth2(ts)
	o.Cache = cache
	var trace traceLog
	c, mux := oauthSetup(t, ts, WithOAuth2(o), WithLogger(trace.logf))
	var mu sync.Mutex
	var sent []string
	mux.HandleFunc("GET /api/organization/v1", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		sent = append(sent, bearer(r))
		mu.Unlock()
		if bearer(r) == stale {
			writeJSON(w, http.StatusUnauthorized, ``)
			return
		}
		writeJSON(w, http.StatusOK, `[]`)
	})
	listOrgs(t, c)
	mu.Lock()
	defer mu.Unlock()
	assert.True(t, slices.Equal([]string{stale, testToken(1)}, sent), "the stale token, then a fetched one")
	stored, loads, stores := cache.get(key)
	assert.True(t, stored.AccessToken == testToken(1), "the new token replaced the stale one in the cache")
	assert.Equal(t, 1, loads, "the cache is not read again after the 401")
	assert.Equal(t, 1, stores)
	assert.Equal(t, 1, ts.fetches())
	assert.Equal(t, []string{"scm: token: reused from cache", "scm: token: fetched (expires in 300 s)"}, tokenLines(trace.all()))
}

// TestOAuth2_lostAnswerIsNotA401: a dropped connection after an enrolment
// was sent stays "may have been applied"; no new token, no second send.
func TestOAuth2_lostAnswerIsNotA401_error(t *testing.T) {
	t.Parallel()
	ts := newTokenServer(t, nil)
	c, mux := oauthSetup(t, ts)
	var hits atomic.Int32
	mux.HandleFunc("POST /api/ssl/v1/enroll", dropAfterRead(&hits, func(w http.ResponseWriter) {
		writeJSON(w, http.StatusOK, `{"sslId":1}`)
	}))
	_, err := c.SSL.Enroll(t.Context(), &EnrollRequest{OrgID: 4001})
	require.ErrorIs(t, err, ErrMayHaveBeenApplied)
	assert.Equal(t, int32(1), hits.Load())
	assert.Equal(t, 1, ts.fetches())
}

// TestOAuth2_parallel401sShareOneRefresh: requests that met a 401 with the
// same token wait for one new token instead of fetching one each.
func TestOAuth2_parallel401sShareOneRefresh(t *testing.T) {
	t.Parallel()
	ts := newTokenServer(t, func(n int) (int, string) {
		time.Sleep(20 * time.Millisecond)
		return http.StatusOK, `{"access_token":"` + testToken(n) + `","expires_in":300}`
	})
	c, mux := oauthSetup(t, ts)
	var hits atomic.Int32
	mux.HandleFunc("GET /api/domain/v1/{id}", rejectFirstToken(t, &hits, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, `{"id":1,"name":"example.org"}`)
	}))
	var wg sync.WaitGroup
	for i := range MaxParallel {
		wg.Go(func() {
			_, err := c.Domains.Get(t.Context(), i+1)
			assert.NoError(t, err)
		})
	}
	wg.Wait()
	assert.Equal(t, 2, ts.fetches(), "one token, then one new token for all")
}
