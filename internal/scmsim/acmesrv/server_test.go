package acmesrv

import (
	"crypto/rand"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/crypto/acme"
)

func TestServer_issue(t *testing.T) {
	t.Parallel()
	validity := 10 * 24 * time.Hour
	env := newTestEnv(t, Options{AlwaysValid: true, CertValidity: validity})
	kid, hmac := env.mintEAB(t)
	env.policy.allow(kid, "www.example.test", "api.example.test")
	ctx := testCtx(t)
	c := env.client(t)

	acct, err := register(ctx, c, kid, hmac)
	require.NoError(t, err)
	der, order, err := obtainCert(ctx, t, c, nil, "www.example.test", "API.example.test")
	require.NoError(t, err)

	leaf := verifyChain(t, env.srv, der, "api.example.test")
	// Pebble copies the CSR's spelling; DNS names compare case-insensitively.
	assert.ElementsMatch(t, []string{"www.example.test", "api.example.test"}, lower(leaf.DNSNames))
	assert.Equal(t, validity-time.Second, leaf.NotAfter.Sub(leaf.NotBefore),
		"pebble's NotAfter is inclusive: NotBefore + validity - 1s")
	assert.Equal(t, [][]string{{"www.example.test", "api.example.test"}}, env.policy.ordersOf(kid),
		"the order is checked against the kid of the account's EAB, names lower-cased")

	regs := env.policy.registrations()
	require.Len(t, regs, 1)
	assert.Equal(t, kid, regs[0].kid)
	assert.Contains(t, regs[0].userAgent, "scmsim-test/1")
	assert.True(t, strings.HasPrefix(regs[0].remoteAddr, "127.0.0.1:"), regs[0].remoteAddr)

	// Every URL the flow used must be routable by the emulator's mux.
	urls := append([]string{acct.URI, order.URI, order.FinalizeURL, order.CertURL}, order.AuthzURLs...)
	for _, u := range urls {
		parsed, err := url.Parse(u)
		require.NoError(t, err)
		assert.True(t, coveredBy(parsed.Path, env.srv.Paths()), "%s is not in Paths()", parsed.Path)
	}
}

func TestServer_Registered_once(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, Options{AlwaysValid: true})
	kid, hmac := env.mintEAB(t)
	ctx := testCtx(t)
	c := env.client(t)

	_, err := register(ctx, c, kid, hmac)
	require.NoError(t, err)
	// The same key again: pebble answers 200 with the existing account, which
	// is not a new registration.
	_, err = register(ctx, c, kid, hmac)
	require.ErrorIs(t, err, acme.ErrAccountAlreadyExists)
	assert.Len(t, env.policy.registrations(), 1)

	// A second client with the same EAB is a second registration, as in SCM.
	_, err = register(ctx, env.client(t), kid, hmac)
	require.NoError(t, err)
	assert.Len(t, env.policy.registrations(), 2)
}

func TestServer_Register_refused(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, Options{AlwaysValid: true})
	kid, hmac := env.mintEAB(t)
	deletedKID, deletedHMAC := env.mintEAB(t)
	env.policy.refuse(deletedKID, errors.New("the EAB key belongs to a deleted account"))
	wrongHMAC := append([]byte{}, hmac...)
	wrongHMAC[0] ^= 0xff

	tests := []struct {
		desc       string
		kid        string
		hmac       []byte
		noEAB      bool
		wantType   string
		wantDetail string
	}{
		{desc: "wrong HMAC", kid: kid, hmac: wrongHMAC, wantType: "urn:ietf:params:acme:error:unauthorized",
			wantDetail: "external account binding JWS verification error"},
		{desc: "unknown kid", kid: "AAAAAAAAAAAAAAAAAAAAAA", hmac: hmac, wantType: "urn:ietf:params:acme:error:unauthorized",
			wantDetail: "references a key that is not known"},
		{desc: "policy refuses", kid: deletedKID, hmac: deletedHMAC, wantType: "urn:ietf:params:acme:error:unauthorized",
			wantDetail: "the EAB key belongs to a deleted account"},
		{desc: "no EAB", noEAB: true, wantType: "urn:ietf:params:acme:error:externalAccountRequired",
			wantDetail: "externalAccountBinding"},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			t.Parallel()
			ctx := testCtx(t)
			c := env.client(t)
			var err error
			if tt.noEAB {
				_, err = c.Register(ctx, &acme.Account{}, acme.AcceptTOS)
			} else {
				_, err = register(ctx, c, tt.kid, tt.hmac)
			}
			var acmeErr *acme.Error
			require.ErrorAs(t, err, &acmeErr)
			assert.Equal(t, http.StatusForbidden, acmeErr.StatusCode)
			assert.Equal(t, tt.wantType, acmeErr.ProblemType)
			assert.Contains(t, acmeErr.Detail, tt.wantDetail)
			assert.NotEmpty(t, acmeErr.Header.Get("Replay-Nonce"), "a problem carries a fresh nonce")
		})
	}
	// Checked after the parallel cases: t.Run returns once they are done.
	t.Cleanup(func() { assert.Empty(t, env.policy.registrations(), "no refused registration is reported") })
}

func TestServer_order_rejectedIdentifier(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, Options{AlwaysValid: true})
	kidA, hmacA := env.mintEAB(t)
	kidB, hmacB := env.mintEAB(t)
	env.policy.allow(kidA, "a.example.test")
	env.policy.allow(kidB, "b.example.test")
	ctx := testCtx(t)
	clientA, clientB := env.client(t), env.client(t)
	_, err := register(ctx, clientA, kidA, hmacA)
	require.NoError(t, err)
	_, err = register(ctx, clientB, kidB, hmacB)
	require.NoError(t, err)

	// A's account may not order B's name, nor a mix of its own and B's.
	for _, names := range [][]string{{"b.example.test"}, {"a.example.test", "b.example.test"}} {
		_, err = clientA.AuthorizeOrder(ctx, acme.DomainIDs(names...))
		var acmeErr *acme.Error
		require.ErrorAs(t, err, &acmeErr)
		assert.Equal(t, http.StatusForbidden, acmeErr.StatusCode)
		assert.Equal(t, "urn:ietf:params:acme:error:rejectedIdentifier", acmeErr.ProblemType)
		assert.Equal(t, "b.example.test is not mapped to this ACME account", acmeErr.Detail)
		assert.NotEmpty(t, acmeErr.Header.Get("Replay-Nonce"))
		assert.Equal(t, "application/problem+json", acmeErr.Header.Get("Content-Type"))
	}

	// The client keeps working after a rejection, and B may order its name.
	_, err = clientA.AuthorizeOrder(ctx, acme.DomainIDs("a.example.test"))
	require.NoError(t, err)
	der, _, err := obtainCert(ctx, t, clientB, nil, "b.example.test")
	require.NoError(t, err)
	verifyChain(t, env.srv, der, "b.example.test")
}

func TestServer_directory(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, Options{AlwaysValid: true})

	for _, name := range []string{"OV", "InCommonRSAOV"} {
		resp, err := env.ts.Client().Get(env.ts.URL + "/acme/v2/" + name)
		require.NoError(t, err)
		var dir struct {
			NewNonce, NewAccount, NewOrder, RevokeCert, KeyChange string
			Meta                                                  struct {
				ExternalAccountRequired bool `json:"externalAccountRequired"`
			}
		}
		require.NoError(t, json.NewDecoder(resp.Body).Decode(&dir))
		require.NoError(t, resp.Body.Close())
		assert.Equal(t, http.StatusOK, resp.StatusCode)
		assert.True(t, dir.Meta.ExternalAccountRequired)
		assert.Equal(t, env.ts.URL+"/sign-me-up", dir.NewAccount, "URLs follow the request's host")
		for _, u := range []string{dir.NewNonce, dir.NewAccount, dir.NewOrder, dir.RevokeCert, dir.KeyChange} {
			parsed, err := url.Parse(u)
			require.NoError(t, err)
			assert.True(t, coveredBy(parsed.Path, env.srv.Paths()), "%s is not in Paths()", parsed.Path)
		}
	}
}

func TestServer_independent(t *testing.T) {
	t.Parallel()
	one := newTestEnv(t, Options{AlwaysValid: true})
	two := newTestEnv(t, Options{AlwaysValid: true})
	kid, hmac := one.mintEAB(t)

	_, err := register(testCtx(t), two.client(t), kid, hmac)
	var acmeErr *acme.Error
	require.ErrorAs(t, err, &acmeErr)
	assert.Contains(t, acmeErr.Detail, "not known", "an EAB key of one server is unknown to another")
	assert.NotEqual(t, one.srv.RootsPEM(), two.srv.RootsPEM())
}

func TestNew_restoresEnvironment(t *testing.T) {
	t.Parallel()
	snapshot := func() map[string]string {
		envMu.Lock()
		defer envMu.Unlock()
		out := map[string]string{}
		for k := range pebbleEnv(Options{}) {
			v, ok := os.LookupEnv(k)
			out[k] = map[bool]string{true: "set:" + v, false: "unset"}[ok]
		}
		return out
	}
	before := snapshot()
	_, err := New(Options{AlwaysValid: true})
	require.NoError(t, err)
	assert.Equal(t, before, snapshot())
}

func TestNew_error(t *testing.T) {
	t.Parallel()
	_, err := New(Options{CertValidity: time.Millisecond})
	require.EqualError(t, err, "acmesrv: CertValidity 1ms is shorter than one second")
}

func TestServer_AddEAB(t *testing.T) {
	t.Parallel()
	srv, err := New(Options{})
	require.NoError(t, err)
	kid, key, err := MintEAB(rand.Reader)
	require.NoError(t, err)

	require.NoError(t, srv.AddEAB(kid, key+"=="), "padding is tolerated")
	require.ErrorContains(t, srv.AddEAB(kid, key), "already present")
	require.EqualError(t, srv.AddEAB(" ", key), "acmesrv: add EAB: empty kid")
	require.EqualError(t, srv.AddEAB("k2", "not base64!"), `acmesrv: add EAB "k2": HMAC key is not base64url`)
	require.EqualError(t, srv.AddEAB("k3", ""), `acmesrv: add EAB "k3": HMAC key is not base64url`)
}

func TestMintEAB(t *testing.T) {
	t.Parallel()
	kid, key, err := MintEAB(rand.Reader)
	require.NoError(t, err)
	assert.Regexp(t, `^[A-Za-z0-9_-]{22}$`, kid)
	assert.Regexp(t, `^[A-Za-z0-9_-]{86}$`, key)

	kid2, _, err := MintEAB(rand.Reader)
	require.NoError(t, err)
	assert.NotEqual(t, kid, kid2)

	_, _, err = MintEAB(strings.NewReader("short"))
	require.ErrorContains(t, err, "acmesrv: mint EAB: unexpected EOF")
}

func lower(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = strings.ToLower(n)
	}
	return out
}
