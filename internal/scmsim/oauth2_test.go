package scmsim

import (
	"encoding/base64"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestOAuth2_TokenGrant(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	r := e.tokenRequest(demoForm(), nil)
	r.requireStatus(t, http.StatusOK)
	assert.Equal(t, typeJSON, r.header.Get("Content-Type"))
	assert.Equal(t, "no-store", r.header.Get("Cache-Control"))
	var tr tokenResponse
	r.decode(t, &tr)
	assert.Equal(t, "Bearer", tr.TokenType)
	assert.Equal(t, 300, tr.ExpiresIn)
	raw, err := base64.RawURLEncoding.DecodeString(tr.AccessToken)
	require.NoError(t, err, "a base64url token")
	assert.Len(t, raw, 32)
	assert.NotEqual(t, tr.AccessToken, e.token(), "every grant mints a new token")

	t.Run("HTTP Basic client authentication", func(t *testing.T) {
		form := url.Values{"grant_type": {"client_credentials"}}
		e.tokenRequest(form, basicAuth(DemoClientID, DemoClientSecret)).requireStatus(t, http.StatusOK)
		form.Set("client_id", DemoClientID) // allowed when it names the same client
		e.tokenRequest(form, basicAuth(DemoClientID, DemoClientSecret)).requireStatus(t, http.StatusOK)
	})
	t.Run("Basic credentials form-encoded or raw", func(t *testing.T) {
		require.NoError(t, e.sim.AddAPIClient(APIClient{ID: "odd client", Secret: "a+b/c%d"}))
		form := url.Values{"grant_type": {"client_credentials"}}
		encoded := basicAuth(url.QueryEscape("odd client"), url.QueryEscape("a+b/c%d"))
		e.tokenRequest(form, encoded).requireStatus(t, http.StatusOK)
		e.tokenRequest(form, basicAuth("odd client", "a+b/c%d")).requireStatus(t, http.StatusOK)
	})
}

func TestOAuth2_TokenErrors(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	grant := url.Values{"grant_type": {"client_credentials"}}
	tests := []struct {
		desc       string
		form       url.Values
		hdr        map[string]string
		wantStatus int
		wantCode   string
		wantBasic  bool
	}{
		{desc: "JSON instead of a form", form: demoForm(), hdr: map[string]string{"Content-Type": typeJSON},
			wantStatus: 400, wantCode: "invalid_request"},
		{desc: "no grant_type", form: without(demoForm(), "grant_type"), wantStatus: 400, wantCode: "invalid_request"},
		{desc: "password grant", form: with(demoForm(), "grant_type", "password"), wantStatus: 400, wantCode: "unsupported_grant_type"},
		{desc: "repeated parameter", form: url.Values{"grant_type": {"client_credentials", "client_credentials"},
			"client_id": {DemoClientID}, "client_secret": {DemoClientSecret}}, wantStatus: 400, wantCode: "invalid_request"},
		{desc: "Basic and client_secret", form: demoForm(), hdr: basicAuth(DemoClientID, DemoClientSecret),
			wantStatus: 400, wantCode: "invalid_request"},
		{desc: "Basic for another client_id", form: with(without(demoForm(), "client_secret"), "client_id", "other"),
			hdr: basicAuth(DemoClientID, DemoClientSecret), wantStatus: 400, wantCode: "invalid_request"},
		{desc: "no credentials", form: grant, wantStatus: 401, wantCode: "invalid_client"},
		{desc: "no secret", form: without(demoForm(), "client_secret"), wantStatus: 401, wantCode: "invalid_client"},
		{desc: "wrong secret", form: with(demoForm(), "client_secret", "nope"), wantStatus: 401, wantCode: "invalid_client"},
		{desc: "unknown client", form: with(demoForm(), "client_id", "nobody"), wantStatus: 401, wantCode: "invalid_client"},
		{desc: "wrong Basic secret", form: grant, hdr: basicAuth(DemoClientID, "nope"),
			wantStatus: 401, wantCode: "invalid_client", wantBasic: true},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			r := e.tokenRequest(tc.form, tc.hdr)
			oe := r.requireOAuthErr(t, tc.wantStatus, tc.wantCode)
			assert.NotContains(t, oe.Description, DemoClientSecret)
			if tc.wantBasic {
				assert.Equal(t, `Basic realm="apiclients"`, r.header.Get("WWW-Authenticate"))
			} else {
				assert.Empty(t, r.header.Get("WWW-Authenticate"))
			}
		})
	}
	t.Run("credentials in the query string are ignored", func(t *testing.T) {
		r := e.doWith(e.client, "POST", "="+TokenPath+"?"+demoForm().Encode(), grant.Encode(),
			map[string]string{"Content-Type": typeForm})
		r.requireOAuthErr(t, 401, "invalid_client")
	})
	t.Run("GET", func(t *testing.T) {
		r := e.doWith(e.client, "GET", "="+TokenPath, nil, nil)
		r.requireOAuthErr(t, 405, "invalid_request")
		assert.Equal(t, "POST", r.header.Get("Allow"))
	})
	t.Run("every answer is journalled without changing state", func(t *testing.T) {
		assert.Zero(t, e.sim.MutatingCount())
		entry := e.lastEntry()
		assert.Equal(t, TokenPath, entry.Path)
		assert.Equal(t, 405, entry.Status)
	})
}

func TestOAuth2_DisabledClient(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	old := e.token()
	e.bearer(old, "GET", "/organization/v1", nil).requireStatus(t, 200)

	assert.Equal(t, 204, e.adminDo("POST", "/admin/oauth2/clients/"+DemoClientID+"/disable", nil).status)
	oe := e.tokenRequest(demoForm(), nil).requireOAuthErr(t, 401, "invalid_client")
	assert.Contains(t, oe.Description, "disabled")
	e.tokenRequest(with(demoForm(), "client_secret", "wrong"), nil).requireOAuthErr(t, 401, "invalid_client")
	e.bearer(old, "GET", "/organization/v1", nil).requireInvalidToken(t, e, "Token revoked")
	assert.True(t, e.sim.World().APIClients[0].Disabled, "the world says so too")

	assert.Equal(t, 204, e.adminDo("POST", "/admin/oauth2/clients/"+DemoClientID+"/enable", nil).status)
	e.bearer(e.token(), "GET", "/organization/v1", nil).requireStatus(t, 200)
	e.bearer(old, "GET", "/organization/v1", nil).requireInvalidToken(t, e, "Token revoked")

	assert.Equal(t, 404, e.adminDo("POST", "/admin/oauth2/clients/nobody/disable", nil).status)
}

func TestOAuth2_Faults(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	r := e.adminDo("PUT", "/admin/faults", map[string]any{"token_unavailable": true, "retry_after_seconds": 4})
	require.Equal(t, 200, r.status, string(r.body))
	for range 2 {
		r := e.tokenRequest(demoForm(), nil)
		r.requireOAuthErr(t, 503, "temporarily_unavailable")
		assert.Equal(t, "4", r.header.Get("Retry-After"))
		assert.Equal(t, fault503, e.lastEntry().Fault)
	}
	e.do("GET", "/organization/v1", nil).requireStatus(t, 200)
	assert.Equal(t, 2, e.sim.Counters().Faults.Unavailable)

	require.Equal(t, 200, e.adminDo("PUT", "/admin/faults", map[string]any{"token_unavailable": false,
		"fail_next": map[string]any{"match": "POST " + TokenPath, "count": 1}}).status)
	e.tokenRequest(demoForm(), nil).requireOAuthErr(t, 503, "temporarily_unavailable")
	e.tokenRequest(demoForm(), nil).requireStatus(t, 200)

	require.NoError(t, e.sim.SetFaults(Faults{RateLimitRate: 1, RetryAfterSeconds: 1}))
	e.tokenRequest(demoForm(), nil).requireOAuthErr(t, 429, "temporarily_unavailable")
}

func TestOAuth2_AdminClientsAndTokens(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	var tokens []string
	e.adminDo("GET", "/admin/oauth2/tokens", nil).decode(t, &tokens)
	assert.Equal(t, []string{}, tokens)

	r := e.adminDo("POST", "/admin/oauth2/clients", map[string]any{"client_id": "ci", "client_secret": "ci-secret"})
	require.Equal(t, 204, r.status, string(r.body))
	first, second := e.token(), e.grant("ci", "ci-secret").AccessToken
	e.bearer(second, "GET", "/organization/v1", nil).requireStatus(t, 200)

	for _, bad := range []string{
		`{"client_id": "ci", "client_secret": "x"}`,                  // exists
		`{"client_id": "ci2"}`,                                       // no secret
		`{"client_id": "ci2", "client_secret": "x", "admin": "eve"}`, // unknown admin
		`{"client_id": "ci2", "client_secret": "x", "scope": "all"}`, // unknown field
	} {
		assert.Equal(t, 400, e.adminDo("POST", "/admin/oauth2/clients", bad).status, bad)
	}
	var clients []APIClient
	e.adminDo("GET", "/admin/oauth2/clients", nil).decode(t, &clients)
	assert.Equal(t, []APIClient{{ID: DemoClientID, Secret: DemoClientSecret, Admin: "mrao"},
		{ID: "ci", Secret: "ci-secret"}}, clients)

	assert.Equal(t, 204, e.adminDo("POST", "/admin/reset", nil).status)
	assert.Len(t, e.sim.APIClients(), 1, "a reset returns to the seed's clients")
	e.bearer(second, "GET", "/organization/v1", nil).requireInvalidToken(t, e, "The token's API client no longer exists")
	e.bearer(first, "GET", "/organization/v1", nil).requireStatus(t, 200)
	e.adminDo("GET", "/admin/oauth2/tokens", nil).decode(t, &tokens)
	assert.Equal(t, []string{first, second}, tokens, "every token since start, resets included")
}

func TestOAuth2_SeedValidation(t *testing.T) {
	t.Parallel()
	base := "admins: [{login: boss, password: pw, role: MRAO}, {login: rao, password: pw, role: RAO_SSL}]\n"
	tests := []struct {
		desc    string
		clients string
		wantErr string
	}{
		{desc: "defaults to the MRAO", clients: "[{client_id: a, client_secret: s}]"},
		{desc: "names an admin", clients: "[{client_id: a, client_secret: s, admin: rao}]"},
		{desc: "no secret", clients: "[{client_id: a}]", wantErr: "client_secret"},
		{desc: "unknown admin", clients: "[{client_id: a, client_secret: s, admin: eve}]", wantErr: "eve"},
		{desc: "twice", clients: "[{client_id: a, client_secret: s}, {client_id: a, client_secret: t}]", wantErr: "twice"},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			_, err := ParseWorld([]byte(base + "api_clients: " + tc.clients + "\n"))
			if tc.wantErr == "" {
				require.NoError(t, err)
				return
			}
			require.ErrorContains(t, err, tc.wantErr)
		})
	}
	_, err := ParseWorld([]byte("admins: [{login: rao, password: pw, role: RAO_SSL}]\napi_clients: [{client_id: a, client_secret: s}]\n"))
	require.ErrorContains(t, err, "no MRAO")
}
