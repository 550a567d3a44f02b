package certutil

import (
	"encoding/base64"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseCSR(t *testing.T) {
	t.Parallel()
	tests := []struct {
		desc      string
		keyKind   string
		cn        string
		sans      []string
		wantAlg   string
		wantParam string
		wantBits  int
		wantCurve string
		wantNames []string
	}{
		{desc: "RSA 2048 with SANs", keyKind: "RSA-2048", cn: "www.example.org",
			sans: []string{"www.example.org", "example.org"}, wantAlg: "RSA", wantParam: "2048", wantBits: 2048,
			wantNames: []string{"example.org", "www.example.org"}},
		{desc: "P-256 without SANs", keyKind: "P-256", cn: "host.example.org",
			wantAlg: "EC", wantParam: "P-256", wantBits: 256, wantCurve: "P-256",
			wantNames: []string{"host.example.org"}},
		{desc: "P-384, upper-case names, CN repeated in SANs", keyKind: "P-384", cn: "WWW.Example.ORG",
			sans:    []string{"www.example.org", "API.example.org", "WWW.EXAMPLE.ORG"},
			wantAlg: "EC", wantParam: "P-384", wantBits: 384, wantCurve: "P-384",
			wantNames: []string{"api.example.org", "www.example.org"}},
		{desc: "SANs only, no CN", keyKind: "P-256", sans: []string{"b.example.org", "a.example.org"},
			wantAlg: "EC", wantParam: "P-256", wantBits: 256, wantCurve: "P-256",
			wantNames: []string{"a.example.org", "b.example.org"}},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			t.Parallel()
			der := makeCSR(t, newKey(t, tt.keyKind), tt.cn, tt.sans...)
			c, err := ParseCSR(pemOf("CERTIFICATE REQUEST", der))
			require.NoError(t, err)
			assert.Equal(t, tt.cn, c.CommonName)
			assert.Equal(t, tt.sans, c.DNSNames)
			assert.Equal(t, tt.wantAlg, c.KeyAlgorithm)
			assert.Equal(t, tt.wantBits, c.KeyBits)
			assert.Equal(t, tt.wantCurve, c.Curve)
			alg, param := c.KeyType()
			assert.Equal(t, tt.wantAlg, alg)
			assert.Equal(t, tt.wantParam, param)
			assert.Equal(t, tt.wantNames, c.Names())
			assert.Equal(t, string(pemOf("CERTIFICATE REQUEST", der)), c.PEM)
		})
	}
}

func TestParseCSR_encodings(t *testing.T) {
	t.Parallel()
	der := makeCSR(t, newKey(t, "P-256"), "www.example.org")
	b64 := base64.StdEncoding.EncodeToString(der)
	canonical := string(pemOf("CERTIFICATE REQUEST", der))
	crlfWrapped := strings.ReplaceAll(wrap(b64, 76), "\n", "\r\n")
	tests := []struct {
		desc  string
		input string
	}{
		{desc: "PEM", input: canonical},
		{desc: "PEM with surrounding space and text", input: "\n  subject=CN=www.example.org\n" + canonical + "\n\n"},
		{desc: "PEM after another block", input: string(pemOf("EC PARAMETERS", []byte{6, 8, 42})) + canonical},
		{desc: "legacy NEW CERTIFICATE REQUEST", input: string(pemOf("NEW CERTIFICATE REQUEST", der))},
		{desc: "PEM with CRLF and 76 columns", input: "-----BEGIN CERTIFICATE REQUEST-----\r\n" + crlfWrapped +
			"\r\n-----END CERTIFICATE REQUEST-----\r\n"},
		{desc: "bare base64 on one line", input: b64},
		{desc: "bare base64 wrapped with CRLF", input: crlfWrapped + "\r\n"},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			t.Parallel()
			c, err := ParseCSR([]byte(tt.input))
			require.NoError(t, err)
			assert.Equal(t, canonical, c.PEM, "PEM is normalised")
			assert.Equal(t, []string{"www.example.org"}, c.Names())
		})
	}
}

func wrap(s string, width int) string {
	var lines []string
	for len(s) > width {
		lines = append(lines, s[:width])
		s = s[width:]
	}
	return strings.Join(append(lines, s), "\n")
}

func TestParseCSR_error(t *testing.T) {
	t.Parallel()
	key := newKey(t, "P-256")
	der := makeCSR(t, key, "www.example.org")
	tampered := append([]byte(nil), der...)
	tampered[len(tampered)-1] ^= 0xff // the last byte belongs to the signature
	tests := []struct {
		desc    string
		input   []byte
		wantErr string
	}{
		{desc: "empty", input: []byte(" \n"), wantErr: "csr: empty input"},
		{desc: "plain text", input: []byte("not a csr"), wantErr: "csr: not PEM or base64 DER"},
		{desc: "raw DER", input: der, wantErr: "csr: not PEM or base64 DER"},
		{desc: "wrong PEM type", input: pemOf("CERTIFICATE", der),
			wantErr: "csr: no CERTIFICATE REQUEST PEM block (found CERTIFICATE)"},
		{desc: "private key is not echoed", input: pemOf("PRIVATE KEY", []byte("secret")),
			wantErr: "csr: no CERTIFICATE REQUEST PEM block (found PRIVATE KEY)"},
		{desc: "malformed PEM", input: []byte("-----BEGIN CERTIFICATE REQUEST-----\n!!!\n-----END CERTIFICATE REQUEST-----\n"),
			wantErr: "csr: malformed PEM: no block could be decoded"},
		{desc: "bad signature", input: pemOf("CERTIFICATE REQUEST", tampered),
			wantErr: "csr: signature invalid: x509: ECDSA verification failure"},
		{desc: "Ed25519 key", input: pemOf("CERTIFICATE REQUEST", makeCSR(t, newKey(t, "Ed25519"), "www.example.org")),
			wantErr: "csr: unsupported key algorithm Ed25519; SCM issues for RSA and EC keys only"},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			t.Parallel()
			c, err := ParseCSR(tt.input)
			require.EqualError(t, err, tt.wantErr)
			assert.Nil(t, c)
		})
	}
}

func TestParseCSR_errorKinds(t *testing.T) {
	t.Parallel()
	_, err := ParseCSR([]byte("%%%"))
	require.ErrorIs(t, err, ErrCSREncoding)

	// base64 of something that is not DER: the asn1 cause is kept for debugging.
	_, err = ParseCSR([]byte(base64.StdEncoding.EncodeToString([]byte("hello"))))
	require.ErrorContains(t, err, "csr: not a certificate request: asn1: ")

	der := makeCSR(t, newKey(t, "RSA-2048"), "www.example.org")
	der[len(der)-1] ^= 0x01
	_, err = ParseCSR(pemOf("CERTIFICATE REQUEST", der))
	require.ErrorIs(t, err, ErrCSRSignature)
}

func TestCSR_MatchesKey(t *testing.T) {
	t.Parallel()
	h := newHierarchy(t)
	key := newKey(t, "P-256")
	c, err := ParseCSR(pemOf("CERTIFICATE REQUEST", makeCSR(t, key, "www.example.org")))
	require.NoError(t, err)
	tpl := certTemplate(10, "www.example.org")
	issued := sign(t, tpl, key.Public(), h.inter, nil)

	assert.True(t, c.MatchesKey(issued), "certificate for the CSR's key")
	assert.False(t, c.MatchesKey(h.leaf), "certificate for another key")
	assert.False(t, c.MatchesKey(nil))
	assert.False(t, (&CSR{}).MatchesKey(issued), "CSR without a parsed request")
}
