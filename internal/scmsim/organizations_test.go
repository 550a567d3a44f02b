package scmsim

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestOrganizations_List(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	var all []orgItem
	r := e.do("GET", "/organization/v1", nil)
	r.decode(t, &all)
	require.Len(t, all, 2)
	assert.Empty(t, r.header.Get("X-Total-Count"), "not paginated")
	assert.Equal(t, orgItem{ID: DemoOrgID, Name: "Demo University", CertTypes: []string{"SSL", "SMIME", "CodeSign"},
		Departments: []deptItem{
			{ID: DemoWebDeptID, Name: "Web", ParentName: "Demo University", CertTypes: []string{"SSL"}},
			{ID: DemoITDeptID, Name: "IT", ParentName: "Demo University", CertTypes: []string{"SSL", "SMIME", "CodeSign"}},
		}}, all[0])
	assert.Equal(t, "Partner College", all[1].Name)
	assert.Empty(t, all[1].Departments)

	var mine []orgItem
	e.rao().do("GET", "/organization/v1", nil).decode(t, &mine)
	require.Len(t, mine, 1)
	assert.Equal(t, DemoOrgID, mine[0].ID)
}

func TestOrganizations_Get(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tests := []struct {
		desc       string
		env        *env
		id         string
		wantStatus int
		wantParent int
	}{
		{desc: "organization", env: e, id: "1001", wantStatus: 200},
		{desc: "department", env: e, id: "1003", wantStatus: 200, wantParent: DemoOrgID},
		{desc: "unknown", env: e, id: "77", wantStatus: 404},
		{desc: "other org for rao", env: e.rao(), id: "1004", wantStatus: 404},
		{desc: "own department for rao", env: e.rao(), id: "1002", wantStatus: 200, wantParent: DemoOrgID},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			r := tc.env.do("GET", "/organization/v1/"+tc.id, nil)
			if tc.wantStatus == 404 {
				r.requireErr(t, 404, -1)
				return
			}
			var d orgDetails
			r.decode(t, &d)
			assert.Equal(t, tc.id, itoa(d.ID))
			assert.Equal(t, tc.wantParent, d.ParentID)
			assert.True(t, d.SSLCertsAPIEnabled)
		})
	}
}

func TestOrganizations_ManagedByAndReportType(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	var flat []managedItem
	e.rao().do("GET", "/organization/v1/managedBy/RAO_SSL", nil).decode(t, &flat)
	assert.Equal(t, []managedItem{{ID: DemoOrgID, Name: "Demo University"}}, flat)
	e.do("GET", "/organization/v1/managed-by/DRAO_SSL", nil).decode(t, &flat)
	assert.Len(t, flat, 2)
	assert.Equal(t, "Demo University", flat[0].ParentName)
	e.do("GET", "/organization/v1/managedBy/BOSS", nil).requireErr(t, 400, -1601)

	var orgs []orgItem
	e.do("GET", "/organization/v1/report-type/SSL", nil).decode(t, &orgs)
	assert.Len(t, orgs, 2)
	e.do("GET", "/organization/v1/report-type/Nope", nil).requireErr(t, 400, -1601)
}
