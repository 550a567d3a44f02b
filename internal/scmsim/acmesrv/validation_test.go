package acmesrv

import (
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/miekg/dns"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/crypto/acme"
)

// startLoopbackDNS answers every A query with 127.0.0.1 and every other type
// with no data, over TCP (pebble's VA asks its resolver over TCP).
func startLoopbackDNS(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	srv := &dns.Server{Listener: ln, Handler: dns.HandlerFunc(func(w dns.ResponseWriter, req *dns.Msg) {
		resp := new(dns.Msg)
		resp.SetReply(req)
		if q := req.Question[0]; q.Qtype == dns.TypeA {
			resp.Answer = append(resp.Answer, &dns.A{
				Hdr: dns.RR_Header{Name: q.Name, Rrtype: dns.TypeA, Class: dns.ClassINET, Ttl: 60},
				A:   net.IPv4(127, 0, 0, 1),
			})
		}
		_ = w.WriteMsg(resp)
	})}
	started := make(chan struct{})
	srv.NotifyStartedFunc = func() { close(started) }
	go func() { _ = srv.ActivateAndServe() }()
	<-started
	t.Cleanup(func() { _ = srv.Shutdown() })
	return ln.Addr().String()
}

// challengeResponder serves http-01 key authorizations by token.
type challengeResponder struct {
	mu    sync.Mutex
	byTok map[string]string
}

func (c *challengeResponder) set(token, keyAuth string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.byTok[token] = keyAuth
}

func (c *challengeResponder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c.mu.Lock()
	keyAuth, ok := c.byTok[strings.TrimPrefix(r.URL.Path, "/.well-known/acme-challenge/")]
	c.mu.Unlock()
	if !ok {
		http.NotFound(w, r)
		return
	}
	_, _ = w.Write([]byte(keyAuth))
}

func startResponder(t *testing.T) (*challengeResponder, int) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	resp := &challengeResponder{byTok: map[string]string{}}
	srv := &http.Server{Handler: resp, ReadHeaderTimeout: 30 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return resp, ln.Addr().(*net.TCPAddr).Port
}

// TestServer_realValidation runs with AlwaysValid off: pebble's VA resolves
// the name through DNSResolver and fetches the token from HTTPPort.
func TestServer_realValidation(t *testing.T) {
	t.Parallel()
	responder, port := startResponder(t)
	env := newTestEnv(t, Options{DNSResolver: startLoopbackDNS(t), HTTPPort: port})
	kid, hmac := env.mintEAB(t)
	env.policy.allow(kid, "good.example.test", "bad.example.test")
	ctx := testCtx(t)
	c := env.client(t)
	_, err := register(ctx, c, kid, hmac)
	require.NoError(t, err)

	answer := func(chal *acme.Challenge) {
		keyAuth, err := c.HTTP01ChallengeResponse(chal.Token)
		require.NoError(t, err)
		responder.set(chal.Token, keyAuth)
	}
	der, _, err := obtainCert(ctx, t, c, answer, "good.example.test")
	require.NoError(t, err)
	verifyChain(t, env.srv, der, "good.example.test")

	wrong := func(chal *acme.Challenge) { responder.set(chal.Token, "not-the-key-authorization") }
	_, _, err = obtainCert(ctx, t, c, wrong, "bad.example.test")
	var authzErr *acme.AuthorizationError
	require.ErrorAs(t, err, &authzErr, "a wrong key authorization must fail validation")
	assert.Contains(t, authzErr.Error(), "bad.example.test")
}
