package scm

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
)

// OAuth2 selects client-credentials login.
type OAuth2 struct {
	TokenURL     string // e.g. https://auth.sso.sectigo.com/auth/realms/apiclients/protocol/openid-connect/token
	ClientID     string
	ClientSecret string
	Cache        TokenCache // optional: tokens shared between client instances (processes); nil = none
}

// WithOAuth2 makes the client log in with OAuth2 client credentials, the
// method Sectigo recommends: it fetches access tokens from o.TokenURL and
// sends every request with "Authorization: Bearer <token>" and none of the
// login, password and customerUri headers. New then needs no Credentials
// (any login and customer URI given are ignored); a password or a client
// certificate cannot be combined with it.
func WithOAuth2(o OAuth2) Option { return func(c *config) { c.oauth2 = &o } }

// String describes the settings without the client secret.
func (o OAuth2) String() string {
	secret := "<empty>"
	if o.ClientSecret != "" {
		secret = redacted
	}
	cache := "none"
	if !isNil(o.Cache) {
		cache = "set"
	}
	return fmt.Sprintf("OAuth2{TokenURL: %q, ClientID: %q, ClientSecret: %s, Cache: %s}",
		redactRawTokenURL(o.TokenURL), o.ClientID, secret, cache)
}

// GoString keeps %#v from printing the client secret.
func (o OAuth2) GoString() string { return "scm." + o.String() }

// Format routes every fmt verb through String or GoString.
func (o OAuth2) Format(f fmt.State, verb rune) { formatSafe(f, verb, o) }

// validate checks the settings and returns the token URL to post to.
func (o OAuth2) validate() (string, error) {
	var missing []string
	if strings.TrimSpace(o.TokenURL) == "" {
		missing = append(missing, "token URL")
	}
	if o.ClientID == "" {
		missing = append(missing, "client ID")
	}
	if o.ClientSecret == "" {
		missing = append(missing, "client secret")
	}
	if len(missing) > 0 {
		return "", fmt.Errorf("scm: missing OAuth2 client credentials: %s", strings.Join(missing, ", "))
	}
	return checkTokenURL(o.TokenURL)
}

// checkTokenURL accepts an absolute http(s) URL with a host and nothing
// secret in it; plain http only for a server on this machine (test servers).
// Errors name the URL with user info and query hidden.
func checkTokenURL(raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	u, err := url.Parse(raw)
	if err != nil {
		return "", fmt.Errorf("scm: OAuth2 token URL %q is not a valid URL", redactRawTokenURL(raw))
	}
	shown := redactTokenURL(u)
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return "", fmt.Errorf("scm: OAuth2 token URL %q must use https", shown)
	case u.Host == "":
		return "", fmt.Errorf("scm: OAuth2 token URL %q has no host", shown)
	case u.User != nil:
		return "", fmt.Errorf("scm: OAuth2 token URL %q must not carry credentials; give the client ID and secret instead", shown)
	case u.RawQuery != "" || u.Fragment != "":
		return "", fmt.Errorf("scm: OAuth2 token URL %q must not have a query or fragment", shown)
	case u.Scheme == "http" && !IsLocalHost(u.Hostname()):
		return "", fmt.Errorf("scm: OAuth2 token URL %q must use https (plain http only for localhost)", shown)
	}
	return raw, nil
}

// redactTokenURL hides user info and the query, either of which may hold a
// secret.
func redactTokenURL(u *url.URL) string {
	v := *u
	v.User, v.RawQuery, v.Fragment, v.RawFragment = nil, "", "", ""
	shown := v.String()
	if u.User != nil {
		shown = strings.Replace(shown, "//", "//"+redacted+"@", 1)
	}
	if u.RawQuery != "" {
		shown += "?" + redacted
	}
	if u.Fragment != "" {
		shown += "#" + u.EscapedFragment()
	}
	return shown
}

// redactRawTokenURL is redactTokenURL for a string url.Parse rejected.
func redactRawTokenURL(raw string) string {
	if before, _, ok := strings.Cut(raw, "?"); ok {
		return redactRawURL(before) + "?" + redacted
	}
	return redactRawURL(raw)
}

// IsLocalHost reports "localhost" and loopback addresses: the only hosts a token URL may name over
// plain http (a test server on this machine).
func IsLocalHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// checkLoginMethods rejects OAuth2 together with another login method. It
// names every method given, so the caller knows which to drop.
func checkLoginMethods(cfg *config, creds Credentials) error {
	if cfg.oauth2 == nil {
		return nil
	}
	given := []string{"OAuth2 client credentials"}
	if creds.Password != "" {
		given = append(given, "a password")
	}
	if cfg.certAuth() {
		given = append(given, "a client certificate")
	}
	if len(given) == 1 {
		return nil
	}
	last := len(given) - 1
	return errors.New("scm: choose one login method: " + strings.Join(given[:last], ", ") + " and " + given[last] + " were given")
}
