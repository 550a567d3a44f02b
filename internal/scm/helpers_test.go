package scm

import (
	"context"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	testLogin       = "api-admin-7"
	testPassword    = "Pw-9f3c-must-never-leak"
	testCustomerURI = "example-corp"
)

func testCreds() Credentials {
	return Credentials{Login: testLogin, Password: testPassword, CustomerURI: testCustomerURI}
}

// fastRetry keeps retry waits at milliseconds so tests never sleep long.
func fastRetry() Option {
	return WithRetry(RetryConfig{Max: 3, WaitMin: time.Millisecond, WaitMax: 2 * time.Millisecond})
}

// setup starts a plain-HTTP test server and a client pointed at its /api.
func setup(t *testing.T, opts ...Option) (*Client, *http.ServeMux) {
	t.Helper()
	mux := http.NewServeMux()
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return newTestClient(t, srv, opts...), mux
}

// setupTLS is setup over TLS, trusting the test server's certificate.
func setupTLS(t *testing.T, opts ...Option) (*Client, *http.ServeMux) {
	t.Helper()
	mux := http.NewServeMux()
	srv := httptest.NewTLSServer(mux)
	t.Cleanup(srv.Close)
	return newTestClient(t, srv, opts...), mux
}

func newTestClient(t *testing.T, srv *httptest.Server, opts ...Option) *Client {
	t.Helper()
	all := append([]Option{WithHTTPClient(srv.Client()), fastRetry()}, opts...)
	c, err := New(srv.URL+"/api", testCreds(), all...)
	require.NoError(t, err)
	return c
}

func fixture(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	return data
}

// assertAuth checks the authentication headers. The password is compared
// without ever being printed.
func assertAuth(t *testing.T, r *http.Request) {
	t.Helper()
	assert.Equal(t, testLogin, r.Header.Get("login"))
	assert.Equal(t, testCustomerURI, r.Header.Get("customerUri"))
	assert.True(t, r.Header.Get("password") == testPassword, "password header missing or wrong")
	assert.Equal(t, "application/json", r.Header.Get("Accept"))
	assert.Equal(t, defaultUserAgent, r.Header.Get("User-Agent"))
}

// assertBody compares the JSON body with a fixture ("" means no body).
func assertBody(t *testing.T, r *http.Request, want []byte) {
	t.Helper()
	got, err := io.ReadAll(r.Body)
	assert.NoError(t, err)
	if want == nil {
		assert.Empty(t, got)
		return
	}
	assert.Equal(t, "application/json", r.Header.Get("Content-Type"))
	assert.JSONEq(t, string(want), string(got))
}

func writeJSON(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}

// endpointCase is one request/answer exchange checked end to end.
type endpointCase struct {
	desc    string
	method  string
	path    string     // expected path below /api
	query   url.Values // expected query (nil: none)
	reqBody string     // request fixture ("" : no body)
	status  int
	resp    string      // response fixture name, or an inline body starting with {, [ or <
	header  http.Header // extra response headers
	call    func(context.Context, *Client) (any, error)
	want    any

	wantErr    error  // errors.Is target
	wantErrMsg string // exact error text
	wantStatus int    // HTTP status of the *APIError in the chain
}

// runEndpoints runs each case, over plain HTTP and over TLS, against its own
// server that asserts the request and replies as the case says.
func runEndpoints(t *testing.T, cases []endpointCase) {
	t.Helper()
	for _, tc := range cases {
		for name, start := range map[string]func(*testing.T, ...Option) (*Client, *http.ServeMux){"plain": setup, "tls": setupTLS} {
			t.Run(tc.desc+"/"+name, func(t *testing.T) {
				t.Parallel()
				client, mux := start(t)
				hits := serveCase(t, mux, tc)
				got, err := tc.call(t.Context(), client)
				checkOutcome(t, tc, got, err)
				assert.Positive(t, hits.Load(), "the server was never called")
			})
		}
	}
}

// serveCase answers every request with the case's reply after checking it.
func serveCase(t *testing.T, mux *http.ServeMux, tc endpointCase) *atomic.Int32 {
	var wantBody []byte
	if tc.reqBody != "" {
		wantBody = fixture(t, tc.reqBody)
	}
	respBody := caseBody(t, tc.resp)
	var hits atomic.Int32
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		assert.Equal(t, tc.method, r.Method)
		assert.Equal(t, "/api"+tc.path, r.URL.Path)
		assert.Equal(t, queryOrEmpty(tc.query), r.URL.Query())
		assertAuth(t, r)
		assertBody(t, r, wantBody)
		for k, v := range tc.header {
			w.Header()[k] = v
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(tc.status)
		_, _ = w.Write(respBody)
	})
	return &hits
}

func caseBody(t *testing.T, resp string) []byte {
	if resp == "" {
		return nil
	}
	if strings.ContainsAny(resp[:1], "{[<") {
		return []byte(resp)
	}
	return fixture(t, resp)
}

func queryOrEmpty(q url.Values) url.Values {
	if q == nil {
		return url.Values{}
	}
	return q
}

func checkOutcome(t *testing.T, tc endpointCase, got any, err error) {
	t.Helper()
	if tc.wantErr == nil && tc.wantErrMsg == "" && tc.wantStatus == 0 {
		require.NoError(t, err)
		assert.Equal(t, tc.want, got)
		return
	}
	require.Error(t, err)
	if tc.wantErr != nil {
		require.ErrorIs(t, err, tc.wantErr)
	}
	if tc.wantErrMsg != "" {
		require.EqualError(t, err, tc.wantErrMsg)
	}
	if tc.wantStatus != 0 {
		var apiErr *APIError
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, tc.wantStatus, apiErr.StatusCode)
	}
	assert.NotContains(t, err.Error(), testPassword)
}

// only adapts a method that returns just an error to endpointCase.call.
func only(err error) (any, error) { return nil, err }

// quietTLSServer is httptest.NewTLSServer without handshake-failure logs on
// stderr (tests provoke those on purpose).
func quietTLSServer(t *testing.T, h http.Handler) *httptest.Server {
	t.Helper()
	srv := httptest.NewUnstartedServer(h)
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.StartTLS()
	t.Cleanup(srv.Close)
	return srv
}
