package certutil

import (
	"math/big"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseCertPEM(t *testing.T) {
	t.Parallel()
	h := newHierarchy(t)
	key := newKey(t, "P-256")
	tpl := certTemplate(0xABCDEF, "WWW.Example.org")
	tpl.DNSNames = []string{"www.example.org", "API.example.org"}
	leaf := sign(t, tpl, key.Public(), h.inter, nil)

	// A key-parameters block first and the issuer after: the first
	// CERTIFICATE block is the one parsed.
	input := append(pemOf("EC PARAMETERS", []byte{6, 8, 42}), bundle(leaf, h.inter.cert)...)
	c, err := ParseCertPEM(input)
	require.NoError(t, err)
	assert.True(t, c.Leaf.Equal(leaf))
	assert.Equal(t, "AB:CD:EF", c.SerialHex)
	assert.Equal(t, epoch, c.NotBefore)
	assert.Equal(t, epoch.Add(90*day), c.NotAfter)
	assert.Equal(t, []string{"api.example.org", "www.example.org"}, c.Names)
	assert.Equal(t, "CN=WWW.Example.org", c.Subject)
}

func TestParseCertPEM_error(t *testing.T) {
	t.Parallel()
	tests := []struct {
		desc    string
		input   []byte
		wantErr string
	}{
		{desc: "empty", input: nil, wantErr: "cert: not PEM: no CERTIFICATE block"},
		{desc: "not PEM", input: []byte("MIIB..."), wantErr: "cert: not PEM: no CERTIFICATE block"},
		{desc: "only a CSR", input: pemOf("CERTIFICATE REQUEST", []byte{1}),
			wantErr: "cert: no CERTIFICATE PEM block (found CERTIFICATE REQUEST)"},
		{desc: "garbled DER", input: pemOf("CERTIFICATE", []byte("garbage")),
			wantErr: "cert: parse: x509: malformed certificate"},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			t.Parallel()
			c, err := ParseCertPEM(tt.input)
			require.EqualError(t, err, tt.wantErr)
			assert.Nil(t, c)
		})
	}
}

func TestFormatSerial(t *testing.T) {
	t.Parallel()
	huge, ok := new(big.Int).SetString("00f1e2d3c4b5a69788", 16)
	require.True(t, ok)
	tests := []struct {
		desc   string
		serial *big.Int
		want   string
	}{
		{desc: "nil", serial: nil, want: "00"},
		{desc: "zero", serial: big.NewInt(0), want: "00"},
		{desc: "one byte", serial: big.NewInt(10), want: "0A"},
		{desc: "top bit set has no sign byte", serial: big.NewInt(0x80), want: "80"},
		{desc: "two bytes keep the leading zero nibble", serial: big.NewInt(0x0100), want: "01:00"},
		{desc: "long", serial: huge, want: "F1:E2:D3:C4:B5:A6:97:88"},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.want, FormatSerial(tt.serial))
		})
	}
}

func TestSameSerial(t *testing.T) {
	t.Parallel()
	tests := []struct {
		desc string
		a, b string
		want bool
	}{
		{desc: "identical", a: "0A:BC", b: "0A:BC", want: true},
		{desc: "case, colons and leading zeros", a: "00:0a:bc", b: "ABC", want: true},
		{desc: "spaces", a: "0a bc", b: "0A:BC", want: true},
		{desc: "different", a: "0A:BC", b: "0A:BD", want: false},
		{desc: "empty side", a: "", b: "00", want: false},
		{desc: "not hex", a: "zz", b: "zz", want: false},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.want, SameSerial(tt.a, tt.b))
		})
	}
}

func TestEncodePEM(t *testing.T) {
	t.Parallel()
	h := newHierarchy(t)
	got := EncodePEM(h.leaf, h.inter.cert)
	want := append(pemOf("CERTIFICATE", h.leaf.Raw), pemOf("CERTIFICATE", h.inter.cert.Raw)...)
	assert.Equal(t, string(want), string(got))
	assert.Empty(t, EncodePEM())
}
