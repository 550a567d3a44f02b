package simca

import (
	"crypto/ecdsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"fmt"
	"math/big"
	"net"
	"strings"
	"time"
)

// defaultTerm is the lifetime of a leaf whose IssueRequest has no NotAfter.
const defaultTerm = 365 * 24 * time.Hour

// IssueRequest describes a leaf certificate to issue.
type IssueRequest struct {
	// CSR supplies the public key, and defaults for CommonName and SANs.
	CSR *CSRInfo
	// CommonName defaults to the CSR's common name.
	CommonName string
	// SANs are DNS names (IP literals become IP SANs). When nil, the CSR's
	// DNS names are used. The common name is always added as the first SAN.
	SANs []string
	// NotBefore defaults to the CA's clock; NotAfter to NotBefore + 365 days.
	NotBefore, NotAfter time.Time
	// OrgName, when set, becomes the subject's O.
	OrgName string
	// Serial, when set, is the certificate's serial number (positive); nil
	// draws a random one. Bulk seeding sets it so that runs repeat.
	Serial *big.Int
}

// Issued is a leaf certificate signed by the intermediate.
type Issued struct {
	DER  []byte
	Cert *x509.Certificate
	// SerialHex is the serial as SCM shows it: upper-case hex octets joined by
	// colons, e.g. "0A:1B:2C".
	SerialHex string
}

// Issue signs a TLS server leaf for the CSR's public key: subject CN (and O
// when given), DNS SANs with the CN included, serverAuth only.
func (c *CA) Issue(req IssueRequest) (*Issued, error) {
	if req.CSR == nil || req.CSR.Request == nil {
		return nil, errors.New("simca: issue: no CSR")
	}
	tmpl, err := c.leafTemplate(req)
	if err != nil {
		return nil, err
	}
	cert, err := sign(tmpl, c.intermediate, req.CSR.Request.PublicKey, c.interKey)
	if err != nil {
		return nil, err
	}
	return &Issued{DER: cert.Raw, Cert: cert, SerialHex: SerialHex(cert)}, nil
}

func (c *CA) leafTemplate(req IssueRequest) (*x509.Certificate, error) {
	cn := strings.TrimSpace(req.CommonName)
	if cn == "" {
		cn = req.CSR.CommonName
	}
	sans := req.SANs
	if sans == nil {
		sans = req.CSR.DNSNames
	}
	dnsNames, ips := splitSANs(append([]string{cn}, sans...))
	if len(dnsNames)+len(ips) == 0 {
		return nil, errors.New("simca: issue: no common name and no SANs")
	}
	notBefore, notAfter := c.window(req.NotBefore, req.NotAfter)
	if !notAfter.After(notBefore) {
		return nil, fmt.Errorf("simca: issue: NotAfter %s is not after NotBefore %s", notAfter, notBefore)
	}
	subject := pkix.Name{CommonName: cn}
	if req.OrgName != "" {
		subject.Organization = []string{req.OrgName}
	}
	if req.Serial != nil && req.Serial.Sign() <= 0 {
		return nil, errors.New("simca: issue: the serial number must be positive")
	}
	return &x509.Certificate{
		SerialNumber:          req.Serial,
		Subject:               subject,
		DNSNames:              dnsNames,
		IPAddresses:           ips,
		NotBefore:             notBefore,
		NotAfter:              notAfter,
		KeyUsage:              leafKeyUsage(req.CSR),
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
	}, nil
}

func (c *CA) window(notBefore, notAfter time.Time) (time.Time, time.Time) {
	if notBefore.IsZero() {
		notBefore = c.now()
	}
	if notAfter.IsZero() {
		notAfter = notBefore.Add(defaultTerm)
	}
	return notBefore, notAfter
}

// leafKeyUsage follows RFC 5280 practice: key encipherment only makes sense
// for RSA keys (RSA key transport in TLS 1.2).
func leafKeyUsage(info *CSRInfo) x509.KeyUsage {
	if _, isEC := info.Request.PublicKey.(*ecdsa.PublicKey); isEC {
		return x509.KeyUsageDigitalSignature
	}
	return x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment
}

// splitSANs keeps the first spelling of each name (case-insensitive), in order.
func splitSANs(names []string) ([]string, []net.IP) {
	var dnsNames []string
	var ips []net.IP
	seen := map[string]bool{}
	for _, n := range names {
		n = strings.TrimSuffix(strings.TrimSpace(n), ".")
		key := strings.ToLower(n)
		if n == "" || seen[key] {
			continue
		}
		seen[key] = true
		if ip := net.ParseIP(n); ip != nil {
			ips = append(ips, ip)
			continue
		}
		dnsNames = append(dnsNames, n)
	}
	return dnsNames, ips
}

// SerialHex formats a certificate's serial as SCM does: upper-case hex
// octets separated by colons.
func SerialHex(cert *x509.Certificate) string {
	b := cert.SerialNumber.Bytes()
	parts := make([]string, len(b))
	for i, octet := range b {
		parts[i] = fmt.Sprintf("%02X", octet)
	}
	return strings.Join(parts, ":")
}
