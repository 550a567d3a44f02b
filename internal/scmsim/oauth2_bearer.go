package scmsim

import (
	"net/http"
	"strings"
)

// bearerToken returns the token of an "Authorization: Bearer <token>" header
// (scheme case-insensitive, RFC 6750 §2.1). ok is false for no header or
// another scheme; a Bearer header without a token gives ok and "".
func bearerToken(r *http.Request) (tok string, ok bool) {
	scheme, rest, _ := strings.Cut(strings.TrimSpace(r.Header.Get("Authorization")), " ")
	if !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	return strings.TrimSpace(rest), true
}

// authenticateBearer logs the call in as the admin of the token's API client.
// Every failure is SCM's usual 401 -16 envelope plus a challenge that says
// why and where a new token comes from. Caller holds s.mu.
func (s *Server) authenticateBearer(c *call, tok string) error {
	admin, problem := s.bearerAdmin(tok)
	if problem != "" {
		c.w.Header().Set("WWW-Authenticate", bearerChallenge(c.base(), problem))
		return errUnknownUser
	}
	c.admin = admin
	return nil
}

// bearerAdmin resolves a token to an admin, or says why it cannot. The client
// is looked up again on every call, so a seed or reset that drops or disables
// it takes effect at once. Caller holds s.mu.
func (s *Server) bearerAdmin(tok string) (Admin, string) {
	if tok == "" {
		return Admin{}, "Missing access token"
	}
	t, ok := s.tokens.lookup(tok)
	switch {
	case !ok:
		return Admin{}, "Unknown access token"
	case t.revoked:
		return Admin{}, "Token revoked: its API client was disabled"
	case !s.simNow().Before(t.expires):
		return Admin{}, "Token expired"
	}
	client := s.apiClient(t.clientID)
	switch {
	case client == nil:
		return Admin{}, "The token's API client no longer exists"
	case client.Disabled:
		return Admin{}, "Token revoked: its API client is disabled"
	}
	admin, ok := s.w.apiClientAdmin(*client)
	if !ok {
		return Admin{}, "The token's API client has no administrator"
	}
	return admin, ""
}

// bearerChallenge is the WWW-Authenticate value of a refused token (RFC 6750
// §3). authorization_uri names the token endpoint on this listener, as the
// Admin API's 401s point at the token URL (scm-api.md §2.4). problem is one of
// bearerAdmin's fixed strings, so it needs no quoting.
func bearerChallenge(base, problem string) string {
	return `Bearer realm="` + oauthRealm + `", error="invalid_token", error_description="` + problem +
		`", authorization_uri="` + base + TokenPath + `"`
}
