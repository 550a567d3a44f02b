package acmeuserinfo

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scmkit/sectigo/internal/ansible"
	"github.com/scmkit/sectigo/internal/modules/internal/common"
	"github.com/scmkit/sectigo/internal/scm"
)

func TestUncovered(t *testing.T) {
	t.Parallel()
	scmDomains := []scm.DomainSummary{{Name: "example.org"}, {Name: "*.example.org"}, {Name: "www.example.org"},
		{Name: "a.b.example.org"}, {Name: "Other.ORG."}, {Name: "example.net"}}
	tests := []struct {
		desc   string
		mapped []string
		want   []string
	}{
		{desc: "nothing mapped", want: []string{"*.example.org", "a.b.example.org", "example.net", "example.org", "other.org", "www.example.org"}},
		{desc: "a wildcard covers every depth below its zone, not the zone",
			mapped: []string{"*.example.org"}, want: []string{"example.net", "example.org", "other.org"}},
		{desc: "exact names", mapped: []string{"example.org", "other.org", "example.net"},
			want: []string{"*.example.org", "a.b.example.org", "www.example.org"}},
		{desc: "everything covered is an empty list, not null", mapped: []string{"example.org", "*.example.org", "other.org", "example.net"},
			want: []string{}},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tc.want, uncovered(scmDomains, tc.mapped))
		})
	}
}

func TestDaysLeft(t *testing.T) {
	t.Parallel()
	dates := common.Dates{Env: &ansible.Env{}, Now: time.Date(2026, 3, 1, 23, 0, 0, 0, time.UTC)}
	tests := []struct {
		desc, date string
		want       *int
	}{
		{desc: "ISO timestamp later the same day", date: "2026-03-01T23:59:59.000Z", want: new(0)},
		{desc: "next calendar day, even if less than 24 hours ahead", date: "2026-03-02T00:30:00.000Z", want: new(1)},
		{desc: "past", date: "2026-02-27T12:00:00.000Z", want: new(-2)},
		{desc: "absent", date: ""},
		{desc: "unreadable", date: "tomorrow"},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tc.want, dates.DaysLeft(scm.DateOf(tc.date), "ACME domain x.example", "validUntil"))
		})
	}
}

func TestDesire(t *testing.T) {
	t.Parallel()
	f, err := desire(Params{Name: " web ", ACMEServer: " OV ", Organization: "Demo University", Status: "valid"})
	require.NoError(t, err)
	assert.Equal(t, filter{name: "web", server: "OV", status: "valid", org: f.org}, f)
	assert.Equal(t, common.OrgRef{Organization: "Demo University"}, f.org)
	_, err = desire(Params{ACMEServer: " "})
	assert.EqualError(t, err, "acme_server: give the ACME server's name or directory URL")
}
