package simca

import (
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/base64"
	"fmt"
	"math/big"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseCSR(t *testing.T) {
	t.Parallel()
	ec := ecKey(t, elliptic.P256())
	pemText := csrPEM(t, ec, "www.example.test", "www.example.test", "api.example.test")
	der := csrDER(t, ec, "www.example.test", "www.example.test", "api.example.test")
	b64 := base64.StdEncoding.EncodeToString(der)

	tests := []struct {
		desc  string
		input string
	}{
		{desc: "PEM", input: pemText},
		{desc: "PEM with CRLF and blanks", input: "\r\n  " + strings.ReplaceAll(pemText, "\n", "\r\n") + "\r\n"},
		{desc: "PEM with NEW header", input: strings.ReplaceAll(pemText, "CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST")},
		{desc: "bare base64", input: b64},
		{desc: "bare base64 wrapped", input: b64[:40] + "\n" + b64[40:]},
		{desc: "bare base64 without padding", input: strings.TrimRight(b64, "=")},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			t.Parallel()
			info, err := ParseCSR(tt.input)
			require.NoError(t, err)
			assert.Equal(t, "www.example.test", info.CommonName)
			assert.Equal(t, []string{"www.example.test", "api.example.test"}, info.DNSNames)
			assert.Equal(t, "EC", info.KeyAlgorithm)
			assert.Equal(t, 256, info.KeySize)
			assert.Equal(t, "P-256", info.Curve)
			assert.Equal(t, "EC - P-256", info.KeyType())
			require.NotNil(t, info.Request)
		})
	}
}

func TestParseCSR_keys(t *testing.T) {
	t.Parallel()
	tests := []struct {
		desc      string
		csr       string
		wantAlg   string
		wantSize  int
		wantCurve string
	}{
		{desc: "RSA 2048", csr: csrPEM(t, rsaKey(t, 2048), "r.example.test"), wantAlg: "RSA", wantSize: 2048},
		{desc: "EC P-384", csr: csrPEM(t, ecKey(t, elliptic.P384()), "e.example.test"), wantAlg: "EC", wantSize: 384, wantCurve: "P-384"},
		{desc: "EC P-521", csr: csrPEM(t, ecKey(t, elliptic.P521()), "e.example.test"), wantAlg: "EC", wantSize: 521, wantCurve: "P-521"},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			t.Parallel()
			info, err := ParseCSR(tt.csr)
			require.NoError(t, err)
			assert.Equal(t, tt.wantAlg, info.KeyAlgorithm)
			assert.Equal(t, tt.wantSize, info.KeySize)
			assert.Equal(t, tt.wantCurve, info.Curve)
		})
	}
}

func TestParseCSR_error(t *testing.T) {
	t.Parallel()
	ec := ecKey(t, elliptic.P256())
	good := csrDER(t, ec, "bad.example.test")
	badSig := append([]byte{}, good...)
	badSig[len(badSig)-1] ^= 0x01 // last octet of the ECDSA signature's s
	_, edKey, err := ed25519.GenerateKey(rand.Reader)
	require.NoError(t, err)
	pemOf := func(der []byte) string {
		return "-----BEGIN CERTIFICATE REQUEST-----\n" + base64.StdEncoding.EncodeToString(der) + "\n-----END CERTIFICATE REQUEST-----\n"
	}

	tests := []struct {
		desc     string
		input    string
		wantCode int
		wantText string
	}{
		{desc: "garbled PEM body", input: strings.Replace(pemOf(good), "M", "!@", 1), wantCode: -9, wantText: "not valid base64"},
		{desc: "bad bare base64", input: "not*base64", wantCode: -9, wantText: "not valid base64"},
		{desc: "empty", input: "  \n", wantCode: -9, wantText: "CSR is empty"},
		{desc: "garbled DER", input: base64.StdEncoding.EncodeToString([]byte("this is no DER at all")), wantCode: -10, wantText: "could not be decoded"},
		{desc: "truncated DER", input: pemOf(good[:len(good)/2]), wantCode: -10, wantText: "could not be decoded"},
		{desc: "certificate instead of CSR", input: "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", wantCode: -10, wantText: "not a certificate request"},
		{desc: "no END line", input: "-----BEGIN CERTIFICATE REQUEST-----\n" + base64.StdEncoding.EncodeToString(good), wantCode: -10, wantText: "no END line"},
		{desc: "wrong signature", input: pemOf(badSig), wantCode: -10, wantText: "signature is invalid"},
		{desc: "RSA 1024", input: csrPEM(t, rsaKey(t, 1024), "small.example.test"), wantCode: -141, wantText: "RSA key of 1024 bits is too small"},
		{desc: "EC P-224", input: csrPEM(t, ecKey(t, elliptic.P224()), "small.example.test"), wantCode: -141, wantText: "EC key of 224 bits is too small"},
		{desc: "ed25519", input: csrPEM(t, edKey, "ed.example.test"), wantCode: -11, wantText: "unsupported key algorithm Ed25519"},
		{desc: "DSA", input: pemOf(dsaCSRDER(t)), wantCode: -11, wantText: "unsupported key algorithm DSA"},
		{desc: "too long", input: strings.Repeat("A", 32768), wantCode: -10, wantText: "longer than"},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			t.Parallel()
			info, err := ParseCSR(tt.input)
			require.Nil(t, info)
			var csrErr *CSRError
			require.ErrorAs(t, err, &csrErr)
			assert.Equal(t, tt.wantCode, csrErr.Code)
			assert.Contains(t, csrErr.Description, tt.wantText)
			assert.Contains(t, err.Error(), fmt.Sprintf("code %d", tt.wantCode))
		})
	}
}

func TestCheckKeyType(t *testing.T) {
	t.Parallel()
	profile := map[string][]string{"RSA": {"2048", "3072", "4096"}, "EC": {"P-256", "P-384"}}
	rsa2048 := parseTestCSR(t, rsaKey(t, 2048), "r.example.test")
	p256 := parseTestCSR(t, ecKey(t, elliptic.P256()), "e.example.test")
	p521 := parseTestCSR(t, ecKey(t, elliptic.P521()), "e.example.test")

	tests := []struct {
		desc    string
		info    *CSRInfo
		allowed map[string][]string
		wantErr string
	}{
		{desc: "RSA allowed", info: rsa2048, allowed: profile},
		{desc: "EC allowed", info: p256, allowed: profile},
		{desc: "EC curve not allowed", info: p521, allowed: profile, wantErr: "key type EC - P-521 is not allowed by the profile"},
		{desc: "RSA size not allowed", info: rsa2048, allowed: map[string][]string{"RSA": {"3072"}}, wantErr: "key type RSA - 2048 is not allowed by the profile"},
		{desc: "algorithm absent", info: p256, allowed: map[string][]string{"RSA": {"2048"}}, wantErr: "key type EC - P-256 is not allowed by the profile"},
		{desc: "lower-case algorithm", info: rsa2048, allowed: map[string][]string{"rsa": {"2048"}}},
		{desc: "curve alias", info: p256, allowed: map[string][]string{"EC": {"prime256v1"}}},
		{desc: "curve by bits", info: p256, allowed: map[string][]string{"EC": {"256"}}},
		{desc: "no restriction", info: p521},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			t.Parallel()
			err := CheckKeyType(tt.info, tt.allowed)
			if tt.wantErr == "" {
				require.NoError(t, err)
				return
			}
			var csrErr *CSRError
			require.ErrorAs(t, err, &csrErr)
			assert.Equal(t, -13, csrErr.Code)
			assert.Equal(t, tt.wantErr, csrErr.Description)
		})
	}
}

// dsaCSRDER builds a CSR whose key is DSA. Go cannot create one, and the
// parameters need not be real: ParseCSR must refuse the algorithm before it
// looks at the signature.
func dsaCSRDER(t *testing.T) []byte {
	t.Helper()
	mustMarshal := func(v any) []byte {
		b, err := asn1.Marshal(v)
		require.NoError(t, err)
		return b
	}
	params := mustMarshal(struct{ P, Q, G *big.Int }{big.NewInt(23), big.NewInt(11), big.NewInt(4)})
	y := mustMarshal(big.NewInt(9))
	spki := mustMarshal(struct {
		Algorithm pkix.AlgorithmIdentifier
		PublicKey asn1.BitString
	}{
		Algorithm: pkix.AlgorithmIdentifier{Algorithm: asn1.ObjectIdentifier{1, 2, 840, 10040, 4, 1}, Parameters: asn1.RawValue{FullBytes: params}},
		PublicKey: asn1.BitString{Bytes: y, BitLength: 8 * len(y)},
	})
	subject := mustMarshal(pkix.Name{CommonName: "dsa.example.test"}.ToRDNSequence())
	tbs := mustMarshal(struct {
		Version    int
		Subject    asn1.RawValue
		PublicKey  asn1.RawValue
		Attributes asn1.RawValue
	}{
		Subject:    asn1.RawValue{FullBytes: subject},
		PublicKey:  asn1.RawValue{FullBytes: spki},
		Attributes: asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 0, IsCompound: true},
	})
	return mustMarshal(struct {
		TBS       asn1.RawValue
		Algorithm pkix.AlgorithmIdentifier
		Signature asn1.BitString
	}{
		TBS:       asn1.RawValue{FullBytes: tbs},
		Algorithm: pkix.AlgorithmIdentifier{Algorithm: asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 3, 2}},
		Signature: asn1.BitString{Bytes: []byte{0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01}, BitLength: 64},
	})
}
