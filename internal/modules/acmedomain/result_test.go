package acmedomain

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scmkit/sectigo/internal/modules/internal/common"
	"github.com/scmkit/sectigo/internal/scm"
)

// TestRow_sameJSONAsTheMap: a result row is a struct to save memory; its JSON is, byte for byte, that
// of the map the module built before (mapRow, kept here as the reference), with and without the
// optional keys, and with the single form's wildcard twin.
func TestRow_sameJSONAsTheMap(t *testing.T) {
	t.Parallel()
	orgs := common.NewOrgs(oneOrg{})
	_, err := orgs.AllIDs(context.Background())
	require.NoError(t, err)
	require.Equal(t, "Demo University", orgs.Name(1001), "the rows name the organization")
	empty, text := "", "web servers"
	full := view{ID: 2001, Name: "example.com", State: "ACTIVE", Description: &text, ValidationStatus: scm.DCVValidated,
		Delegations: []delegation{{OrgID: 1001, CertTypes: []string{"SSL"}, Status: scm.DelegationRequested}, {OrgID: 1009}}}
	bare := view{Name: "new.example", State: "absent"}
	blank := view{ID: 2002, Name: "*.example.com", State: "SUSPENDED", Description: &empty,
		Delegations: []delegation{{OrgID: 1001, CertTypes: []string{}}}}
	acts := []action{{Kind: actCreate, Name: "example.com"}, {Kind: actDelegate, Name: "example.com", OrgID: 1001}}
	for _, v := range []view{full, bare, blank} {
		for _, a := range [][]action{nil, acts} {
			sameJSON(t, mapRow(v, orgs, a), v.row(orgs, a))
		}
	}

	single := mapRow(full, orgs, acts)
	single["wildcard"] = mapRow(blank, orgs, nil)
	sameJSON(t, single, singleData([]domainRow{full.row(orgs, acts), blank.row(orgs, nil)}))
}

func sameJSON(t *testing.T, want, got any) {
	t.Helper()
	fromMap, err := json.Marshal(want)
	require.NoError(t, err)
	fromRow, err := json.Marshal(got)
	require.NoError(t, err)
	assert.Equal(t, string(fromMap), string(fromRow), "byte for byte")
}

// mapRow is the row as a map, as the module built it before rows were structs.
func mapRow(v view, orgs *common.Orgs, actions []action) map[string]any {
	m := map[string]any{
		"id": v.ID, "name": v.Name, "state": v.State, "delegations": delegationData(v.Delegations, orgs),
		"pending_approval": pendingApproval(v.Delegations), "actions": actionStrings(actions),
	}
	if v.Description != nil {
		m["description"] = *v.Description
	}
	if v.ValidationStatus != "" {
		m["validation_status"] = string(v.ValidationStatus)
	}
	return m
}

// oneOrg lists one organization, 1001; 1009 has no name.
type oneOrg struct{}

func (oneOrg) List(context.Context) ([]scm.Organization, error) {
	return []scm.Organization{{ID: 1001, Name: "Demo University"}}, nil
}
