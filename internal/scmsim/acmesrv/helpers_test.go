package acmesrv

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"errors"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/crypto/acme"
)

// registration is one Policy.Registered call.
type registration struct {
	kid, userAgent, remoteAddr string
}

// fakePolicy maps kids to the names they may order; a kid in refused cannot
// register. It records every call.
type fakePolicy struct {
	mu         sync.Mutex
	allowed    map[string][]string
	refused    map[string]error
	registered []registration
	orders     map[string][][]string
}

func newFakePolicy() *fakePolicy {
	return &fakePolicy{allowed: map[string][]string{}, refused: map[string]error{}, orders: map[string][][]string{}}
}

func (p *fakePolicy) allow(kid string, names ...string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.allowed[kid] = append(p.allowed[kid], names...)
}

func (p *fakePolicy) refuse(kid string, err error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.refused[kid] = err
}

func (p *fakePolicy) CheckRegistration(kid string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.refused[kid]
}

func (p *fakePolicy) Registered(kid, userAgent, remoteAddr string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.registered = append(p.registered, registration{kid, userAgent, remoteAddr})
}

func (p *fakePolicy) CheckOrder(kid string, names []string) []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.orders[kid] = append(p.orders[kid], names)
	var rejected []string
	for _, n := range names {
		if !slices.Contains(p.allowed[kid], n) {
			rejected = append(rejected, n)
		}
	}
	return rejected
}

func (p *fakePolicy) registrations() []registration {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]registration(nil), p.registered...)
}

func (p *fakePolicy) ordersOf(kid string) [][]string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([][]string(nil), p.orders[kid]...)
}

// testEnv is a Server behind an httptest TLS listener.
type testEnv struct {
	srv    *Server
	ts     *httptest.Server
	policy *fakePolicy
}

func newTestEnv(t *testing.T, opts Options) *testEnv {
	t.Helper()
	policy := newFakePolicy()
	if opts.Policy == nil {
		opts.Policy = policy
	}
	srv, err := New(opts)
	require.NoError(t, err)
	ts := httptest.NewTLSServer(srv.Handler())
	t.Cleanup(ts.Close)
	return &testEnv{srv: srv, ts: ts, policy: policy}
}

func (e *testEnv) directoryURL() string { return e.ts.URL + "/acme/v2/OV" }

// mintEAB adds fresh EAB credentials and returns the kid and raw HMAC key.
func (e *testEnv) mintEAB(t *testing.T) (string, []byte) {
	t.Helper()
	kid, key, err := MintEAB(rand.Reader)
	require.NoError(t, err)
	require.NoError(t, e.srv.AddEAB(kid, key))
	raw, err := base64.RawURLEncoding.DecodeString(key)
	require.NoError(t, err)
	return kid, raw
}

func (e *testEnv) client(t *testing.T) *acme.Client {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	return &acme.Client{
		Key:          key,
		DirectoryURL: e.directoryURL(),
		HTTPClient:   e.ts.Client(),
		UserAgent:    "scmsim-test/1",
	}
}

func register(ctx context.Context, c *acme.Client, kid string, hmac []byte) (*acme.Account, error) {
	return c.Register(ctx, &acme.Account{
		ExternalAccountBinding: &acme.ExternalAccountBinding{KID: kid, Key: hmac},
	}, acme.AcceptTOS)
}

// obtainCert runs the order flow the reference notes verified against pebble:
// AuthorizeOrder, accept each http-01 challenge, wait, then
// CreateCertFromOrder (CreateOrderCert needs a Location header pebble does not
// send on finalize). respond, if set, is called with each challenge first.
func obtainCert(ctx context.Context, t *testing.T, c *acme.Client, respond func(*acme.Challenge), names ...string) ([][]byte, *acme.Order, error) {
	t.Helper()
	order, err := c.AuthorizeOrder(ctx, acme.DomainIDs(names...))
	if err != nil {
		return nil, nil, err
	}
	for _, u := range order.AuthzURLs {
		if err := completeAuthz(ctx, c, u, respond); err != nil {
			return nil, order, err
		}
	}
	if order, err = c.WaitOrder(ctx, order.URI); err != nil {
		return nil, order, err
	}
	csr, err := newCSR(names)
	if err != nil {
		return nil, order, err
	}
	der, certURL, err := c.CreateCertFromOrder(ctx, order, csr, true)
	order.CertURL = certURL
	return der, order, err
}

func completeAuthz(ctx context.Context, c *acme.Client, authzURL string, respond func(*acme.Challenge)) error {
	authz, err := c.GetAuthorization(ctx, authzURL)
	if err != nil {
		return err
	}
	for _, chal := range authz.Challenges {
		if chal.Type != "http-01" {
			continue
		}
		if respond != nil {
			respond(chal)
		}
		if _, err := c.Accept(ctx, chal); err != nil {
			return err
		}
		_, err = c.WaitAuthorization(ctx, authz.URI)
		return err
	}
	return errors.New("no http-01 challenge offered")
}

func newCSR(names []string) ([]byte, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	return x509.CreateCertificateRequest(rand.Reader, &x509.CertificateRequest{
		Subject:  pkix.Name{CommonName: names[0]},
		DNSNames: names,
	}, crypto.Signer(key))
}

// verifyChain checks der[0] against the server's roots with the rest of der as
// intermediates.
func verifyChain(t *testing.T, srv *Server, der [][]byte, name string) *x509.Certificate {
	t.Helper()
	require.NotEmpty(t, der)
	roots := x509.NewCertPool()
	require.True(t, roots.AppendCertsFromPEM(srv.RootsPEM()))
	inter := x509.NewCertPool()
	for _, d := range der[1:] {
		c, err := x509.ParseCertificate(d)
		require.NoError(t, err)
		inter.AddCert(c)
	}
	leaf, err := x509.ParseCertificate(der[0])
	require.NoError(t, err)
	_, err = leaf.Verify(x509.VerifyOptions{Roots: roots, Intermediates: inter, DNSName: name})
	require.NoError(t, err)
	return leaf
}

// testCtx bounds a whole ACME flow; it is a hang guard, not a timing check.
func testCtx(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	t.Cleanup(cancel)
	return ctx
}

// coveredBy reports whether path is served under one of prefixes.
func coveredBy(path string, prefixes []string) bool {
	for _, p := range prefixes {
		if path == p || (strings.HasSuffix(p, "/") && strings.HasPrefix(path, p)) {
			return true
		}
	}
	return false
}
