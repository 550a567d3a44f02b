package simca

import (
	"crypto/elliptic"
	"crypto/x509"
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNew_chain(t *testing.T) {
	t.Parallel()
	c, err := New(Options{Now: func() time.Time { return fixedNow }})
	require.NoError(t, err)

	roots := pemCerts(t, c.RootPEM())
	require.Len(t, roots, 1)
	chain := pemCerts(t, c.ChainPEM())
	require.Len(t, chain, 2)

	assert.True(t, roots[0].IsCA)
	assert.Equal(t, roots[0].Raw, chain[1].Raw, "ChainPEM ends with the root")
	assert.True(t, chain[0].IsCA)
	assert.True(t, chain[0].MaxPathLenZero)
	require.NoError(t, chain[0].CheckSignatureFrom(roots[0]))
	assert.Equal(t, "ECDSA", roots[0].PublicKeyAlgorithm.String())
	assert.True(t, roots[0].NotBefore.Before(fixedNow), "validity comes from the injected clock")
	assert.True(t, roots[0].NotAfter.After(fixedNow.AddDate(10, 0, 0)))
}

func TestNew_distinctNames(t *testing.T) {
	t.Parallel()
	a, b := newTestCA(t), newTestCA(t)
	assert.NotEqual(t, a.Root().Subject.CommonName, b.Root().Subject.CommonName)
}

func TestLoad_roundTrip(t *testing.T) {
	t.Parallel()
	c := newTestCA(t)
	data, err := c.MarshalState()
	require.NoError(t, err)

	loaded, err := Load(data, Options{})
	require.NoError(t, err)
	assert.Equal(t, c.RootPEM(), loaded.RootPEM())
	assert.Equal(t, c.ChainPEM(), loaded.ChainPEM())

	// The loaded CA must still hold the keys: a leaf it issues verifies
	// against the original root.
	issued, err := loaded.Issue(IssueRequest{CSR: parseTestCSR(t, ecKey(t, elliptic.P256()), "rt.example.test")})
	require.NoError(t, err)
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(c.RootPEM())
	inter := x509.NewCertPool()
	inter.AddCert(c.Intermediate())
	_, err = issued.Cert.Verify(x509.VerifyOptions{Roots: pool, Intermediates: inter, DNSName: "rt.example.test"})
	require.NoError(t, err)
}

func TestLoad_error(t *testing.T) {
	t.Parallel()
	c, other := newTestCA(t), newTestCA(t)
	good := decodeState(t, c)
	foreign := decodeState(t, other)

	tests := []struct {
		desc    string
		mutate  func(st *state)
		raw     string
		wantErr string
	}{
		{desc: "not JSON", raw: "{", wantErr: "simca: load state: unexpected end of JSON input"},
		{desc: "wrong version", mutate: func(st *state) { st.Version = 9 }, wantErr: "simca: load state: version 9, want 1"},
		{desc: "missing root", mutate: func(st *state) { st.RootCert = "" }, wantErr: "simca: load state: root certificate: no PEM block"},
		{desc: "key of another CA", mutate: func(st *state) { st.RootKey = foreign.RootKey }, wantErr: "simca: load state: root key does not match its certificate"},
		{desc: "intermediate of another CA", mutate: func(st *state) {
			st.IntermediateCert, st.IntermediateKey = foreign.IntermediateCert, foreign.IntermediateKey
		}, wantErr: "simca: load state: intermediate not signed by root"},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			t.Parallel()
			data := []byte(tt.raw)
			if tt.mutate != nil {
				st := good
				tt.mutate(&st)
				var err error
				data, err = json.Marshal(st)
				require.NoError(t, err)
			}
			_, err := Load(data, Options{})
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.wantErr)
		})
	}
}

func decodeState(t *testing.T, c *CA) state {
	t.Helper()
	data, err := c.MarshalState()
	require.NoError(t, err)
	var st state
	require.NoError(t, json.Unmarshal(data, &st))
	return st
}
