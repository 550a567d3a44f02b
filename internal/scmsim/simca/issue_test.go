package simca

import (
	"crypto"
	"crypto/elliptic"
	"crypto/x509"
	"math/big"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// leafWant is what TestCA_Issue expects of one issued leaf.
type leafWant struct {
	cn                  string
	dns                 []string
	ips                 int
	org                 []string
	notBefore, notAfter time.Time
	usage               x509.KeyUsage
}

func TestCA_Issue(t *testing.T) {
	t.Parallel()
	c, err := New(Options{Now: func() time.Time { return fixedNow }})
	require.NoError(t, err)
	ecCSR := parseTestCSR(t, ecKey(t, elliptic.P256()), "www.example.test", "api.example.test")
	rsaCSR := parseTestCSR(t, rsaKey(t, 2048), "rsa.example.test")
	from := time.Date(2030, 1, 2, 0, 0, 0, 0, time.UTC)
	year := fixedNow.Add(365 * 24 * time.Hour)

	tests := []struct {
		desc string
		req  IssueRequest
		want leafWant
	}{
		{desc: "defaults from the CSR and the clock", req: IssueRequest{CSR: ecCSR}, want: leafWant{
			cn: "www.example.test", dns: []string{"www.example.test", "api.example.test"},
			notBefore: fixedNow, notAfter: year, usage: x509.KeyUsageDigitalSignature,
		}},
		{desc: "explicit CN, SANs, window and org", req: IssueRequest{
			CSR: ecCSR, CommonName: "main.example.test", SANs: []string{"Alt.example.test", "MAIN.example.test", "192.0.2.7"},
			NotBefore: from, NotAfter: from.AddDate(0, 0, 199), OrgName: "Example Org",
		}, want: leafWant{
			cn: "main.example.test", dns: []string{"main.example.test", "Alt.example.test"}, ips: 1,
			org: []string{"Example Org"}, notBefore: from, notAfter: from.AddDate(0, 0, 199), usage: x509.KeyUsageDigitalSignature,
		}},
		{desc: "RSA key gets key encipherment", req: IssueRequest{CSR: rsaCSR, SANs: []string{}}, want: leafWant{
			cn: "rsa.example.test", dns: []string{"rsa.example.test"}, notBefore: fixedNow, notAfter: year,
			usage: x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			t.Parallel()
			got, err := c.Issue(tt.req)
			require.NoError(t, err)
			assert.Equal(t, got.DER, got.Cert.Raw)
			assertLeaf(t, c, tt.req, got.Cert, tt.want)
		})
	}
}

func assertLeaf(t *testing.T, c *CA, req IssueRequest, cert *x509.Certificate, want leafWant) {
	t.Helper()
	assert.Equal(t, want.cn, cert.Subject.CommonName)
	assert.Equal(t, want.org, cert.Subject.Organization)
	assert.Equal(t, want.dns, cert.DNSNames)
	assert.Len(t, cert.IPAddresses, want.ips)
	assert.True(t, want.notBefore.Equal(cert.NotBefore), "NotBefore %s", cert.NotBefore)
	assert.True(t, want.notAfter.Equal(cert.NotAfter), "NotAfter %s", cert.NotAfter)
	assert.Equal(t, want.usage, cert.KeyUsage)
	assert.Equal(t, []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, cert.ExtKeyUsage)
	assert.False(t, cert.IsCA)
	pub, ok := req.CSR.Request.PublicKey.(interface{ Equal(crypto.PublicKey) bool })
	require.True(t, ok)
	assert.True(t, pub.Equal(cert.PublicKey), "the leaf carries the CSR's key")
	require.NoError(t, cert.CheckSignatureFrom(c.Intermediate()))
}

func TestCA_Issue_serialHex(t *testing.T) {
	t.Parallel()
	c := newTestCA(t)
	got, err := c.Issue(IssueRequest{CSR: parseTestCSR(t, ecKey(t, elliptic.P256()), "s.example.test")})
	require.NoError(t, err)
	assert.Regexp(t, `^[0-9A-F]{2}(:[0-9A-F]{2}){15}$`, got.SerialHex)
	assert.Equal(t, got.SerialHex, SerialHex(got.Cert))
}

func TestCA_Issue_givenSerial(t *testing.T) {
	t.Parallel()
	c := newTestCA(t)
	serial := new(big.Int).SetBytes([]byte{0x0a, 0x1b, 0x2c})
	got, err := c.Issue(IssueRequest{CSR: parseTestCSR(t, ecKey(t, elliptic.P256()), "s.example.test"), Serial: serial})
	require.NoError(t, err)
	assert.Equal(t, "0A:1B:2C", got.SerialHex)
	assert.Equal(t, 0, serial.Cmp(got.Cert.SerialNumber))
}

func TestCA_Issue_error(t *testing.T) {
	t.Parallel()
	c := newTestCA(t)
	noNames := parseTestCSR(t, ecKey(t, elliptic.P256()), "")
	ok := parseTestCSR(t, ecKey(t, elliptic.P256()), "x.example.test")
	now := time.Now()

	tests := []struct {
		desc    string
		req     IssueRequest
		wantErr string
	}{
		{desc: "no CSR", req: IssueRequest{}, wantErr: "simca: issue: no CSR"},
		{desc: "no names", req: IssueRequest{CSR: noNames}, wantErr: "simca: issue: no common name and no SANs"},
		{desc: "zero serial", req: IssueRequest{CSR: ok, Serial: new(big.Int)}, wantErr: "the serial number must be positive"},
		{desc: "inverted window", req: IssueRequest{CSR: ok, NotBefore: now, NotAfter: now.Add(-time.Hour)}, wantErr: "is not after NotBefore"},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			t.Parallel()
			_, err := c.Issue(tt.req)
			require.ErrorContains(t, err, tt.wantErr)
		})
	}
}
