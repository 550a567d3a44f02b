// Package simtest starts scmsim in-process for module scenario tests: an emulator of their own per
// test, behind a TLS httptest server on loopback, and the connection options that reach it.
package simtest

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/scmkit/sectigo/internal/scmsim"
)

// The module tests run with the controller's lookup cache (scm_cache) off unless a test turns it on:
// every test counts and checks its own requests, and none should depend on what an earlier test left
// in the user's cache directory. A test of the cache sets scm_cache and its own XDG_CACHE_HOME.
func init() {
	if _, set := os.LookupEnv("SCM_CACHE"); !set {
		os.Setenv("SCM_CACHE", "false")
	}
}

// Sim is a running emulator.
type Sim struct {
	*scmsim.Server
	URL    string // https://127.0.0.1:port
	CAFile string // PEM bundle that verifies URL
}

// Start runs a fresh emulator with its default world; it is stopped when the test ends.
func Start(t testing.TB, opts scmsim.Options) *Sim {
	t.Helper()
	return StartBehind(t, opts, func(h http.Handler) http.Handler { return h })
}

// StartBehind is Start with a handler of the test's in front of the emulator: to answer some requests
// as a real SCM would on a day the emulator does not model.
func StartBehind(t testing.TB, opts scmsim.Options, front func(http.Handler) http.Handler) *Sim {
	t.Helper()
	srv, err := scmsim.New(opts)
	require.NoError(t, err)
	ts := httptest.NewUnstartedServer(front(srv.Handler()))
	ts.TLS, err = srv.TLSConfig()
	require.NoError(t, err)
	ts.StartTLS()
	t.Cleanup(ts.Close)
	ca := filepath.Join(t.TempDir(), "scmsim-ca.pem")
	require.NoError(t, os.WriteFile(ca, srv.CABundlePEM(), 0o644))
	return &Sim{Server: srv, URL: ts.URL, CAFile: ca}
}

// Conn returns the connection options for the default MRAO admin, merged over extra.
func (s *Sim) Conn(extra map[string]any) map[string]any {
	args := map[string]any{
		"scm_url": s.URL + "/api", "scm_customer_uri": "demo",
		"scm_login": "mrao", "scm_password": "mrao-secret", "scm_ca_path": s.CAFile,
	}
	for k, v := range extra {
		args[k] = v
	}
	return args
}

// OAuth2Conn returns the connection options for the default API key (scm_auth=oauth2), merged over
// extra.
func (s *Sim) OAuth2Conn(extra map[string]any) map[string]any {
	args := map[string]any{
		"scm_url": s.URL + "/api", "scm_client_id": scmsim.DemoClientID, "scm_client_secret": scmsim.DemoClientSecret,
		"scm_token_url": s.URL + scmsim.TokenPath, "scm_ca_path": s.CAFile,
	}
	for k, v := range extra {
		args[k] = v
	}
	return args
}
