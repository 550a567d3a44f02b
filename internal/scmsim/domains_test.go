package scmsim

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDomains_Create(t *testing.T) {
	t.Parallel()
	tests := []struct {
		desc       string
		body       any
		wantStatus int
		wantCode   int
	}{
		{desc: "plain", body: domainBody("example.com", DemoOrgID), wantStatus: 201},
		{desc: "wildcard", body: domainBody("*.example.com", DemoOrgID), wantStatus: 201},
		{desc: "department and org", body: domainBody("dept.example.com", DemoWebDeptID, PartnerOrgID), wantStatus: 201},
		{desc: "string numbers and unknown fields", wantStatus: 201,
			body: `{"name":"str.example.com","legacy":1,"active":"true","delegations":[{"orgId":"1001","certTypes":["SSL"],"x":null}]}`},
		{desc: "null optionals", wantStatus: 201,
			body: `{"name":"null.example.com","description":null,"ctLogMonitoring":null,"delegations":[{"orgId":1001,"certTypes":["SSL"]}]}`},
		{desc: "missing name", body: domainBody("", DemoOrgID), wantStatus: 400, wantCode: -7},
		{desc: "too short", body: domainBody("a.b", DemoOrgID), wantStatus: 400, wantCode: -712},
		{desc: "too long", body: domainBody(strings.Repeat("a", 60)+"."+strings.Repeat("b.", 100)+"com", DemoOrgID), wantStatus: 400, wantCode: -713},
		{desc: "no dot", body: domainBody("localhost", DemoOrgID), wantStatus: 400, wantCode: -714},
		{desc: "bad characters", body: domainBody("bad_name.example.com", DemoOrgID), wantStatus: 400, wantCode: -732},
		{desc: "wildcard in the middle", body: domainBody("a.*.example.com", DemoOrgID), wantStatus: 400, wantCode: -732},
		{desc: "no delegations", body: map[string]any{"name": "nodel.example.com"}, wantStatus: 400, wantCode: -709},
		{desc: "unknown org", body: domainBody("x.example.com", 4242), wantStatus: 400, wantCode: -1023},
		{desc: "unknown cert type", wantStatus: 400, wantCode: -1601,
			body: map[string]any{"name": "ct.example.com", "delegations": []any{map[string]any{"orgId": 1001, "certTypes": []string{"X"}}}}},
		{desc: "missing cert types", wantStatus: 400, wantCode: -7,
			body: map[string]any{"name": "ct.example.com", "delegations": []any{map[string]any{"orgId": 1001}}}},
		{desc: "ct log without bucket", wantStatus: 400, wantCode: -7,
			body: `{"name":"ct.example.com","ctLogMonitoring":{"enabled":true},"delegations":[{"orgId":1001,"certTypes":["SSL"]}]}`},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			r := e.do("POST", "/domain/v1", tc.body)
			if tc.wantStatus != 201 {
				r.requireErr(t, tc.wantStatus, tc.wantCode)
				assert.False(t, e.lastEntry().Mutating)
				return
			}
			r.requireStatus(t, 201)
			assert.Empty(t, r.body)
			assert.Equal(t, e.ts.URL+"/api/domain/v1/2001", r.header.Get("Location"))
			assert.True(t, e.lastEntry().Mutating)
		})
	}
}

func TestDomains_CreateDuplicate(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.createDomain("dup.example.com")
	r := e.do("POST", "/domain/v1", domainBody("DUP.Example.COM", PartnerOrgID))
	r.requireErr(t, 400, -700)
}

func TestDomains_Get(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	body := `{"name":"get.example.com","description":"web","active":false,
		"ctLogMonitoring":{"enabled":true,"includeSubdomains":true,"bucketId":"b1"},
		"delegations":[{"orgId":1001,"certTypes":["SSL"],"domainCertificateRequestPrivileges":["DOMAIN","SUBDOMAIN"]},
		{"orgId":1004,"certTypes":["SSL","SMIME"]}]}`
	id := e.do("POST", "/domain/v1", body).idFromLocation(t)
	var d domainDetails
	e.do("GET", "/domain/v1/"+itoa(id), nil).decode(t, &d)
	assert.Equal(t, "get.example.com", d.Name)
	assert.Equal(t, "web", d.Description)
	assert.Equal(t, "SUSPENDED", d.State)
	assert.Equal(t, "ACTIVE", d.DelegationStatus)
	assert.Equal(t, dcvNotValidated, d.ValidationStatus)
	assert.Empty(t, d.DCVExpiration)
	assert.Equal(t, ctLogWire{Enabled: true, IncludeSubdomains: true, BucketID: "b1"}, d.CTLogMonitoring)
	require.Len(t, d.Delegations, 2)
	assert.Equal(t, []string{"DOMAIN", "SUBDOMAIN"}, d.Delegations[0].Privileges)

	require.NoError(t, e.sim.ValidateDCV("get.example.com"))
	e.do("GET", "/domain/v1/"+itoa(id), nil).decode(t, &d)
	assert.Equal(t, dcvValidated, d.ValidationStatus)
	assert.Equal(t, "CNAME_CSR_HASH", d.ValidationMethod)
	assert.Equal(t, "2026-03-10", d.DCVValidation)
	assert.Equal(t, "2027-04-11", d.DCVExpiration) // 397 days

	t.Run("rao sees only its organizations' delegations", func(t *testing.T) {
		var rd domainDetails
		e.rao().do("GET", "/domain/v1/"+itoa(id), nil).decode(t, &rd)
		require.Len(t, rd.Delegations, 1)
		assert.Equal(t, DemoOrgID, rd.Delegations[0].OrgID)
	})
	t.Run("subdomain entries mirror their high-level domain", func(t *testing.T) {
		sub := e.createDomain("www.get.example.com")
		var sd domainDetails
		e.do("GET", "/domain/v1/"+itoa(sub), nil).decode(t, &sd)
		assert.Equal(t, dcvValidated, sd.ValidationStatus)
	})
}

func TestDomains_RAOScope(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	own := e.createDomain("own.example.com", DemoITDeptID)
	other := e.createDomain("other.example.org", PartnerOrgID)
	rao := e.rao()

	rao.do("GET", "/domain/v1/"+itoa(other), nil).requireErr(t, 404, -1)
	rao.do("GET", "/domain/v1/"+itoa(own), nil).requireStatus(t, 200)
	rao.do("POST", "/domain/v1", domainBody("rao.example.org", PartnerOrgID)).requireErr(t, 400, -3)
	rao.do("POST", "/domain/v1", domainBody("rao.example.com", DemoWebDeptID)).requireStatus(t, 201)
	rao.do("DELETE", "/domain/v1/"+itoa(own), nil).requireErr(t, 400, -738)
	rao.do("PUT", "/domain/v1/"+itoa(own)+"/suspend", nil).requireErr(t, 400, -738)
	rao.do("PUT", "/domain/v1/"+itoa(own)+"/activate", nil).requireErr(t, 400, -738)

	var items []domainItem
	r := rao.do("GET", "/domain/v1", nil)
	r.decode(t, &items)
	assert.Equal(t, []domainItem{{ID: own, Name: "own.example.com"}, {ID: other + 1, Name: "rao.example.com"}}, items)
	assert.Equal(t, "2", r.header.Get("X-Total-Count"))
}

func TestDomains_Delete(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.validDomain("del.example.com")
	id := e.sim.World().Domains[0].ID
	e.enroll("www.del.example.com", "")

	e.do("DELETE", "/domain/v1/"+itoa(id), nil).requireErr(t, 400, -740)
	free := e.createDomain("free.example.net")
	r := e.do("DELETE", "/domain/v1/"+itoa(free), nil)
	r.requireStatus(t, 204)
	assert.Empty(t, r.body)
	e.do("GET", "/domain/v1/"+itoa(free), nil).requireErr(t, 404, -1)
	e.do("DELETE", "/domain/v1/"+itoa(free), nil).requireErr(t, 404, -1)
}

func TestDomains_ActivateSuspend(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	id := e.createDomain("state.example.com")
	path := "/domain/v1/" + itoa(id)
	var d domainDetails
	e.do("PUT", path+"/suspend", nil).requireStatus(t, 200)
	e.do("GET", path, nil).decode(t, &d)
	assert.Equal(t, "SUSPENDED", d.State)
	e.do("PUT", path+"/activate", nil).requireStatus(t, 200)
	assert.True(t, e.lastEntry().Mutating)
	e.do("PUT", path+"/activate", nil).requireStatus(t, 200)
	assert.False(t, e.lastEntry().Mutating, "already active: nothing changed")
	e.do("GET", path, nil).decode(t, &d)
	assert.Equal(t, "ACTIVE", d.State)
}

func TestDomains_List(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a := e.createDomain("alpha.example.com")
	b := e.createDomain("beta.example.org", PartnerOrgID)
	e.do("PUT", "/domain/v1/"+itoa(b)+"/suspend", nil).requireStatus(t, 200)
	e.setKnobs(func(k *Knobs) { k.DelegationApproval = true })
	c := e.createDomain("gamma.example.com", DemoWebDeptID)
	tests := []struct {
		desc  string
		query string
		want  []int
	}{
		{desc: "all", query: "", want: []int{a, b, c}},
		{desc: "empty values are no filter", query: "?name=&state=&status=&orgId=", want: []int{a, b, c}},
		{desc: "name substring, any case", query: "?name=EXAMPLE.COM", want: []int{a, c}},
		{desc: "inactive", query: "?state=inactive", want: []int{b}},
		{desc: "active", query: "?state=active", want: []int{a, c}},
		{desc: "requested delegations", query: "?status=requested", want: []int{c}},
		{desc: "approved delegations", query: "?status=approved", want: []int{a, b}},
		{desc: "org", query: "?orgId=1004", want: []int{b}},
		{desc: "department", query: "?orgId=1002", want: []int{c}},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			var items []domainItem
			r := e.do("GET", "/domain/v1"+tc.query, nil)
			r.decode(t, &items)
			var ids []int
			for _, it := range items {
				ids = append(ids, it.ID)
			}
			assert.Equal(t, tc.want, ids)
			assert.Equal(t, itoa(len(tc.want)), r.header.Get("X-Total-Count"))
		})
	}
}

func TestDomains_Delegations(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	id := e.createDomain("deleg.example.com")
	path := "/domain/v1/" + itoa(id) + "/delegation"
	details := func() domainDetails {
		var d domainDetails
		e.do("GET", "/domain/v1/"+itoa(id), nil).decode(t, &d)
		return d
	}

	e.do("POST", path, map[string]any{"orgId": PartnerOrgID, "certTypes": []string{"SSL"}}).requireStatus(t, 200)
	assert.Len(t, details().Delegations, 2)
	e.do("DELETE", path, map[string]any{"orgId": PartnerOrgID, "certTypes": []string{"SSL"}}).requireStatus(t, 200)
	assert.Len(t, details().Delegations, 1)
	e.do("DELETE", path, map[string]any{"orgId": PartnerOrgID}).requireStatus(t, 200)
	assert.False(t, e.lastEntry().Mutating, "removing a missing delegation changes nothing")
	e.do("DELETE", path, map[string]any{"orgId": DemoOrgID}).requireErr(t, 400, -709)

	t.Run("approval knob", func(t *testing.T) {
		e.setKnobs(func(k *Knobs) { k.DelegationApproval = true })
		e.do("POST", path, map[string]any{"orgId": PartnerOrgID, "certTypes": []string{"SSL"}}).requireStatus(t, 200)
		d := details()
		assert.Equal(t, statusRequested, d.DelegationStatus)
		assert.Equal(t, statusRequested, d.Delegations[1].Status)
		e.do("POST", path+"/approve", map[string]any{"orgId": DemoOrgID}).requireErr(t, 400, -705)
		e.rao().do("POST", path+"/approve", map[string]any{"orgId": PartnerOrgID}).requireErr(t, 400, -3)
		e.do("POST", path+"/approve", map[string]any{"orgId": "1004"}).requireStatus(t, 200)
		assert.Equal(t, statusActive, details().Delegations[1].Status)
		e.do("POST", path+"/approve", map[string]any{"orgId": PartnerOrgID}).requireErr(t, 400, -705)
	})
	t.Run("reject removes the request", func(t *testing.T) {
		e.do("POST", path, map[string]any{"orgId": DemoITDeptID, "certTypes": []string{"SSL"}}).requireStatus(t, 200)
		e.do("POST", path+"/reject", map[string]any{"orgId": DemoITDeptID}).requireStatus(t, 200)
		assert.Len(t, details().Delegations, 2)
		e.do("POST", path+"/reject", map[string]any{"orgId": DemoITDeptID}).requireErr(t, 400, -705)
	})
}

func TestDomains_BulkDelegation(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a := e.createDomain("bulk1.example.com")
	b := e.createDomain("bulk2.example.com")
	body := map[string]any{"domainIds": []any{a, itoa(b)}, "orgId": PartnerOrgID, "certTypes": []string{"SSL"}}
	e.do("POST", "/domain/v1/delegation", body).requireStatus(t, http.StatusOK)
	for _, d := range e.sim.World().Domains {
		assert.Len(t, d.Delegations, 2, d.Name)
	}
	body["domainIds"] = []any{a, 9999}
	body["orgId"] = DemoITDeptID
	e.do("POST", "/domain/v1/delegation", body).requireErr(t, 404, -1)
	assert.Len(t, e.sim.World().Domains[0].Delegations, 2, "a bad id changes nothing")
	body["domainIds"] = []any{}
	e.do("POST", "/domain/v1/delegation", body).requireErr(t, 400, -1601)
}
