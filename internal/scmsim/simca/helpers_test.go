package simca

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// fixedNow is the clock of tests that pin time; far from the real date on
// purpose, so a certificate that used time.Now instead would show up.
var fixedNow = time.Date(2031, 3, 4, 5, 6, 7, 0, time.UTC)

func newTestCA(t *testing.T) *CA {
	t.Helper()
	c, err := New(Options{})
	require.NoError(t, err)
	return c
}

func ecKey(t *testing.T, curve elliptic.Curve) *ecdsa.PrivateKey {
	t.Helper()
	key, err := ecdsa.GenerateKey(curve, rand.Reader)
	require.NoError(t, err)
	return key
}

func rsaKey(t *testing.T, bits int) *rsa.PrivateKey {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, bits)
	require.NoError(t, err)
	return key
}

func csrDER(t *testing.T, key crypto.Signer, cn string, sans ...string) []byte {
	t.Helper()
	der, err := x509.CreateCertificateRequest(rand.Reader, &x509.CertificateRequest{
		Subject:  pkix.Name{CommonName: cn},
		DNSNames: sans,
	}, key)
	require.NoError(t, err)
	return der
}

func csrPEM(t *testing.T, key crypto.Signer, cn string, sans ...string) string {
	t.Helper()
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE REQUEST", Bytes: csrDER(t, key, cn, sans...)}))
}

func parseTestCSR(t *testing.T, key crypto.Signer, cn string, sans ...string) *CSRInfo {
	t.Helper()
	info, err := ParseCSR(csrPEM(t, key, cn, sans...))
	require.NoError(t, err)
	return info
}

// pemCerts decodes every CERTIFICATE block in data, in order.
func pemCerts(t *testing.T, data []byte) []*x509.Certificate {
	t.Helper()
	var out []*x509.Certificate
	for {
		var block *pem.Block
		block, data = pem.Decode(data)
		if block == nil {
			return out
		}
		require.Equal(t, "CERTIFICATE", block.Type)
		cert, err := x509.ParseCertificate(block.Bytes)
		require.NoError(t, err)
		out = append(out, cert)
	}
}
