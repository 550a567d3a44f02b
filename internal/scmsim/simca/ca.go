package simca

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/pem"
	"fmt"
	"math/big"
	"time"
)

// Validity windows. The CA outlives anything it signs so that a test which
// moves the clock forward by a few years still has a valid chain.
const (
	caBackdate   = 24 * time.Hour
	caLifetime   = 20 * 365 * 24 * time.Hour
	tlsBackdate  = time.Hour
	tlsLifetime  = 365 * 24 * time.Hour
	serialOctets = 16
)

// Options configure a CA.
type Options struct {
	// Now is the CA's clock; nil means time.Now. Every "now" the CA needs (CA
	// and TLS certificate validity, client verification, a default NotBefore)
	// comes from it, so tests can shift time without sleeping.
	Now func() time.Time
}

// CA is the emulator's two-level certificate authority. The root signs only
// the intermediate; the intermediate signs every leaf, TLS and client
// certificate. A CA is safe for concurrent use: after New or Load it is never
// mutated.
type CA struct {
	now          func() time.Time
	root         *x509.Certificate
	rootKey      *ecdsa.PrivateKey
	intermediate *x509.Certificate
	interKey     *ecdsa.PrivateKey
}

// New creates a CA with fresh keys.
func New(opts Options) (*CA, error) {
	c := &CA{now: clockOf(opts)}
	var err error
	if c.rootKey, err = newKey(); err != nil {
		return nil, err
	}
	if c.interKey, err = newKey(); err != nil {
		return nil, err
	}
	// A random suffix keeps the names of several CAs in one process apart, so
	// a failed verification never looks like a success against another CA.
	suffix, err := randomHex(3)
	if err != nil {
		return nil, err
	}
	if c.root, err = c.makeRoot("scmsim Root CA " + suffix); err != nil {
		return nil, err
	}
	if c.intermediate, err = c.makeIntermediate("scmsim Intermediate CA " + suffix); err != nil {
		return nil, err
	}
	return c, nil
}

func clockOf(opts Options) func() time.Time {
	if opts.Now != nil {
		return opts.Now
	}
	return time.Now
}

func (c *CA) makeRoot(cn string) (*x509.Certificate, error) {
	now := c.now()
	tmpl := &x509.Certificate{
		Subject:               pkix.Name{CommonName: cn, Organization: []string{"scmsim"}},
		NotBefore:             now.Add(-caBackdate),
		NotAfter:              now.Add(caLifetime),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	return sign(tmpl, tmpl, &c.rootKey.PublicKey, c.rootKey)
}

func (c *CA) makeIntermediate(cn string) (*x509.Certificate, error) {
	now := c.now()
	tmpl := &x509.Certificate{
		Subject:               pkix.Name{CommonName: cn, Organization: []string{"scmsim"}},
		NotBefore:             now.Add(-caBackdate),
		NotAfter:              now.Add(caLifetime - time.Hour),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign | x509.KeyUsageDigitalSignature,
		BasicConstraintsValid: true,
		IsCA:                  true,
		MaxPathLenZero:        true,
	}
	return sign(tmpl, c.root, &c.interKey.PublicKey, c.rootKey)
}

// sign fills in a fresh serial (unless the template has one), creates the certificate and parses it back.
func sign(tmpl, parent *x509.Certificate, pub crypto.PublicKey, key crypto.Signer) (*x509.Certificate, error) {
	if tmpl.SerialNumber == nil {
		serial, err := newSerial()
		if err != nil {
			return nil, err
		}
		tmpl.SerialNumber = serial
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, pub, key)
	if err != nil {
		return nil, fmt.Errorf("simca: create certificate %q: %w", tmpl.Subject.CommonName, err)
	}
	return x509.ParseCertificate(der)
}

func newKey() (*ecdsa.PrivateKey, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("simca: generate key: %w", err)
	}
	return key, nil
}

// newSerial returns a positive 128-bit serial whose first octet is never zero,
// so the colon-separated form always has 16 groups.
func newSerial() (*big.Int, error) {
	b := make([]byte, serialOctets)
	if _, err := rand.Read(b); err != nil {
		return nil, fmt.Errorf("simca: serial: %w", err)
	}
	b[0] = b[0]&0x7f | 0x01
	return new(big.Int).SetBytes(b), nil
}

func randomHex(n int) (string, error) {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("simca: random: %w", err)
	}
	return hex.EncodeToString(b), nil
}

// RootPEM returns the root certificate, PEM-encoded: what clients (the Go
// client, certbot through REQUESTS_CA_BUNDLE, curl) must trust.
func (c *CA) RootPEM() []byte {
	return encodeCertPEM(c.root)
}

// ChainPEM returns the intermediate followed by the root, PEM-encoded.
func (c *CA) ChainPEM() []byte {
	return append(encodeCertPEM(c.intermediate), encodeCertPEM(c.root)...)
}

// Root returns the root certificate. Callers must not modify it.
func (c *CA) Root() *x509.Certificate { return c.root }

// Intermediate returns the issuing certificate. Callers must not modify it.
func (c *CA) Intermediate() *x509.Certificate { return c.intermediate }

func encodeCertPEM(cert *x509.Certificate) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert.Raw})
}

func encodeKeyPEM(key crypto.PrivateKey) ([]byte, error) {
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, fmt.Errorf("simca: marshal key: %w", err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), nil
}
