package scm

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	testClientID     = "scmkit-client-1"
	testClientSecret = "Cs-4b1e-must-never-leak"
	// neverLeak is in every secret of the tests (password, client secret,
	// tokens): no error or trace may contain it.
	neverLeak = "must-never-leak"
)

// testToken is the access token the test token server issues on its nth
// fetch.
func testToken(n int) string { return fmt.Sprintf("At-%d-9e2d-must-never-leak", n) }

// tokenServer is a client-credentials token server. answer decides the reply
// to the nth token request (1-based); nil issues testToken(n) for 300 s.
type tokenServer struct {
	*httptest.Server
	requests atomic.Int32
	answer   func(n int) (status int, body string)
}

func newTokenServer(t *testing.T, answer func(n int) (int, string)) *tokenServer {
	t.Helper()
	ts := &tokenServer{answer: answer}
	ts.Server = httptest.NewServer(http.HandlerFunc(ts.serve(t)))
	t.Cleanup(ts.Close)
	return ts
}

// hangingTokenServer never answers: each request waits until the client
// gives up.
func hangingTokenServer(t *testing.T) *tokenServer {
	t.Helper()
	ts := &tokenServer{}
	ts.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ts.requests.Add(1)
		_, _ = io.Copy(io.Discard, r.Body) // only then does the server notice the client leave
		<-r.Context().Done()
	}))
	t.Cleanup(ts.Close)
	return ts
}

func (ts *tokenServer) serve(t *testing.T) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, r *http.Request) {
		n := int(ts.requests.Add(1))
		assertTokenRequest(t, r)
		status, body := http.StatusOK, fmt.Sprintf(`{"access_token":%q,"token_type":"Bearer","expires_in":300}`, testToken(n))
		if ts.answer != nil {
			status, body = ts.answer(n)
		}
		writeJSON(w, status, body)
	}
}

// tokenURL is where the client posts.
func (ts *tokenServer) tokenURL() string {
	return ts.URL + "/realms/apiclients/protocol/openid-connect/token"
}

func (ts *tokenServer) fetches() int { return int(ts.requests.Load()) }

// assertTokenRequest checks the form of a client-credentials request, never
// printing the secret.
func assertTokenRequest(t *testing.T, r *http.Request) {
	t.Helper()
	assert.Equal(t, http.MethodPost, r.Method)
	assert.Equal(t, "/realms/apiclients/protocol/openid-connect/token", r.URL.Path)
	assert.Empty(t, r.URL.RawQuery, "nothing in the URL")
	assert.Equal(t, "application/x-www-form-urlencoded", r.Header.Get("Content-Type"))
	assert.Equal(t, "application/json", r.Header.Get("Accept"))
	assert.Empty(t, r.Header.Get("Authorization"))
	body, err := io.ReadAll(r.Body)
	require.NoError(t, err)
	form, err := url.ParseQuery(string(body))
	require.NoError(t, err)
	assert.Equal(t, "client_credentials", form.Get("grant_type"))
	assert.Equal(t, testClientID, form.Get("client_id"))
	assert.True(t, form.Get("client_secret") == testClientSecret, "client_secret missing or wrong")
	assert.Len(t, form, 3)
}

func testOAuth2(ts *tokenServer) OAuth2 {
	return OAuth2{TokenURL: ts.tokenURL(), ClientID: testClientID, ClientSecret: testClientSecret}
}

// oauthSetup starts an API server and a token server and a client that logs
// in to the first through the second.
func oauthSetup(t *testing.T, ts *tokenServer, opts ...Option) (*Client, *http.ServeMux) {
	t.Helper()
	mux := http.NewServeMux()
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	all := append([]Option{WithHTTPClient(srv.Client()), fastRetry(), WithOAuth2(testOAuth2(ts))}, opts...)
	c, err := New(srv.URL, Credentials{}, all...)
	require.NoError(t, err)
	return c, mux
}

// bearer returns the request's bearer token ("" without one).
func bearer(r *http.Request) string {
	const prefix = "Bearer "
	h := r.Header.Get("Authorization")
	if len(h) <= len(prefix) || h[:len(prefix)] != prefix {
		return ""
	}
	return h[len(prefix):]
}

// assertBearerOnly checks that a request carries a bearer token and none of
// the header login.
func assertBearerOnly(t *testing.T, r *http.Request, want string) {
	t.Helper()
	assert.True(t, bearer(r) == want, "bearer token missing or not the expected one")
	for _, h := range []string{"login", "password", "customerUri"} {
		_, present := r.Header[http.CanonicalHeaderKey(h)]
		assert.False(t, present, "header %s sent with OAuth2", h)
	}
}

// traceLog records trace lines.
type traceLog struct {
	mu    sync.Mutex
	lines []string
}

func (l *traceLog) logf(format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, fmt.Sprintf(format, args...))
}

func (l *traceLog) all() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.lines...)
}

// sinkLog records what the secret sink receives.
type sinkLog struct {
	mu     sync.Mutex
	values []string
}

func (s *sinkLog) sink(v string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.values = append(s.values, v)
}

func (s *sinkLog) all() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.values...)
}

// memCache is a TokenCache in memory.
type memCache struct {
	mu       sync.Mutex
	tokens   map[string]Token
	loads    int
	stores   int
	storeErr func(Token) error
}

func newMemCache() *memCache { return &memCache{tokens: map[string]Token{}} }

func (m *memCache) Load(key string) (Token, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.loads++
	t, ok := m.tokens[key]
	return t, ok
}

func (m *memCache) Store(key string, t Token) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.stores++
	if m.storeErr != nil {
		return m.storeErr(t)
	}
	m.tokens[key] = t
	return nil
}

func (m *memCache) get(key string) (Token, int, int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.tokens[key], m.loads, m.stores
}

// errLeakyCache fails with an error that quotes what it was given.
func errLeakyCache(t Token) error { return errors.New("disk full writing " + t.AccessToken) }

// testEpoch is the fake clock's start.
var testEpoch = time.Date(2025, 5, 20, 10, 0, 0, 0, time.UTC)

func newFakeClock() *fakeClock { return &fakeClock{t: testEpoch} }
