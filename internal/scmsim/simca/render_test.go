package simca

import (
	"crypto/elliptic"
	"crypto/x509"
	"encoding/asn1"
	"encoding/pem"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func issueLeaf(t *testing.T, c *CA) *Issued {
	t.Helper()
	got, err := c.Issue(IssueRequest{CSR: parseTestCSR(t, ecKey(t, elliptic.P256()), "leaf.example.test")})
	require.NoError(t, err)
	return got
}

func TestCA_Render_pemOrder(t *testing.T) {
	t.Parallel()
	c := newTestCA(t)
	leaf := issueLeaf(t, c)
	byName := map[string][]byte{"leaf": leaf.DER, "inter": c.Intermediate().Raw, "root": c.Root().Raw}

	tests := []struct {
		desc      string
		format    string
		wantOrder []string
	}{
		{desc: "x509 is root first", format: "x509", wantOrder: []string{"root", "inter", "leaf"}},
		{desc: "pem is root first", format: "pem", wantOrder: []string{"root", "inter", "leaf"}},
		{desc: "x509CO is the leaf", format: "x509CO", wantOrder: []string{"leaf"}},
		{desc: "pemco is the leaf", format: "pemco", wantOrder: []string{"leaf"}},
		{desc: "pemia is leaf then issuers", format: "pemia", wantOrder: []string{"leaf", "inter", "root"}},
		{desc: "x509IO is root then intermediate", format: "x509IO", wantOrder: []string{"root", "inter"}},
		{desc: "x509IOR is intermediate then root", format: "x509IOR", wantOrder: []string{"inter", "root"}},
		{desc: "x509R is leaf first", format: "x509R", wantOrder: []string{"leaf", "inter", "root"}},
		{desc: "names match case-insensitively", format: "X509co", wantOrder: []string{"leaf"}},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			t.Parallel()
			out, err := c.Render(leaf.DER, tt.format)
			require.NoError(t, err)
			got := pemCerts(t, out)
			require.Len(t, got, len(tt.wantOrder))
			for i, name := range tt.wantOrder {
				assert.Equal(t, byName[name], got[i].Raw, "position %d should be %s", i, name)
			}
		})
	}
}

func TestCA_Render_pkcs7(t *testing.T) {
	t.Parallel()
	c := newTestCA(t)
	leaf := issueLeaf(t, c)
	want := [][]byte{leaf.DER, c.Intermediate().Raw, c.Root().Raw}

	armoured, err := c.Render(leaf.DER, "base64")
	require.NoError(t, err)
	defaulted, err := c.Render(leaf.DER, "")
	require.NoError(t, err)
	bin, err := c.Render(leaf.DER, "bin")
	require.NoError(t, err)

	block, rest := pem.Decode(armoured)
	require.NotNil(t, block)
	assert.Equal(t, "PKCS7", block.Type)
	assert.Empty(t, rest)
	assert.Equal(t, bin, block.Bytes, "base64 is bin, PEM-armoured")
	assert.Equal(t, armoured, defaulted, "an empty format means base64")
	assert.Equal(t, want, pkcs7Certs(t, bin))
}

// pkcs7Certs parses a certs-only SignedData the long way, checking each field
// the encoder promised, and returns the certificates' DER in order.
func pkcs7Certs(t *testing.T, der []byte) [][]byte {
	t.Helper()
	var ci contentInfo
	rest, err := asn1.Unmarshal(der, &ci)
	require.NoError(t, err)
	require.Empty(t, rest)
	require.True(t, ci.ContentType.Equal(oidSignedData))
	require.Equal(t, asn1.ClassContextSpecific, ci.Content.Class)

	var sd signedData
	_, err = asn1.Unmarshal(ci.Content.Bytes, &sd)
	require.NoError(t, err)
	assert.Equal(t, 1, sd.Version)
	assert.Equal(t, asn1.TagSet, sd.DigestAlgorithms.Tag)
	assert.Empty(t, sd.DigestAlgorithms.Bytes)
	assert.True(t, sd.ContentInfo.ContentType.Equal(oidData))
	assert.Equal(t, asn1.ClassContextSpecific, sd.Certificates.Class)
	assert.Equal(t, 0, sd.Certificates.Tag)
	assert.Equal(t, asn1.TagSet, sd.SignerInfos.Tag)
	assert.Empty(t, sd.SignerInfos.Bytes)

	certs, err := x509.ParseCertificates(sd.Certificates.Bytes)
	require.NoError(t, err)
	out := make([][]byte, len(certs))
	for i, cert := range certs {
		out[i] = cert.Raw
	}
	return out
}

// TestCA_Render_openssl checks the PKCS#7 against an independent parser.
func TestCA_Render_openssl(t *testing.T) {
	t.Parallel()
	openssl, err := exec.LookPath("openssl")
	if err != nil {
		t.Skip("openssl not installed")
	}
	c := newTestCA(t)
	leaf := issueLeaf(t, c)
	tests := []struct {
		desc   string
		format string
		inform string
	}{
		{desc: "base64 as PEM", format: "base64", inform: "PEM"},
		{desc: "bin as DER", format: "bin", inform: "DER"},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			t.Parallel()
			body, err := c.Render(leaf.DER, tt.format)
			require.NoError(t, err)
			path := filepath.Join(t.TempDir(), "cert.p7")
			require.NoError(t, os.WriteFile(path, body, 0o600))
			out, err := exec.CommandContext(t.Context(), openssl, "pkcs7", "-print_certs", "-inform", tt.inform, "-in", path).CombinedOutput()
			require.NoError(t, err, "openssl: %s", out)
			assert.Equal(t, 3, strings.Count(string(out), "-----BEGIN CERTIFICATE-----"), "%s", out)
			assert.Contains(t, string(out), "subject=CN = leaf.example.test")
			assert.Contains(t, string(out), "subject=O = scmsim, CN = "+c.Root().Subject.CommonName)
		})
	}
}

func TestCA_Render_error(t *testing.T) {
	t.Parallel()
	c := newTestCA(t)
	leaf := issueLeaf(t, c)

	_, err := c.Render(leaf.DER, "pkcs12")
	require.ErrorIs(t, err, ErrUnknownFormat)
	assert.EqualError(t, err, `simca: unknown certificate format: "pkcs12"`)

	_, err = c.Render([]byte("junk"), "pem")
	require.ErrorContains(t, err, "simca: render: leaf:")
}

func TestFormats(t *testing.T) {
	t.Parallel()
	assert.Equal(t, []string{"base64", "bin", "pem", "pemco", "pemia", "x509", "x509CO", "x509IO", "x509IOR", "x509R"}, Formats())
}
