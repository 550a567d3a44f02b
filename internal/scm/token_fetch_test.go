package scm

import (
	"context"
	"crypto/x509"
	"errors"
	"net"
	"net/http"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// tokenClient builds a client whose token endpoint is ts, on a fake clock.
func tokenClient(t *testing.T, ts *tokenServer, opts ...Option) (*Client, *fakeClock) {
	t.Helper()
	clock := newFakeClock()
	all := append([]Option{fastRetry(), WithClock(clock.now), WithOAuth2(testOAuth2(ts))}, opts...)
	c, err := New("https://cert-manager.com", Credentials{}, all...)
	require.NoError(t, err)
	return c, clock
}

func answerWith(status int, body string) func(int) (int, string) {
	return func(int) (int, string) { return status, body }
}

func TestTokenEndpoint_fetch(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		desc       string
		body       string
		wantLife   time.Duration
		wantMargin time.Duration
	}{
		{desc: "expires_in", body: `{"access_token":"a","token_type":"Bearer","expires_in":300}`,
			wantLife: 300 * time.Second, wantMargin: 30 * time.Second},
		{desc: "short lifetime", body: `{"access_token":"a","token_type":"Bearer","expires_in":120}`,
			wantLife: 120 * time.Second, wantMargin: 12 * time.Second},
		{desc: "no expires_in", body: `{"access_token":"a","token_type":"Bearer"}`,
			wantLife: 60 * time.Second, wantMargin: 6 * time.Second},
		{desc: "zero expires_in", body: `{"access_token":"a","expires_in":0}`,
			wantLife: 60 * time.Second, wantMargin: 6 * time.Second},
		{desc: "null expires_in", body: `{"access_token":"a","expires_in":null}`,
			wantLife: 60 * time.Second, wantMargin: 6 * time.Second},
		{desc: "expires_in as a string", body: `{"access_token":"a","expires_in":"900"}`,
			wantLife: 900 * time.Second, wantMargin: 30 * time.Second},
		{desc: "lower-case bearer, Keycloak extras", body: `{"access_token":"a","token_type":"bearer","expires_in":300,` +
			`"refresh_expires_in":0,"not-before-policy":0,"scope":"profile email"}`,
			wantLife: 300 * time.Second, wantMargin: 30 * time.Second},
		{desc: "absurd lifetime capped", body: `{"access_token":"a","expires_in":1e30}`,
			wantLife: maxTokenLifetime, wantMargin: 30 * time.Second},
	} {
		t.Run(tc.desc, func(t *testing.T) {
			t.Parallel()
			ts := newTokenServer(t, answerWith(http.StatusOK, tc.body))
			c, _ := tokenClient(t, ts)
			held, life, err := c.tokens.endpoint.fetch(t.Context())
			require.NoError(t, err)
			assert.Equal(t, "a", held.AccessToken)
			assert.Equal(t, tc.wantLife, life)
			assert.Equal(t, testEpoch.Add(tc.wantLife), held.Expiry, "now on the client's clock plus expires_in")
			assert.Equal(t, tc.wantMargin, held.margin)
		})
	}
}

func TestTokenEndpoint_fetch_error(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		desc     string
		status   int
		body     string
		wantKind error
		wantMsg  string // after "scm: OAuth2 token request to <url>: "
		wantHits int
	}{
		{desc: "wrong secret", status: 401, body: `{"error":"invalid_client","error_description":"Invalid client or Invalid client credentials"}`,
			wantKind: ErrOAuthClient, wantHits: 1,
			wantMsg: "the token server refused the client credentials (invalid_client: Invalid client or Invalid client credentials)"},
		{desc: "disabled key", status: 400, body: `{"error":"unauthorized_client","error_description":"client disabled"}`,
			wantKind: ErrOAuthClient, wantHits: 1,
			wantMsg: "the token server refused the client credentials (unauthorized_client: client disabled)"},
		{desc: "code only", status: 400, body: `{"error":"invalid_client"}`, wantKind: ErrOAuthClient, wantHits: 1,
			wantMsg: "the token server refused the client credentials (invalid_client)"},
		{desc: "bare 401", status: 401, body: ``, wantKind: ErrOAuthClient, wantHits: 1,
			wantMsg: "the token server refused the client credentials (401 Unauthorized)"},
		{desc: "other oauth error", status: 400, body: `{"error":"unsupported_grant_type","error_description":"Unsupported grant_type"}`,
			wantKind: ErrTokenServer, wantHits: 1,
			wantMsg: "the token server answered 400 Bad Request (unsupported_grant_type: Unsupported grant_type)"},
		{desc: "wrong URL", status: 404, body: `<html>not here</html>`, wantKind: ErrTokenServer, wantHits: 1,
			wantMsg: "the token server answered 404 Not Found: check the token URL"},
		{desc: "500 not retried", status: 500, body: ``, wantKind: ErrTokenServer, wantHits: 1,
			wantMsg: "the token server answered 500 Internal Server Error"},
		{desc: "503 retried, then given up", status: 503, body: ``, wantKind: ErrTokenServer, wantHits: 4,
			wantMsg: "the token server answered 503 Service Unavailable"},
		{desc: "not JSON", status: 200, body: `<html>login</html>`, wantKind: ErrTokenServer, wantHits: 1,
			wantMsg: "unreadable answer from the token server (status 200): the answer is not a JSON object"},
		{desc: "no access_token", status: 200, body: `{"token_type":"Bearer"}`, wantKind: ErrTokenServer, wantHits: 1,
			wantMsg: "unreadable answer from the token server (status 200): the answer has no access_token"},
		{desc: "not a bearer token", status: 200, body: `{"access_token":"a","token_type":"mac"}`, wantKind: ErrTokenServer,
			wantHits: 1, wantMsg: `unreadable answer from the token server (status 200): the token type is "mac", not Bearer`},
		{desc: "bad expires_in", status: 200, body: `{"access_token":"a","expires_in":"soon"}`, wantKind: ErrTokenServer,
			wantHits: 1, wantMsg: "unreadable answer from the token server (status 200): expires_in is not a number of seconds"},
		{desc: "NaN expires_in", status: 200, body: `{"access_token":"a","expires_in":"NaN"}`, wantKind: ErrTokenServer,
			wantHits: 1, wantMsg: "unreadable answer from the token server (status 200): expires_in is not a number of seconds"},
		{desc: "negative expires_in", status: 200, body: `{"access_token":"a","expires_in":-5}`, wantKind: ErrTokenServer,
			wantHits: 1, wantMsg: "unreadable answer from the token server (status 200): expires_in is not a number of seconds"},
	} {
		t.Run(tc.desc, func(t *testing.T) {
			t.Parallel()
			ts := newTokenServer(t, answerWith(tc.status, tc.body))
			c, _ := tokenClient(t, ts)
			_, _, err := c.tokens.endpoint.fetch(t.Context())
			require.EqualError(t, err, "scm: OAuth2 token request to "+ts.tokenURL()+": "+tc.wantMsg)
			require.ErrorIs(t, err, tc.wantKind)
			for _, other := range []error{ErrOAuthClient, ErrTokenServer, ErrTokenRefused, ErrUnauthorized} {
				if other != tc.wantKind {
					assert.NotErrorIs(t, err, other)
				}
			}
			assert.Equal(t, tc.wantHits, ts.fetches())
		})
	}
}

func TestTokenEndpoint_retriedLikeASafeGET(t *testing.T) {
	t.Parallel()
	ts := newTokenServer(t, func(n int) (int, string) {
		if n < 3 {
			return []int{http.StatusServiceUnavailable, http.StatusTooManyRequests}[n-1], `{}`
		}
		return http.StatusOK, `{"access_token":"a","expires_in":300}`
	})
	c, _ := tokenClient(t, ts)
	held, _, err := c.tokens.endpoint.fetch(t.Context())
	require.NoError(t, err)
	assert.Equal(t, "a", held.AccessToken)
	assert.Equal(t, 3, ts.fetches())
}

func TestTokenEndpoint_unreachable_error(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close())
	c, err := New("https://cert-manager.com", Credentials{}, fastRetry(),
		WithOAuth2(OAuth2{TokenURL: "http://" + addr + "/token", ClientID: testClientID, ClientSecret: testClientSecret}))
	require.NoError(t, err)
	_, err = c.Organizations.List(t.Context())
	require.ErrorIs(t, err, ErrTokenServer)
	require.ErrorIs(t, err, syscall.ECONNREFUSED)
	require.ErrorContains(t, err, "scm: OAuth2 token request to http://"+addr+"/token: the token server is unreachable: dial tcp "+addr)
}

func TestTokenEndpoint_contextDeadlineIsNotTheServersFault_error(t *testing.T) {
	t.Parallel()
	ts := hangingTokenServer(t)
	c, _ := tokenClient(t, ts)
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	_, err := c.Organizations.List(ctx)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	assert.NotErrorIs(t, err, ErrTokenServer)
	require.ErrorContains(t, err, "scm: OAuth2 token request to "+ts.tokenURL()+": timed out after ")
}

func TestTokenEndpoint_perRequestTimeout_error(t *testing.T) {
	t.Parallel()
	ts := hangingTokenServer(t)
	c, _ := tokenClient(t, ts, WithRequestTimeout(20*time.Millisecond),
		WithRetry(RetryConfig{Max: 1, WaitMin: time.Millisecond, WaitMax: time.Millisecond}))
	_, err := c.Organizations.List(t.Context())
	require.ErrorIs(t, err, ErrTokenServer)
	require.ErrorContains(t, err, "the token server did not answer within 20ms (per-request timeout)")
}

// TestOAuth2_oneCAFileForBothServers: the token request goes through the
// client's TLS settings, so one CA file serves the token server and SCM.
func TestOAuth2_oneCAFileForBothServers(t *testing.T) {
	t.Parallel()
	tokenSrv := quietTLSServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		assertTokenRequest(t, r)
		writeJSON(w, http.StatusOK, `{"access_token":"`+testToken(1)+`","expires_in":300}`)
	}))
	apiSrv := quietTLSServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		assertBearerOnly(t, r, testToken(1))
		writeJSON(w, http.StatusOK, `[]`)
	}))
	o := OAuth2{TokenURL: tokenSrv.URL + "/realms/apiclients/protocol/openid-connect/token",
		ClientID: testClientID, ClientSecret: testClientSecret}

	trusted, err := New(apiSrv.URL, Credentials{}, fastRetry(), WithOAuth2(o),
		WithTLS(TLSConfig{CAFile: writeServerCA(t, apiSrv)}))
	require.NoError(t, err)
	_, err = trusted.Organizations.List(t.Context())
	require.NoError(t, err)

	untrusted, err := New(apiSrv.URL, Credentials{}, fastRetry(), WithOAuth2(o))
	require.NoError(t, err)
	_, err = untrusted.Organizations.List(t.Context())
	require.ErrorIs(t, err, ErrTokenServer)
	var unknownCA x509.UnknownAuthorityError
	assert.True(t, errors.As(err, &unknownCA), "the certificate error stays in the chain: %v", err)
	require.ErrorContains(t, err, "the token server is unreachable: tls: failed to verify certificate")
}
