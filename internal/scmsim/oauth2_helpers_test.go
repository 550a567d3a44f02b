package scmsim

import (
	"encoding/base64"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// demoForm is the default client's client-credentials grant.
func demoForm() url.Values {
	return url.Values{"grant_type": {"client_credentials"}, "client_id": {DemoClientID},
		"client_secret": {DemoClientSecret}}
}

// with returns a copy of v with key set to value.
func with(v url.Values, key, value string) url.Values {
	c := without(v, key)
	c.Set(key, value)
	return c
}

// without returns a copy of v without key.
func without(v url.Values, key string) url.Values {
	c := url.Values{}
	for k, vs := range v {
		if k != key {
			c[k] = append([]string{}, vs...)
		}
	}
	return c
}

// tokenRequest posts form to the token endpoint; hdr adds or replaces headers.
func (e *env) tokenRequest(form url.Values, hdr map[string]string) *resp {
	e.t.Helper()
	all := map[string]string{"Content-Type": typeForm}
	for k, v := range hdr {
		all[k] = v
	}
	return e.doWith(e.client, "POST", "="+TokenPath, form.Encode(), all)
}

// basicAuth is an HTTP Basic Authorization value.
func basicAuth(id, secret string) map[string]string {
	return map[string]string{"Authorization": "Basic " + base64.StdEncoding.EncodeToString([]byte(id+":"+secret))}
}

// grant runs a successful grant for the client and returns the answer.
func (e *env) grant(id, secret string) tokenResponse {
	e.t.Helper()
	r := e.tokenRequest(url.Values{"grant_type": {"client_credentials"}, "client_id": {id},
		"client_secret": {secret}}, nil)
	r.requireStatus(e.t, http.StatusOK)
	var tr tokenResponse
	r.decode(e.t, &tr)
	return tr
}

// token is a fresh access token of the default client.
func (e *env) token() string {
	e.t.Helper()
	return e.grant(DemoClientID, DemoClientSecret).AccessToken
}

// bearer sends a request under /api with only a bearer token (hdr adds headers).
func (e *env) bearer(tok, method, path string, body any, hdr ...map[string]string) *resp {
	e.t.Helper()
	all := map[string]string{"Authorization": "Bearer " + tok}
	for _, h := range hdr {
		for k, v := range h {
			all[k] = v
		}
	}
	return e.doWith(e.client, method, path, body, all)
}

// requireOAuthErr checks a token endpoint error: status, error code, JSON.
func (r *resp) requireOAuthErr(t *testing.T, status int, code string) oauthError {
	t.Helper()
	require.Equal(t, status, r.status, "body: %s", r.body)
	var oe oauthError
	r.decode(t, &oe)
	assert.Equal(t, code, oe.Code, "description: %s", oe.Description)
	assert.NotEmpty(t, oe.Description)
	assert.Equal(t, typeJSON, r.header.Get("Content-Type"))
	return oe
}

// requireInvalidToken checks the API's answer to a refused bearer token: SCM's
// 401 -16 envelope plus the RFC 6750 challenge, and returns the challenge.
func (r *resp) requireInvalidToken(t *testing.T, e *env, why string) string {
	t.Helper()
	eb := r.requireErr(t, http.StatusUnauthorized, -16)
	assert.Equal(t, "Unknown user", eb.Description)
	ch := r.header.Get("WWW-Authenticate")
	assert.True(t, strings.HasPrefix(ch, `Bearer realm="apiclients", error="invalid_token", `), ch)
	assert.Contains(t, ch, `error_description="`+why)
	assert.Contains(t, ch, `authorization_uri="`+e.ts.URL+TokenPath+`"`)
	return ch
}
