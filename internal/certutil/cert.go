package certutil

import (
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"fmt"
	"math/big"
	"strings"
	"time"
)

// Cert is the part of an issued certificate that modules compare and report.
type Cert struct {
	// Leaf is the parsed certificate.
	Leaf *x509.Certificate
	// SerialHex is the serial number as SCM prints it (see FormatSerial).
	SerialHex string
	// NotBefore and NotAfter bound the validity period.
	NotBefore, NotAfter time.Time
	// Names are the common name and DNS SANs, lower-cased, sorted, unique.
	Names []string
	// Subject is the subject distinguished name in RFC 2253 form.
	Subject string
}

// NewCert describes an already parsed certificate, for example the leaf that
// SplitChain returns.
func NewCert(leaf *x509.Certificate) *Cert {
	return &Cert{
		Leaf:      leaf,
		SerialHex: FormatSerial(leaf.SerialNumber),
		NotBefore: leaf.NotBefore,
		NotAfter:  leaf.NotAfter,
		Names:     namesOf(leaf.Subject.CommonName, leaf.DNSNames),
		Subject:   leaf.Subject.String(),
	}
}

// ParseCertPEM parses the first CERTIFICATE block in data; blocks of other
// types before it are skipped.
func ParseCertPEM(data []byte) (*Cert, error) {
	if !hasPEM(data) {
		return nil, fmt.Errorf("cert: not PEM: no CERTIFICATE block")
	}
	der, err := firstBlock("cert", data, blockCertificate)
	if err != nil {
		return nil, err
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, fmt.Errorf("cert: parse: %w", err)
	}
	return NewCert(leaf), nil
}

// EncodePEM writes certs as consecutive CERTIFICATE blocks, in the order
// given. With SplitChain's output, EncodePEM(append([]*x509.Certificate{leaf},
// chain...)...) is the usual leaf-first full-chain file.
func EncodePEM(certs ...*x509.Certificate) []byte {
	var b strings.Builder
	for _, c := range certs {
		b.Write(pem.EncodeToMemory(&pem.Block{Type: blockCertificate, Bytes: c.Raw}))
	}
	return []byte(b.String())
}

// FormatSerial renders a serial number as SCM does: upper-case hex bytes
// joined by colons ("0A:1B:2C"). It uses the minimal big-endian bytes of the
// number, without the sign byte DER adds when the top bit is set; a zero or
// nil serial gives "00".
func FormatSerial(n *big.Int) string {
	var raw []byte
	if n != nil {
		raw = new(big.Int).Abs(n).Bytes()
	}
	if len(raw) == 0 {
		raw = []byte{0}
	}
	parts := make([]string, len(raw))
	for i, b := range raw {
		parts[i] = strings.ToUpper(hex.EncodeToString([]byte{b}))
	}
	return strings.Join(parts, ":")
}

// SameSerial reports whether two textual serial numbers denote the same
// number, ignoring colons, spaces, case and leading zeros, so that SCM's
// "0A:BC" matches "abc". Either side being empty or not hex gives false.
func SameSerial(a, b string) bool {
	x, okA := serialValue(a)
	y, okB := serialValue(b)
	return okA && okB && x.Cmp(y) == 0
}

func serialValue(s string) (*big.Int, bool) {
	clean := strings.NewReplacer(":", "", " ", "").Replace(s)
	if clean == "" {
		return nil, false
	}
	return new(big.Int).SetString(clean, 16)
}
