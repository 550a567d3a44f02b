package certutil

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// Every key and certificate in these tests is generated at run time; none is
// committed.

// epoch is the fixed "now" that test certificates are built around.
var epoch = time.Date(2026, time.June, 1, 12, 0, 0, 0, time.UTC)

func newKey(t *testing.T, kind string) crypto.Signer {
	t.Helper()
	var (
		key crypto.Signer
		err error
	)
	switch kind {
	case "RSA-2048":
		key, err = rsa.GenerateKey(rand.Reader, 2048)
	case "P-256":
		key, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	case "P-384":
		key, err = ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	case "Ed25519":
		_, key, err = ed25519.GenerateKey(rand.Reader)
	default:
		t.Fatalf("unknown key kind %q", kind)
	}
	require.NoError(t, err)
	return key
}

func makeCSR(t *testing.T, key crypto.Signer, cn string, sans ...string) []byte {
	t.Helper()
	tpl := &x509.CertificateRequest{Subject: pkix.Name{CommonName: cn}, DNSNames: sans}
	der, err := x509.CreateCertificateRequest(rand.Reader, tpl, key)
	require.NoError(t, err)
	return der
}

func pemOf(blockType string, der []byte) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: blockType, Bytes: der})
}

// issuer is a test CA: its certificate and the key that signs with it.
type issuer struct {
	cert *x509.Certificate
	key  crypto.Signer
}

// certTemplate returns a template valid for 90 days from epoch.
func certTemplate(serial int64, cn string) *x509.Certificate {
	return &x509.Certificate{
		SerialNumber: big.NewInt(serial),
		Subject:      pkix.Name{CommonName: cn},
		NotBefore:    epoch,
		NotAfter:     epoch.Add(90 * day),
	}
}

func caTemplate(serial int64, cn string) *x509.Certificate {
	tpl := certTemplate(serial, cn)
	tpl.IsCA, tpl.BasicConstraintsValid = true, true
	tpl.KeyUsage = x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature
	return tpl
}

// sign creates a certificate from tpl for pub, signed by parent (or
// self-signed with key when parent is nil).
func sign(t *testing.T, tpl *x509.Certificate, pub crypto.PublicKey, parent *issuer, key crypto.Signer) *x509.Certificate {
	t.Helper()
	parentCert, signer := tpl, key
	if parent != nil {
		parentCert, signer = parent.cert, parent.key
	}
	der, err := x509.CreateCertificate(rand.Reader, tpl, parentCert, pub, signer)
	require.NoError(t, err)
	c, err := x509.ParseCertificate(der)
	require.NoError(t, err)
	return c
}

func newRoot(t *testing.T, serial int64, cn string) *issuer {
	t.Helper()
	key := newKey(t, "P-256")
	return &issuer{cert: sign(t, caTemplate(serial, cn), key.Public(), nil, key), key: key}
}

func (is *issuer) newCA(t *testing.T, serial int64, cn string) *issuer {
	t.Helper()
	key := newKey(t, "P-256")
	return &issuer{cert: sign(t, caTemplate(serial, cn), key.Public(), is, nil), key: key}
}

func (is *issuer) newLeaf(t *testing.T, serial int64, cn string) *x509.Certificate {
	t.Helper()
	key := newKey(t, "P-256")
	tpl := certTemplate(serial, cn)
	tpl.DNSNames = []string{cn}
	return sign(t, tpl, key.Public(), is, nil)
}

// hierarchy is root → intermediate → leaf.
type hierarchy struct {
	root, inter *issuer
	leaf        *x509.Certificate
}

func newHierarchy(t *testing.T) hierarchy {
	t.Helper()
	root := newRoot(t, 1, "Test Root")
	inter := root.newCA(t, 2, "Test Intermediate")
	return hierarchy{root: root, inter: inter, leaf: inter.newLeaf(t, 3, "www.example.org")}
}

func bundle(certs ...*x509.Certificate) []byte {
	return EncodePEM(certs...)
}
