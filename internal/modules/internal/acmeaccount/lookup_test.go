package acmeaccount

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scmkit/sectigo/internal/modules/internal/common"
	"github.com/scmkit/sectigo/internal/modules/internal/simtest"
	"github.com/scmkit/sectigo/internal/scmsim"
)

func TestLookup_Key(t *testing.T) {
	t.Parallel()
	sim := simtest.Start(t, scmsim.Options{})
	tests := []struct {
		desc      string
		ref       Ref
		want      Key
		wantReads int
		wantErr   string
	}{
		{desc: "by id: no request", ref: Ref{Name: " web ", ACMEServer: "OV ", OrganizationID: 1001},
			want: Key{Name: "web", Server: "OV", OrgID: 1001}},
		{desc: "by name: the organization listing", ref: Ref{Name: "web", ACMEServer: "OV", Organization: "Demo University"},
			want: Key{Name: "web", Server: "OV", OrgID: 1001}, wantReads: 1},
		{desc: "unknown organization", ref: Ref{Name: "web", ACMEServer: "OV", Organization: "Nope"}, wantReads: 1,
			wantErr: `organization "Nope" not found`},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			client := newClient(t, sim)
			l := NewLookup(client.ACME, common.NewOrgs(client.Organizations), nil, nil)
			mark := sim.Mark()
			got, err := l.Key(t.Context(), tc.ref)
			assert.Len(t, sim.JournalSince(mark), tc.wantReads)
			if tc.wantErr != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tc.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}
