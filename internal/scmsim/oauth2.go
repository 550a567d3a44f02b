package scmsim

import (
	"net/http"
	"time"
)

// The OAuth2 token endpoint of Sectigo's Admin API (scm-api.md §2.4): a
// Keycloak realm on auth.sso.sectigo.com. The emulator serves it on the API
// listener, next to /api.
const (
	// TokenPath is the token endpoint's path.
	TokenPath = "/auth/realms/" + oauthRealm + "/protocol/openid-connect/token"
	// oauthRealm names the realm in paths and WWW-Authenticate challenges.
	oauthRealm = "apiclients"
	// DefaultTokenLifetime is a token's lifetime unless the knob says otherwise.
	DefaultTokenLifetime = 300 * time.Second
)

// tokenResponse is Keycloak's answer to a client-credentials grant. The
// fields beyond RFC 6749's are Keycloak's, so that a client parsing a real
// answer finds them here too.
type tokenResponse struct {
	AccessToken      string `json:"access_token"`
	ExpiresIn        int    `json:"expires_in"`
	RefreshExpiresIn int    `json:"refresh_expires_in"`
	TokenType        string `json:"token_type"`
	NotBeforePolicy  int    `json:"not-before-policy"`
	Scope            string `json:"scope"`
}

// oauthError is a token endpoint error (RFC 6749 §5.2, as Keycloak words it).
type oauthError struct {
	status      int
	Code        string `json:"error"`
	Description string `json:"error_description"`
	// basic asks for a WWW-Authenticate: Basic challenge, which RFC 6749
	// requires when a client that used HTTP Basic fails to authenticate.
	basic bool
}

func oauthFail(status int, code, desc string) *oauthError {
	return &oauthError{status: status, Code: code, Description: desc}
}

func invalidRequest(desc string) *oauthError {
	return oauthFail(http.StatusBadRequest, "invalid_request", desc)
}

func invalidClient(desc string) *oauthError {
	return oauthFail(http.StatusUnauthorized, "invalid_client", desc)
}

func writeOAuthError(w http.ResponseWriter, e *oauthError) {
	if e.basic && e.status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Basic realm="`+oauthRealm+`"`)
	}
	noStore(w)
	writeJSON(w, typeJSON, e.status, e)
}

// noStore keeps token answers out of caches (RFC 6749 §5.1).
func noStore(w http.ResponseWriter) {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Pragma", "no-cache")
}

// serveToken is the token endpoint. It runs behind the SCM middleware (journal
// and faults), which never reads bodies or headers, so neither the client
// secret nor the token reaches the journal.
func (s *Server) serveToken(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		writeOAuthError(w, oauthFail(http.StatusMethodNotAllowed, "invalid_request", "The token endpoint takes POST only"))
		return
	}
	resp, oerr := s.grantToken(r)
	if oerr != nil {
		writeOAuthError(w, oerr)
		return
	}
	noStore(w)
	writeJSON(w, typeJSON, http.StatusOK, resp)
}

// grantToken checks the request, then the client, then issues a token.
func (s *Server) grantToken(r *http.Request) (*tokenResponse, *oauthError) {
	form, oerr := tokenForm(r)
	if oerr != nil {
		return nil, oerr
	}
	switch form.Get("grant_type") {
	case "":
		return nil, invalidRequest("Missing form parameter: grant_type")
	case "client_credentials":
	default:
		return nil, oauthFail(http.StatusBadRequest, "unsupported_grant_type", "Unsupported grant_type")
	}
	creds, oerr := clientCredentials(r, form)
	if oerr != nil {
		return nil, oerr
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	client, oerr := s.verifyClient(creds)
	if oerr != nil {
		return nil, oerr
	}
	lifetime := s.knobs.tokenLifetime()
	tok, err := s.tokens.issue(client.ID, s.simNow().Add(lifetime))
	if err != nil {
		return nil, oauthFail(http.StatusInternalServerError, "server_error", "Cannot generate a token")
	}
	s.log.Info("oauth2 token issued", "client_id", client.ID, "expires_in", int(lifetime.Seconds()))
	return &tokenResponse{AccessToken: tok, ExpiresIn: int(lifetime.Seconds()), TokenType: "Bearer",
		Scope: "profile email"}, nil
}
