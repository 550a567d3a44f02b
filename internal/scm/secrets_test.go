package scm

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// leakyServer answers every error path the client has, and echoes the
// credentials back wherever a careless server might.
func leakyServer(t *testing.T) *http.ServeMux {
	t.Helper()
	mux := http.NewServeMux()
	echo := func(status int) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			writeJSON(w, status, fmt.Sprintf(`{"code":-970,"description":"bad login %s/%s","details":"%s"}`,
				r.Header.Get("login"), r.Header.Get("password"), r.Header.Get("password")))
		}
	}
	mux.HandleFunc("GET /api/organization/v1", echo(http.StatusUnauthorized))
	mux.HandleFunc("POST /api/ssl/v1/enroll", echo(http.StatusServiceUnavailable))
	mux.HandleFunc("GET /api/ssl/v1/customFields", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, `{"password":"`+r.Header.Get("password")+`"}`)
	})
	mux.HandleFunc("PUT /api/domain/v1/1/activate", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusAccepted)
	})
	mux.HandleFunc("POST /api/domain/v1", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusCreated)
	})
	mux.HandleFunc("HEAD /api/ssl/v1", func(w http.ResponseWriter, r *http.Request) {})
	mux.HandleFunc("GET /api/ssl/v1/collect/1", func(w http.ResponseWriter, r *http.Request) {})
	mux.HandleFunc("GET /api/domain/v1/1", func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done() // hang until the client gives up
	})
	mux.HandleFunc("/api/acme/", http.NotFound) // no ACME at all
	return mux
}

// secretClients returns clients for the leaky server over plain HTTP, over
// TLS without trusting it, and for a closed port.
func secretClients(t *testing.T) (plain, untrusted, refused *Client) {
	t.Helper()
	srv := httptest.NewServer(leakyServer(t))
	t.Cleanup(srv.Close)
	tlsSrv := quietTLSServer(t, leakyServer(t))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	closedAddr := ln.Addr().String()
	require.NoError(t, ln.Close())
	build := func(url string) *Client {
		c, err := New(url, testCreds(), fastRetry(), WithRequestTimeout(50*time.Millisecond))
		require.NoError(t, err)
		return c
	}
	return build(srv.URL), build(tlsSrv.URL), build("http://" + closedAddr)
}

func TestSecrets_neverInErrors(t *testing.T) {
	t.Parallel()
	c, untrusted, refused := secretClients(t)
	errs := map[string]error{}
	record := func(name string) func(any, error) {
		return func(_ any, err error) { errs[name] = err }
	}
	ctx := t.Context()
	record("401 echo")(c.Organizations.List(ctx))
	record("unsafe 503 echo")(c.SSL.Enroll(ctx, &EnrollRequest{CSR: "x"}))
	record("decode error")(c.SSL.CustomFields(ctx))
	record("unexpected status")(only(c.Domains.Activate(ctx, 1)))
	record("no location")(c.Domains.Create(ctx, &CreateDomainRequest{Name: "x"}))
	record("no total count")(c.SSL.Count(ctx, nil))
	record("empty collect")(c.SSL.Collect(ctx, 1, ""))
	record("per-request timeout")(c.Domains.Get(ctx, 1))
	record("acme v1 unsupported")(c.ACME.ListClients(ctx, 1))
	record("acme missing")(c.ACME.GetAccount(ctx, 1))
	record("invalid page")(c.Domains.List(ctx, &ListDomainsOptions{ListOptions: ListOptions{Size: 999}}))
	record("nil request")(c.SSL.Enroll(ctx, nil))
	record("tls verification")(untrusted.Organizations.List(ctx))
	record("connection refused")(refused.SSL.Enroll(ctx, &EnrollRequest{}))
	deadline, cancel := context.WithTimeout(ctx, 30*time.Millisecond)
	defer cancel()
	record("context deadline")(c.SSL.Enroll(deadline, &EnrollRequest{}))
	canceled, cancelNow := context.WithCancel(ctx)
	cancelNow()
	record("context canceled")(c.Organizations.List(canceled))
	record("bad URL")(New("https://admin:"+testPassword+"@cert-manager.com/api", testCreds()))
	record("unparsable URL")(New("https://admin:"+testPassword+"@host:port/api", testCreds()))
	record("missing credentials")(New(c.BaseURL(), Credentials{Password: testPassword}))

	for name, err := range errs {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			require.Error(t, err)
			for _, text := range []string{err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err)} {
				assert.NotContains(t, text, testPassword)
				assert.NotContains(t, strings.ToLower(text), "password:")
			}
			var apiErr *APIError
			if errors.As(err, &apiErr) {
				assert.NotContains(t, apiErr.Description, testPassword)
				assert.NotContains(t, string(apiErr.Body), testPassword)
			}
		})
	}
}

// leakyTokenServer echoes the client secret wherever a careless token server
// might: in error descriptions, bodies and odd fields.
func leakyTokenServer(t *testing.T) *httptest.Server {
	t.Helper()
	secretOf := func(r *http.Request) string {
		_ = r.ParseForm()
		return r.PostForm.Get("client_secret")
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /ok", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, `{"access_token":"`+testToken(1)+`","expires_in":300}`)
	})
	mux.HandleFunc("POST /bad-client", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusUnauthorized, `{"error":"invalid_client","error_description":"secret `+secretOf(r)+` is wrong"}`)
	})
	mux.HandleFunc("POST /bad-grant", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusBadRequest, `{"error":"`+secretOf(r)+`","error_description":"`+secretOf(r)+`"}`)
	})
	mux.HandleFunc("POST /broken", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusInternalServerError, `{"trace":"`+secretOf(r)+`"}`)
	})
	mux.HandleFunc("POST /hang", func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		<-r.Context().Done()
	})
	mux.HandleFunc("POST /odd-type", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, `{"access_token":"`+testToken(1)+`","token_type":"`+secretOf(r)+`"}`)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// leakyBearerAPI echoes the bearer token in every error it gives.
func leakyBearerAPI(t *testing.T) *httptest.Server {
	t.Helper()
	echo := func(status int) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			tok := r.Header.Get("Authorization")
			writeJSON(w, status, fmt.Sprintf(`{"code":-16,"description":"bad token %s","details":"%s"}`, tok, tok))
		}
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/organization/v1", echo(http.StatusUnauthorized))
	mux.HandleFunc("POST /api/ssl/v1/enroll", echo(http.StatusServiceUnavailable))
	mux.HandleFunc("GET /api/ssl/v1/customFields", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, `{"token":"`+r.Header.Get("Authorization")+`"}`)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func TestSecrets_oauth2NeverInErrorsOrTraces(t *testing.T) {
	t.Parallel()
	tokens, api := leakyTokenServer(t), leakyBearerAPI(t)
	var trace traceLog
	var sink sinkLog
	cache := newMemCache()
	cache.storeErr = errLeakyCache
	build := func(tokenPath string) *Client {
		o := OAuth2{TokenURL: tokens.URL + tokenPath, ClientID: testClientID, ClientSecret: testClientSecret, Cache: cache}
		c, err := New(api.URL, Credentials{}, fastRetry(), WithOAuth2(o), WithLogger(trace.logf), WithSecretSink(sink.sink))
		require.NoError(t, err)
		return c
	}
	ok := build("/ok")
	ctx := t.Context()
	errs := map[string]error{}
	record := func(name string) func(any, error) {
		return func(_ any, err error) { errs[name] = err }
	}
	record("401 twice, echoing the token")(ok.Organizations.List(ctx))
	record("unsafe 503 echoing the token")(ok.SSL.Enroll(ctx, &EnrollRequest{CSR: "x"}))
	record("decode error")(ok.SSL.CustomFields(ctx))
	record("invalid_client echoing the secret")(build("/bad-client").Organizations.List(ctx))
	record("oauth error echoing the secret")(build("/bad-grant").Organizations.List(ctx))
	record("token server 500 echoing the secret")(build("/broken").Organizations.List(ctx))
	record("token type echoing the secret")(build("/odd-type").Organizations.List(ctx))
	closed := hangingTokenServer(t)
	closed.Close()
	unreachable, err := New(api.URL, Credentials{}, fastRetry(), WithLogger(trace.logf),
		WithOAuth2(OAuth2{TokenURL: closed.URL + "/token", ClientID: testClientID, ClientSecret: testClientSecret}))
	require.NoError(t, err)
	record("token server unreachable")(unreachable.Organizations.List(ctx))
	deadline, cancel := context.WithTimeout(ctx, 30*time.Millisecond)
	defer cancel()
	record("token request deadline")(build("/hang").Organizations.List(deadline))
	withURL := func(u string) Option {
		return WithOAuth2(OAuth2{TokenURL: u, ClientID: testClientID, ClientSecret: testClientSecret})
	}
	record("secret in the token URL")(New(api.URL, Credentials{}, withURL("https://id:"+testClientSecret+"@auth.example.com/token")))
	record("secret in the token URL query")(New(api.URL, Credentials{}, withURL("https://auth.example.com/token?s="+testClientSecret)))
	record("unparsable token URL")(New(api.URL, Credentials{}, withURL("https://id:"+testClientSecret+"@h:port/t?s="+testClientSecret)))
	record("with a password")(New(api.URL, testCreds(), withURL(tokens.URL+"/ok")))

	for name, err := range errs {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			require.Error(t, err)
			for _, text := range []string{err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err)} {
				assert.NotContains(t, text, neverLeak)
			}
			var apiErr *APIError
			if errors.As(err, &apiErr) {
				assert.NotContains(t, apiErr.Description, neverLeak)
				assert.NotContains(t, string(apiErr.Body), neverLeak)
			}
		})
	}
	t.Run("traces", func(t *testing.T) {
		t.Parallel()
		lines := trace.all()
		assert.Contains(t, lines, "scm: token: fetched (expires in 300 s)")
		assert.Contains(t, lines, "scm: GET /organization/v1: 401: fetching a new token and sending once more")
		assert.Contains(t, lines, "scm: token: storing in the cache failed: disk full writing ********")
		for _, l := range lines {
			assert.NotContains(t, l, neverLeak)
		}
	})
	t.Run("formatting", func(t *testing.T) {
		t.Parallel()
		for _, format := range []string{"%v", "%+v", "%#v", "%s"} {
			assert.NotContains(t, fmt.Sprintf(format, ok), neverLeak)
			assert.NotContains(t, fmt.Sprintf(format, struct{ C *Client }{ok}), neverLeak)
		}
	})
	t.Run("sink", func(t *testing.T) {
		t.Parallel()
		assert.True(t, slices.Contains(sink.all(), testToken(1)), "the sink got the token")
		assert.False(t, slices.Contains(sink.all(), testClientSecret), "the caller's own secret is not repeated")
	})
}
