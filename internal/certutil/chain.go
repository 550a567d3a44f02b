package certutil

import (
	"bytes"
	"crypto/x509"
	"errors"
	"fmt"
	"strings"
)

// SplitChain parses a PEM bundle whose certificates may come in any order
// (SCM's "pem" and "x509" formats are root-first, "pemia" is leaf-first) and
// returns the leaf and then its issuers up to the last one present, usually
// the root. Linkage is by issuer/subject name, key identifiers and signature,
// never by position. Duplicate certificates are dropped. It fails when the
// bundle holds no certificate, when more than one certificate could be the
// leaf, or when some certificate is not on the path from the leaf upwards.
func SplitChain(data []byte) (leaf *x509.Certificate, chain []*x509.Certificate, err error) {
	certs, err := parseBundle(data)
	if err != nil {
		return nil, nil, err
	}
	leaf, err = findLeaf(certs)
	if err != nil {
		return nil, nil, err
	}
	chain, err = walkUp(leaf, certs)
	if err != nil {
		return nil, nil, err
	}
	return leaf, chain, nil
}

// parseBundle parses every CERTIFICATE block and drops exact duplicates.
func parseBundle(data []byte) ([]*x509.Certificate, error) {
	var certs []*x509.Certificate
	for _, b := range pemBlocks(data) {
		if b.Type == blockPKCS7 {
			// SCM's default collect format is PKCS#7; say which format to ask for.
			return nil, errors.New(`chain: got a PKCS7 block; collect the certificate in "pem" or "x509" format`)
		}
		if b.Type != blockCertificate {
			continue
		}
		c, err := x509.ParseCertificate(b.Bytes)
		if err != nil {
			return nil, fmt.Errorf("chain: parse certificate %d: %w", len(certs)+1, err)
		}
		if !containsCert(certs, c) {
			certs = append(certs, c)
		}
	}
	if len(certs) == 0 {
		return nil, errors.New("chain: no CERTIFICATE PEM block found")
	}
	return certs, nil
}

// findLeaf picks the one certificate that issued none of the others.
func findLeaf(certs []*x509.Certificate) (*x509.Certificate, error) {
	var leaves []*x509.Certificate
	for _, c := range certs {
		if !issuesAny(c, certs) {
			leaves = append(leaves, c)
		}
	}
	switch len(leaves) {
	case 1:
		return leaves[0], nil
	case 0:
		return nil, errors.New("chain: no leaf: every certificate issued another one")
	default:
		return nil, fmt.Errorf("chain: certificates do not form one chain: %d of them issued none of the others (%s)",
			len(leaves), subjects(leaves))
	}
}

// walkUp follows issuers from leaf until a self-signed certificate or until
// no issuer is present, then insists that every certificate was used: a
// stray certificate means the bundle is not one chain.
func walkUp(leaf *x509.Certificate, certs []*x509.Certificate) ([]*x509.Certificate, error) {
	used := []*x509.Certificate{leaf}
	cur := leaf
	for !selfSigned(cur) {
		parent := findIssuer(cur, certs, used)
		if parent == nil {
			break
		}
		used = append(used, parent)
		cur = parent
	}
	if len(used) == len(certs) {
		return used[1:], nil
	}
	var stray []*x509.Certificate
	for _, c := range certs {
		if !containsCert(used, c) {
			stray = append(stray, c)
		}
	}
	return nil, fmt.Errorf("chain: certificates do not form one chain: %s not on the path from the leaf %q",
		subjects(stray), leaf.Subject.String())
}

func findIssuer(child *x509.Certificate, certs, used []*x509.Certificate) *x509.Certificate {
	for _, c := range certs {
		if !containsCert(used, c) && issuedBy(child, c) {
			return c
		}
	}
	return nil
}

func issuesAny(parent *x509.Certificate, certs []*x509.Certificate) bool {
	for _, c := range certs {
		if issuedBy(c, parent) {
			return true
		}
	}
	return false
}

// issuedBy reports whether parent issued child. Names and key identifiers
// must agree and parent's key must verify child's signature. A signature made
// with an algorithm Go refuses to verify (SHA-1, as on some long-lived roots
// and cross-certificates) is accepted on names and key identifiers alone:
// this function orders a bundle; it does not establish trust.
func issuedBy(child, parent *x509.Certificate) bool {
	if child.Equal(parent) || !bytes.Equal(child.RawIssuer, parent.RawSubject) {
		return false
	}
	if len(child.AuthorityKeyId) > 0 && len(parent.SubjectKeyId) > 0 &&
		!bytes.Equal(child.AuthorityKeyId, parent.SubjectKeyId) {
		return false
	}
	err := child.CheckSignatureFrom(parent)
	var insecure x509.InsecureAlgorithmError
	return err == nil || errors.As(err, &insecure)
}

// selfSigned reports whether c names itself as issuer with its own key, which
// is where a chain ends. The signature is not checked: old roots are SHA-1
// self-signed and nothing relies on a root's self-signature.
func selfSigned(c *x509.Certificate) bool {
	return bytes.Equal(c.RawIssuer, c.RawSubject) &&
		(len(c.AuthorityKeyId) == 0 || bytes.Equal(c.AuthorityKeyId, c.SubjectKeyId))
}

func containsCert(certs []*x509.Certificate, c *x509.Certificate) bool {
	for _, x := range certs {
		if x.Equal(c) {
			return true
		}
	}
	return false
}

func subjects(certs []*x509.Certificate) string {
	names := make([]string, len(certs))
	for i, c := range certs {
		names[i] = fmt.Sprintf("%q", c.Subject.String())
	}
	return strings.Join(names, ", ")
}
