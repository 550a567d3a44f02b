package certutil

import (
	"crypto/x509"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSplitChain(t *testing.T) {
	t.Parallel()
	h := newHierarchy(t)
	leaf, inter, root := h.leaf, h.inter.cert, h.root.cert
	tests := []struct {
		desc      string
		input     []byte
		wantChain []*x509.Certificate
	}{
		{desc: "root first, as SCM's pem format", input: bundle(root, inter, leaf), wantChain: []*x509.Certificate{inter, root}},
		{desc: "leaf first", input: bundle(leaf, inter, root), wantChain: []*x509.Certificate{inter, root}},
		{desc: "shuffled", input: bundle(inter, leaf, root), wantChain: []*x509.Certificate{inter, root}},
		{desc: "shuffled, root in the middle", input: bundle(leaf, root, inter), wantChain: []*x509.Certificate{inter, root}},
		{desc: "without the root", input: bundle(inter, leaf), wantChain: []*x509.Certificate{inter}},
		{desc: "leaf only", input: bundle(leaf), wantChain: []*x509.Certificate{}},
		{desc: "duplicates dropped", input: bundle(root, inter, root, leaf, inter), wantChain: []*x509.Certificate{inter, root}},
		{desc: "other blocks skipped", input: append(pemOf("X509 CRL", []byte{1}), bundle(root, inter, leaf)...),
			wantChain: []*x509.Certificate{inter, root}},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			t.Parallel()
			gotLeaf, gotChain, err := SplitChain(tt.input)
			require.NoError(t, err)
			assert.True(t, gotLeaf.Equal(leaf), "leaf is %q", gotLeaf.Subject)
			assert.Equal(t, subjects(tt.wantChain), subjects(gotChain))
			require.Len(t, gotChain, len(tt.wantChain))
			for i := range gotChain {
				assert.True(t, gotChain[i].Equal(tt.wantChain[i]), "chain[%d]", i)
			}
		})
	}
}

func TestSplitChain_allOrders(t *testing.T) {
	t.Parallel()
	h := newHierarchy(t)
	certs := []*x509.Certificate{h.leaf, h.inter.cert, h.root.cert}
	want := EncodePEM(certs...)
	for _, p := range [][3]int{{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}} {
		t.Run(fmt.Sprint(p), func(t *testing.T) {
			t.Parallel()
			leaf, chain, err := SplitChain(bundle(certs[p[0]], certs[p[1]], certs[p[2]]))
			require.NoError(t, err)
			assert.Equal(t, string(want), string(EncodePEM(append([]*x509.Certificate{leaf}, chain...)...)))
		})
	}
}

func TestSplitChain_error(t *testing.T) {
	t.Parallel()
	h := newHierarchy(t)
	leaf, inter, root := h.leaf, h.inter.cert, h.root.cert
	sibling := h.inter.newLeaf(t, 4, "api.example.org")
	otherRoot := newRoot(t, 5, "Other Root").cert
	// Same subject as the real intermediate, other key: it issued nothing here.
	impostor := h.root.newCA(t, 6, "Test Intermediate").cert
	tests := []struct {
		desc    string
		input   []byte
		wantErr string
	}{
		{desc: "empty", input: nil, wantErr: "chain: no CERTIFICATE PEM block found"},
		{desc: "no certificate block", input: pemOf("CERTIFICATE REQUEST", []byte{1}),
			wantErr: "chain: no CERTIFICATE PEM block found"},
		{desc: "garbled certificate", input: append(bundle(root), pemOf("CERTIFICATE", []byte("junk"))...),
			wantErr: "chain: parse certificate 2: x509: malformed certificate"},
		{desc: "PKCS7, SCM's default collect format", input: pemOf("PKCS7", []byte{1}),
			wantErr: `chain: got a PKCS7 block; collect the certificate in "pem" or "x509" format`},
		{desc: "intermediate missing", input: bundle(root, leaf),
			wantErr: `chain: certificates do not form one chain: 2 of them issued none of the others ("CN=Test Root", "CN=www.example.org")`},
		{desc: "two leaves", input: bundle(root, inter, leaf, sibling),
			wantErr: `chain: certificates do not form one chain: 2 of them issued none of the others ("CN=www.example.org", "CN=api.example.org")`},
		{desc: "unrelated root", input: bundle(otherRoot, inter, leaf),
			wantErr: `chain: certificates do not form one chain: 2 of them issued none of the others ("CN=Other Root", "CN=www.example.org")`},
		{desc: "intermediate with the right name but another key", input: bundle(root, impostor, leaf),
			wantErr: `chain: certificates do not form one chain: 2 of them issued none of the others ("CN=Test Intermediate", "CN=www.example.org")`},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			t.Parallel()
			gotLeaf, chain, err := SplitChain(tt.input)
			require.EqualError(t, err, tt.wantErr)
			assert.Nil(t, gotLeaf)
			assert.Nil(t, chain)
		})
	}
}

// TestSplitChain_strayIssuer covers a bundle with two paths: the intermediate
// key is certified by two roots (a cross-signature), and only one root is in
// the bundle, so the second intermediate certificate hangs off nothing.
func TestSplitChain_strayIssuer(t *testing.T) {
	t.Parallel()
	root1 := newRoot(t, 1, "Root One")
	root2 := newRoot(t, 2, "Root Two")
	key := newKey(t, "P-256")
	viaRoot1 := &issuer{cert: sign(t, caTemplate(3, "Shared Intermediate"), key.Public(), root1, nil), key: key}
	viaRoot2 := sign(t, caTemplate(4, "Shared Intermediate"), key.Public(), root2, nil)
	leaf := viaRoot1.newLeaf(t, 5, "www.example.org")

	_, _, err := SplitChain(bundle(leaf, viaRoot1.cert, viaRoot2, root1.cert))
	require.EqualError(t, err, `chain: certificates do not form one chain: "CN=Shared Intermediate" not on the path from the leaf "CN=www.example.org"`)
}

// TestSplitChain_loop covers two CA certificates that certify each other's
// key: neither can be the leaf.
func TestSplitChain_loop(t *testing.T) {
	t.Parallel()
	keyX, keyY := newKey(t, "P-256"), newKey(t, "P-256")
	nameX := &issuer{cert: caTemplate(1, "X"), key: keyX} // templates stand in as parents
	nameY := &issuer{cert: caTemplate(2, "Y"), key: keyY}
	xByY := sign(t, caTemplate(3, "X"), keyX.Public(), nameY, nil)
	yByX := sign(t, caTemplate(4, "Y"), keyY.Public(), nameX, nil)

	_, _, err := SplitChain(bundle(xByY, yByX))
	require.EqualError(t, err, "chain: no leaf: every certificate issued another one")
}

// TestSplitChain_sha1Link: Go refuses to verify SHA-1 signatures, yet
// long-lived roots still sign that way; the link is accepted on names and key
// identifiers so the bundle can be ordered.
func TestSplitChain_sha1Link(t *testing.T) {
	t.Parallel()
	rootKey := newKey(t, "RSA-2048")
	rootTpl := caTemplate(1, "Legacy Root")
	rootTpl.SignatureAlgorithm = x509.SHA1WithRSA
	root := &issuer{cert: sign(t, rootTpl, rootKey.Public(), nil, rootKey), key: rootKey}
	interKey := newKey(t, "P-256")
	interTpl := caTemplate(2, "Modern Intermediate")
	interTpl.SignatureAlgorithm = x509.SHA1WithRSA
	inter := &issuer{cert: sign(t, interTpl, interKey.Public(), root, nil), key: interKey}
	leaf := inter.newLeaf(t, 3, "www.example.org")

	var insecure x509.InsecureAlgorithmError
	require.ErrorAs(t, inter.cert.CheckSignatureFrom(root.cert), &insecure, "precondition: Go refuses SHA-1")
	gotLeaf, chain, err := SplitChain(bundle(root.cert, inter.cert, leaf))
	require.NoError(t, err)
	assert.True(t, gotLeaf.Equal(leaf))
	assert.Equal(t, `"CN=Modern Intermediate", "CN=Legacy Root"`, subjects(chain))
}
