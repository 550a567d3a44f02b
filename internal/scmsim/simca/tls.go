package simca

import (
	"crypto/ecdsa"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"fmt"
	"strings"
)

// loopbackHosts are always in the listener certificate: the emulator only ever
// listens on loopback, and clients reach it by any of these names.
var loopbackHosts = []string{"localhost", "127.0.0.1", "::1"}

// ServerCertificate returns a TLS certificate for the emulator's listener. The
// SANs are hosts (DNS names or IP literals) plus localhost, 127.0.0.1 and ::1.
// The chain holds the leaf and the intermediate, so a client that trusts only
// RootPEM can verify it.
func (c *CA) ServerCertificate(hosts []string) (tls.Certificate, error) {
	dnsNames, ips := splitSANs(append(append([]string{}, hosts...), loopbackHosts...))
	leaf, key, err := c.issueLeaf(&x509.Certificate{
		Subject:     pkix.Name{CommonName: dnsNames[0], Organization: []string{"scmsim"}},
		DNSNames:    dnsNames,
		IPAddresses: ips,
	}, x509.ExtKeyUsageServerAuth)
	if err != nil {
		return tls.Certificate{}, err
	}
	return tls.Certificate{
		Certificate: [][]byte{leaf.Raw, c.intermediate.Raw},
		PrivateKey:  key,
		Leaf:        leaf,
	}, nil
}

// ClientCertificate issues a certificate for SCM's client-certificate login
// (/private/api): CN is the login, the only extended key usage is clientAuth.
// certPEM holds the leaf then the intermediate, so it can be presented as is;
// keyPEM is PKCS#8.
func (c *CA) ClientCertificate(login string) (certPEM, keyPEM []byte, err error) {
	if strings.TrimSpace(login) == "" {
		return nil, nil, errors.New("simca: client certificate: empty login")
	}
	leaf, key, err := c.issueLeaf(&x509.Certificate{Subject: pkix.Name{CommonName: login}}, x509.ExtKeyUsageClientAuth)
	if err != nil {
		return nil, nil, err
	}
	kp, err := encodeKeyPEM(key)
	if err != nil {
		return nil, nil, err
	}
	return append(encodeCertPEM(leaf), encodeCertPEM(c.intermediate)...), kp, nil
}

// issueLeaf signs tmpl, with a fresh key, as one of the emulator's own TLS
// leaves (its listener, an admin's client login): valid from tlsBackdate ago
// for tlsLifetime, for digital signatures and the one extended usage given.
func (c *CA) issueLeaf(tmpl *x509.Certificate, usage x509.ExtKeyUsage) (*x509.Certificate, *ecdsa.PrivateKey, error) {
	key, err := newKey()
	if err != nil {
		return nil, nil, err
	}
	now := c.now()
	tmpl.NotBefore, tmpl.NotAfter = now.Add(-tlsBackdate), now.Add(tlsLifetime)
	tmpl.KeyUsage, tmpl.ExtKeyUsage = x509.KeyUsageDigitalSignature, []x509.ExtKeyUsage{usage}
	tmpl.BasicConstraintsValid = true
	leaf, err := sign(tmpl, c.intermediate, &key.PublicKey, c.interKey)
	if err != nil {
		return nil, nil, err
	}
	return leaf, key, nil
}

// ClientCAs returns a pool for tls.Config.ClientCAs. It holds the intermediate
// as well as the root: Go's TLS server verifies against ClientCAs and only the
// intermediates the client sends, and many clients send just their leaf.
func (c *CA) ClientCAs() *x509.CertPool {
	pool := x509.NewCertPool()
	pool.AddCert(c.root)
	pool.AddCert(c.intermediate)
	return pool
}

// VerifyClient checks that cert was issued by this CA for client
// authentication and is valid at the CA's clock, and returns the login (CN).
func (c *CA) VerifyClient(cert *x509.Certificate) (login string, err error) {
	if cert == nil {
		return "", errors.New("simca: verify client: no certificate")
	}
	inter := x509.NewCertPool()
	inter.AddCert(c.intermediate)
	roots := x509.NewCertPool()
	roots.AddCert(c.root)
	_, err = cert.Verify(x509.VerifyOptions{
		Roots:         roots,
		Intermediates: inter,
		CurrentTime:   c.now(),
		KeyUsages:     []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
	})
	if err != nil {
		return "", fmt.Errorf("simca: verify client %q: %w", cert.Subject.CommonName, err)
	}
	if cert.Subject.CommonName == "" {
		return "", errors.New("simca: verify client: certificate has no common name")
	}
	return cert.Subject.CommonName, nil
}
