package scmcert

import (
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scmkit/sectigo/internal/ansible/ansibletest"
	"github.com/scmkit/sectigo/internal/certutil"
	"github.com/scmkit/sectigo/internal/scmsim"
)

func TestModule_EnrollConverges(t *testing.T) {
	t.Parallel()
	sim := startSim(t)
	m, _ := module(sim)
	dir := t.TempDir()
	args := baseArgs(t, dir)
	mark := sim.Mark()
	check1, res := converge(t, m, sim, args)

	assert.Equal(t, "enrolled", check1["action"])
	assert.Equal(t, "pending", check1["status"])
	assert.NotContains(t, check1, "ssl_id")
	diff, err := json.Marshal(check1["diff"])
	require.NoError(t, err)
	assert.Contains(t, string(diff), `"status":"absent"`)
	assert.NotContains(t, string(diff), "BEGIN CERTIFICATE")

	assert.Equal(t, "enrolled", res["action"])
	assert.Equal(t, "issued", res["status"])
	assert.Equal(t, "Issued", res["scm_status"])
	assert.Equal(t, 5001, id(res["ssl_id"]))
	assert.Equal(t, []any{"example.com"}, res["subject_alt_names"])
	assert.Equal(t, map[string]any{"id": 101.0, "name": "OV Multi-Domain"}, res["profile"])
	assert.Equal(t, 1002, id(res["org_id"]))
	assert.Equal(t, 199, id(res["days_left"]), "the module's clock stands before the issuance")
	assert.Len(t, res["files_written"], 3)
	assert.Equal(t, 1, requests(sim, mark, "POST", "/ssl/v1/enroll"), "exactly one order")

	// The files: the leaf, its issuer without the root, and both leaf-first.
	leaf := parsePEM(t, readFile(t, args["path"].(string)))
	require.Len(t, leaf, 1)
	assert.Equal(t, res["serial_number"], certutil.FormatSerial(leaf[0].SerialNumber))
	assert.ElementsMatch(t, []string{"www.example.com", "example.com"}, leaf[0].DNSNames)
	chain := parsePEM(t, readFile(t, args["chain_path"].(string)))
	require.Len(t, chain, 1)
	assert.NoError(t, leaf[0].CheckSignatureFrom(chain[0]))
	full := parsePEM(t, readFile(t, args["fullchain_path"].(string)))
	assert.Equal(t, []*x509.Certificate{leaf[0], chain[0]}, full)
	fi, err := os.Stat(args["path"].(string))
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o644), fi.Mode().Perm())
	assert.Equal(t, readFile(t, args["path"].(string)), res["certificate"])
}

func TestModule_ECCAndProfileByID(t *testing.T) {
	t.Parallel()
	sim := startSim(t)
	m, _ := module(sim)
	args := map[string]any{
		"common_name": "api.example.net", "profile": "103", "org_id": 1001,
		"csr": csrPEM(t, ecKey, "api.example.net", "api.example.net"), "custom_fields": map[string]any{"costCenter": 7},
	}
	_, res := converge(t, m, sim, args)
	assert.Equal(t, "issued", res["status"])
	assert.Equal(t, "OV Single", res["profile"].(map[string]any)["name"])
	assert.Equal(t, []any{}, res["subject_alt_names"])
	leaf := parsePEM(t, res["certificate"].(string))
	require.Len(t, leaf, 1)
	assert.Equal(t, x509.ECDSA, leaf[0].PublicKeyAlgorithm)
}

// TestModule_EVMandatoryField: the EV profile takes RSA keys only and needs costCenter; both are
// caught before any order, and with them the enroll goes through.
func TestModule_EVMandatoryField(t *testing.T) {
	t.Parallel()
	sim := startSim(t)
	m, _ := module(sim)
	args := map[string]any{
		"common_name": "shop.example.com", "subject_alt_names": []any{"pay.example.com"},
		"profile": "ev multi-domain", "organization": "Demo University", "term": 180,
		"csr": csrPEM(t, rsaKey2, "shop.example.com", "pay.example.com"),
	}
	mark := sim.Mark()
	res := ansibletest.Run(t, m, sim.Conn(args))
	require.True(t, res.Failed())
	assert.Equal(t, "custom_fields: SCM requires the mandatory custom field(s) costCenter for an order", res.Msg())

	res = ansibletest.Run(t, m, sim.Conn(with(args, "csr", csrPEM(t, ecKey, "shop.example.com", "pay.example.com"))))
	require.True(t, res.Failed())
	assert.Contains(t, res.Msg(), `csr: the CSR's key (EC P-256) is not allowed by profile "EV Multi-Domain", which takes RSA 2048/3072/4096`)
	assert.Zero(t, sim.MutatingSince(mark))

	_, res = converge(t, m, sim, with(args, "custom_fields", map[string]any{"costCenter": "EV-1", "ticket": "T-9"},
		"comments", "for the shop", "external_requester", "shop@example.com"))
	assert.Equal(t, "issued", res["status"])
	assert.Equal(t, 102.0, res["profile"].(map[string]any)["id"])
	c := sim.World().Certificates[0]
	assert.Equal(t, []scmsim.NameValue{{Name: "costCenter", Value: "EV-1"}, {Name: "ticket", Value: "T-9"}}, c.CustomFields)
	assert.Equal(t, "for the shop "+markerFor(t, rsaKey2), c.Comments, "the user's comments, then the marker")
	assert.Equal(t, "shop@example.com", c.ExternalRequester)
	assert.Equal(t, []string{"pay.example.com"}, c.SANs)
}

func parsePEM(t testing.TB, data string) []*x509.Certificate {
	t.Helper()
	var out []*x509.Certificate
	rest := []byte(data)
	for {
		var b *pem.Block
		if b, rest = pem.Decode(rest); b == nil {
			return out
		}
		c, err := x509.ParseCertificate(b.Bytes)
		require.NoError(t, err)
		out = append(out, c)
	}
}

// TestModule_IdentityIsExact: an order with the same common name but another name set, profile or
// organization is another certificate; a name filter that matches substrings does not confuse it.
func TestModule_IdentityIsExact(t *testing.T) {
	t.Parallel()
	sim := startSim(t)
	m, _ := module(sim)
	args := without(baseArgs(t, t.TempDir()), "path", "chain_path", "fullchain_path")
	require.Equal(t, 5001, id(runOK(t, m, sim, args)["ssl_id"]))
	others := []map[string]any{
		with(args, "department", nil),
		with(args, "profile", "OV Single"),
		with(args, "subject_alt_names", nil, "csr", csrPEM(t, rsaKey, "www.example.com")),
		with(args, "common_name", "ww.example.com", "subject_alt_names", nil, "csr", csrPEM(t, rsaKey, "ww.example.com")),
	}
	for i, a := range others {
		res := runOK(t, m, sim, a)
		assert.Equal(t, "enrolled", res["action"], "case %d", i)
		assert.Equal(t, 5002+i, id(res["ssl_id"]), "case %d", i)
	}
	assert.False(t, runOK(t, m, sim, args).Changed())
	assert.Equal(t, 5001, id(runOK(t, m, sim, args)["ssl_id"]))
}
