package scmsim

import (
	"encoding/json"
	"log/slog"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The journal (and the log) must never hold a client secret or an access
// token, whichever way a client sends them.
func TestOAuth2_SecretsNeverJournalled(t *testing.T) {
	t.Parallel()
	var logs syncBuffer
	e := newEnv(t, func(o *Options) {
		o.Logger = slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	})
	tok := e.token()
	basic := e.tokenRequest(url.Values{"grant_type": {"client_credentials"}}, basicAuth(DemoClientID, DemoClientSecret))
	basic.requireStatus(t, 200)
	var viaBasic tokenResponse
	basic.decode(t, &viaBasic)
	// Secrets in the query string too: the token endpoint ignores them, the
	// journal redacts them.
	e.doWith(e.client, "POST", "="+TokenPath+"?"+demoForm().Encode(), "grant_type=client_credentials",
		map[string]string{"Content-Type": typeForm}).requireOAuthErr(t, 401, "invalid_client")
	e.bearer(tok, "GET", "/organization/v1", nil).requireStatus(t, 200)
	e.bearer(viaBasic.AccessToken, "POST", "/domain/v1", domainBody("secret.example.com", DemoOrgID)).requireStatus(t, 201)
	e.bearer(tok, "GET", "/domain/v1?access_token="+url.QueryEscape(tok), nil).requireStatus(t, 200)
	e.bearer(tok+"x", "GET", "/domain/v1", nil).requireInvalidToken(t, e, "Unknown access token")

	journal := e.adminDo("GET", "/admin/journal", nil)
	require.Equal(t, 200, journal.status)
	var entries []JournalEntry
	journal.decode(t, &entries)
	paths := map[string]int{}
	for _, en := range entries {
		paths[en.Path]++
	}
	assert.Equal(t, 3, paths[TokenPath], "the token requests are journalled")
	assert.Equal(t, 1, paths["/api/organization/v1"])
	assert.Equal(t, 3, paths["/api/domain/v1"])
	goJournal, err := json.Marshal(e.sim.Journal())
	require.NoError(t, err)
	counters, err := json.Marshal(e.sim.Counters())
	require.NoError(t, err)

	secrets := append([]string{DemoClientSecret}, e.sim.IssuedTokens()...)
	require.Len(t, secrets, 3)
	for _, secret := range secrets {
		for name, text := range map[string]string{"admin journal": string(journal.body), "journal": string(goJournal),
			"counters": string(counters), "log": logs.String()} {
			assert.NotContains(t, text, secret, name)
			assert.NotContains(t, text, url.QueryEscape(secret), name)
		}
	}
	assert.Contains(t, logs.String(), "oauth2 token issued", "the log does say what happened")
}
