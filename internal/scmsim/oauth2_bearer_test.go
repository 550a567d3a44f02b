package scmsim

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestOAuth2_BearerAuth(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tok := e.token()
	var orgs []orgItem
	e.bearer(tok, "GET", "/organization/v1", nil).decode(t, &orgs)
	assert.Len(t, orgs, 2, "the demo client acts as the MRAO: every organization, no customerUri needed")

	r := e.bearer(tok, "POST", "/domain/v1", domainBody("bearer.example.com", PartnerOrgID))
	r.requireStatus(t, http.StatusCreated)
	assert.Equal(t, e.ts.URL+"/api/domain/v1/2001", r.header.Get("Location"))
	assert.True(t, e.lastEntry().Mutating)
	e.bearer(tok, "DELETE", "/domain/v1/2001", nil).requireStatus(t, http.StatusNoContent)

	t.Run("the scheme is case-insensitive", func(t *testing.T) {
		e.doWith(e.client, "GET", "/ssl/v1/types", nil, map[string]string{"Authorization": "bearer " + tok}).
			requireStatus(t, 200)
	})
	t.Run("the token wins over login headers", func(t *testing.T) {
		wrong := map[string]string{"login": "rao", "password": "nope", "customerUri": "other"}
		e.bearer(tok, "GET", "/organization/v1", nil, wrong).decode(t, &orgs)
		assert.Len(t, orgs, 2, "not rao's view either")
		right := map[string]string{"login": "mrao", "password": "mrao-secret", "customerUri": "demo"}
		e.bearer("bogus", "GET", "/organization/v1", nil, right).requireInvalidToken(t, e, "Unknown access token")
	})
	t.Run("other schemes fall back to the login headers", func(t *testing.T) {
		e.doWith(e.client, "GET", "/ssl/v1/types", nil, map[string]string{"Authorization": "Basic eDp5",
			"login": "mrao", "password": "mrao-secret", "customerUri": "demo"}).requireStatus(t, 200)
	})
	t.Run("not on /private/api", func(t *testing.T) {
		r := e.bearer(tok, "GET", "/private/api/ssl/v1/types", nil)
		r.requireErr(t, 401, -16)
		assert.Empty(t, r.header.Get("WWW-Authenticate"))
	})
	t.Run("a client acts as the admin it names", func(t *testing.T) {
		require.NoError(t, e.sim.AddAPIClient(APIClient{ID: "rao-key", Secret: "rao-key-secret", Admin: "rao"}))
		e.bearer(e.grant("rao-key", "rao-key-secret").AccessToken, "GET", "/organization/v1", nil).decode(t, &orgs)
		require.Len(t, orgs, 1)
		assert.Equal(t, DemoOrgID, orgs[0].ID)
	})
}

func TestOAuth2_BearerRefused(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tests := []struct {
		desc    string
		hdr     string
		wantWhy string
	}{
		{desc: "no token", hdr: "Bearer", wantWhy: "Missing access token"},
		{desc: "blank token", hdr: "Bearer   ", wantWhy: "Missing access token"},
		{desc: "unknown token", hdr: "Bearer not-a-token", wantWhy: "Unknown access token"},
		{desc: "the client secret is no token", hdr: "Bearer " + DemoClientSecret, wantWhy: "Unknown access token"},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			r := e.doWith(e.client, "GET", "/organization/v1", nil, map[string]string{"Authorization": tc.hdr})
			r.requireInvalidToken(t, e, tc.wantWhy)
		})
	}
	t.Run("unknown endpoints authenticate first", func(t *testing.T) {
		e.bearer("nope", "GET", "/nothing/v1", nil).requireInvalidToken(t, e, "Unknown access token")
	})
}

// Tokens expire on the business clock: the fake real clock, the admin clock
// offset and the lifetime knob all move them.
func TestOAuth2_Expiry(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	r := e.adminDo("PUT", "/admin/knobs", map[string]any{"token_lifetime_seconds": 5})
	require.Equal(t, 200, r.status, string(r.body))
	tr := e.grant(DemoClientID, DemoClientSecret)
	assert.Equal(t, 5, tr.ExpiresIn)
	e.clock.Advance(4 * time.Second)
	e.bearer(tr.AccessToken, "GET", "/ssl/v1/types", nil).requireStatus(t, 200)
	e.clock.Advance(time.Second)
	e.bearer(tr.AccessToken, "GET", "/ssl/v1/types", nil).requireInvalidToken(t, e, "Token expired")

	require.Equal(t, 200, e.adminDo("PUT", "/admin/knobs", map[string]any{"token_lifetime_seconds": 0}).status)
	tok := e.token()
	e.sim.SetClockOffset(299 * time.Second)
	e.bearer(tok, "GET", "/ssl/v1/types", nil).requireStatus(t, 200)
	require.Equal(t, 200, e.adminDo("POST", "/admin/clock", map[string]any{"offset_seconds": 300}).status)
	e.bearer(tok, "GET", "/ssl/v1/types", nil).requireInvalidToken(t, e, "Token expired")

	assert.Equal(t, 400, e.adminDo("PUT", "/admin/knobs", map[string]any{"token_lifetime_seconds": -1}).status)
}
