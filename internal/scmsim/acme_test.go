package scmsim

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"encoding/base64"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/crypto/acme"
)

func acctBody(name, server string, org any) map[string]any {
	return map[string]any{"name": name, "acmeServer": server, "organizationId": org}
}

// createAccount creates an account on the OV server via v2 and returns its id.
func (e *env) createAccount(name string, org int) int {
	e.t.Helper()
	r := e.do("POST", "/acme/v2/account", acctBody(name, "Sectigo OV ACME (demo)", org))
	r.requireStatus(e.t, 201)
	return r.idFromLocation(e.t)
}

func (e *env) account(version string, id int) acmeAccountWire {
	e.t.Helper()
	var a acmeAccountWire
	r := e.do("GET", "/acme/"+version+"/account/"+itoa(id), nil)
	r.requireStatus(e.t, 200)
	r.decode(e.t, &a)
	return a
}

func TestACME_Servers(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	var servers []acmeServerWire
	r := e.do("GET", "/acme/v1/server", nil)
	r.decode(t, &servers)
	require.Len(t, servers, 4)
	assert.Empty(t, r.header.Get("X-Total-Count"))
	assert.Equal(t, acmeServerWire{URL: e.ts.URL + "/acme/v2/OV", CAID: 301, Name: "Sectigo OV ACME (demo)",
		SingleProductID: 3011, MultiProductID: 3012, WCProductID: 3013, CertValidationType: "OV"}, servers[0])
	e.do("GET", "/acme/v1/server?certValidationType=DV", nil).decode(t, &servers)
	require.Len(t, servers, 1)
	assert.Equal(t, e.ts.URL+"/acme/v2/DV", servers[0].URL)
	e.do("GET", "/acme/v1/server?url=InCommon", nil).decode(t, &servers)
	require.Len(t, servers, 1)
}

func TestACME_Create(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tests := []struct {
		desc         string
		path         string
		body         any
		wantStatus   int
		wantCode     int
		wantLocation string
	}{
		{desc: "v2 by name", path: "/acme/v2/account", body: acctBody("a", "Sectigo OV ACME (demo)", DemoOrgID), wantStatus: 201,
			wantLocation: "/api/acme/v2/account/7001"},
		{desc: "v1 by URL on another host, string org, evDetails", path: "/acme/v1/account", wantStatus: 201,
			body:         map[string]any{"name": "b", "acmeServer": "https://acme.example.test/acme/v2/DV", "organizationId": "1002", "evDetails": map[string]any{}},
			wantLocation: "/api/acme/v1/account/7002"},
		{desc: "duplicate name is allowed", path: "/acme/v2/account", body: acctBody("a", "Sectigo OV ACME (demo)", DemoOrgID), wantStatus: 201,
			wantLocation: "/api/acme/v2/account/7003"},
		{desc: "missing name", path: "/acme/v2/account", body: acctBody("", "Sectigo OV ACME (demo)", DemoOrgID), wantStatus: 400, wantCode: -7},
		{desc: "missing server", path: "/acme/v2/account", body: acctBody("c", "", DemoOrgID), wantStatus: 400, wantCode: -7},
		{desc: "unknown server", path: "/acme/v2/account", body: acctBody("c", "https://acme.sectigo.com/v2/EV", DemoOrgID), wantStatus: 400, wantCode: -1601},
		{desc: "missing org", path: "/acme/v2/account", body: acctBody("c", "Sectigo OV ACME (demo)", nil), wantStatus: 400, wantCode: -7},
		{desc: "unknown org", path: "/acme/v2/account", body: acctBody("c", "Sectigo OV ACME (demo)", 5), wantStatus: 400, wantCode: -1023},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			r := e.do("POST", tc.path, tc.body)
			if tc.wantStatus != 201 {
				r.requireErr(t, tc.wantStatus, tc.wantCode)
				return
			}
			r.requireStatus(t, 201)
			assert.Empty(t, r.body, "no EAB on create")
			assert.Equal(t, e.ts.URL+tc.wantLocation, r.header.Get("Location"))
		})
	}
	e.rao().do("POST", "/acme/v2/account", acctBody("r", "Sectigo OV ACME (demo)", PartnerOrgID)).requireErr(t, 400, -3)
}

func TestACME_GetAndList(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a := e.createAccount("web01", DemoOrgID)
	b := e.createAccount("web02", DemoWebDeptID)
	c := e.createAccount("partner", PartnerOrgID)

	v2 := e.account("v2", a)
	assert.Equal(t, "pending", v2.Status)
	assert.Len(t, v2.MacID, 22)
	assert.Equal(t, v2.MacID, v2.AccountID)
	key, err := base64.RawURLEncoding.DecodeString(v2.MacKey)
	require.NoError(t, err, "macKey is base64url without padding")
	assert.NotEmpty(t, key)
	assert.Equal(t, e.ts.URL+"/acme/v2/OV", v2.ACMEServer)
	assert.Nil(t, v2.Domains, "v2 has no domains[]")
	require.NotNil(t, e.account("v1", a).Domains, "v1 embeds domains[]")

	ids := func(query string) []int {
		var items []acmeAccountWire
		r := e.do("GET", "/acme/v2/account"+query, nil)
		r.requireStatus(t, 200)
		r.decode(t, &items)
		assert.Equal(t, itoa(len(items)), r.header.Get("X-Total-Count"))
		var out []int
		for _, it := range items {
			out = append(out, it.ID)
		}
		return out
	}
	assert.Equal(t, []int{a, b}, ids("?organizationId=1001"))
	assert.Equal(t, []int{a}, ids("?organizationId=1001%2C-2"))
	assert.Equal(t, []int{c}, ids("?organizationId=1004"))
	assert.Equal(t, []int{b}, ids("?organizationId=1001&name=WEB02"))
	assert.Equal(t, []int{a, b}, ids("?organizationId=1001&acmeServer="+e.ts.URL+"/acme/v2/OV"))
	assert.Equal(t, []int{a, b}, ids("?organizationId=1001&acmeServer=Sectigo%20OV%20ACME%20(demo)&status=PENDING&certValidationType=ov"))
	assert.Empty(t, ids("?organizationId=1001&acmeServer=nope"))
	e.do("GET", "/acme/v2/account", nil).requireErr(t, 400, -1001)
	e.do("GET", "/acme/v1/account?organizationId=", nil).requireErr(t, 400, -1001)
	e.rao().do("GET", "/acme/v2/account/"+itoa(c), nil).requireErr(t, 404, -1)
}

func TestACME_RenameAndDelete(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a := e.createAccount("old", DemoOrgID)
	e.do("PUT", "/acme/v2/account/"+itoa(a), map[string]string{"name": "new"}).requireStatus(t, 200)
	assert.Equal(t, "new", e.account("v1", a).Name)
	e.do("PUT", "/acme/v2/account/"+itoa(a), map[string]string{"name": " "}).requireErr(t, 400, -7)

	e.setKnobs(func(k *Knobs) { k.StrictACMEDelete = true })
	e.do("DELETE", "/acme/v2/account/"+itoa(a), nil).requireErr(t, 400, -1)
	e.setKnobs(func(k *Knobs) { k.StrictACMEDelete = false })
	r := e.do("DELETE", "/acme/v1/account/"+itoa(a), nil)
	r.requireStatus(t, 204)
	assert.Empty(t, r.body)
	e.do("GET", "/acme/v2/account/"+itoa(a), nil).requireErr(t, 404, -1)
}

func TestACME_Domains(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.createDomain("example.com")
	e.createDomain("partner.example.org", PartnerOrgID)
	a := e.createAccount("doms", DemoWebDeptID)
	add := func(version string, names ...string) map[string][]string {
		var body []map[string]string
		for _, n := range names {
			body = append(body, map[string]string{"name": n})
		}
		path := "/acme/v2/account/" + itoa(a) + "/domain"
		if version == "v1" {
			path = "/acme/v1/account/" + itoa(a) + "/domains"
		}
		var out map[string][]string
		r := e.do("POST", path, map[string]any{"domains": body})
		r.requireStatus(t, 200)
		r.decode(t, &out)
		return out
	}
	assert.Equal(t, map[string][]string{}, add("v2", "example.com", "www.example.com", "*.example.com"), "everything added: {}")
	assert.Equal(t, map[string][]string{"notAddedDomains": {"example.com", "www.partner.example.org", "unknown.test"}},
		add("v1", "example.com", "www.partner.example.org", "unknown.test", "A.B.Example.com"))

	var doms []acmeDomainWire
	r := e.do("GET", "/acme/v2/account/"+itoa(a)+"/domain", nil)
	r.decode(t, &doms)
	assert.Equal(t, "4", r.header.Get("X-Total-Count"))
	assert.Equal(t, acmeDomainWire{Name: "example.com", ValidUntil: "2027-04-11T12:00:00.000Z", StickyUntil: "2027-04-11T12:00:00.000Z"}, doms[0])
	e.do("GET", "/acme/v2/account/"+itoa(a)+"/domain?name=^www", nil).decode(t, &doms)
	assert.Len(t, doms, 1)
	e.do("GET", "/acme/v2/account/"+itoa(a)+"/domain?expiresWithinNextDays=30", nil).decode(t, &doms)
	assert.Empty(t, doms)
	e.do("GET", "/acme/v2/account/"+itoa(a)+"/domain?name=(", nil).requireErr(t, 400, -1601)
	assert.Equal(t, []acmeDomainName{{"example.com"}, {"www.example.com"}, {"*.example.com"}, {"a.b.example.com"}},
		*e.account("v1", a).Domains)

	var rm map[string][]string
	e.do("DELETE", "/acme/v2/account/"+itoa(a)+"/domain",
		map[string]any{"domains": []map[string]string{{"name": "www.example.com"}, {"name": "nope.example.com"}}}).decode(t, &rm)
	assert.Equal(t, map[string][]string{"notRemovedDomains": {"nope.example.com"}}, rm)
	e.do("DELETE", "/acme/v1/account/"+itoa(a)+"/domains", map[string]any{"domains": []any{}}).requireErr(t, 400, -7)
}

// TestACME_Registration drives the embedded ACME server with a real client:
// the EAB read back from SCM registers, the account turns valid and lists the
// client, orders are limited to the account's names, and a deleted account's
// EAB is refused.
func TestACME_Registration(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.createDomain("acme.example.com")
	a := e.createAccount("certbot", DemoOrgID)
	e.do("POST", "/acme/v2/account/"+itoa(a)+"/domain",
		map[string]any{"domains": []map[string]string{{"name": "*.acme.example.com"}}}).requireStatus(t, 200)
	acct := e.account("v2", a)
	hmacKey, err := base64.RawURLEncoding.DecodeString(acct.MacKey)
	require.NoError(t, err)

	client := e.acmeClient(t, acct.ACMEServer)
	_, err = client.Register(t.Context(), &acme.Account{
		ExternalAccountBinding: &acme.ExternalAccountBinding{KID: acct.MacID, Key: hmacKey}}, acme.AcceptTOS)
	require.NoError(t, err)
	assert.Equal(t, "valid", e.account("v2", a).Status)
	var clients []acmeClientWire
	e.do("GET", "/acme/v2/account/"+itoa(a)+"/client", nil).decode(t, &clients)
	require.Len(t, clients, 1)
	assert.Contains(t, clients[0].UserAgent, "scmsim-test/1")
	assert.Equal(t, "127.0.0.1", clients[0].IPAddress)

	_, err = client.AuthorizeOrder(t.Context(), acme.DomainIDs("www.acme.example.com"))
	require.NoError(t, err, "covered by *.acme.example.com")
	_, err = client.AuthorizeOrder(t.Context(), acme.DomainIDs("acme.example.com"))
	require.ErrorContains(t, err, "rejectedIdentifier", "*.zone does not cover zone itself")

	e.do("PUT", "/acme/v2/account/"+itoa(a)+"/client/"+clients[0].AccountID, nil).requireStatus(t, 204)
	e.do("GET", "/acme/v2/account/"+itoa(a)+"/client", nil).decode(t, &clients)
	assert.Equal(t, "deactivated", clients[0].Status)

	e.do("DELETE", "/acme/v2/account/"+itoa(a), nil).requireStatus(t, 204)
	_, err = e.acmeClient(t, acct.ACMEServer).Register(t.Context(), &acme.Account{
		ExternalAccountBinding: &acme.ExternalAccountBinding{KID: acct.MacID, Key: hmacKey}}, acme.AcceptTOS)
	require.ErrorContains(t, err, "deleted account")
}

func (e *env) acmeClient(t *testing.T, dir string) *acme.Client {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	return &acme.Client{Key: key, DirectoryURL: dir, HTTPClient: e.client, UserAgent: "scmsim-test/1"}
}
