package crosscheck

import (
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scmkit/sectigo/internal/ansible/ansibletest"
	"github.com/scmkit/sectigo/internal/modules/acmedomain"
	"github.com/scmkit/sectigo/internal/modules/acmeuserinfo"
	"github.com/scmkit/sectigo/internal/modules/internal/simtest"
	"github.com/scmkit/sectigo/internal/modules/scmcertinfo"
	"github.com/scmkit/sectigo/internal/modules/scmdomaininfo"
	"github.com/scmkit/sectigo/internal/scmsim"
)

// movableClock is the emulator's clock, which a test moves on to expire the tokens it issued.
type movableClock struct {
	mu     sync.Mutex
	offset time.Duration
}

func (c *movableClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now().Add(c.offset)
}

func (c *movableClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.offset += d
}

// requestsTo counts the journal's POSTs to a path ending with suffix, and the mutating requests among
// all, after mark.
func requestsTo(sim *simtest.Sim, mark int, suffix string) (matching, mutating int) {
	for _, e := range sim.JournalSince(mark) {
		if e.Method == "POST" && strings.HasSuffix(e.Path, suffix) {
			matching++
		}
		if e.Mutating {
			mutating++
		}
	}
	return matching, mutating
}

func domainArgs(name string) map[string]any {
	return map[string]any{"name": name, "delegations": []any{map[string]any{"org_id": scmsim.DemoOrgID}}}
}

func TestOAuth2_everyKindOfModuleLogsInWithAnAPIKey(t *testing.T) {
	t.Parallel()
	sim := simtest.Start(t, scmsim.Options{})
	created := ansibletest.Run(t, acmedomain.Module, sim.OAuth2Conn(domainArgs("key.example")))
	require.False(t, created.Failed(), created.Msg())
	assert.True(t, created.Changed())
	for name, res := range map[string]ansibletest.Output{
		"scm_domain_info": ansibletest.Run(t, scmdomaininfo.Module, sim.OAuth2Conn(map[string]any{"name": "key.example"})),
		"scm_cert_info":   ansibletest.Run(t, scmcertinfo.Module, sim.OAuth2Conn(nil)),
		"acme_user_info":  ansibletest.Run(t, acmeuserinfo.Module, sim.OAuth2Conn(nil)),
	} {
		assert.False(t, res.Failed(), "%s: %s", name, res.Msg())
	}
	for _, tok := range sim.IssuedTokens() {
		assert.NotContains(t, string(created.JSON()), tok, "no token in the result")
	}
	assert.NotContains(t, string(created.JSON()), scmsim.DemoClientSecret)
}

// With the cache, the second task reuses the first one's token: one token request for both. The token
// then expires in SCM's eyes before the third task, which still holds it from the cache: the module
// fetches a new one after SCM's 401 and the task succeeds.
func TestOAuth2_cacheAndExpiry(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	clock := &movableClock{}
	sim := simtest.Start(t, scmsim.Options{Now: clock.now})
	cached := func(args map[string]any) map[string]any {
		args = sim.OAuth2Conn(args)
		args["scm_token_cache"] = true
		return args
	}

	mark := sim.Mark()
	for _, name := range []string{"one.example", "two.example"} {
		res := ansibletest.Run(t, acmedomain.Module, cached(domainArgs(name)))
		require.False(t, res.Failed(), res.Msg())
	}
	tokens, _ := requestsTo(sim, mark, scmsim.TokenPath)
	assert.Equal(t, 1, tokens, "the second task took the first one's token from the cache")

	clock.advance(time.Hour) // every token issued so far has expired
	mark = sim.Mark()
	res := ansibletest.Run(t, acmedomain.Module, cached(domainArgs("three.example")))
	require.False(t, res.Failed(), res.Msg())
	assert.True(t, res.Changed())
	tokens, mutating := requestsTo(sim, mark, scmsim.TokenPath)
	assert.Equal(t, 1, tokens, "one new token after the 401")
	assert.Equal(t, 1, mutating, "the create reached SCM once")
}

// refuseFirstCreate answers the first domain create with the 401 of an expired token, before the
// emulator sees it, as SCM does when a token runs out between a task's reads and its write.
func refuseFirstCreate(sent *atomic.Int32) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodPost && r.URL.Path == "/api/domain/v1" && sent.Add(1) == 1 {
				w.Header().Set("WWW-Authenticate", `Bearer realm="apiclients", error="invalid_token"`)
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusUnauthorized)
				_, _ = w.Write([]byte(`{"code":-16,"description":"Unknown user"}`))
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}

// A 401 means SCM refused the request before acting on it, so even a create is sent once more, with a
// new token; and only once more.
func TestOAuth2_writeRefusedWith401IsSentOnceMore(t *testing.T) {
	t.Parallel()
	var creates atomic.Int32
	sim := simtest.StartBehind(t, scmsim.Options{}, refuseFirstCreate(&creates))
	mark := sim.Mark()
	res := ansibletest.Run(t, acmedomain.Module, sim.OAuth2Conn(domainArgs("late.example")))
	require.False(t, res.Failed(), res.Msg())
	assert.True(t, res.Changed())
	assert.Equal(t, int32(2), creates.Load(), "the refused create, and the same create sent once more")
	tokens, mutating := requestsTo(sim, mark, scmsim.TokenPath)
	assert.Equal(t, 2, tokens, "the first token, and a fresh one after the 401")
	assert.Equal(t, 1, mutating, "one domain created")
}

func TestOAuth2_failuresNameWhatToFix(t *testing.T) {
	t.Parallel()
	sim := simtest.Start(t, scmsim.Options{})
	tests := []struct {
		desc     string
		prepare  func(t *testing.T)
		args     map[string]any
		wantMsgs []string
	}{
		{desc: "wrong secret", args: map[string]any{"scm_client_secret": "wrong-secret-value"},
			wantMsgs: []string{"invalid_client", "check scm_client_id and scm_client_secret"}},
		{desc: "token server down", args: map[string]any{"scm_client_id": "down-client", "scm_client_secret": "down-secret"},
			prepare: func(t *testing.T) {
				f := sim.Faults()
				f.FailNext = &scmsim.FailNext{Match: "POST " + scmsim.TokenPath, Count: 50}
				require.NoError(t, sim.SetFaults(f))
			},
			wantMsgs: []string{"503", "check scm_token_url"}},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			if tc.prepare != nil {
				tc.prepare(t)
			}
			res := ansibletest.Run(t, scmdomaininfo.Module, sim.OAuth2Conn(tc.args))
			require.True(t, res.Failed())
			for _, want := range tc.wantMsgs {
				assert.Contains(t, res.Msg(), want)
			}
			assert.NotContains(t, string(res.JSON()), "wrong-secret-value", "the secret is masked")
		})
	}
}

// Not parallel: it sets XDG_CACHE_HOME for the lookup cache.
func TestOAuth2_revokedKey(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	sim := simtest.Start(t, scmsim.Options{})
	require.NoError(t, sim.AddAPIClient(scmsim.APIClient{ID: "ops", Secret: "ops-secret"}))
	// With the lookup cache, the second task knows the organizations and starts its listings at once:
	// all of them meet the refusal.
	args := map[string]any{"scm_client_id": "ops", "scm_client_secret": "ops-secret", "scm_cache": true,
		"names": []any{"x.example"}}
	require.False(t, ansibletest.Run(t, scmdomaininfo.Module, sim.OAuth2Conn(args)).Failed())

	require.NoError(t, sim.DisableAPIClient("ops"))
	res := ansibletest.Run(t, scmdomaininfo.Module, sim.OAuth2Conn(args))
	require.True(t, res.Failed())
	assert.Contains(t, res.Msg(), "disabled")
	assert.Contains(t, res.Msg(), "revoked or disabled needs replacing")
	assert.Equal(t, 1, strings.Count(res.Msg(), "token server refused"), "the refusal is named once: %s", res.Msg())
	assert.Regexp(t, `\(\d+ other reads failed the same way\)`, res.Msg())
}

func TestOAuth2_badInputSendsNothing(t *testing.T) {
	t.Parallel()
	sim := simtest.Start(t, scmsim.Options{})
	tests := []struct {
		desc string
		args map[string]any
		want string
	}{
		{desc: "password and client secret", args: map[string]any{"scm_password": "mrao-secret"},
			want: "scm_password and scm_client_secret are both set"},
		{desc: "half a key", args: map[string]any{"scm_client_secret": ""},
			want: "scm_client_id and scm_client_secret go together"},
		{desc: "token URL in clear text", args: map[string]any{"scm_token_url": "http://auth.example.com/token"},
			want: "scm_token_url: \"http://auth.example.com/token\" is not https"},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			mark := sim.Mark()
			res := ansibletest.Run(t, acmedomain.Module, sim.OAuth2Conn(mergeArgs(domainArgs("bad.example"), tc.args)))
			require.True(t, res.Failed())
			assert.Contains(t, res.Msg(), tc.want)
			assert.Empty(t, sim.JournalSince(mark), "nothing was sent")
		})
	}
}

func mergeArgs(a, b map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range a {
		out[k] = v
	}
	for k, v := range b {
		out[k] = v
	}
	return out
}
