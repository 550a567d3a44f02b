package common

import (
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/scmkit/sectigo/internal/ansible"
	"github.com/scmkit/sectigo/internal/scm"
)

// The ways to log in to SCM (scm_auth).
const (
	AuthPassword   = "password"    // login, password and customerUri headers on cert-manager.com/api
	AuthClientCert = "client_cert" // login and customerUri headers plus a TLS client certificate, on /private/api
	AuthOAuth2     = "oauth2"      // an API key exchanged for a bearer token, on admin.<instance>.sectigo.com/api
)

var authModes = []any{AuthPassword, AuthClientCert, AuthOAuth2}

// DefaultTokenURL is Sectigo's token server for API keys (the SCM Admin API's OpenAPI description,
// 25.9.2).
const DefaultTokenURL = "https://auth.sso.sectigo.com/auth/realms/apiclients/protocol/openid-connect/token"

// authMode is scm_auth, or the one mode the credentials given leave. It refuses, naming the options,
// a set that fits no mode, more than one, or mixes a password with an API key.
func (c Connection) authMode() (string, error) {
	given := c.modesGiven()
	if c.Password != "" && c.ClientSecret != "" {
		return "", errors.New("scm_password and scm_client_secret are both set: give the password of an " +
			"SCM administrator or an API key, not both")
	}
	if (c.ClientID == "") != (c.ClientSecret == "") {
		return "", errors.New("scm_client_id and scm_client_secret go together: an API key is both")
	}
	mode := c.Auth
	switch {
	case mode == "" && len(given) == 0:
		return "", errors.New("no SCM credentials: give scm_password (with scm_login and scm_customer_uri), " +
			"scm_client_cert and scm_client_key (with scm_login and scm_customer_uri), or scm_client_id and " +
			"scm_client_secret (an API key)")
	case mode == "" && len(given) > 1:
		return "", fmt.Errorf("the credentials given fit more than one way to log in (%s): set scm_auth to "+
			"the one to use", strings.Join(given, ", "))
	case mode == "":
		mode = given[0]
	}
	return mode, c.checkMode(mode)
}

// modesGiven lists the modes whose credentials are present.
func (c Connection) modesGiven() []string {
	var given []string
	if c.Password != "" {
		given = append(given, AuthPassword)
	}
	if c.ClientCert != "" {
		given = append(given, AuthClientCert)
	}
	if c.ClientID != "" || c.ClientSecret != "" {
		given = append(given, AuthOAuth2)
	}
	return given
}

// checkMode names every option the mode needs and lacks.
func (c Connection) checkMode(mode string) error {
	need := map[string][]struct{ option, value string }{
		AuthPassword: {{"scm_login", c.Login}, {"scm_customer_uri", c.CustomerURI}, {"scm_password", c.Password}},
		AuthClientCert: {{"scm_login", c.Login}, {"scm_customer_uri", c.CustomerURI},
			{"scm_client_cert", c.ClientCert}, {"scm_client_key", c.ClientKey}},
		AuthOAuth2: {{"scm_client_id", c.ClientID}, {"scm_client_secret", c.ClientSecret}, {"scm_token_url", c.TokenURL}},
	}[mode]
	var missing []string
	for _, n := range need {
		if n.value == "" {
			missing = append(missing, n.option)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("scm_auth=%s needs %s", mode, strings.Join(missing, ", "))
	}
	if mode == AuthOAuth2 {
		return checkTokenURL(c.TokenURL)
	}
	return nil
}

// checkTokenURL refuses a token URL that would send the client secret in clear text. Plain http is
// accepted only for a server on this machine (a test server such as scmsim run without TLS).
func checkTokenURL(raw string) error {
	u, err := url.Parse(raw)
	switch {
	case err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http"):
		return fmt.Errorf("scm_token_url: %q is not an http(s) URL", raw)
	case u.User != nil:
		return errors.New("scm_token_url: must not carry credentials; use scm_client_id and scm_client_secret")
	case u.Scheme == "http" && !scm.IsLocalHost(u.Hostname()):
		return fmt.Errorf("scm_token_url: %q is not https; the client secret would travel in clear text "+
			"(plain http is accepted only for a test server on this machine)", raw)
	}
	return nil
}

// credentials turns the mode into the client's credentials and options. Options of other modes are
// not sent (a client certificate may still be presented with a password: scm_auth=password).
func (c Connection) credentials(mode string, env *ansible.Env) (scm.Credentials, []scm.Option) {
	tls := scm.TLSConfig{CAFile: c.CAPath, Insecure: !c.ValidateCerts}
	switch mode {
	case AuthOAuth2:
		o := scm.OAuth2{TokenURL: c.TokenURL, ClientID: c.ClientID, ClientSecret: c.ClientSecret}
		if c.TokenCache {
			o.Cache = newTokenCache(env, c.ClientSecret)
		}
		return scm.Credentials{}, []scm.Option{scm.WithTLS(tls), scm.WithOAuth2(o)}
	case AuthClientCert:
		tls.ClientCertFile, tls.ClientKeyFile = c.ClientCert, c.ClientKey
		return scm.Credentials{Login: c.Login, CustomerURI: c.CustomerURI}, []scm.Option{scm.WithTLS(tls)}
	}
	tls.ClientCertFile, tls.ClientKeyFile = c.ClientCert, c.ClientKey
	return scm.Credentials{Login: c.Login, Password: c.Password, CustomerURI: c.CustomerURI}, []scm.Option{scm.WithTLS(tls)}
}
