package scmdomaininfo

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scmkit/sectigo/internal/modules/internal/common"
	"github.com/scmkit/sectigo/internal/scm"
)

// TestRow_sameJSONAsTheMap: a row without details is a struct to save memory; its JSON is the map's,
// byte for byte, with known and unknown values.
func TestRow_sameJSONAsTheMap(t *testing.T) {
	t.Parallel()
	days := 12
	orgs := common.NewOrgs(noOrgs{})
	for _, d := range []*domain{
		{ID: 2001, Name: "example.com", State: "ACTIVE", Pending: true,
			Delegations: []delegation{{OrgID: 1001}, {OrgID: 1002, CertTypes: []string{"SSL"}, Status: "ACTIVE"}},
			DCV:         dcvFacts{Status: "VALIDATED", Method: "CNAME", OrderStatus: "VALIDATED", OrderMethod: "CNAME", Expires: "2027-01-01", DaysLeft: &days}},
		{ID: 2002, Name: "example.net"},
	} {
		fromMap, err := json.Marshal(d.data(orgs))
		require.NoError(t, err)
		fromRow, err := json.Marshal(d.row(orgs))
		require.NoError(t, err)
		assert.JSONEq(t, string(fromMap), string(fromRow))
		assert.Equal(t, string(fromMap), string(fromRow), "byte for byte")
	}
}

// noOrgs lists no organization: every organization name is unknown (null).
type noOrgs struct{}

func (noOrgs) List(context.Context) ([]scm.Organization, error) { return nil, nil }
