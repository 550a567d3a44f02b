package scm

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"
)

// Token is an access token and when it stops being usable.
type Token struct {
	AccessToken string
	Expiry      time.Time
}

// String describes the token without its value.
func (t Token) String() string {
	value := "<empty>"
	if t.AccessToken != "" {
		value = redacted
	}
	return fmt.Sprintf("Token{AccessToken: %s, Expiry: %s}", value, t.Expiry.Format(time.RFC3339))
}

// GoString keeps %#v from printing the token.
func (t Token) GoString() string { return "scm." + t.String() }

// Format routes every fmt verb through String or GoString.
func (t Token) Format(f fmt.State, verb rune) { formatSafe(f, verb, t) }

// TokenCache stores tokens between runs. Key is CacheKey(tokenURL, clientID):
// a hex SHA-256 of both, never containing the secret.
//
// Load reports false for a key it does not hold; the client checks the
// expiry itself. Store errors are traced and otherwise ignored: a cache saves
// token requests, it is never needed for a request to succeed. Both may be
// called from several goroutines.
type TokenCache interface {
	Load(key string) (Token, bool)
	Store(key string, t Token) error
}

// CacheKey names the tokens of one client at one token server. The two parts
// are separated by a NUL byte, which neither a URL nor a client ID holds, so
// no two pairs share a key.
func CacheKey(tokenURL, clientID string) string {
	sum := sha256.Sum256([]byte(tokenURL + "\x00" + clientID))
	return hex.EncodeToString(sum[:])
}

// Token lifetimes and the margin kept before expiry.
const (
	// defaultTokenLifetime applies when the token server gives no expires_in
	// (or 0): RFC 6749 leaves the lifetime to the server then, so assume a
	// short one rather than reuse a token the server already dropped.
	defaultTokenLifetime = 60 * time.Second
	// maxTokenMargin is the margin of a token whose lifetime is long or, for
	// a token loaded from a cache, unknown.
	maxTokenMargin = 30 * time.Second
	// maxTokenLifetime caps expires_in so that adding it to a time cannot
	// overflow; no token server issues tokens for longer.
	maxTokenLifetime = 366 * 24 * time.Hour
)

// tokenMargin is how long before its expiry a token is no longer used: 30 s,
// or 10% of its lifetime when that is smaller.
//
// Why a margin: the token must still be valid when SCM checks it, which is
// after the request travelled, possibly after retries and their waits, and on
// SCM's clock, which may run ahead of ours. 30 s covers a request with a retry
// or two and ordinary clock skew. Why at most 10%: with a short-lived token
// (a server that gives 60 s, or none) a fixed 30 s would throw half of every
// token away and double the token requests. Should a token still expire in
// flight, SCM answers 401 and the client fetches a new one and sends once
// more, so the margin saves round trips; correctness does not depend on it.
func tokenMargin(lifetime time.Duration) time.Duration {
	return min(maxTokenMargin, lifetime/10)
}

// heldToken is a token with the margin that applies to it.
type heldToken struct {
	Token
	margin time.Duration
}

// usableAt reports whether the token has more than its margin left at now.
func (h heldToken) usableAt(now time.Time) bool {
	return h.AccessToken != "" && h.Expiry.Sub(now) > h.margin
}
