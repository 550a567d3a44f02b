package scmdomaininfo

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scmkit/sectigo/internal/ansible"
	"github.com/scmkit/sectigo/internal/modules/internal/common"
	"github.com/scmkit/sectigo/internal/scm"
)

func intp(n int) *int { return &n }

func orgID(id int) common.OrgRef { return common.OrgRef{OrgID: id} }

func TestDesire(t *testing.T) {
	t.Parallel()
	tests := []struct {
		desc    string
		p       Params
		match   []string
		nomatch []string
		wantErr string
	}{
		{desc: "no names selects everything", match: []string{"a.example", "*.a.example"}},
		{desc: "plain name normalised and exact", p: Params{Names: []string{" A.Example. "}},
			match: []string{"a.example"}, nomatch: []string{"www.a.example", "aa.example"}},
		{desc: "IDN to punycode", p: Params{Names: []string{"bücher.example"}}, match: []string{"xn--bcher-kva.example"}},
		{desc: "wildcard pattern selects the wildcard entry and names below", p: Params{Names: []string{"*.a.example"}},
			match: []string{"*.a.example", "www.a.example", "x.y.a.example"}, nomatch: []string{"a.example", "b.example"}},
		{desc: "question mark and class", p: Params{Names: []string{"d?.example", "[xy].example"}},
			match: []string{"d1.example", "x.example"}, nomatch: []string{"d10.example", "z.example"}},
		{desc: "invalid name names the entry", p: Params{Names: []string{"ok.example", "a..example"}}, wantErr: "names[1]: "},
		{desc: "invalid pattern", p: Params{Names: []string{"[a.example"}}, wantErr: `names[0]: invalid pattern "[a.example"`},
		{desc: "negative window", p: Params{DCVExpiringWithinDays: intp(-1)}, wantErr: "dcv_expiring_within_days must be 0 or more"},
		{desc: "negative org id", p: Params{OrgRef: orgID(-3)}, wantErr: "org_id: -3 is not an id"},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			t.Parallel()
			f, err := desire(tc.p)
			if tc.wantErr != "" {
				require.ErrorContains(t, err, tc.wantErr)
				return
			}
			require.NoError(t, err)
			for _, n := range tc.match {
				assert.True(t, f.matchName(n), n)
			}
			for _, n := range tc.nomatch {
				assert.False(t, f.matchName(n), n)
			}
		})
	}
}

func TestDCVIndex_For(t *testing.T) {
	t.Parallel()
	listed := common.DCVIndex{
		"example.org":     {Domain: "example.org", DCVStatus: scm.DCVValidated},
		"sub.example.org": {Domain: "sub.example.org", DCVStatus: scm.DCVExpired},
	}
	tests := []struct {
		desc, name string
		want       scm.DCVState
	}{
		{desc: "own entry", name: "example.org", want: scm.DCVValidated},
		{desc: "wildcard inherits its base", name: "*.example.org", want: scm.DCVValidated},
		{desc: "deep subdomain inherits the nearest listed parent", name: "a.b.sub.example.org", want: scm.DCVExpired},
		{desc: "wildcard of a listed subdomain", name: "*.sub.example.org", want: scm.DCVExpired},
		{desc: "nothing listed above", name: "other.org"},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			t.Parallel()
			v, ok := listed.For(tc.name)
			assert.Equal(t, tc.want != "", ok)
			assert.Equal(t, tc.want, v.DCVStatus)
		})
	}
}

func TestDaysLeft(t *testing.T) {
	t.Parallel()
	dates := common.Dates{Env: &ansible.Env{}, Now: time.Date(2025, 6, 1, 23, 30, 0, 0, time.UTC)}
	tests := []struct {
		desc, date string
		want       *int
	}{
		{desc: "no date", date: ""},
		{desc: "today is day 0", date: "2025-06-01", want: intp(0)},
		{desc: "tomorrow", date: "2025-06-02", want: intp(1)},
		{desc: "expired yesterday", date: "2025-05-31", want: intp(-1)},
		{desc: "across a year", date: "2026-07-03", want: intp(397)},
		{desc: "US format too", date: "06/11/2025", want: intp(10)},
		{desc: "unreadable date warns", date: "soon"},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tc.want, dates.DaysLeft(scm.DateOf(tc.date), "domain a.example", "DCV expiration date"))
		})
	}
}

func TestKeep(t *testing.T) {
	t.Parallel()
	doms := []*domain{
		{Name: "soon.example", DCV: dcvFacts{Status: "VALIDATED", DaysLeft: intp(5)}},
		{Name: "edge.example", DCV: dcvFacts{Status: "VALIDATED", DaysLeft: intp(30)}},
		{Name: "later.example", DCV: dcvFacts{Status: "VALIDATED", DaysLeft: intp(31)}},
		{Name: "expired.example", DCV: dcvFacts{Status: "EXPIRED", DaysLeft: intp(-2)}},
		{Name: "never.example", DCV: dcvFacts{Status: "NOT_VALIDATED"}},
		{Name: "unknown.example"},
	}
	tests := []struct {
		desc string
		f    filter
		want []string
	}{
		{desc: "no filter", want: []string{"soon.example", "edge.example", "later.example", "expired.example", "never.example", "unknown.example"}},
		{desc: "window includes its last day and expired ones", f: filter{within: intp(30)},
			want: []string{"soon.example", "edge.example", "expired.example"}},
		{desc: "window 0 keeps only expired or last-day", f: filter{within: intp(0)}, want: []string{"expired.example"}},
		{desc: "not validated", f: filter{unvalid: true}, want: []string{"expired.example", "never.example", "unknown.example"}},
		{desc: "both combine", f: filter{within: intp(30), unvalid: true}, want: []string{"expired.example"}},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			t.Parallel()
			var got []string
			for _, d := range tc.f.keep(doms) {
				got = append(got, d.Name)
			}
			assert.Equal(t, tc.want, got)
		})
	}
}
