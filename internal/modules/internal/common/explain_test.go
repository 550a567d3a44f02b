package common

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scmkit/sectigo/internal/scm"
)

func TestExplain(t *testing.T) {
	t.Parallel()
	c := Connection{Login: "rao", Timeout: 7}
	unrelated := errors.New("profile: unknown")
	tests := []struct {
		desc string
		err  error
		want string // the hint; "" means the error comes back unchanged
	}{
		{desc: "unknown CA", err: fmt.Errorf("GET /x: %w", &tls.CertificateVerificationError{Err: x509.UnknownAuthorityError{}}), want: "set scm_ca_path"},
		{desc: "bare x509 error", err: x509.HostnameError{Certificate: &x509.Certificate{}, Host: "scm"}, want: "set scm_ca_path"},
		{desc: "not TLS", err: tls.RecordHeaderError{Msg: "first record does not look like a TLS handshake"}, want: "does not speak TLS"},
		{desc: "401", err: fmt.Errorf("list: %w", scm.ErrUnauthorized), want: "check scm_login, scm_password (or scm_client_cert) and scm_customer_uri"},
		{desc: "-3", err: fmt.Errorf("create: %w", scm.ErrForbidden), want: `the SCM admin "rao" (scm_login) lacks the privilege`},
		{desc: "deadline", err: fmt.Errorf("GET /x: timed out: %w", context.DeadlineExceeded), want: "scm_timeout (7 s) limits the whole task"},
		{desc: "refused", err: &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}, want: "nothing answered at scm_url"},
		{desc: "no such host", err: &net.DNSError{Err: "no such host", Name: "scm.invalid", IsNotFound: true}, want: "nothing answered at scm_url"},
		{desc: "read error is not a dial error", err: &net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}},
		{desc: "unrelated", err: unrelated},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			t.Parallel()
			got := c.Explain(tc.err)
			require.ErrorIs(t, got, tc.err, "the cause stays wrapped")
			if tc.want == "" {
				assert.Equal(t, tc.err, got)
				return
			}
			assert.Equal(t, tc.err.Error()+"; ", got.Error()[:len(tc.err.Error())+2])
			assert.Contains(t, got.Error(), tc.want)
		})
	}
	assert.NoError(t, c.Explain(nil))
}

func TestCheck_files(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	junk := filepath.Join(dir, "junk.pem")
	require.NoError(t, os.WriteFile(junk, []byte("not pem"), 0o600))
	ca := filepath.Join(dir, "ca.pem")
	require.NoError(t, os.WriteFile(ca, []byte("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"), 0o600))
	// A password login that also presents a client certificate (scm_auth=password): every file is read.
	ok := Connection{Timeout: 1, MaxParallel: 1, Auth: AuthPassword, Login: "l", CustomerURI: "c", Password: "p"}
	tests := []struct {
		desc string
		set  func(c *Connection)
		want string
	}{
		{desc: "missing CA", set: func(c *Connection) { c.CAPath = filepath.Join(dir, "nope.pem") }, want: "scm_ca_path: " + filepath.Join(dir, "nope.pem") + " does not exist"},
		{desc: "CA not PEM", set: func(c *Connection) { c.CAPath = junk }, want: "scm_ca_path: " + junk + " holds no PEM certificate"},
		{desc: "CA is a directory", set: func(c *Connection) { c.CAPath = dir }, want: "scm_ca_path: read " + dir + ": is a directory"},
		{desc: "key file is a certificate", set: func(c *Connection) { c.ClientCert, c.ClientKey = ca, ca }, want: "scm_client_key: " + ca + " holds no PEM private key"},
		{desc: "missing client cert", set: func(c *Connection) { c.ClientCert = filepath.Join(dir, "c.pem") }, want: "scm_client_cert: " + filepath.Join(dir, "c.pem") + " does not exist"},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			t.Parallel()
			c := ok
			tc.set(&c)
			assert.EqualError(t, c.Check(), tc.want)
		})
	}
	c := ok
	c.CAPath = ca
	assert.NoError(t, c.Check())
}
