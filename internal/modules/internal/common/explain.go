package common

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"

	"github.com/scmkit/sectigo/internal/scm"
)

// connected is satisfied by every Params that embeds Connection.
type connected interface{ ConnectionOptions() Connection }

// ConnectionOptions returns the connection options (promoted into every module's Params).
func (c Connection) ConnectionOptions() Connection { return c }

// Explain adds the hint for err, if it is a connection, trust, login or time-limit failure; other errors
// come back unchanged. The shared opening calls it on every failure, so that each module names the
// option to look at: the scm client knows nothing about Ansible options, so it cannot say
// "scm_ca_path" itself. The cause stays wrapped, so errors.Is/As and SCM's error details still work.
func (c Connection) Explain(err error) error {
	if err == nil {
		return nil
	}
	if hint := c.hint(err); hint != "" {
		return fmt.Errorf("%w; %s", err, hint)
	}
	return err
}

func (c Connection) hint(err error) string {
	var (
		verify     *tls.CertificateVerificationError
		unknownCA  x509.UnknownAuthorityError
		hostname   x509.HostnameError
		invalid    x509.CertificateInvalidError
		dnsErr     *net.DNSError
		opErr      *net.OpError
		recordErr  tls.RecordHeaderError
		deadlineIs = errors.Is(err, context.DeadlineExceeded)
	)
	switch {
	case errors.As(err, &verify), errors.As(err, &unknownCA), errors.As(err, &hostname), errors.As(err, &invalid):
		return "the SCM server's TLS certificate is not trusted: set scm_ca_path to the CA bundle that signed it " +
			"(scm_validate_certs=false skips the check, but then the password goes to whoever answers)"
	case errors.As(err, &recordErr):
		return "the server at scm_url does not speak TLS; check the scheme and port of scm_url"
	case errors.Is(err, scm.ErrOAuthClient):
		return "the token server did not accept the API key: check scm_client_id and scm_client_secret; a key " +
			"an administrator revoked or disabled needs replacing in SCM (Settings, API keys)"
	case errors.Is(err, scm.ErrTokenServer):
		return fmt.Sprintf("the token server at scm_token_url (%s) did not give a token; check scm_token_url, "+
			"or try again when Sectigo's sign-in service is back", c.TokenURL)
	case errors.Is(err, scm.ErrTokenRefused):
		return "SCM refused the API key's token: check that scm_url is your instance's Admin API " +
			"(https://admin.<instance>.sectigo.com/api) and that the key may use it"
	case errors.Is(err, scm.ErrUnauthorized):
		return c.loginHint()
	case errors.Is(err, scm.ErrForbidden):
		return c.forbiddenHint()
	case deadlineIs:
		return fmt.Sprintf("scm_timeout (%d s) limits the whole task; raise it if SCM is this slow", c.Timeout)
	case errors.As(err, &dnsErr), errors.As(err, &opErr) && opErr.Op == "dial":
		return "nothing answered at scm_url; check its host and port"
	}
	return ""
}

// loginHint names the options of the way the task logged in.
func (c Connection) loginHint() string {
	switch mode, _ := c.authMode(); mode {
	case AuthOAuth2:
		return "SCM did not accept the API key's token: check scm_client_id, scm_client_secret and scm_url"
	case AuthClientCert:
		return "SCM did not accept the login: check scm_login, scm_client_cert (registered for that " +
			"administrator) and scm_customer_uri"
	}
	return "SCM did not accept the login: check scm_login, scm_password (or scm_client_cert) and scm_customer_uri"
}

func (c Connection) forbiddenHint() string {
	if mode, _ := c.authMode(); mode == AuthOAuth2 {
		return fmt.Sprintf("the API key %q (scm_client_id) lacks the privilege for this operation or organization", c.ClientID)
	}
	return fmt.Sprintf("the SCM admin %q (scm_login) lacks the privilege for this operation or organization", c.Login)
}
