package scmsim

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fakeClock is an injectable real clock that tests move by hand.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// env is one emulator behind an httptest TLS server, plus its admin API.
type env struct {
	t      *testing.T
	sim    *Server
	ts     *httptest.Server
	admin  *httptest.Server
	client *http.Client
	clock  *fakeClock
	login  string
	pass   string
}

// newEnv starts an emulator; mutate adjusts the options (clock already set).
func newEnv(t *testing.T, mutate ...func(*Options)) *env {
	t.Helper()
	clock := newFakeClock()
	opts := Options{Now: clock.Now}
	for _, m := range mutate {
		m(&opts)
	}
	sim, err := New(opts)
	require.NoError(t, err)
	ts := httptest.NewUnstartedServer(sim.Handler())
	ts.TLS, err = sim.TLSConfig()
	require.NoError(t, err)
	ts.StartTLS()
	t.Cleanup(ts.Close)
	admin := httptest.NewServer(sim.AdminHandler())
	t.Cleanup(admin.Close)
	return &env{t: t, sim: sim, ts: ts, admin: admin, client: trustingClient(t, sim, nil),
		clock: clock, login: "mrao", pass: "mrao-secret"}
}

// trustingClient trusts the emulator's root and optionally presents a client
// certificate.
func trustingClient(t *testing.T, sim *Server, cert *tls.Certificate) *http.Client {
	t.Helper()
	pool := x509.NewCertPool()
	require.True(t, pool.AppendCertsFromPEM(sim.CA().RootPEM()))
	cfg := &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
	if cert != nil {
		cfg.Certificates = []tls.Certificate{*cert}
	}
	return &http.Client{Transport: &http.Transport{TLSClientConfig: cfg}}
}

// as returns a copy of the env that authenticates as another admin.
func (e *env) as(login, pass string) *env {
	c := *e
	c.login, c.pass = login, pass
	return &c
}

func (e *env) rao() *env { return e.as("rao", "rao-secret") }

type resp struct {
	status int
	header http.Header
	body   []byte
}

// do sends an authenticated request to path (under /api unless it starts
// with /private, or with "=" for a path used as is). body may be nil, a string (sent as is) or a value
// (sent as JSON).
func (e *env) do(method, path string, body any) *resp {
	e.t.Helper()
	return e.doWith(e.client, method, path, body, map[string]string{
		"login": e.login, "password": e.pass, "customerUri": "demo"})
}

func (e *env) doWith(client *http.Client, method, path string, body any, hdr map[string]string) *resp {
	e.t.Helper()
	if raw, ok := strings.CutPrefix(path, "="); ok {
		path = raw
	} else if !strings.HasPrefix(path, "/private") {
		path = "/api" + path
	}
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		data, err := json.Marshal(b)
		require.NoError(e.t, err)
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequestWithContext(e.t.Context(), method, e.ts.URL+path, rd)
	require.NoError(e.t, err)
	if rd != nil {
		req.Header.Set("Content-Type", "application/json;charset=utf-8")
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	res, err := client.Do(req)
	require.NoError(e.t, err)
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	require.NoError(e.t, err)
	return &resp{status: res.StatusCode, header: res.Header, body: data}
}

func (r *resp) decode(t *testing.T, v any) {
	t.Helper()
	require.NoError(t, json.Unmarshal(r.body, v), "body: %s", r.body)
}

// requireErr checks an SCM error answer: status, code, and the JSON type.
func (r *resp) requireErr(t *testing.T, status, code int) errorBody {
	t.Helper()
	require.Equal(t, status, r.status, "body: %s", r.body)
	var eb errorBody
	r.decode(t, &eb)
	assert.Equal(t, code, eb.Code, "description: %s", eb.Description)
	assert.NotEmpty(t, eb.Description)
	assert.True(t, strings.HasPrefix(r.header.Get("Content-Type"), "application/json"))
	return eb
}

func (r *resp) requireStatus(t *testing.T, status int) {
	t.Helper()
	require.Equal(t, status, r.status, "body: %s", r.body)
}

// idFromLocation returns the trailing id of a 201's Location.
func (r *resp) idFromLocation(t *testing.T) int {
	t.Helper()
	loc := r.header.Get("Location")
	id, err := strconv.Atoi(loc[strings.LastIndex(loc, "/")+1:])
	require.NoError(t, err, "Location %q", loc)
	return id
}

// adminDo calls the admin API.
func (e *env) adminDo(method, path string, body any) *resp {
	e.t.Helper()
	var rd io.Reader
	if s, ok := body.(string); ok {
		rd = strings.NewReader(s)
	} else if body != nil {
		data, err := json.Marshal(body)
		require.NoError(e.t, err)
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequestWithContext(e.t.Context(), method, e.admin.URL+path, rd)
	require.NoError(e.t, err)
	res, err := http.DefaultClient.Do(req)
	require.NoError(e.t, err)
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	require.NoError(e.t, err)
	return &resp{status: res.StatusCode, header: res.Header, body: data}
}

// domainBody is a create request delegated to orgs for SSL.
func domainBody(name string, orgs ...int) map[string]any {
	var dl []map[string]any
	for _, o := range orgs {
		dl = append(dl, map[string]any{"orgId": o, "certTypes": []string{"SSL"}})
	}
	return map[string]any{"name": name, "delegations": dl}
}

// createDomain creates a domain delegated to the demo university.
func (e *env) createDomain(name string, orgs ...int) int {
	e.t.Helper()
	if len(orgs) == 0 {
		orgs = []int{DemoOrgID}
	}
	r := e.as("mrao", "mrao-secret").do("POST", "/domain/v1", domainBody(name, orgs...))
	r.requireStatus(e.t, http.StatusCreated)
	return r.idFromLocation(e.t)
}

// validDomain creates "*.name" (covering name and below) and validates name.
func (e *env) validDomain(name string, orgs ...int) {
	e.t.Helper()
	e.createDomain("*."+name, orgs...)
	require.NoError(e.t, e.sim.ValidateDCV(name))
}

// csrPEM makes an EC P-256 CSR.
func csrPEM(t *testing.T, cn string, sans ...string) string {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	return csrFor(t, key, cn, sans...)
}

// rsaCSR makes an RSA CSR of the given size.
func rsaCSR(t *testing.T, bits int, cn string) string {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, bits)
	require.NoError(t, err)
	return csrFor(t, key, cn)
}

func csrFor(t *testing.T, key any, cn string, sans ...string) string {
	t.Helper()
	der, err := x509.CreateCertificateRequest(rand.Reader,
		&x509.CertificateRequest{Subject: pkix.Name{CommonName: cn}, DNSNames: sans}, key)
	require.NoError(t, err)
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE REQUEST", Bytes: der}))
}

func enrollBody(t *testing.T, cn string, profile, term int, sans string) map[string]any {
	t.Helper()
	return map[string]any{"orgId": DemoOrgID, "csr": csrPEM(t, cn), "certType": profile, "term": term,
		"subjAltNames": sans}
}

// enroll enrolls cn in the OV Multi-Domain profile and returns the id.
func (e *env) enroll(cn, sans string) int {
	e.t.Helper()
	r := e.do("POST", "/ssl/v1/enroll", enrollBody(e.t, cn, ProfileOVMulti, 365, sans))
	r.requireStatus(e.t, http.StatusOK)
	var out enrollResp
	r.decode(e.t, &out)
	return out.SSLID
}

func (e *env) setKnobs(mutate func(*Knobs)) {
	e.t.Helper()
	k := e.sim.Knobs()
	mutate(&k)
	require.NoError(e.t, e.sim.SetKnobs(k))
}

// lastEntry is the newest journal entry.
func (e *env) lastEntry() JournalEntry {
	e.t.Helper()
	j := e.sim.Journal()
	require.NotEmpty(e.t, j)
	return j[len(j)-1]
}

func jsonReader(t *testing.T, v any) io.Reader {
	t.Helper()
	data, err := json.Marshal(v)
	require.NoError(t, err)
	return bytes.NewReader(data)
}
