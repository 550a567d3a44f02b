package scm

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
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
