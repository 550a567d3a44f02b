package certutil

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"fmt"
	"slices"
	"strconv"
)

// Key algorithm names as they appear in the keys of an SCM profile's
// keyTypes map.
const (
	KeyRSA = "RSA"
	KeyEC  = "EC"
)

// Errors that callers may want to tell apart with errors.Is.
var (
	// ErrCSREncoding means the input is neither PEM nor bare base64.
	ErrCSREncoding = errors.New("csr: not PEM or base64 DER")
	// ErrCSRSignature means the CSR is not signed by its own key, so it was
	// altered or assembled wrongly; SCM would reject it with code -13.
	ErrCSRSignature = errors.New("csr: signature invalid")
)

// CSR describes a parsed and signature-checked certificate signing request.
type CSR struct {
	// CommonName is the subject CN as written in the CSR (may be empty).
	CommonName string
	// DNSNames are the DNS SANs as written in the CSR.
	DNSNames []string
	// KeyAlgorithm is KeyRSA or KeyEC; other key types are rejected.
	KeyAlgorithm string
	// KeyBits is the RSA modulus size, or the curve size for EC keys.
	KeyBits int
	// Curve is the NIST curve name ("P-256", "P-384") for EC keys, else "".
	Curve string
	// PEM is the request re-encoded as one "CERTIFICATE REQUEST" block with
	// 64-column lines and no headers: the form SCM's enroll call expects.
	PEM string
	// Request is the parsed request, for anything the fields above omit.
	Request *x509.CertificateRequest
}

// ParseCSR reads a CSR given as PEM (the first CERTIFICATE REQUEST block;
// other blocks are skipped) or as bare base64 DER, and checks its signature.
// It fails for a key type SCM does not issue for (only RSA and EC are).
func ParseCSR(data []byte) (*CSR, error) {
	der, err := csrDER(data)
	if err != nil {
		return nil, err
	}
	req, err := x509.ParseCertificateRequest(der)
	if err != nil {
		return nil, fmt.Errorf("csr: not a certificate request: %w", err)
	}
	if err := req.CheckSignature(); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrCSRSignature, err)
	}
	c := &CSR{
		CommonName: req.Subject.CommonName,
		DNSNames:   slices.Clone(req.DNSNames),
		PEM:        string(pem.EncodeToMemory(&pem.Block{Type: blockCSR, Bytes: req.Raw})),
		Request:    req,
	}
	if err := c.setKey(req); err != nil {
		return nil, err
	}
	return c, nil
}

// csrDER extracts DER bytes from PEM or from base64 split over lines (SCM
// accepts both forms in enroll, so users paste both).
func csrDER(data []byte) ([]byte, error) {
	data = bytes.TrimSpace(data)
	if len(data) == 0 {
		return nil, errors.New("csr: empty input")
	}
	if hasPEM(data) {
		return firstBlock("csr", data, blockCSR, blockCSRLegacy)
	}
	b64 := bytes.NewBuffer(make([]byte, 0, len(data)))
	for _, c := range data {
		if c != '\n' && c != '\r' {
			b64.WriteByte(c)
		}
	}
	der, err := base64.StdEncoding.DecodeString(b64.String())
	if err != nil {
		return nil, ErrCSREncoding
	}
	return der, nil
}

// setKey records the key in the two shapes callers need: bits for display,
// and the (algorithm, parameter) pair SCM profiles list in keyTypes.
func (c *CSR) setKey(req *x509.CertificateRequest) error {
	switch k := req.PublicKey.(type) {
	case *rsa.PublicKey:
		c.KeyAlgorithm, c.KeyBits = KeyRSA, k.N.BitLen()
	case *ecdsa.PublicKey:
		p := k.Curve.Params()
		c.KeyAlgorithm, c.KeyBits, c.Curve = KeyEC, p.BitSize, p.Name
	default:
		return fmt.Errorf("csr: unsupported key algorithm %s; SCM issues for RSA and EC keys only", req.PublicKeyAlgorithm)
	}
	return nil
}

// Names returns the common name and DNS SANs as one lower-cased, sorted set
// without duplicates.
func (c *CSR) Names() []string {
	return namesOf(c.CommonName, c.DNSNames)
}

// KeyType returns the key as an SCM profile lists it in keyTypes:
// ("RSA", "2048") or ("EC", "P-256").
func (c *CSR) KeyType() (alg, param string) {
	if c.KeyAlgorithm == KeyEC {
		return KeyEC, c.Curve
	}
	return c.KeyAlgorithm, strconv.Itoa(c.KeyBits)
}

// MatchesKey reports whether cert was issued for this CSR's public key. A
// module uses it to tell whether an existing certificate belongs to the key
// the user supplied, or a new enrollment is needed.
func (c *CSR) MatchesKey(cert *x509.Certificate) bool {
	if c == nil || c.Request == nil || cert == nil {
		return false
	}
	k, ok := c.Request.PublicKey.(interface{ Equal(crypto.PublicKey) bool })
	return ok && k.Equal(cert.PublicKey)
}
