package scmsim

import (
	"crypto/rand"
	"encoding/base64"
	"time"
)

// tokenBytes is the entropy of an access token: 32 bytes, 43 base64url
// characters. Tokens are opaque, like any bearer token a client must not parse.
const tokenBytes = 32

// accessToken is what the emulator remembers about one token it issued.
type accessToken struct {
	clientID string
	expires  time.Time // on the business clock
	revoked  bool      // its client was disabled after it was issued
}

// tokenStore holds the issued tokens. It is guarded by Server.mu. Tokens are
// kept in memory only: a restarted emulator refuses the old ones, and a client
// fetches a new token, as it must when Sectigo's token server forgets it.
// Nothing is ever pruned: IssuedTokens must list every token since start, and
// a test run issues few enough for that to be cheap.
type tokenStore struct {
	byToken map[string]*accessToken
	issued  []string
}

func newTokenStore() *tokenStore {
	return &tokenStore{byToken: map[string]*accessToken{}}
}

// issue mints a random token for the client, valid until expires.
func (ts *tokenStore) issue(clientID string, expires time.Time) (string, error) {
	raw := make([]byte, tokenBytes)
	if _, err := rand.Read(raw); err != nil {
		return "", err
	}
	tok := base64.RawURLEncoding.EncodeToString(raw)
	ts.byToken[tok] = &accessToken{clientID: clientID, expires: expires}
	ts.issued = append(ts.issued, tok)
	return tok, nil
}

func (ts *tokenStore) lookup(tok string) (*accessToken, bool) {
	t, ok := ts.byToken[tok]
	return t, ok
}

// revokeClient marks every token of the client revoked, so that enabling the
// client again does not bring them back.
func (ts *tokenStore) revokeClient(clientID string) {
	for _, t := range ts.byToken {
		if t.clientID == clientID {
			t.revoked = true
		}
	}
}

// all is every token issued, oldest first (a copy, never nil).
func (ts *tokenStore) all() []string {
	return append([]string{}, ts.issued...)
}
