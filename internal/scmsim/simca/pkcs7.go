package simca

import (
	"crypto/x509"
	"encoding/asn1"
	"fmt"
)

// PKCS#7 / CMS object identifiers (RFC 2315 §14).
var (
	oidData       = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 1}
	oidSignedData = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 2}
)

// contentInfo is RFC 2315 ContentInfo with an explicit [0] content.
type contentInfo struct {
	ContentType asn1.ObjectIdentifier
	Content     asn1.RawValue
}

// innerContentInfo is the encapsulated content of a certs-only message: type
// data and no content, which is what "degenerate" means in RFC 2315 §9.1.
type innerContentInfo struct {
	ContentType asn1.ObjectIdentifier
}

// signedData is RFC 2315 SignedData without signers. The SETs are raw values
// because encoding/asn1 cannot express an empty SET OF of an unused type, and
// certificates needs the [0] IMPLICIT tag around already-encoded DER.
type signedData struct {
	Version          int
	DigestAlgorithms asn1.RawValue
	ContentInfo      innerContentInfo
	Certificates     asn1.RawValue
	SignerInfos      asn1.RawValue
}

// certsOnlyPKCS7 encodes certs as a certs-only PKCS#7 SignedData, the shape of
// a .p7b file and of SCM's base64/bin collect formats.
func certsOnlyPKCS7(certs []*x509.Certificate) ([]byte, error) {
	var raw []byte
	for _, cert := range certs {
		raw = append(raw, cert.Raw...)
	}
	emptySet := asn1.RawValue{Class: asn1.ClassUniversal, Tag: asn1.TagSet, IsCompound: true}
	sd, err := asn1.Marshal(signedData{
		Version:          1,
		DigestAlgorithms: emptySet,
		ContentInfo:      innerContentInfo{ContentType: oidData},
		Certificates:     asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 0, IsCompound: true, Bytes: raw},
		SignerInfos:      emptySet,
	})
	if err != nil {
		return nil, fmt.Errorf("simca: pkcs7 signedData: %w", err)
	}
	out, err := asn1.Marshal(contentInfo{
		ContentType: oidSignedData,
		Content:     asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 0, IsCompound: true, Bytes: sd},
	})
	if err != nil {
		return nil, fmt.Errorf("simca: pkcs7 contentInfo: %w", err)
	}
	return out, nil
}
