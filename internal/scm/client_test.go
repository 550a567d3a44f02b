package scm

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNew_baseURL(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		desc     string
		url      string
		certAuth bool
		password string
		want     string
	}{
		{desc: "no path", url: "https://cert-manager.com", want: "https://cert-manager.com/api"},
		{desc: "root path", url: "https://cert-manager.com/", want: "https://cert-manager.com/api"},
		{desc: "api", url: "https://cert-manager.com/api", want: "https://cert-manager.com/api"},
		{desc: "api trailing slash", url: "https://hard.cert-manager.com/api/", want: "https://hard.cert-manager.com/api"},
		{desc: "plain http with port", url: "http://127.0.0.1:8443/api", want: "http://127.0.0.1:8443/api"},
		{desc: "surrounding space", url: "  https://cert-manager.com/api ", want: "https://cert-manager.com/api"},
		{desc: "other prefix kept", url: "https://gw.example.org/sectigo", want: "https://gw.example.org/sectigo"},
		{desc: "cert login rewrites api", url: "https://cert-manager.com/api", certAuth: true, want: "https://cert-manager.com/private/api"},
		{desc: "cert login on bare host", url: "https://cert-manager.com", certAuth: true, want: "https://cert-manager.com/private/api"},
		{desc: "cert login keeps private", url: "https://cert-manager.com/private/api/", certAuth: true, want: "https://cert-manager.com/private/api"},
		{desc: "cert plus password keeps api", url: "https://cert-manager.com/api", certAuth: true, password: "pw", want: "https://cert-manager.com/api"},
	} {
		t.Run(tc.desc, func(t *testing.T) {
			t.Parallel()
			got, err := normalizeBaseURL(tc.url, tc.certAuth && tc.password == "")
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestNew_error(t *testing.T) {
	t.Parallel()
	creds := testCreds()
	for _, tc := range []struct {
		desc    string
		url     string
		creds   Credentials
		opts    []Option
		wantErr string
	}{
		{desc: "ftp scheme", url: "ftp://cert-manager.com/api", creds: creds,
			wantErr: `scm: base URL "ftp://cert-manager.com/api" must use http or https`},
		{desc: "no scheme", url: "cert-manager.com/api", creds: creds,
			wantErr: `scm: base URL "cert-manager.com/api" must use http or https`},
		{desc: "no host", url: "https:///api", creds: creds, wantErr: `scm: base URL "https:///api" has no host`},
		{desc: "user info redacted", url: "https://admin:" + testPassword + "@cert-manager.com/api", creds: creds,
			wantErr: `scm: base URL "https://admin:xxxxx@cert-manager.com/api" must not carry credentials; use the login and password options`},
		{desc: "unparsable with user info", url: "https://admin:" + testPassword + "@cert-manager.com:port/api", creds: creds,
			wantErr: `scm: base URL "https://********@cert-manager.com:port/api" is not a valid URL`},
		{desc: "query", url: "https://cert-manager.com/api?x=1", creds: creds,
			wantErr: `scm: base URL "https://cert-manager.com/api?x=1" must not have a query or fragment`},
		{desc: "missing credentials", url: "https://cert-manager.com", creds: Credentials{},
			wantErr: "scm: missing credentials: login, customer URI, password (or a client certificate)"},
		{desc: "negative retries", url: "https://cert-manager.com", creds: creds,
			opts:    []Option{WithRetry(RetryConfig{Max: -1})},
			wantErr: "scm: invalid options: retry config needs Max >= 0 and 0 <= WaitMin <= WaitMax (got {Max:-1 WaitMin:0s WaitMax:0s})"},
		{desc: "zero timeout", url: "https://cert-manager.com", creds: creds, opts: []Option{WithRequestTimeout(0)},
			wantErr: "scm: invalid options: request timeout must be positive (got 0s)"},
		{desc: "http client and tls", url: "https://cert-manager.com", creds: creds,
			opts:    []Option{WithHTTPClient(http.DefaultClient), WithTLS(TLSConfig{Insecure: true})},
			wantErr: "scm: invalid options: WithHTTPClient and WithTLS cannot be combined"},
		{desc: "empty user agent", url: "https://cert-manager.com", creds: creds, opts: []Option{WithUserAgent("")},
			wantErr: "scm: invalid options: user agent must not be empty"},
	} {
		t.Run(tc.desc, func(t *testing.T) {
			t.Parallel()
			_, err := New(tc.url, tc.creds, tc.opts...)
			require.EqualError(t, err, tc.wantErr)
			assert.NotContains(t, err.Error(), testPassword)
		})
	}
}

func TestNew_caFile_error(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	missing := filepath.Join(dir, "missing.pem")
	empty := filepath.Join(dir, "empty.pem")
	require.NoError(t, os.WriteFile(empty, []byte("not a certificate\n"), 0o600))
	for _, tc := range []struct {
		desc, file, wantErr string
	}{
		{desc: "missing file", file: missing, wantErr: "scm: read CA file: open " + missing + ": no such file or directory"},
		{desc: "no certificates", file: empty, wantErr: `scm: CA file "` + empty + `" holds no PEM certificates`},
	} {
		t.Run(tc.desc, func(t *testing.T) {
			t.Parallel()
			_, err := New("https://cert-manager.com", testCreds(), WithTLS(TLSConfig{CAFile: tc.file}))
			require.EqualError(t, err, tc.wantErr)
		})
	}
}

func TestNew_clientCert_error(t *testing.T) {
	t.Parallel()
	missing := filepath.Join(t.TempDir(), "client.pem")
	_, err := New("https://cert-manager.com", Credentials{Login: "a", CustomerURI: "b"},
		WithTLS(TLSConfig{ClientCertFile: missing}))
	require.ErrorContains(t, err, fmt.Sprintf("scm: load client certificate %q (key %q): open %s", missing, missing, missing))
}

// writeServerCA stores the test server's certificate as a CA bundle.
func writeServerCA(t *testing.T, srv *httptest.Server) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "ca.pem")
	block := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
	require.NoError(t, os.WriteFile(path, block, 0o600))
	return path
}

func TestClient_TLS_caFile(t *testing.T) {
	t.Parallel()
	var hits atomic.Int32
	srv := quietTLSServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		writeJSON(w, http.StatusOK, `[]`)
	}))

	trusted, err := New(srv.URL, testCreds(), fastRetry(), WithTLS(TLSConfig{CAFile: writeServerCA(t, srv)}))
	require.NoError(t, err)
	_, err = trusted.Organizations.List(t.Context())
	require.NoError(t, err)

	// Without the CA the handshake fails; certificate errors are never retried.
	untrusted, err := New(srv.URL, testCreds(), fastRetry())
	require.NoError(t, err)
	_, err = untrusted.Organizations.List(t.Context())
	require.ErrorContains(t, err, "scm: GET /organization/v1: request failed: tls: failed to verify certificate")
	assert.Equal(t, int32(1), hits.Load(), "only the trusted request reached the handler")
}

func TestClient_clientCertificateLogin(t *testing.T) {
	t.Parallel()
	certFile, keyFile := writeClientCert(t)
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "/private/api/ssl/v1/types", r.URL.Path)
		assert.Equal(t, testLogin, r.Header.Get("login"))
		assert.Equal(t, testCustomerURI, r.Header.Get("customerUri"))
		_, hasPassword := r.Header["Password"]
		assert.False(t, hasPassword, "no password header with certificate login")
		if assert.NotEmpty(t, r.TLS.PeerCertificates) {
			assert.Equal(t, "api-admin-7", r.TLS.PeerCertificates[0].Subject.CommonName)
		}
		writeJSON(w, http.StatusOK, `[{"id":1,"name":"p"}]`)
	}))
	srv.TLS = &tls.Config{ClientAuth: tls.RequireAnyClientCert}
	srv.StartTLS()
	t.Cleanup(srv.Close)

	c, err := New(srv.URL+"/api", Credentials{Login: testLogin, CustomerURI: testCustomerURI},
		WithTLS(TLSConfig{CAFile: writeServerCA(t, srv), ClientCertFile: certFile, ClientKeyFile: keyFile}))
	require.NoError(t, err)
	assert.Equal(t, srv.URL+"/private/api", c.BaseURL())
	got, err := c.SSL.Types(t.Context(), 0)
	require.NoError(t, err)
	assert.Equal(t, []Profile{{ID: 1, Name: "p"}}, got)
}

// writeClientCert creates a self-signed client certificate and key.
func writeClientCert(t *testing.T) (certFile, keyFile string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(7), Subject: pkix.Name{CommonName: "api-admin-7"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	require.NoError(t, err)
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	require.NoError(t, err)
	dir := t.TempDir()
	certFile, keyFile = filepath.Join(dir, "client.crt"), filepath.Join(dir, "client.key")
	require.NoError(t, os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600))
	require.NoError(t, os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER}), 0o600))
	return certFile, keyFile
}

func TestClient_headers(t *testing.T) {
	t.Parallel()
	client, mux := setupTLS(t, WithUserAgent(UserAgentPrefix+"1.2.3"))
	mux.HandleFunc("GET /api/organization/v1", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "scmkit.sectigo/1.2.3", r.Header.Get("User-Agent"))
		assert.Empty(t, r.Header.Get("Content-Type"), "no Content-Type without a body")
		assert.Equal(t, testLogin, r.Header.Get("login"))
		writeJSON(w, http.StatusOK, `[]`)
	})
	mux.HandleFunc("POST /api/dcv/v2/validation/status", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "application/json", r.Header.Get("Content-Type"))
		writeJSON(w, http.StatusOK, `{"status":"VALIDATED"}`)
	})
	_, err := client.Organizations.List(t.Context())
	require.NoError(t, err)
	st, err := client.DCV.Status(t.Context(), "example.org")
	require.NoError(t, err)
	assert.True(t, st.Validated())
}

func TestClient_redirectIsNotFollowed(t *testing.T) {
	t.Parallel()
	client, mux := setup(t)
	var followed atomic.Bool
	mux.HandleFunc("/api/ssl/v1/enroll", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/login", http.StatusFound)
	})
	mux.HandleFunc("/login", func(w http.ResponseWriter, r *http.Request) { followed.Store(true) })
	_, err := client.SSL.Enroll(t.Context(), &EnrollRequest{OrgID: 1})
	require.EqualError(t, err, "scm: POST /ssl/v1/enroll: 302: Found")
	assert.False(t, followed.Load())
}

func TestIDFromLocation(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		desc    string
		loc     string
		want    int
		wantErr string
	}{
		{desc: "absolute", loc: "https://cert-manager.com/api/domain/v1/1207", want: 1207},
		{desc: "relative", loc: "/api/acme/v2/account/311", want: 311},
		{desc: "trailing slash", loc: "https://cert-manager.com/api/domain/v1/55/", want: 55},
		{desc: "query ignored", loc: "https://cert-manager.com/api/domain/v1/56?x=1", want: 56},
		{desc: "bare id", loc: "57", want: 57},
		{desc: "empty", loc: "", wantErr: "the response has no Location header"},
		{desc: "not numeric", loc: "https://cert-manager.com/api/domain/v1/abc",
			wantErr: `the Location header "https://cert-manager.com/api/domain/v1/abc" does not end in a numeric id`},
		{desc: "zero", loc: "/api/domain/v1/0", wantErr: `the Location header "/api/domain/v1/0" does not end in a numeric id`},
		{desc: "negative", loc: "/api/domain/v1/-3", wantErr: `the Location header "/api/domain/v1/-3" does not end in a numeric id`},
	} {
		t.Run(tc.desc, func(t *testing.T) {
			t.Parallel()
			got, err := idFromLocation(tc.loc)
			if tc.wantErr != "" {
				require.EqualError(t, err, tc.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestCredentials_formatting(t *testing.T) {
	t.Parallel()
	creds := testCreds()
	for _, format := range []string{"%v", "%+v", "%#v", "%s"} {
		s := fmt.Sprintf(format, creds)
		assert.NotContains(t, s, testPassword, format)
		assert.Contains(t, s, "********", format)
	}
	assert.Equal(t, `Credentials{Login: "a", Password: <empty>, CustomerURI: "b"}`,
		Credentials{Login: "a", CustomerURI: "b"}.String())
}

func TestClient_traceLogger(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var lines []string
	logf := func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		lines = append(lines, fmt.Sprintf(format, args...))
	}
	fixed := time.Date(2025, 5, 20, 10, 0, 0, 0, time.UTC)
	client, mux := setup(t, WithLogger(logf), WithClock(func() time.Time { return fixed }))
	var calls atomic.Int32
	mux.HandleFunc("GET /api/domain/v1/1", func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		writeJSON(w, http.StatusOK, `{"id":1,"name":"example.org"}`)
	})
	_, err := client.Domains.Get(t.Context(), 1)
	require.NoError(t, err)
	mu.Lock()
	defer mu.Unlock()
	assert.Equal(t, []string{
		"scm: GET /domain/v1/1 attempt 1: status 503 in 0s",
		"scm: GET /domain/v1/1 attempt 2: status 200 in 0s",
	}, lines)
	for _, l := range lines {
		assert.NotContains(t, l, testPassword)
		assert.NotContains(t, l, testLogin)
	}
}

func TestClient_concurrentUse(t *testing.T) {
	t.Parallel()
	client, mux := setup(t)
	mux.HandleFunc("GET /api/domain/v1/{id}", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, fmt.Sprintf(`{"id":%s,"name":"d%s.example.org"}`, r.PathValue("id"), r.PathValue("id")))
	})
	var wg sync.WaitGroup
	got := make([]*Domain, 32)
	errs := make([]error, len(got))
	for i := range got {
		wg.Go(func() { got[i], errs[i] = client.Domains.Get(t.Context(), i+1) })
	}
	wg.Wait()
	for i := range got {
		require.NoError(t, errs[i])
		assert.Equal(t, fmt.Sprintf("d%d.example.org", i+1), got[i].Name)
	}
}

func TestRedactRawURL(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "https://********@host:x/api", redactRawURL("https://u:p@host:x/api"))
	assert.Equal(t, "https://host:x/api", redactRawURL("https://host:x/api"))
	assert.Equal(t, "no-scheme", redactRawURL("no-scheme"))
	assert.False(t, strings.Contains(redactRawURL("http://a:"+testPassword+"@h"), testPassword))
}

func TestClient_formattingHidesPassword(t *testing.T) {
	t.Parallel()
	c, err := New("https://cert-manager.com", testCreds())
	require.NoError(t, err)
	for _, format := range []string{"%v", "%+v", "%#v", "%s"} {
		s := fmt.Sprintf(format, c)
		assert.Equal(t, "scm.Client{https://cert-manager.com/api}", s, format)
	}
	assert.NotContains(t, fmt.Sprintf("%+v", struct{ C *Client }{c}), testPassword)
}
