package scmsim

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const yamlSeed = `
customer_uri: acme-u
admins:
  - {login: boss, password: pw, role: MRAO}
organizations:
  - id: 10
    name: Only Org
profiles:
  - {id: 1, name: Basic, terms: [365]}
custom_fields: []
acme_servers:
  - {key: OV, name: OV server, ca_id: 1, cert_validation_type: OV}
`

func TestAdmin_SeedAndReset(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.createDomain("before.example.com")
	assert.Equal(t, 204, e.adminDo("POST", "/admin/reset", nil).status)
	assert.Empty(t, e.sim.World().Domains)
	assert.Empty(t, e.sim.Journal())

	r := e.adminDo("POST", "/admin/seed", yamlSeed)
	require.Equal(t, 204, r.status, string(r.body))
	boss := e.as("boss", "pw")
	eb := boss.do("GET", "/organization/v1", nil).requireErr(t, 401, -16)
	assert.Equal(t, "Unknown user", eb.Description, "customer uri changed too")
	hdr := map[string]string{"login": "boss", "password": "pw", "customerUri": "acme-u"}
	var orgs []orgItem
	e.doWith(e.client, "GET", "/organization/v1", nil, hdr).decode(t, &orgs)
	assert.Equal(t, []orgItem{{ID: 10, Name: "Only Org", CertTypes: []string{}, Departments: []deptItem{}}}, orgs)

	e.doWith(e.client, "POST", "/domain/v1", domainBody("seeded.example.com", 10), hdr).requireStatus(t, 201)
	assert.Equal(t, 204, e.adminDo("POST", "/admin/reset", nil).status)
	w := e.sim.World()
	assert.Empty(t, w.Domains, "reset returns to the posted seed")
	assert.Equal(t, "acme-u", w.CustomerURI)

	bad := e.adminDo("POST", "/admin/seed", `{"admins":[{"login":"x","role":"GOD"}]}`)
	assert.Equal(t, 400, bad.status)
	assert.Contains(t, string(bad.body), "GOD")
	assert.Equal(t, 400, e.adminDo("POST", "/admin/seed", `{"bogus":1}`).status)
}

func TestAdmin_KnobsAndFaults(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	var k Knobs
	e.adminDo("PUT", "/admin/knobs", map[string]any{"ssl_approval": true}).decode(t, &k)
	assert.True(t, k.SSLApproval)
	assert.Equal(t, DCVModeAuto, k.DCVMode, "fields not sent keep their value")
	assert.True(t, e.sim.Knobs().SSLApproval)
	assert.Equal(t, 400, e.adminDo("PUT", "/admin/knobs", map[string]any{"ssl_aproval": true}).status, "typos are refused")
	assert.Equal(t, 400, e.adminDo("PUT", "/admin/knobs", map[string]any{"dcv_mode": "dns"}).status)

	var f Faults
	e.adminDo("PUT", "/admin/faults", map[string]any{"fail_rate": 0.5, "seed": 9}).decode(t, &f)
	assert.Equal(t, Faults{FailRate: 0.5, RetryAfterSeconds: 1, Seed: 9}, f)
	e.adminDo("GET", "/admin/faults", nil).decode(t, &f)
	assert.InDelta(t, 0.5, f.FailRate, 0)
	assert.Equal(t, 400, e.adminDo("PUT", "/admin/faults", map[string]any{"fail_rate": 2}).status)
	var c Counters
	e.adminDo("GET", "/admin/counters", nil).decode(t, &c)
	assert.NotNil(t, c.ByStatus)
}

func TestAdmin_DCVAndSSL(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.createDomain("*.adm.example.com")
	assert.Equal(t, 204, e.adminDo("POST", "/admin/dcv/www.adm.example.com/validate", nil).status, "maps to the high-level domain")
	assert.Equal(t, dcvValidated, e.dcvStatus("adm.example.com").Status)
	assert.Equal(t, 204, e.adminDo("POST", "/admin/dcv/adm.example.com/expire", nil).status)
	assert.Equal(t, dcvExpired, e.dcvStatus("adm.example.com").Status)
	assert.Equal(t, 404, e.adminDo("POST", "/admin/dcv/none.test/validate", nil).status)

	require.NoError(t, e.sim.ValidateDCV("adm.example.com"))
	e.setKnobs(func(k *Knobs) { k.SSLApproval = true })
	id := e.enroll("a.adm.example.com", "")
	assert.Equal(t, 204, e.adminDo("POST", "/admin/ssl/"+itoa(id)+"/issue", map[string]any{"days_valid": 3}).status)
	d := e.details(id)
	assert.Equal(t, sslIssued, d.Status)
	assert.Equal(t, "03/13/2026", d.Expires)
	assert.Equal(t, 204, e.adminDo("POST", "/admin/ssl/"+itoa(id)+"/issue",
		map[string]any{"not_before": "2026-01-01T00:00:00Z", "not_after": "2026-04-01T00:00:00Z"}).status)
	assert.Equal(t, "04/01/2026", e.details(id).Expires)

	other := e.enroll("b.adm.example.com", "")
	assert.Equal(t, 204, e.adminDo("POST", "/admin/ssl/"+itoa(other)+"/decline", nil).status)
	assert.Equal(t, sslDeclined, e.details(other).Status)
	assert.Equal(t, 400, e.adminDo("POST", "/admin/ssl/"+itoa(other)+"/issue", nil).status)
	assert.Equal(t, 404, e.adminDo("POST", "/admin/ssl/1/issue", nil).status)
}

func TestAdmin_ClockCertsAndCA(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	var clk clockResp
	e.adminDo("POST", "/admin/clock", map[string]any{"offset_seconds": 86400}).decode(t, &clk)
	assert.Equal(t, int64(86400), clk.OffsetSeconds)
	assert.Equal(t, e.clock.Now().AddDate(0, 0, 1), clk.Now)
	e.createDomain("clock.example.com")
	assert.Equal(t, "2026-03-11", e.sim.World().Domains[0].Created.Format(dateDCV))

	var cc map[string]string
	e.adminDo("POST", "/admin/client-cert", map[string]string{"login": "rao"}).decode(t, &cc)
	pair, err := tls.X509KeyPair([]byte(cc["cert_pem"]), []byte(cc["key_pem"]))
	require.NoError(t, err)
	r := e.doWith(trustingClient(t, e.sim, &pair), "GET", "/private/api/organization/v1", nil,
		map[string]string{"login": "rao", "customerUri": "demo"})
	r.requireStatus(t, 200)

	ca := e.adminDo("GET", "/admin/ca", nil)
	require.Equal(t, 200, ca.status)
	var roots []*x509.Certificate
	for rest := ca.body; ; {
		var block *pem.Block
		if block, rest = pem.Decode(rest); block == nil {
			break
		}
		cert, err := x509.ParseCertificate(block.Bytes)
		require.NoError(t, err)
		roots = append(roots, cert)
	}
	require.GreaterOrEqual(t, len(roots), 2, "emulator root plus the ACME roots")
	assert.Equal(t, e.sim.CA().Root().Raw, roots[0].Raw)
}
